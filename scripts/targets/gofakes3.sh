#!/usr/bin/env bash
# gofakes3: an in-memory S3 fake. It accepts any signature, so its value to
# the suite is as a "lenient server" reference point.
set -euo pipefail

TARGET_NAME=gofakes3
TARGET_DEFAULT_PORT=19040
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODULE=github.com/johannesboyne/gofakes3
VERSION=v1.2.0

target_install() {
  s3ec_go_install "$MODULE" "$MODULE/cmd/gofakes3" "$VERSION" gofakes3
}

target_start() {
  # The memory backend keeps nothing on disk; a restart is an empty server.
  s3ec_spawn gofakes3 "$(s3ec_gobin)/gofakes3" \
    -host "127.0.0.1:$S3EC_PORT" -backend memory
}

target_env() {
  s3ec_export S3EC_REGION us-east-1
  s3ec_export S3EC_ACCESS_KEY s3ec-access
  s3ec_export S3EC_SECRET_KEY s3ec-secret-key-for-tests
  s3ec_export S3EC_SERVER_VERSION \
    "gofakes3 $(s3ec_go_module_version "$(s3ec_gobin)/gofakes3" "$MODULE")"
}

s3ec_main "$@"
