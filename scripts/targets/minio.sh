#!/usr/bin/env bash
# MinIO, single node, single drive, built from a pinned commit with
# `go install`.
set -euo pipefail

TARGET_NAME=minio
TARGET_DEFAULT_PORT=19020
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODULE=github.com/minio/minio
# MinIO publishes no Go-module tags for its releases; this pseudo-version is
# master at commit 7aac2a2c5b7c (2026-02-12).
VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
ACCESS_KEY=s3ec-access
SECRET_KEY=s3ec-secret-key-for-tests

target_install() {
  s3ec_go_install "$MODULE" "$MODULE" "$VERSION" minio
}

target_start() {
  # The console is mandatory to configure but useless here, so it gets a
  # loopback port in our block and the browser UI is switched off.
  # The certs dir defaults to ~/.minio; keep everything in the state dir.
  MINIO_ROOT_USER=$ACCESS_KEY MINIO_ROOT_PASSWORD=$SECRET_KEY \
    MINIO_BROWSER=off MINIO_UPDATE=off \
    s3ec_spawn minio "$(s3ec_gobin)/minio" server "$DATA_DIR" \
    --address "127.0.0.1:$S3EC_PORT" \
    --console-address "127.0.0.1:$((S3EC_PORT + 1))" \
    --certs-dir "$S3EC_STATE_DIR/run/certs"
}

# / answers before the object layer is initialised; the live probe does not.
target_ready_url() { echo "http://127.0.0.1:$S3EC_PORT/minio/health/ready"; }

target_env() {
  local v commit
  v=$(s3ec_go_module_version "$(s3ec_gobin)/minio" "$MODULE")
  commit=${v##*-}
  s3ec_export S3EC_REGION us-east-1
  s3ec_export S3EC_ACCESS_KEY "$ACCESS_KEY"
  s3ec_export S3EC_SECRET_KEY "$SECRET_KEY"
  # A `go install` build reports itself as DEVELOPMENT.GOGET; the module
  # pseudo-version is the only truthful identifier.
  s3ec_export S3EC_SERVER_VERSION "MinIO $v (commit $commit, go install build)"
}

s3ec_main "$@"
