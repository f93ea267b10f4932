#!/usr/bin/env bash
# OpenStack Swift with the s3api middleware and tempauth: a proxy plus one
# account, container and object server, one replica, one device, rings built
# from scratch at every start.
set -euo pipefail

TARGET_NAME=swift
TARGET_DEFAULT_PORT=19050
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SWIFT_VERSION=2.30.1-0+deb12u3
MEMCACHED_VERSION=1.6.18-1+deb12u1
ETC=$S3EC_STATE_DIR/etc
PROXY_PORT=$S3EC_PORT
ACCOUNT_PORT=$((S3EC_PORT + 1))
CONTAINER_PORT=$((S3EC_PORT + 2))
OBJECT_PORT=$((S3EC_PORT + 3))
MEMCACHED_PORT=$((S3EC_PORT + 4))
# s3api rejects any other region in the credential scope
# (AuthorizationHeaderMalformed "...expecting 'us-east-1'").
REGION=us-east-1

target_install() {
  s3ec_apt_install swift-proxy="$SWIFT_VERSION" swift-account="$SWIFT_VERSION" \
    swift-container="$SWIFT_VERSION" swift-object="$SWIFT_VERSION" \
    memcached="$MEMCACHED_VERSION"
}

# Settings shared by the three storage servers. workers = 0 keeps each
# server a single process, so the PID we record is the whole server.
# swift.conf itself (hash prefix/suffix, policy 0) is read from
# /etc/swift/swift.conf, which the Debian package provides.
backend_conf() {
  cat <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
swift_dir = $ETC
devices = $DATA_DIR/srv
mount_check = false
log_name = swift-$1

[pipeline:main]
pipeline = $1-server

[app:$1-server]
use = egg:swift#$1

[$1-replicator]
[$1-updater]
[$1-auditor]
CONF
}

proxy_conf() {
  # tempauth caches the groups of every request, S3 ones included, in
  # memcache and fails with "Memcache required" without it; hence our own
  # memcached instance. tempauth users: test:tester is the account admin;
  # test:tester3 is a non-admin user of the same account, so it is denied
  # access to test:tester's buckets (a user in another account would get
  # NoSuchBucket instead: bucket names are per account here).
  cat <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PROXY_PORT
workers = 0
swift_dir = $ETC
log_name = swift-proxy

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = $REGION

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
user_test_tester3 = testing3

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MEMCACHED_PORT

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF
}

build_ring() {
  local builder=$ETC/$1.builder
  # Partition power 6, 1 replica, min_part_hours 1: tiny and single-copy.
  swift-ring-builder "$builder" create 6 1 1 >/dev/null
  swift-ring-builder "$builder" add "r1z1-127.0.0.1:$2/d1" 1 >/dev/null
  swift-ring-builder "$builder" rebalance >/dev/null
}

target_start() {
  rm -rf "$ETC"
  mkdir -p "$ETC" "$DATA_DIR/srv/d1"
  build_ring account "$ACCOUNT_PORT"
  build_ring container "$CONTAINER_PORT"
  build_ring object "$OBJECT_PORT"
  backend_conf account "$ACCOUNT_PORT" >"$ETC/account-server.conf"
  backend_conf container "$CONTAINER_PORT" >"$ETC/container-server.conf"
  backend_conf object "$OBJECT_PORT" >"$ETC/object-server.conf"
  proxy_conf >"$ETC/proxy-server.conf"

  # 64 MB, loopback only, no UDP. memcached refuses to run as root unless
  # told which user to stay.
  local s port as_root=()
  if [ "$(id -u)" -eq 0 ]; then as_root=(-u root); fi
  s3ec_spawn memcached memcached "${as_root[@]}" -l 127.0.0.1 \
    -p "$MEMCACHED_PORT" -U 0 -m 64
  # -v also logs to stdout (our log files); there is usually no syslog in CI.
  for s in account container object; do
    s3ec_spawn "$s" "swift-$s-server" "$ETC/$s-server.conf" -v
  done
  # The proxy answers before its backends do; wait for them so the first
  # S3 request does not see a 503.
  for port in "$ACCOUNT_PORT" "$CONTAINER_PORT" "$OBJECT_PORT"; do
    s3ec_wait_until 30 "backend on port $port" s3ec_http_answers "http://127.0.0.1:$port/"
  done
  s3ec_spawn proxy swift-proxy-server "$ETC/proxy-server.conf" -v
}

target_ready_url() { echo "http://127.0.0.1:$PROXY_PORT/healthcheck"; }

target_env() {
  s3ec_export S3EC_REGION "$REGION"
  s3ec_export S3EC_ACCESS_KEY test:tester
  s3ec_export S3EC_SECRET_KEY testing
  s3ec_export S3EC_ACCESS_KEY2 test:tester3
  s3ec_export S3EC_SECRET_KEY2 testing3
  s3ec_export S3EC_SERVER_VERSION \
    "OpenStack Swift $(dpkg-query -W -f='${Version}' swift-proxy) (s3api, tempauth)"
}

s3ec_main "$@"
