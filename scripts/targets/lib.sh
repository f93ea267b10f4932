# shellcheck shell=bash
# Shared plumbing for scripts/targets/<name>.sh. Sourced, never executed.
#
# A target script sets TARGET_NAME and TARGET_DEFAULT_PORT, defines
#   target_install   install the pinned version (must be idempotent)
#   target_start     launch the processes with s3ec_spawn (state dir is fresh)
#   target_env       print key/value pairs with s3ec_export
# and optionally
#   target_ready_url    a health URL that answers 2xx once the server is up
#   target_after_ready  setup needing a running server (users, ...)
# then ends with: s3ec_main "$@"
#
# Each target owns the port block PORT..PORT+9 so that all targets can run
# side by side; PORT itself is always the S3 endpoint.

set -euo pipefail

: "${TARGET_NAME:?set TARGET_NAME before sourcing lib.sh}"
: "${TARGET_DEFAULT_PORT:?set TARGET_DEFAULT_PORT before sourcing lib.sh}"

S3EC_STATE_DIR=${S3EC_STATE_DIR:-${TMPDIR:-/tmp}/s3errconform-targets/$TARGET_NAME}
S3EC_PORT=${S3EC_PORT:-$TARGET_DEFAULT_PORT}
# Tools that are not Go binaries or Debian packages (npm trees, source copies)
# live here, outside the repository and outside the state dir so that `stop`
# never throws an install away.
S3EC_TOOLS_DIR=${S3EC_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/s3errconform}
S3EC_START_TIMEOUT=${S3EC_START_TIMEOUT:-60}

PID_FILE=$S3EC_STATE_DIR/pids
LOG_DIR=$S3EC_STATE_DIR/log
DATA_DIR=$S3EC_STATE_DIR/data

s3ec_log() { printf '%s: %s\n' "$TARGET_NAME" "$*" >&2; }

# Where `go install` puts binaries (GOBIN from the environment or `go env -w`).
s3ec_gobin() {
  local bin gopath
  bin=$(go env GOBIN)
  if [ -z "$bin" ]; then
    gopath=$(go env GOPATH)
    bin=${gopath%%:*}/bin
  fi
  printf '%s\n' "$bin"
}

# s3ec_apt_install pkg=version... — scripts/apt-install.sh, logged as this
# target.
s3ec_apt_install() {
  S3EC_LOG_NAME=$TARGET_NAME "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" "$@"
}

# s3ec_go_module_version BINARY MODULE — the module version baked into a Go
# binary, or nothing. This is what makes `go install` idempotent: the binary
# itself records which version it was built from.
s3ec_go_module_version() {
  [ -x "$1" ] || return 0
  go version -m "$1" 2>/dev/null | awk -v m="$2" '$1 == "mod" && $2 == m { print $3 }'
}

# s3ec_go_install MODULE PACKAGE VERSION BINARY
s3ec_go_install() {
  local module=$1 package=$2 version=$3 bin
  bin=$(s3ec_gobin)/$4
  if [ "$(s3ec_go_module_version "$bin" "$module")" = "$version" ]; then
    s3ec_log "already installed: $package@$version ($bin)"
    return
  fi
  s3ec_log "go install $package@$version (takes minutes on a cold cache)"
  # Run outside any module so the repository's go.mod cannot interfere.
  (cd / && go install "$package@$version")
  s3ec_log "installed: $package@$version -> $bin"
}

s3ec_pids() {
  if [ -f "$PID_FILE" ]; then cat "$PID_FILE"; fi
}

# A zombie counts as dead: in containers whose PID 1 does not reap orphans,
# our daemons linger as zombies after exiting and `kill -0` still succeeds.
s3ec_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# Running means: a pid file exists and every process in it is alive.
s3ec_running() {
  local pid any=no
  for pid in $(s3ec_pids); do
    s3ec_alive "$pid" || return 1
    any=yes
  done
  [ "$any" = yes ]
}

# s3ec_spawn LABEL CMD... — start one server process in the background, log
# to $LOG_DIR/LABEL.log and record its PID. stdin/stdout are detached so a
# caller capturing our output (e.g. `$(x.sh start)`) does not hang.
s3ec_spawn() {
  local label=$1
  shift
  mkdir -p "$LOG_DIR"
  "$@" </dev/null >>"$LOG_DIR/$label.log" 2>&1 &
  echo "$!" >>"$PID_FILE"
  s3ec_log "started $label (pid $!)"
}

s3ec_tail_logs() {
  local f
  for f in "$LOG_DIR"/*.log; do
    [ -f "$f" ] || continue
    printf '==> %s <==\n' "$f" >&2
    tail -n 30 "$f" >&2
  done
}

# s3ec_wait_until TIMEOUT WHAT CMD... — poll CMD until it succeeds; give up
# early when one of our processes has died, since waiting longer cannot help.
s3ec_wait_until() {
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! s3ec_running; then
      s3ec_log "a server process exited while waiting for $what"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      s3ec_log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# s3ec_http_answers URL [STATUS-REGEX] — true once URL returns a matching
# status. By default any status counts as "answering": unauthenticated S3
# requests are supposed to get 403s.
s3ec_http_answers() {
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true)
  [ -n "$code" ] && [ "$code" != 000 ] && [[ $code =~ ^(${2:-...})$ ]]
}

s3ec_stop() {
  local pids i pid deadline
  mapfile -t pids < <(s3ec_pids)
  # Reverse start order: gateways go down before the storage behind them.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do
    while s3ec_alive "$pid"; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        s3ec_log "pid $pid ignored SIGTERM for 20s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
  done
  rm -f "$PID_FILE"
  rm -rf "$S3EC_STATE_DIR/run"
  if [ ${#pids[@]} -gt 0 ]; then
    s3ec_log "stopped (pids ${pids[*]})"
  else
    s3ec_log "not running"
  fi
}

s3ec_start_failed() {
  local rc=$?
  trap - EXIT
  s3ec_tail_logs
  s3ec_stop
  s3ec_log "error: start failed (exit $rc); logs in $LOG_DIR"
  exit 1
}

s3ec_start() {
  if s3ec_running; then
    s3ec_log "already running (pids $(s3ec_pids | paste -sd' '))"
    return
  fi
  # Leftovers of a crashed run: kill whatever is still alive of it.
  if [ -f "$PID_FILE" ]; then s3ec_stop; fi
  # Otherwise the readiness probe below would happily talk to the intruder.
  if s3ec_http_answers "http://127.0.0.1:$S3EC_PORT/"; then
    s3ec_log "error: something already answers on 127.0.0.1:$S3EC_PORT"
    exit 1
  fi
  # Every start is a fresh, empty server: conformance runs must not depend on
  # what an earlier run left behind. Logs are kept until the next start.
  rm -rf "$DATA_DIR" "$LOG_DIR" "$S3EC_STATE_DIR/run"
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$S3EC_STATE_DIR/run"
  # Any failing step below ends the script through `set -e`; the trap then
  # shows the logs and kills what was already started. (Calling the steps as
  # `if ! target_start` would silently disable `set -e` inside them.)
  trap s3ec_start_failed EXIT
  target_start
  # A target's health URL must say 2xx; without one, any answer on / will do.
  local url="http://127.0.0.1:$S3EC_PORT/" want=...
  if declare -F target_ready_url >/dev/null; then url=$(target_ready_url) want=2..; fi
  s3ec_wait_until "$S3EC_START_TIMEOUT" "$url" s3ec_http_answers "$url" "$want"
  if declare -F target_after_ready >/dev/null; then target_after_ready; fi
  trap - EXIT
  s3ec_log "ready on http://127.0.0.1:$S3EC_PORT ($S3EC_STATE_DIR)"
}

# s3ec_export NAME VALUE — one export line, single-quoted so that `eval`
# is safe whatever the value holds.
s3ec_export() {
  local q="'\\''"
  printf "export %s='%s'\n" "$1" "${2//\'/$q}"
}

s3ec_main() {
  case "${1:-}" in
    install) target_install ;;
    start) s3ec_start ;;
    stop) s3ec_stop ;;
    env)
      s3ec_export S3EC_ENDPOINT "http://127.0.0.1:$S3EC_PORT"
      target_env
      ;;
    *)
      echo "usage: $0 install|start|stop|env" >&2
      exit 2
      ;;
  esac
}
