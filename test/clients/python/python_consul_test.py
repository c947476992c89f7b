#!/usr/bin/env python3
"""Drives a ConsulSharp agent with the unmodified python-consul library (Debian python3-consul2, the maintained fork
of python-consul for Consul 1.x; the older python3-consul 0.7.1 sends GET to /v1/agent/check/pass, which Consul 1.x
refuses with 405 as we do), the way applications and Patroni use it. Usage: python_consul_test.py <host> <port>. Prints one line per step and
"PASS <n> steps"; exits 1 with the failing step on the first mismatch."""
import sys
import threading
import time

import consul

host, port = sys.argv[1], int(sys.argv[2])
c = consul.Consul(host=host, port=port)
steps = 0


def step(name, ok, detail=""):
    global steps
    steps += 1
    if not ok:
        print(f"FAIL {name}: {detail}", flush=True)
        sys.exit(1)
    print(f"ok {name}", flush=True)


c.kv.delete("py/", recurse=True)  # a clean slate when run twice against one agent

# Status: a leader is known.
step("status.leader", c.status.leader() not in ("", None), c.status.leader())

# KV: put / get / flags / cas / recurse / keys with separator / delete.
step("kv.put", c.kv.put("py/app/config", "v1") is True)
index, item = c.kv.get("py/app/config")
step("kv.get value", item is not None and item["Value"] == b"v1", item)
step("kv.get index", int(index) >= item["ModifyIndex"], (index, item))
step("kv.put flags", c.kv.put("py/app/flagged", "x", flags=42) is True)
step("kv.get flags", c.kv.get("py/app/flagged")[1]["Flags"] == 42)
modify = item["ModifyIndex"]
step("kv.put cas stale", c.kv.put("py/app/config", "v2", cas=modify - 1 if modify > 1 else 999999) is False)
step("kv.put cas", c.kv.put("py/app/config", "v2", cas=modify) is True)
step("kv.put cas=0 on existing", c.kv.put("py/app/config", "v3", cas=0) is False)
c.kv.put("py/app/sub/a", "1")
c.kv.put("py/app/sub/b", "2")
_, tree = c.kv.get("py/app/", recurse=True)
step("kv.get recurse", sorted(e["Key"] for e in tree) == ["py/app/config", "py/app/flagged", "py/app/sub/a", "py/app/sub/b"], tree)
_, keys = c.kv.get("py/app/", keys=True, separator="/")
step("kv.get keys separator", keys == ["py/app/config", "py/app/flagged", "py/app/sub/"], keys)
missing_index, missing = c.kv.get("py/none")
step("kv.get missing", missing is None and int(missing_index) > 0, (missing_index, missing))
step("kv.delete", c.kv.delete("py/app/flagged") is True and c.kv.get("py/app/flagged")[1] is None)
step("kv.delete recurse", c.kv.delete("py/app/sub/", recurse=True) is True and c.kv.get("py/app/sub/", recurse=True)[1] is None)

# Blocking query: a get with index/wait returns when the key changes, not before.
index, _ = c.kv.get("py/app/config")
result = {}


def watch():
    t0 = time.monotonic()
    result["index"], result["item"] = c.kv.get("py/app/config", index=index, wait="10s")
    result["elapsed"] = time.monotonic() - t0


t = threading.Thread(target=watch)
t.start()
time.sleep(0.5)
step("blocking query still waiting", t.is_alive())
c.kv.put("py/app/config", "v4")
t.join(10)
step("blocking query woke on change", not t.is_alive() and result["item"]["Value"] == b"v4" and int(result["index"]) > int(index), result)

# Sessions and locks as Patroni uses them: TTL session, acquire, contention, release, behavior=delete.
s1 = c.session.create(name="py-leader-1", ttl=15, behavior="delete", lock_delay=0)
s2 = c.session.create(name="py-leader-2", ttl=15, lock_delay=0)
step("session.create", len(s1) == 36 and len(s2) == 36, (s1, s2))
step("lock acquire", c.kv.put("py/service/leader", "node1", acquire=s1) is True)
step("lock contended", c.kv.put("py/service/leader", "node2", acquire=s2) is False)
_, held = c.kv.get("py/service/leader")
step("lock holder", held["Session"] == s1 and held["LockIndex"] == 1, held)
_, info = c.session.info(s1)
step("session.info", info["ID"] == s1 and info["Behavior"] == "delete" and info["TTL"] == "15s", info)
renewed = c.session.renew(s1)
step("session.renew", renewed is not None and renewed["ID"] == s1, renewed)
step("lock release", c.kv.put("py/service/leader", "node1", release=s1) is True)
step("lock taken over", c.kv.put("py/service/leader", "node2", acquire=s2) is True)
_, held = c.kv.get("py/service/leader")
step("new holder", held["Session"] == s2 and held["LockIndex"] == 2, held)
_, sessions = c.session.list()
step("session.list", {s1, s2} <= {s["ID"] for s in sessions}, sessions)
c.kv.put("py/service/ephemeral", "x", acquire=s1)
step("session.destroy", c.session.destroy(s1) is True)
step("behavior=delete removes held keys", c.kv.get("py/service/ephemeral")[1] is None)
c.session.destroy(s2)
_, held = c.kv.get("py/service/leader")
step("behavior=release keeps the key, unlocked", held is not None and held.get("Session") is None, held)

# Agent services and checks, health and catalog.
step("agent.service.register", c.agent.service.register("py-web", service_id="py-web-1", address="127.0.0.1", port=8080,
                                                         tags=["v1", "primary"], check=consul.Check.ttl("30s")) is True)
services = c.agent.services()
step("agent.services", services["py-web-1"]["Port"] == 8080 and services["py-web-1"]["Tags"] == ["v1", "primary"], services["py-web-1"])
checks = c.agent.checks()
step("agent.checks", checks["service:py-web-1"]["Status"] == "critical", checks.get("service:py-web-1"))
step("agent.check.ttl_pass", c.agent.check.ttl_pass("service:py-web-1", notes="all good") is True)
deadline = time.monotonic() + 10
nodes = []
while time.monotonic() < deadline:
    _, nodes = c.health.service("py-web", passing=True)
    if nodes:
        break
    time.sleep(0.1)
step("health.service passing", len(nodes) == 1 and nodes[0]["Service"]["ID"] == "py-web-1"
     and any(ch["Output"] == "all good" for ch in nodes[0]["Checks"]), nodes)
_, tagged = c.health.service("py-web", tag="primary")
step("health.service tag", len(tagged) == 1, tagged)
_, catalog_services = c.catalog.services()
step("catalog.services", catalog_services.get("py-web") is not None and sorted(catalog_services["py-web"]) == ["primary", "v1"], catalog_services)
_, instances = c.catalog.service("py-web")
step("catalog.service", instances[0]["ServicePort"] == 8080 and instances[0]["ServiceAddress"] == "127.0.0.1", instances)
_, catalog_nodes = c.catalog.nodes()
step("catalog.nodes", len(catalog_nodes) >= 1 and "Address" in catalog_nodes[0], catalog_nodes)
step("agent.check.ttl_fail", c.agent.check.ttl_fail("service:py-web-1", notes="down") is True)
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    _, nodes = c.health.service("py-web", passing=True)
    if not nodes:
        break
    time.sleep(0.1)
step("health.service passing excludes critical", nodes == [], nodes)
step("agent.service.deregister", c.agent.service.deregister("py-web-1") is True and "py-web-1" not in c.agent.services())

# Agent self and members, events.
me = c.agent.self()
step("agent.self", me["Config"]["NodeName"] != "" and "Member" in me, list(me.keys()))
step("agent.members", len(c.agent.members()) >= 1)
fired = c.event.fire("py-deploy", "v42")
step("event.fire", fired["Name"] == "py-deploy", fired)
# The agent hears its own event back through gossip, as Consul's does: poll briefly.
deadline = time.monotonic() + 10
events = []
while time.monotonic() < deadline:
    _, events = c.event.list(name="py-deploy")
    if any(e["ID"] == fired["ID"] for e in events):
        break
    time.sleep(0.1)
step("event.list", any(e["ID"] == fired["ID"] for e in events), events)

print(f"PASS {steps} steps", flush=True)
