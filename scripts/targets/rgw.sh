#!/usr/bin/env bash
# Ceph RADOS Gateway on a throwaway one-node cluster: one monitor, one
# memstore OSD (RAM only, so nothing to format), cephx off, radosgw with the
# beast frontend. Two S3 users with fixed keys are created after start; the
# second one exists for access-denied checks.
set -euo pipefail

TARGET_NAME=rgw
TARGET_DEFAULT_PORT=19010
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CEPH_VERSION=16.2.15+ds-0+deb12u2
CONF=$S3EC_STATE_DIR/ceph.conf
# Fixed so that runs are reproducible; only identifies this local cluster.
FSID=5e3ec000-0000-4000-8000-000000000001
MON_ADDR=127.0.0.1:$((S3EC_PORT + 1))

ACCESS_KEY=s3ec-access
SECRET_KEY=s3ec-secret-key-for-tests
ACCESS_KEY2=s3ec-access2
SECRET_KEY2=s3ec-secret-key2-for-tests

target_install() {
  s3ec_apt_install radosgw="$CEPH_VERSION" ceph-mon="$CEPH_VERSION" \
    ceph-osd="$CEPH_VERSION"
}

write_conf() {
  local d=$DATA_DIR
  cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v2:$MON_ADDR
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# Only msgr2, and OSD ports confined to our own port block PORT+2..PORT+9
# instead of Ceph's default 6800-7300 range.
ms bind msgr1 = false
ms bind port min = $((S3EC_PORT + 2))
ms bind port max = $((S3EC_PORT + 9))
auth cluster required = none
auth service required = none
auth client required = none
# Without these, with auth "none", clients still try secure mode and
# radosgw hangs at start ("get_initial_auth_request returned -13").
ms mon client mode = crc
ms client mode = crc
run dir = $S3EC_STATE_DIR/run
admin socket = $S3EC_STATE_DIR/run/\$cluster-\$name.asok
log file = $LOG_DIR/\$cluster-\$name.log
mon data = $d/mon-\$id
osd data = $d/osd-\$id
osd objectstore = memstore
# One OSD: single-copy pools, few PGs (radosgw creates ~7 pools and the
# default 32 PGs each would exceed the per-OSD PG limit), no crush host level.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
# CI disks are often mostly full; a health warning about it is just noise.
mon data avail warn = 1
# memstore keeps objects in RAM; 1 GiB is plenty for conformance tests.
memstore device bytes = 1073741824

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$S3EC_PORT
rgw data = $d/rgw
# Test buckets are created and deleted quickly; don't let the GC or
# lifecycle threads lag behind a test run.
rgw enable gc threads = false
CONF
}

ceph_cli() { ceph -c "$CONF" --connect-timeout 10 "$@"; }

target_start() {
  write_conf
  mkdir -p "$DATA_DIR/rgw"
  monmaptool --create --fsid "$FSID" --addv a "[v2:$MON_ADDR]" \
    "$DATA_DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DATA_DIR/monmap" 2>>"$LOG_DIR/setup.log"
  # -f: stay in the foreground so the PID we record is the daemon itself.
  s3ec_spawn ceph-mon ceph-mon -f -c "$CONF" -i a

  local osd_uuid
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  local id
  id=$(ceph_cli osd new "$osd_uuid" 2>>"$LOG_DIR/setup.log")
  mkdir -p "$DATA_DIR/osd-$id"
  ceph-osd -c "$CONF" -i "$id" --mkfs --osd-uuid "$osd_uuid" >>"$LOG_DIR/setup.log" 2>&1
  s3ec_spawn ceph-osd ceph-osd -f -c "$CONF" -i "$id"
  s3ec_wait_until 60 "osd.$id up" osd_up

  s3ec_spawn radosgw radosgw -f -c "$CONF" -n client.rgw
}

osd_up() { ceph_cli osd stat 2>/dev/null | grep -q '1 up'; }

create_user() {
  radosgw-admin -c "$CONF" user create --uid "$1" --display-name "$1" \
    --access-key "$2" --secret "$3" >/dev/null
}

target_after_ready() {
  create_user s3ec "$ACCESS_KEY" "$SECRET_KEY"
  create_user s3ec2 "$ACCESS_KEY2" "$SECRET_KEY2"
}

target_env() {
  # rgw signs with whatever region the credential scope names (any value is
  # accepted); only a CreateBucket LocationConstraint is compared with the
  # zonegroup's api_name, which is "default" on this cluster.
  s3ec_export S3EC_REGION us-east-1
  s3ec_export S3EC_ACCESS_KEY "$ACCESS_KEY"
  s3ec_export S3EC_SECRET_KEY "$SECRET_KEY"
  s3ec_export S3EC_ACCESS_KEY2 "$ACCESS_KEY2"
  s3ec_export S3EC_SECRET_KEY2 "$SECRET_KEY2"
  s3ec_export S3EC_SERVER_VERSION "Ceph $(radosgw --version | awk '{print $3}')"
}

s3ec_main "$@"
