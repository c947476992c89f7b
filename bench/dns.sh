#!/usr/bin/env bash
# DNS (issue 6): dnsperf against ConsulSharp's DNS and, in the same run, NSD serving an equivalent static zone.
#   small: ~100 services x 3 instances on 30 nodes; queries <svc>.service.consul A and SRV, mixed 50/50.
#   big:   one service with 5,000 instances (5,000 nodes); queries big.service.consul A and SRV. NSD cannot pick 3 of
#          5,000 per query, so its zone holds the 3 records a non-EDNS client gets (its cost does not grow by design).
# ConsulSharp: `consul agent -dev` with the catalog filled through /v1/catalog/register by bench/ConsulSharp.Bench.Http,
# which also writes the NSD zone and the query files from the same data.
# Throughput: dnsperf -l DURATION -c 4 -q 100 (closed loop, 100 outstanding). Latency: a second dnsperf run at a fixed
# rate (-Q RATE) with -v, whose per-query latencies give p50/p99 (dnsperf 2.10 has no percentile output).
# Usage: bench/dns.sh     (env: ROUNDS=2, DURATION=10, RATE=5000, BENCH_NO_BUILD=1)
# Ports: ConsulSharp 26520 (HTTP) / 26553 (DNS) / 26320-26322, NSD 26554.
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-10}"
RATE="${RATE:-5000}"
need curl curl dnsperf dnsperf nsd nsd dig bind9-dnsutils
build_consul
build_bench_http
machine_info
echo "versions: $(nsd -v 2>&1 | head -1); dnsperf $(dnsperf -h 2>&1 | awk '/^Version/{print $2}')"

start consul "$CONSUL" agent -dev -node bench -bind 127.0.0.1 -client 127.0.0.1 -http-port 26520 -dns-port 26553 \
  -server-port 26320 -serf-lan-port 26321 -serf-wan-port 26322 -log-level warn
wait_http http://127.0.0.1:26520/v1/status/leader
until [ "$(curl -fs http://127.0.0.1:26520/v1/status/leader)" != '""' ]; do sleep 0.2; done
"$BENCH_HTTP" register --url http://127.0.0.1:26520 --out "$WORK/zone" --services 100 --per-service 3 --big 5000

mkdir -p "$WORK/nsd"
cat >"$WORK/nsd/nsd.conf" <<NSD
server:
  ip-address: 127.0.0.1
  port: 26554
  server-count: 2
  username: ""
  chroot: ""
  zonesdir: "$WORK/zone"
  database: ""
  zonelistfile: "$WORK/nsd/zone.list"
  xfrdfile: "$WORK/nsd/xfrd.state"
  xfrdir: "$WORK/nsd"
  pidfile: "$WORK/nsd/nsd.pid"
  logfile: "$WORK/nsd/nsd.log"
  hide-version: yes
  verbosity: 0
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: consul
  zonefile: consul.zone
NSD
nsd-checkconf "$WORK/nsd/nsd.conf"
start nsd nsd -d -c "$WORK/nsd/nsd.conf"
for _ in $(seq 100); do dig +short +time=1 +tries=1 @127.0.0.1 -p 26554 svc-000.service.consul A | grep -q . && break; sleep 0.1; done

echo "sample answers (ConsulSharp, then NSD):"
for port in 26553 26554; do
  dig +noall +answer +additional +noedns @127.0.0.1 -p $port svc-007.service.consul SRV | sed 's/^/  /'
done
echo "  big (ConsulSharp): $(dig +short +noedns @127.0.0.1 -p 26553 big.service.consul A | tr '\n' ' ')"

# perf <round> <server> <port> <workload> -> "round server workload qps p50 p99 lost"
perf() {
  local round="$1" server="$2" port="$3" workload="$4" qfile="$WORK/zone/queries-$4.txt" qps lost lat
  out="$(dnsperf -s 127.0.0.1 -p "$port" -d "$qfile" -l "$DURATION" -c 4 -q 100 2>&1)"
  echo "$out" >>"$WORK/dnsperf.log"
  qps="$(echo "$out" | awk '/Queries per second:/{print $4}')"
  lost="$(echo "$out" | awk '/Queries lost:/{print $3}')"
  # fixed-rate run for the latency distribution
  lat="$(dnsperf -s 127.0.0.1 -p "$port" -d "$qfile" -l 5 -Q "$RATE" -c 1 -v 2>/dev/null \
    | awk '$1 == ">" { print $NF * 1000 }' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan nan"; exit }
        i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; printf "%.3f %.3f\n", v[i50], v[i99] }')"
  echo "$round $server $workload $qps $lat $lost" >>"$WORK/results"
}

: >"$WORK/results"
perf 0 consul 26553 small >/dev/null   # warm-up (JIT)
perf 0 consul 26553 big >/dev/null
: >"$WORK/results"
for round in $(seq "$ROUNDS"); do
  for workload in small big; do
    perf "$round" consul 26553 "$workload"
    perf "$round" nsd 26554 "$workload"
  done
  echo "round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

echo
echo "| round | workload | ConsulSharp QPS | p50 ms | p99 ms | lost | NSD QPS | p50 ms | p99 ms | lost | ConsulSharp / NSD |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '{ k = $1 " " $3; q[k, $2] = $4; a[k, $2] = $5; b[k, $2] = $6; l[k, $2] = $7; if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
  END { for (i = 1; i <= n; i++) { k = order[i]; split(k, f, " ");
    printf "| %s | %s | %.0f | %s | %s | %s | %.0f | %s | %s | %s | %.2f |\n", f[1], f[2], q[k, "consul"], a[k, "consul"], b[k, "consul"], l[k, "consul"],
      q[k, "nsd"], a[k, "nsd"], b[k, "nsd"], l[k, "nsd"], (q[k, "nsd"] > 0 ? q[k, "consul"] / q[k, "nsd"] : 0) } }' "$WORK/results"
echo "latency columns: dnsperf -v at a fixed $RATE queries/s for 5 s (not at saturation)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
