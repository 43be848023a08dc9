// Pyodide boots inside workerd from the bundled files and runs ordinary code.
import { describe, expect, it } from "vitest";
import { bootPyodide, bootPyodideCold, PYODIDE_VERSION } from "../src/pyodide/loader";
import { capture } from "./helpers";

describe("booting Pyodide in workerd", () => {
  it("boots the pinned version and prints through setStdout", async () => {
    const py = await bootPyodide();
    expect(py.version).toBe(PYODIDE_VERSION);
    const out = capture(py);
    py.runPython("print('hello', 'from', 'python'); print(6 * 7)");
    expect(out.stdout).toEqual(["hello from python", "42"]);
  });

  it("has a working clock: time.time() is the real time", async () => {
    const py = await bootPyodide();
    const before = Date.now() / 1000;
    const t = py.runPython("import time; time.time()") as number;
    expect(typeof t).toBe("number");
    // Same clock as JavaScript's, to within a few seconds of slack.
    expect(Math.abs(t - before)).toBeLessThan(5);
  });

  it("runs the standard library from the bundled zip", async () => {
    const py = await bootPyodide();
    const out = capture(py);
    py.runPython(`
import json, hashlib, re, sys
print(json.dumps({"a": [1, 2]}))
print(hashlib.sha256(b"zoobar").hexdigest()[:12])
print(re.sub(r"o+", "0", "zoobar"))
print(sys.version_info[:2] >= (3, 14))
`);
    expect(out.stdout).toEqual(['{"a": [1, 2]}', "5d3a5aa95990", "z0bar", "True"]);
  });

  it("gives every boot its own interpreter", async () => {
    const a = await bootPyodide();
    const b = await bootPyodide();
    a.runPython("import builtins; builtins.marker = 'from a'; open('/tmp/a.txt', 'w').write('a')");
    expect(a.runPython("marker")).toBe("from a");
    expect(b.runPython("import builtins; hasattr(builtins, 'marker')")).toBe(false);
    expect(b.runPython("import os; os.path.exists('/tmp/a.txt')")).toBe(false);
  });

  it("a snapshot boot sees the jsglobals it was given, not those of the snapshot", async () => {
    await bootPyodide({ jsglobals: { tag: "first" } });
    const py = await bootPyodide({ jsglobals: { tag: "second" } });
    expect(py.runPython("import js; js.tag")).toBe("second");
  });

  it("boots cold without a snapshot too", async () => {
    const py = await bootPyodideCold();
    const out = capture(py);
    py.runPython("print(sum(range(10)))");
    expect(out.stdout).toEqual(["45"]);
  });

  it("reports an uncaught Python exception as a JavaScript error with the traceback", async () => {
    const py = await bootPyodide();
    expect(() => py.runPython("1 / 0")).toThrow(/ZeroDivisionError: division by zero/);
    // The interpreter stays usable afterwards.
    expect(py.runPython("2 + 2")).toBe(4);
  });
});

describe("the boot-time stand-ins", () => {
  it("overlapping boots all succeed and leave fetch and location as they were", async () => {
    const fetchBefore = globalThis.fetch;
    const interpreters = await Promise.all([bootPyodide(), bootPyodide(), bootPyodideCold()]);
    expect(interpreters.map((py) => py.runPython("1 + 1"))).toEqual([2, 2, 2]);
    expect(globalThis.fetch).toBe(fetchBefore);
    expect("location" in globalThis).toBe(false);
  });

  it("leaves Python output nowhere until the caller sets a stream", async () => {
    const py = await bootPyodide();
    const logged: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logged.push(args);
    try {
      py.runPython("print('not for the worker log')");
    } finally {
      console.log = log;
    }
    expect(logged).toEqual([]);
  });
});
