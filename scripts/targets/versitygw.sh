#!/usr/bin/env bash
# Versity S3 Gateway with its posix backend over a directory in the state
# dir, plus the internal IAM service so a second, non-root user exists.
set -euo pipefail

TARGET_NAME=versitygw
TARGET_DEFAULT_PORT=19030
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODULE=github.com/versity/versitygw
VERSION=v1.8.0
# versitygw rejects any other region in the credential scope.
REGION=us-east-1
ACCESS_KEY=s3ec-access
SECRET_KEY=s3ec-secret-key-for-tests
ACCESS_KEY2=s3ec-access2
SECRET_KEY2=s3ec-secret-key2-for-tests

target_install() {
  s3ec_go_install "$MODULE" "$MODULE/cmd/versitygw" "$VERSION" versitygw
}

target_start() {
  mkdir -p "$DATA_DIR/posix" "$DATA_DIR/iam"
  s3ec_spawn versitygw "$(s3ec_gobin)/versitygw" \
    --access "$ACCESS_KEY" --secret "$SECRET_KEY" --region "$REGION" \
    --port "127.0.0.1:$S3EC_PORT" --iam-dir "$DATA_DIR/iam" \
    --health /health --quiet \
    posix "$DATA_DIR/posix"
}

target_ready_url() { echo "http://127.0.0.1:$S3EC_PORT/health"; }

# Role "user" may only touch its own buckets: the access-denied identity.
target_after_ready() {
  "$(s3ec_gobin)/versitygw" admin --access "$ACCESS_KEY" --secret "$SECRET_KEY" \
    --region "$REGION" --endpoint-url "http://127.0.0.1:$S3EC_PORT" \
    create-user --access "$ACCESS_KEY2" --secret "$SECRET_KEY2" --role user \
    >>"$LOG_DIR/setup.log" 2>&1
}

target_env() {
  s3ec_export S3EC_REGION "$REGION"
  s3ec_export S3EC_ACCESS_KEY "$ACCESS_KEY"
  s3ec_export S3EC_SECRET_KEY "$SECRET_KEY"
  s3ec_export S3EC_ACCESS_KEY2 "$ACCESS_KEY2"
  s3ec_export S3EC_SECRET_KEY2 "$SECRET_KEY2"
  s3ec_export S3EC_SERVER_VERSION \
    "versitygw $(s3ec_go_module_version "$(s3ec_gobin)/versitygw" "$MODULE") (posix backend)"
}

s3ec_main "$@"
