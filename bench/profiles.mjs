// `npm run bench:profiles`: how fast executable profiles are, end to end through
// the frontend, on a freshly started app (own port, throw-away state). Loopback
// only; every loop is bounded in count and time. Prints a table and a JSON line.
import { CookieClient, loginAs } from "../test/support/cookie-client.ts";
import { sampleProfile as sample, saveProfile as setProfile } from "./lib/site.mjs";
import { latencySummary } from "./lib/stats.mjs";
import { withThrowawayApp } from "./lib/throwaway-app.mjs";

const WARM_VIEWS = Number(process.env.BENCH_WARM_VIEWS ?? 300);
const TRACKER_VIEWS = Number(process.env.BENCH_TRACKER_VIEWS ?? 100);
const OWNERS = 20;
const CLIENTS = 8;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const LOAD_MAX_VIEWS = 20_000;
// No view may hang the bench: each request (headers and body) gives up after this.
const REQUEST_TIMEOUT_MS = 30_000;

function summary(ms) {
  const { n, p50, p99, max } = latencySummary(ms);
  return { n, p50, p99, max };
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

const results = {};
await withThrowawayApp("bench", async (app) => {
  const base = app.url;
  const visitor = new CookieClient(base, { timeoutMs: REQUEST_TIMEOUT_MS });
  await loginAs(visitor, "bench-visitor", "pw", true);
  const owners = [];
  for (let i = 0; i < OWNERS; i++) {
    const c = new CookieClient(base, { timeoutMs: REQUEST_TIMEOUT_MS });
    const name = `bench-owner-${i}`;
    await loginAs(c, name, "pw", true);
    await setProfile(c, sample("hello-user.py"));
    owners.push(name);
  }
  const trackerOwner = new CookieClient(base, { timeoutMs: REQUEST_TIMEOUT_MS });
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
      const c = new CookieClient(base, { timeoutMs: REQUEST_TIMEOUT_MS });
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
});

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
console.log("\nExecutable profiles, end to end through the frontend (ms)");
console.log(`first view after start          ${f(results.firstViewMs)}`);
console.log(`warm hello-user.py  p50 / p99    ${f(results.warmHello.p50)} / ${f(results.warmHello.p99)}   (n=${results.warmHello.n})`);
console.log(`visit-tracker.py    p50 / p99    ${f(results.visitTracker.p50)} / ${f(results.visitTracker.p99)}   (n=${results.visitTracker.n})`);
const c = results.concurrent;
console.log(`${c.clients} clients over ${c.owners} owners: ${f(c.viewsPerSecond)} views/s, p50 ${f(c.p50)}, p99 ${f(c.p99)} (n=${c.n}, ${f(c.seconds)} s)`);
console.log(JSON.stringify(results));
