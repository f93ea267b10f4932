# A static s3errconform binary on an empty base image.
#   docker build --build-arg VERSION=v0.1.0 -t s3errconform .
#   docker run --rm --network host --user "$(id -u):$(id -g)" -v "$PWD:/work" \
#     -e MINIO_ACCESS_KEY -e MINIO_SECRET_KEY s3errconform run --config targets.yaml --target minio
# --network host lets the container reach targets on the host's loopback;
# --user makes the reports written into the mounted folder the caller's.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/s3errconform ./cmd/s3errconform
# scratch has no directories at all: /tmp, where serve writes its CA
# certificate, must be writable by whatever --user the container runs as,
# and /work by the default user when nothing is mounted there.
RUN mkdir -p /out/tmp /out/work && chmod 1777 /out/tmp

FROM scratch
# TLS to the targets needs the CA bundle.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/s3errconform /s3errconform
COPY --from=build /out/tmp /tmp
COPY --from=build --chown=65532:65532 /out/work /work
WORKDIR /work
USER 65532:65532
ENTRYPOINT ["/s3errconform"]
CMD ["run"]
