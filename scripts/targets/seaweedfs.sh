#!/usr/bin/env bash
# SeaweedFS in "weed mini" mode: master, volume server, filer and S3 gateway
# in one process. Identities come from an S3 config file so that a second,
# restricted user exists for access-denied checks.
set -euo pipefail

TARGET_NAME=seaweedfs
TARGET_DEFAULT_PORT=19070
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODULE=github.com/seaweedfs/seaweedfs
VERSION=v0.0.0-20261109003541-7506e5f91cd6
COMMIT=${VERSION##*-}
REGION=us-east-1
ACCESS_KEY=s3ec-access
SECRET_KEY=s3ec-secret-key-for-tests
ACCESS_KEY2=s3ec-access2
SECRET_KEY2=s3ec-secret-key2-for-tests
WEED=$(s3ec_gobin)/weed

installed_commit() {
  [ -x "$WEED" ] || return 0
  "$WEED" version 2>/dev/null | awk 'NR == 1 { print $4 }'
}

target_install() {
  if [ "$(installed_commit)" = "$COMMIT" ]; then
    s3ec_log "already installed: seaweedfs $VERSION ($WEED)"
    return
  fi
  # `go install pkg@version` refuses modules whose go.mod has replace
  # directives, so build the module source as a main module instead. The
  # module cache is read-only, hence the copy.
  s3ec_log "building seaweedfs $VERSION (takes several minutes on a cold cache)"
  (cd / && go mod download "$MODULE@$VERSION")
  local src
  src=$(mktemp -d)
  cp -r "$(go env GOMODCACHE)/$MODULE@$VERSION/." "$src"
  chmod -R u+w "$src"
  mkdir -p "$(dirname "$WEED")"
  # The commit is stamped in so `weed version` can prove what is installed.
  (cd "$src" && go build -o "$WEED" \
    -ldflags "-X $MODULE/weed/util/version.COMMIT=$COMMIT" ./weed)
  rm -rf "$src"
  s3ec_log "installed: seaweedfs $VERSION -> $WEED"
}

write_s3_config() {
  # s3ec2 may only use a bucket that is never created, so every request it
  # makes against s3ec's buckets is denied.
  cat >"$S3EC_STATE_DIR/run/s3.json" <<JSON
{
  "identities": [
    {
      "name": "s3ec",
      "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]
    },
    {
      "name": "s3ec2",
      "credentials": [{"accessKey": "$ACCESS_KEY2", "secretKey": "$SECRET_KEY2"}],
      "actions": ["Read:s3ec2-only", "Write:s3ec2-only", "List:s3ec2-only"]
    }
  ]
}
JSON
}

target_start() {
  write_s3_config
  local p=$S3EC_PORT run=$S3EC_STATE_DIR/run
  # weed mini starts many listeners with defaults all over the port space
  # (8333, 9333, 9340, 8888, 7333, 8181, 9101, 12535, 23646 and +10000 for
  # gRPC). Pin every one into our block or switch it off, so several targets
  # (or a developer's own SeaweedFS) can coexist.
  # TMPDIR: weed puts its gRPC unix sockets there; keep them in the state dir.
  TMPDIR=$run s3ec_spawn weed "$WEED" mini -dir="$DATA_DIR" \
    -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -s3.port="$p" -s3.port.grpc=$((p + 1)) \
    -master.port=$((p + 2)) -master.port.grpc=$((p + 3)) \
    -volume.port=$((p + 4)) -volume.port.grpc=$((p + 5)) \
    -filer.port=$((p + 6)) -filer.port.grpc=$((p + 7)) \
    -admin.port=$((p + 8)) -admin.port.grpc=$((p + 9)) \
    -admin.port.legacy=0 -admin.ui=false \
    -s3.port.iceberg=0 -s3.port.lance=0 -webdav=false \
    -filer.localSocket="$run/filer.sock" -s3.localSocket="$run/s3.sock" \
    -s3.config="$run/s3.json"
}

target_ready_url() { echo "http://127.0.0.1:$S3EC_PORT/healthz"; }

target_env() {
  s3ec_export S3EC_REGION "$REGION"
  s3ec_export S3EC_ACCESS_KEY "$ACCESS_KEY"
  s3ec_export S3EC_SECRET_KEY "$SECRET_KEY"
  s3ec_export S3EC_ACCESS_KEY2 "$ACCESS_KEY2"
  s3ec_export S3EC_SECRET_KEY2 "$SECRET_KEY2"
  s3ec_export S3EC_SERVER_VERSION \
    "SeaweedFS $("$WEED" version 2>/dev/null | awk 'NR == 1 { print $3 }') (commit $(installed_commit), weed mini)"
}

s3ec_main "$@"
