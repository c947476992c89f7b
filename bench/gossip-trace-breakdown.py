#!/usr/bin/env python3
"""Failure-detection timeline per run, from ConsulSharp.Bench.Gossip --trace files or gossip-serf-trace.sh run
directories (<workdir>/n30-r1 ...). For the SIGKILLed member: kill -> first failed probe of it (suspicion raised by a
prober) -> first suspicion timeout (marked failed) -> last survivor marks it failed; plus how many probes of the
victim failed before the first timeout. Usage: gossip-trace-breakdown.py FILE_OR_DIR...
"""
import glob, os, re, statistics, sys

def ours(path):
    lines = [l.split(None, 3) for l in open(path) if l.strip()]
    ev = [(float(p[0]), p[1], p[2] if len(p) > 2 else "", p[3] if len(p) > 3 else "") for p in lines]
    kill = next(((t, rest.split()[-1]) for t, node, eid, rest in ev if node == "----" and eid == "kill"), None)
    if kill is None:
        return None
    tk, victim = kill
    after = [e for e in ev if e[0] >= tk]
    suspect = [t for t, n, eid, rest in after if eid == "2115" and ("from " + victim + " ") in rest]
    expired = [t for t, n, eid, rest in after if eid == "2111" and (" " + victim + " ") in " " + rest]
    failed = {}
    for t, n, eid, rest in after:
        if eid == "2201" and "Failed" in rest and rest.strip().endswith(victim):
            failed.setdefault(n, t)
    return tk, suspect, expired, failed

def serf(rundir):
    marks = os.path.join(rundir, "marks.log")
    if not os.path.exists(marks):
        return None
    kill = [l.split() for l in open(marks) if "---- kill" in l]
    if not kill:
        return None
    tk, victim = float(kill[0][0]), kill[0][-1]
    suspect, expired, failed = [], [], {}
    for log in glob.glob(os.path.join(rundir, "*.log")):
        node = os.path.basename(log)[:-4]
        for l in open(log, errors="replace"):
            m = re.match(r"(\d+\.\d+) ", l)
            if not m or float(m.group(1)) < tk:
                continue
            t = float(m.group(1))
            if "Suspect " + victim + " has failed, no acks received" in l:
                suspect.append(t)
            elif "Marking " + victim + " as failed" in l:
                expired.append(t)
            elif "EventMemberFailed: " + victim + " " in l:
                failed.setdefault(node, t)
    return tk, sorted(suspect), sorted(expired), failed

rows = []
for arg in sys.argv[1:]:
    r = serf(arg) if os.path.isdir(arg) else ours(arg)
    if r is None:
        continue
    tk, suspect, expired, failed = r
    row = {
        "run": arg,
        "first_suspect": round(suspect[0] - tk, 3) if suspect else None,
        "first_timeout": round(expired[0] - tk, 3) if expired else None,
        "suspect_to_timeout": round(expired[0] - suspect[0], 3) if suspect and expired else None,
        "failed_probes_before_timeout": len([t for t in suspect if expired and t < expired[0]]),
        "all_failed": round(max(failed.values()) - tk, 3) if failed else None,
    }
    rows.append(row)
    print(row)
for k in ("first_suspect", "suspect_to_timeout", "first_timeout", "all_failed"):
    v = [r[k] for r in rows if r[k] is not None]
    if v:
        print("%-20s median %.3f  mean %.3f  (n=%d)" % (k, statistics.median(v), statistics.mean(v), len(v)))
