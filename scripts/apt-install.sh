#!/usr/bin/env bash
# Install Debian packages at pinned versions:
#
#   scripts/apt-install.sh pkg=version...
#
# Skips apt entirely when every package is already at the pinned version,
# so repeated installs cost nothing. Used by the server scripts and by
# .ci/run for what the tests need.
set -euo pipefail

log() { printf '%s: %s\n' "${S3EC_LOG_NAME:-apt-install}" "$*" >&2; }
# Root in CI containers; sudo on a developer machine.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for spec in "$@"; do
  pkg=${spec%%=*} want=${spec#*=}
  have=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$pkg" 2>/dev/null || true)
  [ "$have" = "ii $want" ] || missing+=("$spec")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "already installed: $*"
  exit 0
fi
log "apt installing: ${missing[*]}"
# Another apt or dpkg (an unattended upgrade, a second install) holds the
# dpkg lock for a while: wait for it rather than fail.
apt=(as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900)
# A fresh machine has no package lists; an `update` is cheap next to the
# install itself.
"${apt[@]}" update -qq
# Debian's archive keeps only the current revision of a stable package:
# once a point release supersedes the pinned one it cannot be had. Only
# then take the current revision of the same packages, and say so; a
# behaviour change shows up as a baseline difference, not a broken
# install. Any other failure is an install failure.
gone=()
for spec in "${missing[@]}"; do
  pkg=${spec%%=*} want=${spec#*=}
  apt-cache madison "$pkg" | awk -v want="$want" '$3 == want { found = 1 } END { exit !found }' ||
    gone+=("$spec")
done
# --no-install-recommends keeps the Ceph install from pulling in the whole
# dashboard/python stack; the daemons do not need it.
if [ ${#gone[@]} -eq 0 ]; then
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  names=("${missing[@]%%=*}")
  log "pinned versions no longer in Debian's archive (${gone[*]}); installing Debian's current ${names[*]}"
  "${apt[@]}" install -y -qq --no-install-recommends "${names[@]}" >/dev/null
fi
log "installed: $(dpkg-query -W -f='${Package}=${Version} ' "${missing[@]%%=*}")"
