#!/usr/bin/env bash
# smoke.sh NAME — prove a started target answers SigV4-signed S3 requests:
# create a bucket, put an object, GET a missing key (status and error body
# are printed as evidence of the server's error shape), send one request
# signed with a wrong secret, then delete what was created.
# Exits non-zero if any of the create/put/delete steps fails or the missing
# key does not produce a 404.
set -euo pipefail

name=${1:?usage: smoke.sh NAME}
here=$(dirname "${BASH_SOURCE[0]}")
eval "$("$here/$name.sh" env)"

# Unique per run so a smoke test never collides with a previous leftover.
bucket=s3ec-smoke-$(date +%s)-$$
key=hello.txt
failed=0

# s3 METHOD PATH [BODY] — prints the HTTP status; the body lands in $tmp/body.
# curl 7.x does not send x-amz-content-sha256 itself, but S3 servers require
# it, and curl does sign it when we supply it. Keys go through a netrc file
# because `--user` splits at the first colon and swift's access key is
# "account:user".
s3() {
  local method=$1 path=$2 body=${3-} sha
  sha=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)
  local args=(-sS -X "$method" -o "$tmp/body" -w '%{http_code}'
    --aws-sigv4 "aws:amz:$S3EC_REGION:s3"
    --netrc-file "$tmp/${NETRC:-netrc}"
    -H "x-amz-content-sha256: $sha")
  if [ -n "$body" ]; then args+=(--data-binary "$body"); fi
  curl "${args[@]}" "$S3EC_ENDPOINT$path"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
host=${S3EC_ENDPOINT#*://}
host=${host%%[:/]*}
printf 'machine %s login %s password %s\n' "$host" "$S3EC_ACCESS_KEY" "$S3EC_SECRET_KEY" >"$tmp/netrc"
printf 'machine %s login %s password %s\n' "$host" "$S3EC_ACCESS_KEY" wrong-secret >"$tmp/netrc.bad"

# show_body [MAX-BYTES] — print (the start of) the last response body.
show_body() {
  if [ -f "$tmp/body" ]; then
    head -c "${1:-4000}" "$tmp/body" | sed 's/^/    /'
    echo
    rm -f "$tmp/body"
  fi
}

# step LABEL EXPECTED-STATUS-REGEX METHOD PATH [BODY]
step() {
  local label=$1 want=$2 status
  shift 2
  status=$(s3 "$@") || status=000
  printf '%-22s %s %s -> %s\n' "$label" "$1" "$2" "$status"
  if ! [[ $status =~ ^($want)$ ]]; then
    failed=1
    show_body
  fi
  rm -f "$tmp/body"
}

echo "target: $name ($S3EC_SERVER_VERSION) at $S3EC_ENDPOINT, region $S3EC_REGION"
step "create bucket" 200 PUT "/$bucket"
step "put object" 200 PUT "/$bucket/$key" 'hello from s3errconform'

status=$(s3 GET "/$bucket/no-such-key") || status=000
echo "GET missing key        GET /$bucket/no-such-key -> $status"
show_body
[ "$status" = 404 ] || failed=1

# Not a pass/fail criterion: lenient servers legitimately accept it. It
# documents whether the target verifies signatures at all.
status=$(NETRC=netrc.bad s3 GET "/$bucket/$key") || status=000
echo "wrong secret           GET /$bucket/$key -> $status"
# Some servers echo the whole canonical request; the start is enough.
show_body 400

step "delete object" 204 DELETE "/$bucket/$key"
step "delete bucket" 204 DELETE "/$bucket"

if [ "$failed" -ne 0 ]; then
  echo "smoke: FAILED for $name" >&2
  exit 1
fi
echo "smoke: OK for $name"
