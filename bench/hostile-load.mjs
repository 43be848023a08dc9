// `npm run bench:hostile`: is the site still healthy while strangers' profiles
// attack the runner? On a freshly started app (own loopback port, throw-away
// state): 8 clients view normal profiles alone (baseline), then the same 8 while
// 8 more keep viewing hostile ones (under abuse), then each normal profile once
// more (after abuse). Every phase is bounded in time and count, every request
// has a client-side timeout, and the app is stopped however this ends.
// Prints a table; writes the figures to test-artifacts/bench-hostile.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../scripts/app.mjs";
import { selectHostileProfiles } from "./lib/hostile-profiles.mjs";
import { watchGroupMemory } from "./lib/memory-watchdog.mjs";
import { normalOwners } from "./lib/normal-profiles.mjs";
import { profileBox, profileProblem, registeredClient, saveProfile, viewUser } from "./lib/site.mjs";
import { latencySummary, ms } from "./lib/stats.mjs";
import { withThrowawayApp } from "./lib/throwaway-app.mjs";

function positiveNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  return n;
}

const config = {
  phaseSeconds: positiveNumber("BENCH_PHASE_SECONDS", 60),
  maxViewsPerPhase: positiveNumber("BENCH_PHASE_VIEWS", 20_000),
  requestTimeoutMs: positiveNumber("BENCH_TIMEOUT_MS", 30_000),
  // The app (wrangler + workerd) is killed past this much resident memory.
  appMaxRssMiB: positiveNumber("BENCH_APP_MAX_RSS_MIB", 6144),
  normalClients: 8,
  normalOwners: 8,
  hostileClients: 8,
};
const hostile = selectHostileProfiles();
const hostileOwners = hostile.chosen.map((p) => ({ name: `hostile-${p.kind}`, kind: p.kind, text: p.text }));
const outFile = join(root, "test-artifacts", "bench-hostile.json");
const benchStart = performance.now();
const progress = (what) => console.error(`[${((performance.now() - benchStart) / 1000).toFixed(0)} s] ${what}`);

/** Counts by label, with the first message seen for each. */
class Tally {
  counts = {};
  samples = {};
  add(label, sample) {
    this.counts[label] = (this.counts[label] ?? 0) + 1;
    if (sample !== undefined && !(label in this.samples)) this.samples[label] = sample;
  }
  get total() {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
  toJSON() {
    return { counts: this.counts, samples: this.samples };
  }
}

/** Why a normal view failed, or null if the page came back as a profile at all. */
function failureOf(view) {
  if (view.failure) return { label: view.failure };
  if (view.status !== 200) return { label: `http ${view.status}`, sample: view.body.slice(0, 300) };
  const problem = profileProblem(view.body);
  if (problem) return { label: `${problem.kind}: ${problem.type}`, sample: problem.message };
  return null;
}

/** What is wrong with a normal page that did come back, or null. */
function wrongnessOf(view, owner, visitor, memo) {
  const box = profileBox(view.body);
  if (box === null) return "no profile box";
  if (!view.body.includes(`Log out ${visitor}`)) return "not this visitor's page";
  if (!view.body.includes(`<h2 class="profile-owner">${owner.name}</h2>`)) return "not this owner's page";
  if (box.includes("hostile:")) return "a hostile profile's output";
  return owner.check(box, { visitor, owner: owner.name, memo });
}

// What the checks remember per (visitor, owner), across phases: the same
// visitors keep viewing the same owners.
const memos = new Map();

/** Views of normal profiles: latencies, failures and wrong outputs. */
class NormalViews {
  latencies = [];
  errors = new Tally();
  wrong = new Tally();
  record(view, owner, visitor) {
    this.latencies.push(view.ms);
    const key = `${visitor}\n${owner.name}`;
    const memo = memos.get(key) ?? {};
    memos.set(key, memo);
    const failure = failureOf(view);
    if (failure) {
      this.errors.add(failure.label, failure.sample);
      memo.lostView = true;
      return;
    }
    const wrong = wrongnessOf(view, owner, visitor, memo);
    if (wrong) this.wrong.add(`${owner.kind}: ${wrong}`, profileBox(view.body)?.slice(0, 300));
  }
  report(seconds) {
    return {
      ...latencySummary(this.latencies),
      seconds,
      viewsPerSecond: this.latencies.length / seconds,
      errors: this.errors.total,
      errorKinds: this.errors.toJSON(),
      wrongOutputs: this.wrong.total,
      wrongKinds: this.wrong.toJSON(),
    };
  }
}

/** Views of hostile profiles: latencies and what each page said. */
class HostileViews {
  latencies = [];
  said = new Tally();
  timeouts = 0;
  record(view, kind) {
    this.latencies.push(view.ms);
    const said = (label, sample) => this.said.add(`${kind} -> ${label}`, sample);
    if (view.failure) {
      if (view.failure === "timeout") this.timeouts++;
      return said(view.failure);
    }
    if (view.status !== 200) return said(`http ${view.status}`, view.body.slice(0, 300));
    const problem = profileProblem(view.body);
    const cut = profileBox(view.body)?.includes("[output was cut") ? " (output cut)" : "";
    if (problem) said(`${problem.kind}: ${problem.type}${cut}`, problem.message);
    else said(`no message${cut}`, profileBox(view.body)?.slice(0, 200));
  }
  report(seconds) {
    const { n, p50, p99, max } = latencySummary(this.latencies);
    return { n, p50, p99, max, seconds, timeouts: this.timeouts, pageSaid: this.said.toJSON() };
  }
}

// Set when the app ends before the bench stops it (the memory watchdog, a crash): the phases stop early.
let appDown = null;

/**
 * Each client views `owners` round-robin (one shared counter) until the deadline
 * passes or `maxViews` have been started; a view in flight at the deadline is
 * waited for (its timeout bounds that).
 */
async function viewLoop(clients, owners, deadline, maxViews, record) {
  let started = 0;
  await Promise.all(
    clients.map(async ({ client, name }) => {
      while (performance.now() < deadline && started < maxViews && !appDown) {
        const owner = owners[started++ % owners.length];
        record(await viewUser(client, owner.name), owner, name);
      }
    }),
  );
}

async function phase(normalClients, owners, hostileClients) {
  const normal = new NormalViews();
  const hostileViews = new HostileViews();
  const startedAt = performance.now();
  const deadline = startedAt + config.phaseSeconds * 1000;
  await Promise.all([
    viewLoop(normalClients, owners, deadline, config.maxViewsPerPhase, (v, o, visitor) => normal.record(v, o, visitor)),
    hostileClients.length
      ? viewLoop(hostileClients, hostileOwners, deadline, config.maxViewsPerPhase, (v, o) => hostileViews.record(v, o.kind))
      : null,
  ]);
  const seconds = (performance.now() - startedAt) / 1000;
  return { normal: normal.report(seconds), hostile: hostileClients.length ? hostileViews.report(seconds) : undefined };
}

async function clientsNamed(base, prefix, count) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = `${prefix}-${i}`;
      return { name, client: await registeredClient(base, name, { timeoutMs: config.requestTimeoutMs }) };
    }),
  );
}

async function setUpOwners(base, owners) {
  for (const { name, text } of owners) await saveProfile(await registeredClient(base, name, { timeoutMs: config.requestTimeoutMs }), text);
}

let currentPhase = "setup";

async function measure(app) {
  const owners = normalOwners(config.normalOwners);
  await setUpOwners(app.url, owners);
  await setUpOwners(app.url, hostileOwners);
  const normalClients = await clientsNamed(app.url, "visitor", config.normalClients);
  const hostileClients = await clientsNamed(app.url, "attacker", config.hostileClients);

  // Boot every normal owner's interpreter once (with a visitor of its own, so the
  // measured visitors' visit counts start at zero); the phases measure warm runs.
  // The app's first executable view boots Pyodide cold, so it gets more time than a view under load.
  const warmer = { name: "warmer", client: await registeredClient(app.url, "warmer", { timeoutMs: Math.max(config.requestTimeoutMs, 120_000) }) };
  progress("first view of each normal profile…");
  const warmup = new NormalViews();
  for (const o of owners) warmup.record(await viewUser(warmer.client, o.name), o, warmer.name);
  if (warmup.errors.total || warmup.wrong.total) {
    throw new Error(`normal profiles are broken before any load: ${JSON.stringify({ errors: warmup.errors, wrong: warmup.wrong })}`);
  }

  currentPhase = "baseline";
  progress(`baseline: ${config.normalClients} clients, ${config.phaseSeconds} s…`);
  const baseline = await phase(normalClients, owners, []);
  currentPhase = "under abuse";
  progress(`under abuse: + ${config.hostileClients} clients on ${hostile.chosen.map((p) => p.kind).join(", ")}…`);
  const abuse = await phase(normalClients, owners, hostileClients);

  // The next view of every normal profile works after the attack.
  currentPhase = "after abuse";
  progress("after abuse: each normal profile once…");
  const after = new NormalViews();
  const startedAfter = performance.now();
  for (const o of owners) after.record(await viewUser(normalClients[0].client, o.name), o, normalClients[0].name);
  return {
    baseline: baseline.normal,
    underAbuse: abuse.normal,
    afterAbuse: after.report((performance.now() - startedAfter) / 1000),
    hostile: abuse.hostile,
  };
}

progress("starting the app…");
let appPeakRssMiB;
const results = await withThrowawayApp("bench-hostile", async (app) => {
  progress("setting up accounts and profiles…");
  const memory = watchGroupMemory(app.children, {
    limitMiB: config.appMaxRssMiB,
    onTrip: ({ rssMiB }) => progress(`the app passed ${config.appMaxRssMiB} MiB (${rssMiB} MiB resident): killed it`),
  });
  app.exited.then(({ code, signal }) => {
    if (currentPhase === "stopping") return;
    const why = memory.tripped ? { reason: "memory watchdog", ...memory.tripped } : { reason: `app exited (${code ?? signal})` };
    appDown = { ...why, phase: currentPhase };
  });
  try {
    return await measure(app);
  } finally {
    currentPhase = "stopping";
    memory.stop();
    appPeakRssMiB = Math.round(memory.peakMiB);
  }
});
progress("app stopped");

const report = {
  when: new Date().toISOString(),
  config: {
    ...config,
    hostileKinds: hostile.chosen.map((p) => p.kind),
    hostileKindsLeftOut: hostile.left.map((l) => l.kind),
    hostileGroups: hostile.groups,
  },
  ...results,
  anyHostileViewTimedOut: results.hostile.timeouts > 0,
  anyNormalViewWrong: results.baseline.wrongOutputs + results.underAbuse.wrongOutputs + results.afterAbuse.wrongOutputs > 0,
  // Where the app ended before the bench stopped it (the memory watchdog, a crash), or null.
  appDied: appDown,
  appPeakRssMiB,
};
mkdirSync(join(root, "test-artifacts"), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
printTable(report);

function printTable(r) {
  const pad = (x, n) => String(x).padStart(n);
  const oneLine = (x) => String(x ?? "").replace(/\s+/g, " ").slice(0, 110);
  const phases = [
    ["baseline", r.baseline],
    ["under abuse", r.underAbuse],
    ["after abuse", r.afterAbuse],
  ];
  console.log(
    `\nService health under abuse: ${config.normalClients} clients over ${config.normalOwners} normal owners; ` +
      `${config.hostileClients} more over ${hostile.chosen.length} hostile owners (${r.config.hostileKinds.join(", ")})`,
  );
  for (const { kind, flag } of hostile.left) console.log(`  left out: ${kind}${flag ? ` (${flag}=1 includes it)` : ""}`);
  console.log(`\nnormal views (ms)  views views/s      p50      p95      p99      max errors wrong`);
  for (const [name, p] of phases) {
    console.log(
      `${name.padEnd(17)}${pad(p.n, 6)}${pad(p.viewsPerSecond.toFixed(1), 8)}${pad(ms(p.p50), 9)}${pad(ms(p.p95), 9)}` +
        `${pad(ms(p.p99), 9)}${pad(ms(p.max), 9)}${pad(p.errors, 7)}${pad(p.wrongOutputs, 6)}`,
    );
  }
  for (const [name, p] of phases) {
    for (const [label, n] of Object.entries(p.errorKinds.counts)) console.log(`  ${name} error: ${label} x${n} ${oneLine(p.errorKinds.samples[label])}`);
    for (const [label, n] of Object.entries(p.wrongKinds.counts)) console.log(`  ${name} WRONG: ${label} x${n} ${oneLine(p.wrongKinds.samples[label])}`);
  }
  const h = r.hostile;
  console.log(
    `\nhostile views (ms)  ${h.n} views, p50 ${ms(h.p50)}, p99 ${ms(h.p99)}, max ${ms(h.max)}; ` +
      `no page within ${config.requestTimeoutMs / 1000} s: ${h.timeouts}`,
  );
  for (const [label, n] of Object.entries(h.pageSaid.counts)) {
    const sample = h.pageSaid.samples[label];
    console.log(`${pad(n, 7)}  ${label}${sample ? `: ${oneLine(sample)}` : ""}`);
  }
  console.log(
    `\nany hostile view timed out: ${r.anyHostileViewTimedOut ? "YES" : "no"}; any normal view wrong: ${r.anyNormalViewWrong ? "YES" : "no"}; ` +
      `app peak memory ${r.appPeakRssMiB ?? "?"} MiB`,
  );
  if (r.appDied) console.log(`THE APP DIED during ${r.appDied.phase}: ${r.appDied.reason}${r.appDied.rssMiB ? ` at ${r.appDied.rssMiB} MiB` : ""}`);
  console.log(`figures in ${outFile}`);
}
