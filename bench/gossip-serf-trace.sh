#!/usr/bin/env bash
# gossip-serf-trace.sh - runs /work/shared/reference/gossip/serf-baseline.sh (same procedure, same arguments) with
# every serf agent at -log-level=debug and each agent log line prefixed with the wall-clock time it was read
# (seconds, ms resolution: serf's own timestamps have 1 s resolution), plus the kill and leave instants in
# <workdir>/<run>/marks.log. For comparing serf's failure-detection timeline with ours
# (ConsulSharp.Bench.Gossip --trace FILE). The reference script itself is not modified: a patched copy is run.
# With KILL_JITTER=S (env) the kill waits a uniformly random extra 0..S seconds (as ConsulSharp.Bench.Gossip
# --kill-jitter S), so that it lands at a random phase of the agents' probe tickers.
# Usage: [KILL_JITTER=1] bench/gossip-serf-trace.sh [serf-baseline.sh arguments]
set -euo pipefail
REF=${SERF_BASELINE:-/work/shared/reference/gossip/serf-baseline.sh}
COPY=$(mktemp /tmp/serf-baseline-trace.XXXXXX.sh)
python3 - "$REF" "$COPY" <<'PY'
import sys
src = open(sys.argv[1]).read()
edits = [
    ('"-log-level=warn"', '"-log-level=debug"'),
    ('''        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT)''',
     '''        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        def pump(out=self.proc.stdout, log=self.log):
            for raw in iter(out.readline, b""):
                try:
                    log.write("%.3f %s" % (time.time(), raw.decode(errors="replace")))
                    log.flush()
                except ValueError:
                    return
        threading.Thread(target=pump, daemon=True).start()'''),
    ('''        victim.rpc.close(); victim.rpc = None''',
     '''        victim.rpc.close(); victim.rpc = None
        time.sleep(__import__("random").random() * float(os.environ.get("KILL_JITTER", "0")))'''),
    ('''        victim.proc.send_signal(signal.SIGKILL)''',
     '''        victim.proc.send_signal(signal.SIGKILL)
        with open(os.path.join(WORKDIR, tag, "marks.log"), "a") as mk:
            mk.write("%.3f ---- kill %s\\n" % (t0, victim.name))'''),
    ('''            leaver.rpc.send("leave")''',
     '''            leaver.rpc.send("leave")
            with open(os.path.join(WORKDIR, tag, "marks.log"), "a") as mk:
                mk.write("%.3f ---- leave %s\\n" % (t0, leaver.name))'''),
]
for old, new in edits:
    if old not in src:
        sys.exit("serf-baseline.sh changed; cannot patch: " + old[:60])
    src = src.replace(old, new, 1)
open(sys.argv[2], "w").write(src)
PY
trap 'rm -f "$COPY"' EXIT
bash "$COPY" "$@"
