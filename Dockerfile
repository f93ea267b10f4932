# A static s3errconform binary on an empty base image.
#   docker build --build-arg VERSION=v0.1.0 -t s3errconform .
#   docker run --rm -v "$PWD:/work" -e S3_ACCESS_KEY -e S3_SECRET_KEY s3errconform run --config targets.yaml
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/s3errconform ./cmd/s3errconform

FROM scratch
# TLS to the targets needs the CA bundle; shard processes need a writable TMPDIR-free working dir.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/s3errconform /s3errconform
WORKDIR /work
USER 65532:65532
ENTRYPOINT ["/s3errconform"]
CMD ["run"]
