#!/usr/bin/env bash
# Watch fan-out (issue 4): N long-poll watchers (GET /v1/kv/<key>?index=I&wait=5m) on one key of one server agent
# (`consul agent -server -bootstrap -data-dir`, durable Raft), the agent's CPU and RSS while they wait, then one write
# and the time until every watcher has returned; then 10,000 watchers on 10,000 different keys, where one write must
# wake exactly one. Client: bench/ConsulSharp.Bench.Http, one TCP connection per watcher; CLIENT=epoll (default: one
# thread, its own epoll set, one recv per response, as wrk does), raw (.NET async sockets) or httpclient.
# Usage: bench/watch-fanout.sh            (env: ROUNDS=2, SIZES="1000 10000 50000", DISTINCT=10000, WARMUP=3, CLIENT=epoll, BENCH_NO_BUILD=1)
# Ports: 26510 (HTTP), 26513 (HTTPS), 26310-26312. One socket per watcher needs RLIMIT_NOFILE > N in both processes;
# sizes above the limit run over HTTP/2 on the agent's HTTPS port instead (as Consul's, 250 streams per connection;
# a CA and certificate made here with openssl), marked "h2" in the keys column.
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-2}"
SIZES="${SIZES:-1000 10000 50000}"
DISTINCT="${DISTINCT:-10000}"
WARMUP="${WARMUP:-3}"
CLIENT="${CLIENT:-epoll}"
need curl curl openssl openssl
build_consul
build_bench_http
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"
machine_info
echo "RLIMIT_NOFILE: $NOFILE"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/ca-key.pem" -out "$WORK/ca.pem" -days 2 -subj "/CN=bench CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/server-key.pem" -out "$WORK/server.csr" -subj "/CN=server.dc1.consul" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$WORK/ext.cnf"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca-key.pem" -CAcreateserial -out "$WORK/server.pem" -days 2 -extfile "$WORK/ext.cnf" 2>/dev/null

start agent "$CONSUL" agent -server -bootstrap -data-dir "$WORK/data" -node bench -bind 127.0.0.1 -client 127.0.0.1 \
  -http-port 26510 -dns-port -1 -server-port 26310 -serf-lan-port 26311 -serf-wan-port 26312 -log-level warn \
  -hcl 'ports { https = 26513 }' -hcl "tls { defaults { cert_file = \"$WORK/server.pem\" key_file = \"$WORK/server-key.pem\" } }"
wait_http http://127.0.0.1:26510/v1/status/leader
until [ "$(curl -fs http://127.0.0.1:26510/v1/status/leader)" != '""' ]; do sleep 0.2; done

# Warm-up: a few small fan-outs first, so the measured rounds run tier-1 code (the JIT's call counting starts only
# after a pause in new compilations, so one round is not enough), as on an agent that has served watchers for a while.
for _ in $(seq "$WARMUP"); do
  "$BENCH_HTTP" watch --url http://127.0.0.1:26510 --n 500 --keys 1 --idle 0 --client "$CLIENT" >/dev/null || true
  sleep 1
done

results=()
run() { # run <n> <keys>
  local n="$1" keys="$2" line client=(--url http://127.0.0.1:26510 --client "$CLIENT") label="$2"
  if [ $((n + 300)) -gt "$NOFILE" ]; then
    client=(--url https://127.0.0.1:26513 --client h2 --ca "$WORK/ca.pem")
    label="$keys (h2)"
  fi
  line="$("$BENCH_HTTP" watch "${client[@]}" --n "$n" --keys "$keys" --pid "$PID_agent" --idle 10 | tee -a "$WORK/watch.out" | grep '^RESULT' || true)"
  grep '^error' "$WORK/watch.out" | tail -3 >&2 || true
  if [ -z "$line" ]; then results+=("| $n | $label | failed (see output) ||||||||||||"); return; fi
  declare -A r
  for kv in ${line#RESULT }; do r[${kv%%=*}]="${kv#*=}"; done
  results+=("| $n | $label | ${r[ramp_s]} | ${r[base_cpu_pct]} → ${r[idle_cpu_pct]} | ${r[base_rss_mib]} → ${r[agent_rss_mib]} | ${r[early_returns]} | ${r[put_ms]} | ${r[woken_ok]}/${r[expected_wakes]} | ${r[wrong_wakes]} | ${r[all_ms]} | ${r[p50_ms]} | ${r[p99_ms]} | ${r[agent_wake_cpu_ms]} | ${r[client_wake_cpu_ms]} | ${r[errors]} |")
}

for round in $(seq "$ROUNDS"); do
  for n in $SIZES; do run "$n" 1; done
  run "$DISTINCT" "$DISTINCT"
  echo "round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

echo
echo "| watchers | keys | ramp s | agent CPU % of a core, idle without → with watchers (10 s each) | agent RSS MiB without → with | returned early | PUT ms | woken/expected | wrong wakes | all returned ms | p50 ms | p99 ms | agent CPU ms for the wake-up | client CPU ms | errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${results[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
