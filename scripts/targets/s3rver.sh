#!/usr/bin/env bash
# s3rver: a Node.js S3 fake backed by the filesystem. It checks that the
# access key exists (only its built-in S3RVER/S3RVER account does) but never
# verifies a SigV4 signature.
set -euo pipefail

TARGET_NAME=s3rver
TARGET_DEFAULT_PORT=19060
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=3.7.1
# A private npm prefix per version: nothing global, nothing in the repo.
PREFIX=$S3EC_TOOLS_DIR/s3rver-$VERSION
PKG_DIR=$PREFIX/node_modules/s3rver

installed_version() {
  [ -f "$PKG_DIR/package.json" ] || return 0
  node -p "require(process.argv[1]).version" "$PKG_DIR/package.json"
}

target_install() {
  if [ "$(installed_version)" = "$VERSION" ]; then
    s3ec_log "already installed: s3rver@$VERSION ($PREFIX)"
    return
  fi
  s3ec_log "npm installing s3rver@$VERSION into $PREFIX"
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --omit=dev --no-audit --no-fund \
    --loglevel=error "s3rver@$VERSION" >/dev/null
  s3ec_log "installed: s3rver@$(installed_version)"
}

target_start() {
  s3ec_spawn s3rver node "$PKG_DIR/bin/s3rver.js" \
    -d "$DATA_DIR" -a 127.0.0.1 -p "$S3EC_PORT"
}

target_env() {
  s3ec_export S3EC_REGION us-east-1
  # Fixed by s3rver: any other access key is rejected with InvalidAccessKeyId.
  s3ec_export S3EC_ACCESS_KEY S3RVER
  s3ec_export S3EC_SECRET_KEY S3RVER
  s3ec_export S3EC_SERVER_VERSION "s3rver $(installed_version) (node $(node --version))"
}

s3ec_main "$@"
