// The upgrade canary. The loader leans on Pyodide 314.0.8's internals (see
// src/pyodide/loader.ts); each test names one assumption and says what to do
// when it breaks. If this file fails after touching the pyodide dependency,
// the loader needs work before anything else will behave.
import { beforeAll, describe, expect, it } from "vitest";
import { bootPyodideCold, loaderFacts, PYODIDE_VERSION, type PyodideInterface } from "../src/pyodide/loader";
import { constructions } from "../src/pyodide/precompiled-wasm";
import { PRECOMPILED, PYODIDE_VERSION_RECORDED } from "../src/pyodide/wasm/index";
import { sleep } from "./helpers";

const UPGRADE = "Pyodide changed under the loader (src/pyodide/loader.ts):";

type Internals = {
  _module: {
    jspiSupported: boolean;
    API: { version: string; abiVersion: string; runtimeEnv: Record<string, boolean> };
  };
};

let py: PyodideInterface;
let internals: Internals;
const rejections: unknown[] = [];
let hookCallsForThisBoot = 0;

beforeAll(async () => {
  addEventListener("unhandledrejection", (event) => rejections.push(event.reason));
  const hookCallsBefore = loaderFacts.instantiateHookCalls;
  py = await bootPyodideCold();
  hookCallsForThisBoot = loaderFacts.instantiateHookCalls - hookCallsBefore;
  internals = py as unknown as Internals;
  // Rejections are reported after the microtask queue drains; give them a turn.
  await sleep(20);
});

describe("upgrade canary", () => {
  it("the pyodide package, the interpreter and the generated wasm index are all 314.0.8", () => {
    expect(PYODIDE_VERSION, `${UPGRADE} the loader targets only 314.0.8`).toBe("314.0.8");
    expect(loaderFacts.jsPackageVersion, `${UPGRADE} package.json must pin pyodide at exactly ${PYODIDE_VERSION}`).toBe(PYODIDE_VERSION);
    expect(py.version, `${UPGRADE} the interpreter's version differs from pyodide.mjs`).toBe(PYODIDE_VERSION);
    expect(PYODIDE_VERSION_RECORDED, `${UPGRADE} src/pyodide/wasm/ was generated from another version: run scripts/gen-wasm.mjs`).toBe(PYODIDE_VERSION);
  });

  it("the lockfile describes this interpreter (CPython 3.14.2, ABI 2026_0)", () => {
    const info = loaderFacts.lockFileInfo;
    expect(info.python, `${UPGRADE} pyodide-lock.json names another CPython`).toBe("3.14.2");
    expect(py.runPython("import platform; platform.python_version()"), `${UPGRADE} the interpreter is not the lockfile's CPython`).toBe(info.python);
    expect(info.abi_version, `${UPGRADE} pyodide-lock.json ABI`).toBe("2026_0");
    expect(internals._module.API.abiVersion, `${UPGRADE} interpreter ABI differs from the lockfile`).toBe(info.abi_version);
  });

  it("Emscripten still calls the instantiateWasm hook, once per boot", () => {
    expect(hookCallsForThisBoot, `${UPGRADE} the replacement instantiateWasm hook was not used; Pyodide may be compiling the wasm itself`).toBe(1);
  });

  it("pyodide.asm.wasm still imports the error-marker pair the hook supplies", () => {
    const env = loaderFacts.wasmImports().filter((i) => i.module === "env");
    for (const name of ["Jsv_GetError_import", "JsvError_Check"]) {
      expect(env.find((i) => i.name === name)?.kind, `${UPGRADE} pyodide.asm.wasm no longer imports env.${name}`).toBe("function");
    }
  });

  it("Pyodide decided it is in workerd, not in Node", () => {
    const env = internals._module.API.runtimeEnv;
    expect(env.IN_NODE, `${UPGRADE} Pyodide took its Node path; see process-guard.ts`).toBe(false);
    expect(env.IN_WORKERD, `${UPGRADE} Pyodide no longer recognises workerd`).toBe(true);
    // And the guard left `process` as it found it.
    const proc = (globalThis as { process?: { browser?: unknown; type?: unknown } }).process;
    expect(proc?.browser, "process-guard.ts left process.browser set").toBeUndefined();
    expect(proc?.type, "process-guard.ts left process.type set").toBeUndefined();
  });

  it("every wasm module Pyodide built while booting was answered by a precompiled one", () => {
    const unknown = constructions.unanswered.map((hex) => `${hex.length / 2} bytes: ${hex.slice(0, 80)}…`);
    expect(unknown, `${UPGRADE} it built wasm modules the loader has no precompiled copy of; run scripts/gen-wasm.mjs`).toEqual([]);
    for (const name of ["empty", "trampoline", "fn-vi"]) {
      expect(constructions.answered.has(name), `${UPGRADE} it no longer builds the "${name}" module at boot`).toBe(true);
    }
    expect(PRECOMPILED.find((m) => m.name === "trampoline")?.hex.length, `${UPGRADE} the call trampoline is no longer 493 bytes`).toBe(493 * 2);
    expect(PRECOMPILED.find((m) => m.name === "fn-vi")?.hex.length, `${UPGRADE} the vi wrapper is no longer 34 bytes`).toBe(34 * 2);
  });

  it("stack switching is enabled", () => {
    expect(internals._module.jspiSupported, `${UPGRADE} JSPI is off: without it every api.call would die with SuspendError`).toBe(true);
  });

  it("booting left no unhandled rejection behind (e.g. a CompileError from an unanswered wasm construction)", () => {
    expect(rejections.map(String)).toEqual([]);
  });
});
