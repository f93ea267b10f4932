#!/usr/bin/env bash
# Run the suite against every real server this machine can run, one at a
# time (so none slows another down), and regenerate reports/matrix.md and
# reports/matrix.html.
#
#   scripts/matrix.sh [SERVER...]     default: rgw minio versitygw gofakes3 swift s3rver seaweedfs
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(rgw minio versitygw gofakes3 swift s3rver seaweedfs)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Checks that crash a server (the process exits): they are skipped in that
# server's run so that the other checks can be measured, and the matrix's
# note for the server names them. Found with the server's own log.
declare -A crashes=(
  [s3rver]="rest-object-put-key-too-long rest-multipart-complete-part-not-uploaded"
)

go build -o "$work/s3errconform" ./cmd/s3errconform
results=() notes=()
for server in "${servers[@]}"; do
  scripts/real-targets.sh up "$work/$server" "$server"
  # shellcheck disable=SC1090 # written by real-targets.sh
  . "$work/$server/env.sh"
  skips=()
  for check in ${crashes[$server]:-}; do skips+=(--skip "$check"); done
  # A failing check is the point of the matrix, not an error of this script.
  "$work/s3errconform" run --config "$work/$server/targets.yaml" --report-dir reports --procs 2 "${skips[@]}" >"$work/$server/run.log" 2>&1 || true
  scripts/real-targets.sh down "$server"
  tail -n 1 "$work/$server/run.log"
  upper=$(echo "$server" | tr 'a-z-' 'A-Z_')
  version_var="S3EC_${upper}_VERSION"
  results+=("reports/$server/results.json")
  note=${!version_var}
  if [ -n "${crashes[$server]:-}" ]; then
    note+="; crashes on ${crashes[$server]// /, } (skipped so the rest could run)"
  fi
  notes+=(--note "$server=$note")
done
"$work/s3errconform" matrix --title "S3 error conformance of open-source S3 servers" "${notes[@]}" \
  --markdown reports/matrix.md --html reports/matrix.html "${results[@]}"
echo "wrote reports/matrix.md and reports/matrix.html"
