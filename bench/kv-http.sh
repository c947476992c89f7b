#!/usr/bin/env bash
# KV through HTTP (issue 4): PUT and GET at 1, 16 and 64 connections, in one run, against
#   - ConsulSharp: one `consul agent -server -bootstrap -data-dir` (durable Raft log, fsync per group commit),
#     PUT /v1/kv/bench/k<n> (128 B value, 10,000 keys) and GET /v1/kv/bench/get (default consistency);
#   - etcd 3.4 (Debian etcd-server, one member with a data dir) through its HTTP/JSON gateway:
#     POST /v3/kv/put and POST /v3/kv/range (default = linearizable read);
#   - nginx (Debian nginx-light) serving the body of ConsulSharp's GET as a static file: the machine's HTTP ceiling.
# One load generator for all: wrk (Debian wrk 4.1, HTTP/1.1 keep-alive, closed loop, `--latency` percentiles).
# With CLUSTER=3 both sides run three members on loopback (ConsulSharp: 3 servers with -bootstrap-expect 3; etcd: a
# 3-member cluster) and the load goes to the leader of each (writes to a follower would add a forwarding hop to both).
# Usage: bench/kv-http.sh     (env: ROUNDS=2, DURATION=10, CONNS="1 16 64", CLUSTER=1|3, BENCH_NO_BUILD=1)
# Ports: ConsulSharp 26500/26503/26506 (HTTP) / 26300-26308, etcd 26379/26380 (+26381-26384), nginx 26080.
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-10}"
CONNS="${CONNS:-1 16 64}"
CLUSTER="${CLUSTER:-1}"
need curl curl wrk wrk etcd etcd-server nginx nginx-light
build_consul
machine_info
echo "versions: $(etcd --version | head -1); $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
chmod 755 "$WORK"

# --- servers
if [ "$CLUSTER" = 3 ]; then
  for i in 0 1 2; do
    start "consul$i" "$CONSUL" agent -server -bootstrap-expect 3 -data-dir "$WORK/consul$i" -node "bench$i" -bind 127.0.0.1 \
      -client 127.0.0.1 -http-port $((26500 + 3 * i)) -dns-port -1 -server-port $((26300 + 3 * i)) \
      -serf-lan-port $((26301 + 3 * i)) -serf-wan-port $((26302 + 3 * i)) -retry-join 127.0.0.1:26301 -log-level warn
  done
  peers="e0=http://127.0.0.1:26380,e1=http://127.0.0.1:26382,e2=http://127.0.0.1:26384"
  for i in 0 1 2; do
    cport=$((i == 0 ? 26379 : 26379 + 2 * i)); pport=$((26380 + 2 * i))
    start "etcd$i" etcd --name "e$i" --data-dir "$WORK/etcd$i" --log-level warn --logger zap \
      --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
      --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
      --initial-cluster "$peers" --initial-cluster-state new
  done
else
  start consul "$CONSUL" agent -server -bootstrap -data-dir "$WORK/consul" -node bench -bind 127.0.0.1 -client 127.0.0.1 \
    -http-port 26500 -dns-port -1 -server-port 26300 -serf-lan-port 26301 -serf-wan-port 26302 -log-level warn
  start etcd etcd --name bench --data-dir "$WORK/etcd" --log-level warn --logger zap \
    --listen-client-urls http://127.0.0.1:26379 --advertise-client-urls http://127.0.0.1:26379 \
    --listen-peer-urls http://127.0.0.1:26380 --initial-advertise-peer-urls http://127.0.0.1:26380 \
    --initial-cluster bench=http://127.0.0.1:26380
fi
wait_http http://127.0.0.1:26500/v1/status/leader
until [ "$(curl -fs http://127.0.0.1:26500/v1/status/leader)" != '""' ]; do sleep 0.2; done
wait_http http://127.0.0.1:26379/health
CONSUL_URL=http://127.0.0.1:26500
ETCD_URL=http://127.0.0.1:26379
if [ "$CLUSTER" = 3 ]; then
  # The leader's HTTP port: its server port (from /v1/status/leader) + 200.
  leader="$(curl -fs http://127.0.0.1:26500/v1/status/leader | tr -d '"')"
  CONSUL_URL="http://127.0.0.1:$(( ${leader##*:} + 200 ))"
  for cport in 26379 26381 26383; do
    st="$(curl -fs -X POST -d '{}' "http://127.0.0.1:$cport/v3/maintenance/status" || true)"
    if [ -n "$st" ] && [ "$(echo "$st" | sed -E 's/.*"member_id":"([0-9]+)".*/\1/')" = "$(echo "$st" | sed -E 's/.*"leader":"([0-9]+)".*/\1/')" ]; then
      ETCD_URL="http://127.0.0.1:$cport"
    fi
  done
  echo "leaders: ConsulSharp $CONSUL_URL, etcd $ETCD_URL; raft peers: $(curl -fs http://127.0.0.1:26500/v1/status/peers)"
fi

VALUE="$(head -c 96 /dev/urandom | base64 -w0)"   # 128 ASCII bytes
wait_http $CONSUL_URL/v1/kv/?keys   # a new leader serves reads once its FSM has caught up
curl -fs -X PUT --data-binary "$VALUE" $CONSUL_URL/v1/kv/bench/get >/dev/null
B64_GET="$(printf 'bench/get' | base64 -w0)"
B64_VALUE="$(printf '%s' "$VALUE" | base64 -w0)"
curl -fs -X POST -d "{\"key\":\"$B64_GET\",\"value\":\"$B64_VALUE\"}" $ETCD_URL/v3/kv/put >/dev/null

mkdir -p "$WORK/www"
curl -fs $CONSUL_URL/v1/kv/bench/get >"$WORK/www/get.json"
chmod -R a+rX "$WORK/www"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-tmp;
  server {
    listen 127.0.0.1:26080;
    root $WORK/www;
    location / { default_type application/json; }
  }
}
NGINX
start nginx nginx -c "$WORK/nginx.conf" -p "$WORK"
wait_http http://127.0.0.1:26080/get.json
echo "GET body: $(wc -c <"$WORK/www/get.json") bytes (the same bytes from all three servers' point of view: nginx serves ConsulSharp's reply)"

# --- wrk scripts
cat >"$WORK/consul-put.lua" <<LUA
local body = "$VALUE"
local n = 0
request = function()
  n = n + 1
  return wrk.format("PUT", "/v1/kv/bench/k" .. (n % 10000), nil, body)
end
LUA
cat >"$WORK/etcd-put.lua" <<LUA
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function b64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local function ch(x) return chars:sub(x + 1, x + 1) end
    out[#out + 1] = ch(math.floor(v / 262144) % 64) .. ch(math.floor(v / 4096) % 64)
      .. (b and ch(math.floor(v / 64) % 64) or "=") .. (c and ch(v % 64) or "=")
  end
  return table.concat(out)
end
local bodies = {}
for i = 0, 9999 do bodies[i] = '{"key":"' .. b64("bench/k" .. i) .. '","value":"$B64_VALUE"}' end
local headers = { ["Content-Type"] = "application/json" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/v3/kv/put", headers, bodies[n % 10000])
end
LUA
cat >"$WORK/etcd-range.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"key":"$B64_GET"}'
wrk.headers["Content-Type"] = "application/json"
LUA

# run_wrk <label> <conns> <url> [script] -> appends "target op conns ops p50 p99 errors" to $WORK/results
run_wrk() {
  local target="$1" op="$2" c="$3" url="$4" script="${5:-}" t out
  t=$(( c < 2 ? 1 : 2 ))
  out="$(wrk -t"$t" -c"$c" -d"${DURATION}s" --latency ${script:+-s "$script"} "$url" 2>&1)"
  echo "$out" >>"$WORK/wrk.log"
  echo "$out" | awk -v target="$target" -v op="$op" -v c="$c" -v round="$round" '
    function ms(s) { if (s ~ /us$/) return s / 1000; if (s ~ /ms$/) return s + 0; if (s ~ /m$/) return s * 60000; if (s ~ /s$/) return s * 1000; return s }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 }
    /Non-2xx/ { err += $NF } /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d %.0f %.2f %.2f %d\n", round, target, op, c, rps, p50, p99, err }' >>"$WORK/results"
}

# warm-up (JIT, connection pools, etcd's first compaction-free writes)
round=0
run_wrk consul PUT 16 $CONSUL_URL "$WORK/consul-put.lua"
run_wrk consul GET 16 $CONSUL_URL/v1/kv/bench/get
run_wrk etcd PUT 16 $ETCD_URL "$WORK/etcd-put.lua"
: >"$WORK/results"

for round in $(seq "$ROUNDS"); do
  for c in $CONNS; do
    run_wrk consul PUT "$c" $CONSUL_URL "$WORK/consul-put.lua"
    run_wrk etcd PUT "$c" $ETCD_URL "$WORK/etcd-put.lua"
    run_wrk consul GET "$c" $CONSUL_URL/v1/kv/bench/get
    run_wrk etcd GET "$c" $ETCD_URL/v3/kv/range "$WORK/etcd-range.lua"
    run_wrk nginx GET "$c" http://127.0.0.1:26080/get.json
  done
  echo "round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

echo
echo "| round | op | conns | ConsulSharp ops/s | p50 ms | p99 ms | etcd ops/s | p50 ms | p99 ms | nginx ops/s | p50 ms | p99 ms | ConsulSharp / etcd | ConsulSharp / nginx | errors |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '
  { k = $1 " " $3 " " $4; ops[k, $2] = $5; p50[k, $2] = $6; p99[k, $2] = $7; err[k] += $8; if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
  function cell(k, t) { return ((k, t) in ops) ? sprintf("%d | %.2f | %.2f", ops[k, t], p50[k, t], p99[k, t]) : "– | – | –" }
  function ratio(k, a, b) { return (((k, a) in ops) && ((k, b) in ops) && ops[k, b] > 0) ? sprintf("%.2f", ops[k, a] / ops[k, b]) : "–" }
  END { for (i = 1; i <= n; i++) { k = order[i]; split(k, f, " ");
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", f[1], f[2], f[3], cell(k, "consul"), cell(k, "etcd"), cell(k, "nginx"),
      ratio(k, "consul", "etcd"), ratio(k, "consul", "nginx"), err[k] } }' "$WORK/results"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
