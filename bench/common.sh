# Shared by bench/*.sh (sourced, not run). Installs Debian packages on demand, builds the `consul` binary and the
# bench helper, starts processes and kills exactly those on exit.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CONSUL="$BENCH_ROOT/src/ConsulSharp/bin/Release/net10.0/consul"
BENCH_HTTP="$BENCH_ROOT/bench/ConsulSharp.Bench.Http/bin/Release/net10.0/ConsulSharp.Bench.Http"
WORK="$(mktemp -d /tmp/consulsharp-bench.XXXXXX)"
STARTED_PIDS=()

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${STARTED_PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# need <command> <debian package> ...: installs the packages whose command is missing.
need() {
  local missing=()
  while [ $# -gt 1 ]; do
    command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || missing+=("$2")
    shift 2
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build_consul() {
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    (cd "$BENCH_ROOT" && dotnet build src/ConsulSharp -c Release -nologo -v q >/dev/null)
  fi
}

build_bench_http() {
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    (cd "$BENCH_ROOT" && dotnet build bench/ConsulSharp.Bench.Http -c Release -nologo -v q >/dev/null)
  fi
}

# start <name> <command...>: runs it in the background with its output in $WORK/<name>.log, remembers its pid in
# the variable PID_<name>.
start() {
  local name="$1"; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  printf -v "PID_$name" '%s' "$pid"
}

# stop <name>: kills one started process (by the pid start remembered).
stop() {
  local var="PID_$1" pid
  pid="${!var}"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# wait_http <url> [seconds]: until the URL answers 2xx.
wait_http() {
  local url="$1" limit="${2:-60}"
  for _ in $(seq $((limit * 10))); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $url" >&2
  return 1
}

machine_info() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); mem: $(free -g | awk '/^Mem:/{print $2}') GiB; kernel: $(uname -r)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}
