// Drives a ConsulSharp agent with the unmodified node-consul library (npm `consul`, pinned in package.json).
// Usage: node node_consul_test.js <host> <port>. Prints one line per step and "PASS <n> steps"; exits 1 on the first
// mismatch.
"use strict";
const Consul = require("consul");

const [host, port] = [process.argv[2], Number(process.argv[3])];
const consul = new Consul({ host, port });
let steps = 0;

function step(name, ok, detail) {
  steps++;
  if (!ok) {
    console.log(`FAIL ${name}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${name}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(fn, ms = 10000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last.done) return last;
    await sleep(100);
  }
  return last;
}

async function main() {
  await consul.kv.del({ key: "node/", recurse: true });

  const leader = await consul.status.leader();
  step("status.leader", typeof leader === "string" && leader.length > 0, leader);

  // KV
  step("kv.set", (await consul.kv.set("node/cfg", "v1")) === true);
  const item = await consul.kv.get("node/cfg");
  step("kv.get", item && item.Value === "v1" && item.Key === "node/cfg", item);
  // node-consul 2.0.1 resolves a `false` answer as undefined (papi's `!value && maybeValue`), with Consul too.
  step("kv.set cas stale", !(await consul.kv.set({ key: "node/cfg", value: "v2", cas: item.ModifyIndex + 1000 })) && (await consul.kv.get("node/cfg")).Value === "v1");
  step("kv.set cas", (await consul.kv.set({ key: "node/cfg", value: "v2", cas: item.ModifyIndex })) === true);
  step("kv.set flags", (await consul.kv.set({ key: "node/flagged", value: "x", flags: 7 })) === true);
  step("kv.get flags", (await consul.kv.get("node/flagged")).Flags === 7);
  await consul.kv.set("node/dir/a", "1");
  await consul.kv.set("node/dir/b", "2");
  const tree = await consul.kv.get({ key: "node/", recurse: true });
  step("kv.get recurse", Array.isArray(tree) && tree.map((e) => e.Key).sort().join() === "node/cfg,node/dir/a,node/dir/b,node/flagged", tree);
  const keys = await consul.kv.keys({ key: "node/", separator: "/" });
  step("kv.keys separator", keys.join() === "node/cfg,node/dir/,node/flagged", keys);
  step("kv.get missing", (await consul.kv.get("node/none")) === undefined);
  const raw = await consul.kv.get({ key: "node/cfg", raw: true });
  step("kv.get raw", Buffer.isBuffer(raw) && raw.toString() === "v2", raw && raw.toString());
  step("kv.del", (await consul.kv.del("node/flagged")) === true && (await consul.kv.get("node/flagged")) === undefined);
  step("kv.del recurse", (await consul.kv.del({ key: "node/dir/", recurse: true })) === true);

  // Transactions
  const txn = await consul.transaction.create([
    { KV: { Verb: "set", Key: "node/txn/a", Value: Buffer.from("A").toString("base64") } },
    { KV: { Verb: "get", Key: "node/cfg" } },
  ]);
  step("txn", txn.Results && txn.Results.length === 2 && txn.Results[1].KV.Key === "node/cfg", txn);
  let failed;
  try {
    await consul.transaction.create([
      { KV: { Verb: "set", Key: "node/txn/b", Value: Buffer.from("B").toString("base64") } },
      { KV: { Verb: "check-not-exists", Key: "node/txn/a" } },
    ]);
  } catch (err) {
    failed = err;
  }
  step("txn rolled back with 409", failed && failed.response && failed.response.statusCode === 409 && (await consul.kv.get("node/txn/b")) === undefined,
    failed && failed.message);

  // Watch (blocking queries with index): fires for the current value, then for a change.
  const seen = [];
  const watch = consul.watch({ method: consul.kv.get, options: { key: "node/watched" } });
  watch.on("change", (data) => seen.push(data ? data.Value : null));
  watch.on("error", (err) => seen.push("error:" + err.message));
  await until(async () => ({ done: seen.length >= 1 }));
  await consul.kv.set("node/watched", "w1");
  const watched = await until(async () => ({ done: seen.includes("w1") }));
  watch.end();
  step("watch sees the change", watched.done && !seen.some((s) => typeof s === "string" && s.startsWith("error:")), seen);

  // Sessions and locks
  const s1 = (await consul.session.create({ name: "node-lock-1", ttl: "15s", lockdelay: "0s" })).ID;
  const s2 = (await consul.session.create({ name: "node-lock-2", ttl: "15s", lockdelay: "0s" })).ID;
  step("session.create", s1 && s2 && s1.length === 36, [s1, s2]);
  step("lock acquire", (await consul.kv.set({ key: "node/lock", value: "a", acquire: s1 })) === true);
  step("lock contended", !(await consul.kv.set({ key: "node/lock", value: "b", acquire: s2 })));
  const info = await consul.session.info(s1);
  step("session.info", info && info.ID === s1 && info.TTL === "15s", info);
  const renewed = await consul.session.renew(s1);
  step("session.renew", Array.isArray(renewed) && renewed[0].ID === s1, renewed);
  await consul.session.destroy(s1);
  step("lock freed by destroy", (await consul.kv.set({ key: "node/lock", value: "b", acquire: s2 })) === true);
  await consul.session.destroy(s2);

  // Agent services, health, catalog
  await consul.agent.service.register({ name: "node-web", id: "node-web-1", address: "127.0.0.1", port: 9090, tags: ["blue"], check: { ttl: "30s" } });
  const services = await consul.agent.service.list();
  step("agent.service.list", services["node-web-1"] && services["node-web-1"].Port === 9090, services);
  await consul.agent.check.pass({ id: "service:node-web-1", note: "ready" });
  const healthy = await until(async () => {
    const nodes = await consul.health.service({ service: "node-web", passing: true });
    return { done: nodes.length === 1, nodes };
  });
  step("health.service passing", healthy.done && healthy.nodes[0].Service.ID === "node-web-1", healthy.nodes);
  const catalog = await consul.catalog.service.list();
  step("catalog.service.list", catalog["node-web"] && catalog["node-web"].includes("blue"), catalog);
  const nodes = await consul.catalog.service.nodes("node-web");
  step("catalog.service.nodes", nodes.length === 1 && nodes[0].ServicePort === 9090, nodes);
  await consul.agent.check.fail({ id: "service:node-web-1", note: "broken" });
  const unhealthy = await until(async () => {
    const n = await consul.health.service({ service: "node-web", passing: true });
    return { done: n.length === 0, nodes: n };
  });
  step("health.service passing excludes critical", unhealthy.done, unhealthy.nodes);
  await consul.agent.service.deregister("node-web-1");
  step("agent.service.deregister", !(await consul.agent.service.list())["node-web-1"]);

  // Agent, events
  const self = await consul.agent.self();
  step("agent.self", self.Config && self.Config.NodeName, Object.keys(self));
  const members = await consul.agent.members();
  step("agent.members", members.length >= 1 && members[0].Name, members);
  const fired = await consul.event.fire("node-deploy", "v1");
  step("event.fire", fired.Name === "node-deploy", fired);
  // The agent hears its own event back through gossip, as Consul's does: poll briefly.
  const listed = await until(async () => {
    const events = await consul.event.list({ name: "node-deploy" });
    return { done: events.some((e) => e.ID === fired.ID), events };
  });
  step("event.list", listed.done, listed.events);

  console.log(`PASS ${steps} steps`);
}

main().catch((err) => {
  console.log(`FAIL exception: ${err && err.stack}`);
  process.exit(1);
});
