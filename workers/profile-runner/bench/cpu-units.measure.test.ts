// Calibrates the work meter: how many units (wasm function entries and loop
// iterations) a second of various kinds of Python work spends in workerd on
// this machine. It reports; it asserts nothing about time. Run with
//   PYODIDE_MEASURE=1 npx vitest run --config workers/profile-runner/vitest.config.ts bench/cpu-units.measure.test.ts
import { expect, it } from "vitest";
import { FuelMeter } from "../src/pyodide/fuel-meter";
import { bootPyodide } from "../src/pyodide/loader";

const WORKLOADS: Record<string, string> = {
  "python loop": "x = 0\nfor i in range(3_000_000): x += i",
  "function calls": "def f(a): return a + 1\nx = 0\nfor i in range(1_000_000): x = f(x)",
  "string building": "s = []\nfor i in range(300_000): s.append(str(i) * 3)\n''.join(s)",
  "dict churn": "d = {}\nfor i in range(500_000): d[i % 1000] = d.get(i % 1000, 0) + i",
  "sum(range) (C loop)": "sum(range(30_000_000))",
  "big power (C loop)": "x = 7 ** 300_000",
  "sorting": "import random\nr = random.Random(1)\nl = [r.random() for _ in range(200_000)]\nl.sort()",
  "regex backtracking (C loop)": "import re\nre.match(r'(a+)+$', 'a' * 22 + 'b')",
  "json": "import json\nd = [{'k': i, 'v': str(i)} for i in range(50_000)]\njson.loads(json.dumps(d))",
};

it("reports units per millisecond for each workload", async () => {
  const meter = new FuelMeter();
  const py = await bootPyodide({ meter });
  const rows: Record<string, { ms: number; units: number; unitsPerMs: number }> = {};
  for (const [name, code] of Object.entries(WORKLOADS)) {
    py.runPython(code); // warm up
    const times: { ms: number; units: number }[] = [];
    for (let i = 0; i < 3; i++) {
      meter.start(Number.MAX_SAFE_INTEGER);
      const t = performance.now();
      py.runPython(code);
      const ms = performance.now() - t;
      times.push({ ms, units: meter.stop() });
    }
    const best = times.sort((a, b) => a.ms - b.ms)[1];
    rows[name] = { ms: best.ms, units: best.units, unitsPerMs: Math.round(best.units / best.ms) };
  }
  console.log(JSON.stringify(rows, null, 1));
  expect(Object.keys(rows)).toHaveLength(Object.keys(WORKLOADS).length);
});
