// End-to-end view timings inside workerd, through RunnerForFrontend with the
// real auth, bank and profiles workers (ticket exchange, profile read, DO run).
// Reports only; run with
//   PYODIDE_MEASURE=1 npx vitest run --config workers/profile-runner/vitest.config.ts bench/runner.measure.test.ts
import { expect, it } from "vitest";
import helloUser from "../../../profiles/hello-user.py?raw";
import visitTracker from "../../../profiles/visit-tracker.py?raw";
import { newUser, sandboxStats, setProfile, view } from "../test/support/app";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

it("measures views: first after isolate start, warm, with /data, reboot after a discard", async () => {
  const [hello, tracker, dirty, visitor] = await Promise.all([newUser("b-hello"), newUser("b-track"), newUser("b-dirty"), newUser("b-v")]);
  await setProfile(hello, helloUser);
  await setProfile(tracker, visitTracker);
  await setProfile(dirty, "#!python\nopen('/tmp/x', 'w').write('x')\nprint('dirty')");

  const first = await timed(() => view(visitor, hello));
  const warm: number[] = [];
  for (let i = 0; i < 40; i++) warm.push(await timed(() => view(visitor, hello)));
  await view(visitor, tracker); // boots the tracker's interpreter
  const withData: number[] = [];
  for (let i = 0; i < 20; i++) withData.push(await timed(() => view(visitor, tracker)));
  const reboot: number[] = [];
  for (let i = 0; i < 10; i++) reboot.push(await timed(() => view(visitor, dirty)));
  const dirtyStats = await sandboxStats(dirty);
  const report = {
    firstViewAfterIsolateStartMs: first,
    warmHelloUserMs: { p50: pct(warm, 50), p99: pct(warm, 99) },
    warmVisitTrackerMs: { p50: pct(withData, 50), p99: pct(withData, 99) },
    viewThatRebootsEveryTimeMs: { p50: pct(reboot, 50), max: Math.max(...reboot) },
    snapshotBootInsideThatViewMs: dirtyStats.lastBootMs,
    helloStats: await sandboxStats(hello),
  };
  console.log(JSON.stringify(report, null, 2));
  expect(dirtyStats.boots).toBe(10);
});
