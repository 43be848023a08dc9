// `npm run bench:profiles`: how fast executable profiles are, end to end through
// the frontend, on a freshly started app (own port, throw-away state). Loopback
// only; every loop is bounded in count and time. Prints a table and a JSON line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root, startThrowawayApp } from "../scripts/app.mjs";
import { CookieClient, loginAs } from "../test/support/cookie-client.ts";

const WARM_VIEWS = Number(process.env.BENCH_WARM_VIEWS ?? 300);
const TRACKER_VIEWS = Number(process.env.BENCH_TRACKER_VIEWS ?? 100);
const OWNERS = 20;
const CLIENTS = 8;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const LOAD_MAX_VIEWS = 20_000;

const sample = (name) => readFileSync(join(root, "profiles", name), "utf8");

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

async function timedView(client, owner, expect) {
  const started = performance.now();
  const page = await client.get(`/zoobar/index.cgi/users?user=${encodeURIComponent(owner)}`);
  const ms = performance.now() - started;
  if (page.status !== 200 || !expect.test(page.body) || /Traceback|could not be run|was stopped/.test(page.body)) {
    throw new Error(`unexpected page for ${owner} (${page.status}):\n${page.body.slice(0, 2000)}`);
  }
  return ms;
}

async function setProfile(client, text) {
  const res = await client.post("/zoobar/index.cgi/", { profile_update: text, profile_submit: "Save" });
  if (res.status >= 400) throw new Error(`saving a profile failed: ${res.status}`);
}

const app = await startThrowawayApp("bench");
const results = {};
try {
  const base = app.url;
  const visitor = new CookieClient(base);
  await loginAs(visitor, "bench-visitor", "pw", true);
  const owners = [];
  for (let i = 0; i < OWNERS; i++) {
    const c = new CookieClient(base);
    const name = `bench-owner-${i}`;
    await loginAs(c, name, "pw", true);
    await setProfile(c, sample("hello-user.py"));
    owners.push(name);
  }
  const trackerOwner = new CookieClient(base);
  await loginAs(trackerOwner, "bench-tracker", "pw", true);
  await setProfile(trackerOwner, sample("visit-tracker.py"));

  const hello = /Hello, <i> bench-visitor <\/i>/;
  results.firstViewMs = await timedView(visitor, owners[0], hello);

  const warm = [];
  for (let i = 0; i < WARM_VIEWS; i++) warm.push(await timedView(visitor, owners[0], hello));
  results.warmHello = summary(warm.slice(Math.min(10, warm.length / 10)));

  const tracker = [];
  for (let i = 0; i < TRACKER_VIEWS; i++) tracker.push(await timedView(visitor, "bench-tracker", /Your visit count: \d+/));
  results.visitTracker = summary(tracker.slice(1));

  // Every owner once, so the load phase measures warm runs rather than first boots.
  for (const o of owners) await timedView(visitor, o, hello);

  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const c = new CookieClient(base);
      await loginAs(c, `bench-client-${i}`, "pw", true);
      return c;
    }),
  );
  const deadline = performance.now() + LOAD_SECONDS * 1000;
  const loadMs = [];
  let next = 0;
  const startedLoad = performance.now();
  await Promise.all(
    clients.map(async (c, i) => {
      while (performance.now() < deadline && loadMs.length < LOAD_MAX_VIEWS) {
        const owner = owners[next++ % OWNERS];
        loadMs.push(await timedView(c, owner, new RegExp(`Hello, <i> bench-client-${i} </i>`)));
      }
    }),
  );
  const loadSeconds = (performance.now() - startedLoad) / 1000;
  results.concurrent = { clients: CLIENTS, owners: OWNERS, seconds: loadSeconds, viewsPerSecond: loadMs.length / loadSeconds, ...summary(loadMs) };
} finally {
  await app.stop();
}

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
console.log("\nExecutable profiles, end to end through the frontend (ms)");
console.log(`first view after start          ${f(results.firstViewMs)}`);
console.log(`warm hello-user.py  p50 / p99    ${f(results.warmHello.p50)} / ${f(results.warmHello.p99)}   (n=${results.warmHello.n})`);
console.log(`visit-tracker.py    p50 / p99    ${f(results.visitTracker.p50)} / ${f(results.visitTracker.p99)}   (n=${results.visitTracker.n})`);
const c = results.concurrent;
console.log(`${c.clients} clients over ${c.owners} owners: ${f(c.viewsPerSecond)} views/s, p50 ${f(c.p50)}, p99 ${f(c.p99)} (n=${c.n}, ${f(c.seconds)} s)`);
console.log(JSON.stringify(results));
