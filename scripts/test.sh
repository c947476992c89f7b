#!/usr/bin/env bash
# Runs the whole ConsulSharp test suite: installs the system tools the tests use, builds, publishes the
# `consul` binary the end-to-end tests start, runs every test project, and prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dig >/dev/null 2>&1 || need+=(bind9-dnsutils)
command -v serf >/dev/null 2>&1 || need+=(serf)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v nft >/dev/null 2>&1 || need+=(nftables)
[ -x /usr/bin/chromium ] || need+=(chromium)  # the UI browser tests (Playwright drives it; no browser download)
[ -d /usr/lib/python3/dist-packages/consul ] || need+=(python3-consul2)  # python-consul, unmodified (Clients tests)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ "${#need[@]}" -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null || echo "test.sh: could not install ${need[*]}; tests that need them will skip" >&2
fi

# node-consul, unmodified, pinned by test/clients/node/package-lock.json (Clients tests)
if [ ! -d test/clients/node/node_modules/consul ]; then
  (cd test/clients/node && npm ci --no-audit --no-fund --silent) || echo "test.sh: could not install node-consul; its test will skip" >&2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build ConsulSharp.slnx -c Release -nologo -v q
dotnet publish src/ConsulSharp/ConsulSharp.csproj -c Release -nologo -v q --no-build -o artifacts/consul >/dev/null
export CONSUL_BINARY="$PWD/artifacts/consul/consul"

log=$(mktemp)
set +e
dotnet test --solution ConsulSharp.slnx -c Release --no-build --ignore-exit-code 8 --max-parallel-test-modules 2 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
total=$(awk '/^  total:/{print $2}' "$log" | tail -1)
failed=$(awk '/^  failed:/{print $2}' "$log" | tail -1)
passed=$(awk '/^  succeeded:/{print $2}' "$log" | tail -1)
skipped=$(awk '/^  skipped:/{print $2}' "$log" | tail -1)
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${total:-0}" = 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
exit "$rc"
