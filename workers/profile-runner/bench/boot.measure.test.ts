// Boot and run timings measured inside workerd. Not part of `npm test` (it
// asserts no timings, it only reports them); run it with
//   PYODIDE_MEASURE=1 npx vitest run --config workers/profile-runner/vitest.config.ts
import { expect, it } from "vitest";
import { bootPyodide, bootTimings } from "../src/pyodide/loader";
import { constructions } from "../src/pyodide/precompiled-wasm";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

it("measures cold boot, snapshot, snapshot boots and warm runs", async () => {
  const first = await bootPyodide(); // cold, and makes the snapshot
  expect(bootTimings.snapshotBytes).toBeGreaterThan(0);

  const snapshotBoots: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await bootPyodide();
    snapshotBoots.push(performance.now() - t);
  }

  const py = await bootPyodide();
  py.setStdout({ batched: () => {} });
  py.registerJsModule("bridge", { answer: async () => 42 });
  py.runPython("from pyodide.ffi import run_sync\nimport bridge");
  // workerd's clock ticks in whole milliseconds here, so single warm runs
  // (well under 1 ms) are timed in batches of 50 and divided.
  const batch = async (run: () => unknown) => {
    const perRun: number[] = [];
    for (let b = 0; b < 20; b++) {
      const t = performance.now();
      for (let i = 0; i < 50; i++) await run();
      perRun.push((performance.now() - t) / 50);
    }
    return perRun;
  };
  const tiny = await batch(() => py.runPython("print('Hello, <i> test2 </i>'); import time; print('<p>Current time: ', time.time())"));
  const tinyAsync = await batch(() => py.runPythonAsync("print('Hello, <i> test2 </i>')"));
  const roundTrip = await batch(() => py.runPythonAsync("run_sync(bridge.answer())"));
  const report = {
    coldBootMs: bootTimings.coldBootMs,
    snapshotCreateMs: bootTimings.snapshotMs,
    snapshotMiB: (bootTimings.snapshotBytes ?? 0) / 2 ** 20,
    snapshotBootMs: { median: median(snapshotBoots), min: Math.min(...snapshotBoots), max: Math.max(...snapshotBoots) },
    warmRunPythonMsPerRun: { median: median(tiny), worstBatch: Math.max(...tiny) },
    warmRunPythonAsyncMsPerRun: { median: median(tinyAsync), worstBatch: Math.max(...tinyAsync) },
    runSyncRoundTripMsPerRun: { median: median(roundTrip), worstBatch: Math.max(...roundTrip) },
    wasmModulesAnsweredAtBoot: [...constructions.answered].sort(),
  };
  console.log(JSON.stringify(report, null, 2));
  expect(first.version).toBe("314.0.8");
});
