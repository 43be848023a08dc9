// Synchronous-looking Python waits for asynchronous JavaScript: the mechanism
// `api.call` will stand on. It needs JSPI (WebAssembly.Suspending/promising),
// which Pyodide only turns on when the precompiled helper modules are in place.
import { describe, expect, it } from "vitest";
import { bootPyodide, bootPyodideCold, type PyodideInterface } from "../src/pyodide/loader";
import { capture, sleep } from "./helpers";

// Python never sees a coroutine: it calls a plain function that blocks.
const WAITER = `
from pyodide.ffi import run_sync
import bridge

def ask(name, *args):
    return run_sync(getattr(bridge, name)(*args))
`;

function withBridge(py: PyodideInterface) {
  const calls: string[] = [];
  py.registerJsModule("bridge", {
    answer: async () => {
      calls.push("answer");
      return 42;
    },
    later: async (ms: number, value: string) => {
      calls.push("later");
      await sleep(ms);
      return value;
    },
    digest: async (text: string) => {
      calls.push("digest");
      const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
      return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
    },
    refuse: async (message: string) => {
      calls.push("refuse");
      await sleep(1);
      throw new Error(message);
    },
  });
  py.runPython(WAITER);
  return calls;
}

describe("stack switching", () => {
  it("is switched on in workerd", async () => {
    const py = await bootPyodide();
    expect((py as unknown as { _module: { jspiSupported: boolean } })._module.jspiSupported).toBe(true);
  });

  it("returns an async JS function's value to synchronous Python (runPythonAsync)", async () => {
    const py = await bootPyodide();
    const calls = withBridge(py);
    const out = capture(py);
    await py.runPythonAsync("x = ask('answer')\nprint(x + 1)");
    expect(out.stdout).toEqual(["43"]);
    expect(calls).toEqual(["answer"]);
  });

  it("waits for real asynchronous work: a timer and WebCrypto (callPromising)", async () => {
    const py = await bootPyodide();
    const calls = withBridge(py);
    py.runPython(`
def program():
    slept = ask('later', 20, 'awake')
    digest = ask('digest', 'zoobar')
    return f"{slept} {digest[:12]}"
`);
    const program = py.globals.get("program");
    try {
      expect(await program.callPromising()).toBe("awake 5d3a5aa95990");
    } finally {
      program.destroy();
    }
    expect(calls).toEqual(["later", "digest"]);
  });

  it("waits many times in one run, inside ordinary Python control flow", async () => {
    const py = await bootPyodide();
    withBridge(py);
    const total = await py.runPythonAsync("sum(int(ask('later', 1, str(i))) for i in range(25))");
    expect(total).toBe(300);
  });

  it("turns a rejected promise into a catchable Python exception", async () => {
    const py = await bootPyodide();
    withBridge(py);
    const out = capture(py);
    await py.runPythonAsync(`
try:
    ask('refuse', 'no such user')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(ask('answer'))
`);
    expect(out.stdout).toEqual(["JsException Error: no such user", "42"]);
  });

  it("cannot suspend from plain runPython: callers must enter through runPythonAsync or callPromising", async () => {
    const py = await bootPyodide();
    withBridge(py);
    expect(() => py.runPython("ask('answer')")).toThrow(/Cannot stack switch because the Python entrypoint was a synchronous function/);
    // The interpreter is still fine afterwards.
    expect(await py.runPythonAsync("ask('answer')")).toBe(42);
  });

  it("works on an interpreter booted from the memory snapshot", async () => {
    await bootPyodide(); // makes the snapshot, if no earlier test did
    const py = await bootPyodide();
    const calls = withBridge(py);
    expect(await py.runPythonAsync("ask('later', 5, 'from snapshot')")).toBe("from snapshot");
    expect(calls).toEqual(["later"]);
  });

  it("works on a cold boot that made no snapshot", async () => {
    const py = await bootPyodideCold();
    withBridge(py);
    expect(await py.runPythonAsync("ask('answer')")).toBe(42);
  });
});
