#!/usr/bin/env bash
# gossip-idle.sh - idle CPU% and RSS per agent: ConsulSharp `consul agent` client processes, ConsulSharp.Gossip-only
# node processes (bench/ConsulSharp.Bench.Gossip --node) and real `serf agent` processes, side by side.
#
# Starts one ConsulSharp server (-server -bootstrap, the join seed; reported separately), N consul clients joined to
# it, N gossip-only bench nodes joined to each other, and N serf agents joined to each other, all on 127.0.0.1.
# After every pool lists all its members alive and a settle time, it samples /proc/<pid>/stat (utime+stime) and
# VmRSS of every process over a window with no polling at all, and prints CPU% and RSS per agent.
#
# Usage: bench/gossip-idle.sh [--n 10] [--window 60] [--settle 15] [--kinds "consul gossip serf"]
# Env: BENCH_NO_BUILD=1 (skip `dotnet build`), AGENT_ENV="VAR=value ..." (extra environment for our processes,
#      e.g. DOTNET_gcServer=0 DOTNET_GCgen0size=0x400000 to try GC settings).
# Only processes started by this script are signalled (by PID); everything binds to 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N=10; WINDOW=60; SETTLE=15; KINDS="consul gossip serf"
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --kinds) KINDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && dotnet build src/ConsulSharp -c Release -nologo -v q >/dev/null && dotnet build bench/ConsulSharp.Bench.Gossip -c Release -nologo -v q >/dev/null)
fi
WORKDIR=$(mktemp -d /tmp/gossip-idle.XXXXXX)
export GI_N="$N" GI_WINDOW="$WINDOW" GI_SETTLE="$SETTLE" GI_KINDS="$KINDS" GI_WORK="$WORKDIR" GI_ENV="${AGENT_ENV:-}"
export GI_CONSUL="$ROOT/src/ConsulSharp/bin/Release/net10.0/consul"
export GI_NODE="$ROOT/bench/ConsulSharp.Bench.Gossip/bin/Release/net10.0/ConsulSharp.Bench.Gossip"
echo "gossip-idle: n=$N window=${WINDOW}s settle=${SETTLE}s kinds=[$KINDS] cpus=$(nproc) load=[$(cut -d' ' -f1-3 /proc/loadavg)] env=[${AGENT_ENV:-}] workdir=$WORKDIR"
rc=0
timeout --signal=TERM 1200 python3 - <<'PY' || rc=$?
import json, os, signal, socket, statistics, subprocess, sys, time, urllib.request

N = int(os.environ["GI_N"]); WINDOW = float(os.environ["GI_WINDOW"]); SETTLE = float(os.environ["GI_SETTLE"])
KINDS = os.environ["GI_KINDS"].split(); WORK = os.environ["GI_WORK"]
CONSUL = os.environ["GI_CONSUL"]; NODE = os.environ["GI_NODE"]
ENV = dict(os.environ)
for kv in os.environ["GI_ENV"].split():
    k, _, v = kv.partition("="); ENV[k] = v
CLK_TCK = os.sysconf("SC_CLK_TCK")
ALL = []

def kill_all():
    for p in ALL:
        if p.poll() is None:
            p.kill()
    for p in ALL:
        try: p.wait(timeout=5)
        except Exception: pass

signal.signal(signal.SIGTERM, lambda *a: (kill_all(), sys.exit(130)))
signal.signal(signal.SIGINT, lambda *a: (kill_all(), sys.exit(130)))

def port_free(p):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try: s.bind(("127.0.0.1", p))
        except OSError: return False
        finally: s.close()
    return True

_next = [28100]
def ports(k):
    out = []
    while len(out) < k:
        if port_free(_next[0]): out.append(_next[0])
        _next[0] += 1
    return out

def spawn(name, cmd, env=None, stdin=subprocess.DEVNULL, stdout=None):
    log = open(os.path.join(WORK, name + ".log"), "w")
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout or log, stderr=log, env=env, text=True)
    ALL.append(p)
    return p

def wait_until(pred, timeout, what):
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            if pred(): return
        except Exception:
            pass
        time.sleep(0.5)
    raise TimeoutError(what)

def sample(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"): rss = int(line.split()[1])
    return ticks, rss

groups = {}  # kind -> list of (name, Popen)
try:
    if "consul" in KINDS:
        sp, shttp = ports(2)
        server = spawn("consul-server", [CONSUL, "agent", "-server", "-bootstrap", "-node=idle-server",
            "-data-dir=" + os.path.join(WORK, "server"), "-bind=127.0.0.1", "-http-port=%d" % shttp, "-dns-port=-1",
            "-serf-lan-port=%d" % sp, "-serf-wan-port=0", "-server-port=0"], env=ENV)
        clients = []
        for i in range(N):
            lp, hp = ports(2)
            p = spawn("consul-c%02d" % i, [CONSUL, "agent", "-node=idle-c%02d" % i, "-data-dir=" + os.path.join(WORK, "c%02d" % i),
                "-bind=127.0.0.1", "-http-port=%d" % hp, "-dns-port=-1", "-serf-lan-port=%d" % lp,
                "-join=127.0.0.1:%d" % sp], env=ENV)
            clients.append(("idle-c%02d" % i, p, hp))
        def consul_converged():
            for _, _, hp in clients:
                ms = json.load(urllib.request.urlopen("http://127.0.0.1:%d/v1/agent/members" % hp, timeout=2))
                if len(ms) != N + 1 or any(m["Status"] != 1 for m in ms): return False
            return True
        wait_until(consul_converged, 120, "consul clients converge")
        groups["consul client"] = [(n, p) for n, p, _ in clients]
        groups["consul server (seed)"] = [("idle-server", server)]
    if "gossip" in KINDS:
        nodes = []
        for i in range(N):
            p = spawn("gossip-%02d" % i, [NODE, "--node", "idle-g%02d" % i], env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            port = int(p.stdout.readline().split()[1])
            nodes.append((p, port))
        for p, _ in nodes[1:]:
            p.stdin.write("join 127.0.0.1:%d\n" % nodes[0][1]); p.stdin.flush()
            if not p.stdout.readline().startswith("ok"): raise RuntimeError("gossip node join failed")
        def gossip_converged():
            for p, _ in nodes:
                p.stdin.write("members\n"); p.stdin.flush()
                st = p.stdout.readline().split()[3:]
                if len(st) != N or any(not s.endswith(":alive") for s in st): return False
            return True
        wait_until(gossip_converged, 60, "gossip nodes converge")
        groups["ConsulSharp.Gossip node"] = [("idle-g%02d" % i, p) for i, (p, _) in enumerate(nodes)]
    if "serf" in KINDS:
        agents = []
        for i in range(N):
            g, r = ports(2)
            cmd = ["serf", "agent", "-node=idle-s%02d" % i, "-bind=127.0.0.1:%d" % g, "-rpc-addr=127.0.0.1:%d" % r, "-log-level=warn"]
            if agents: cmd.append("-join=127.0.0.1:%d" % agents[0][2])
            agents.append(("idle-s%02d" % i, spawn("serf-%02d" % i, cmd), g, r))
            if i == 0:  # the seed must listen before the others start with -join
                wait_until(lambda: socket.create_connection(("127.0.0.1", r), timeout=1).close() is None, 30, "serf seed up")
        def serf_converged():
            out = subprocess.run(["serf", "members", "-rpc-addr=127.0.0.1:%d" % agents[-1][3], "-status=alive"],
                                 capture_output=True, text=True, timeout=5).stdout
            return len(out.strip().splitlines()) == N
        wait_until(serf_converged, 60, "serf agents converge")
        groups["serf 0.9.4 agent"] = [(n, p) for n, p, _, _ in agents]

    time.sleep(SETTLE)
    before = {n: sample(p.pid) for g in groups.values() for n, p in g}
    time.sleep(WINDOW)
    after = {n: sample(p.pid) for g in groups.values() for n, p in g}
    print("| agent | processes | idle CPU % per agent (mean / max) | RSS MiB per agent (mean / max) |")
    print("|---|---|---|---|")
    for kind, g in groups.items():
        cpu = [100.0 * (after[n][0] - before[n][0]) / CLK_TCK / WINDOW for n, _ in g]
        rss = [after[n][1] / 1024.0 for n, _ in g]
        print("| %s | %d | %.2f / %.2f | %.1f / %.1f |" % (kind, len(g), statistics.mean(cpu), max(cpu), statistics.mean(rss), max(rss)))
finally:
    kill_all()
PY
echo "load after: [$(cut -d' ' -f1-3 /proc/loadavg)]; logs in $WORKDIR"
exit $rc
