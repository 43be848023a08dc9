// Compares the shipped and the metered interpreter binary under Node (V8, same
// workloads), to report what the meter costs. Reports only. Run from a scratch
// copy of node_modules/pyodide with metered.wasm beside it:
//   mkdir /tmp/mb && cp node_modules/pyodide/* /tmp/mb && cp node_modules/pyodide/pyodide.asm.wasm /tmp/mb/shipped.wasm && cp workers/profile-runner/build/pyodide-metered.wasm /tmp/mb/metered.wasm
//   cp workers/profile-runner/bench/meter-overhead.mjs /tmp/mb/ && cd /tmp/mb && node meter-overhead.mjs shipped && node meter-overhead.mjs metered
import { copyFileSync } from "node:fs";
const which = process.argv[2];
copyFileSync(which === "metered" ? "./metered.wasm" : "./shipped.wasm", "./pyodide.asm.wasm");
const origInst = WebAssembly.instantiate;
let fuel;
WebAssembly.instantiate = async function (mod, imports) {
  if (imports && imports.env) imports.zoobar = { out_of_fuel: () => { fuel.value = 2 ** 30; return 1; }, yield_point: () => 0, yield_now: () => 0 };
  const r = await origInst.call(this, mod, imports);
  const inst = r.instance ?? r;
  if (inst.exports.zoobar_fuel) fuel = inst.exports.zoobar_fuel;
  return r;
};
const { loadPyodide } = await import("./pyodide.mjs");
const py = await loadPyodide({ indexURL: new URL(".", import.meta.url).pathname });
const work = {
  loop: "x = 0\nfor i in range(3_000_000): x += i",
  calls: "def f(a): return a + 1\nx = 0\nfor i in range(1_000_000): x = f(x)",
  strings: "s = []\nfor i in range(300_000): s.append(str(i) * 3)\n''.join(s)",
  csum: "sum(range(30_000_000))",
  pow: "x = 7 ** 300_000",
  regex: "import re\nre.match(r'(a+)+$', 'a' * 22 + 'b')",
  json: "import json\nd = [{'k': i, 'v': str(i)} for i in range(50_000)]\njson.loads(json.dumps(d))",
};
const out = {};
for (const [k, code] of Object.entries(work)) {
  py.runPython(code);
  const t = [];
  for (let i = 0; i < 5; i++) { const s = performance.now(); py.runPython(code); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  out[k] = Math.round(t[2]);
}
console.log(which, JSON.stringify(out), "fuel export:", !!fuel);
