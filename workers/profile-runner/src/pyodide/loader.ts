// The one module that knows how Pyodide 314.0.8 is made to boot inside workerd.
// Everything version-specific lives here and beside it (hide-process.ts,
// precompiled-wasm.ts, wasm/); test/upgrade-canary.test.ts fails loudly when an
// upgrade moves any of it. The facts behind each step are in
// shared/notes/pyodide-in-workerd.md.
//
// Boot recipe, in order:
// 1. `process` does not look like Node while pyodide.mjs evaluates (the
//    imports around Pyodide's) and while each interpreter is created.
// 2. The interpreter wasm, the stdlib zip and the lockfile are module imports,
//    not downloads; Pyodide's two boot-time fetches are answered from them.
// 3. Emscripten's `instantiateWasm` hook instantiates the imported, already
//    compiled interpreter and supplies the error-marker import pair. The
//    binary is pyodide.asm.wasm rewritten by scripts/meter-wasm.mjs (work
//    meter, memory cap); the hook also wires up that meter (fuel-meter.ts).
// 4. `new WebAssembly.Module(bytes)` is answered with precompiled modules, so
//    Pyodide sees that it can build wasm and turns stack switching on.
// 5. A `location` exists while booting: the browser path resolves URLs with it.
import "./hide-process"; // must stay the first import
import { loadPyodide, version as pyodideJsVersion, type PyodideAPI, type PyodideConfig } from "pyodide";
import createPyodideModule from "pyodide/pyodide.asm.mjs";
// Built from pyodide/pyodide.asm.wasm by scripts/meter-wasm.mjs (npm install runs it).
import pyodideWasm from "../../build/pyodide-metered.wasm";
import lockFile from "pyodide/pyodide-lock.json";
import stdlibZip from "pyodide/python_stdlib.zip";
import "./restore-process"; // must stay right after Pyodide's imports
import { FuelMeter } from "./fuel-meter";
import { installPrecompiledWasm } from "./precompiled-wasm";
import { hideProcess, restoreProcess } from "./process-guard";

export type PyodideInterface = PyodideAPI;

/** The only Pyodide this loader knows how to boot. */
export const PYODIDE_VERSION = "314.0.8";

// A URL that names the bundled files without ever being fetched: the
// reserved .invalid TLD cannot resolve, and every fetch Pyodide makes while
// booting is answered below before it reaches the network.
const INDEX_URL = "https://pyodide.invalid/";
const STDLIB_URL = `${INDEX_URL}python_stdlib.zip`;
const WASM_URL = `${INDEX_URL}pyodide.asm.wasm`;

type CreateModule = NonNullable<PyodideConfig["createPyodideModule"]>;
type EmscriptenSettings = Parameters<CreateModule>[0];
// Emscripten's hook: returns the exports, or {} when it will call `done` later.
type InstantiateWasm = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;

export interface BootOptions {
  /**
   * What `import js` sees in Python (Pyodide's default is globalThis). It is
   * honoured on snapshot boots too: the snapshot refers to it by path, so a
   * fresh object per boot is fine as long as it has the same shape.
   */
  jsglobals?: object;
  /** The interpreter's work meter; one is made if none is given. */
  meter?: FuelMeter;
  /** Told the interpreter's linear memory once it is instantiated. */
  onMemory?: (memory: WebAssembly.Memory) => void;
}

export interface BootTimings {
  /** Cold boot (no snapshot), ms, for the boot that made the snapshot. */
  coldBootMs?: number;
  /** Time to serialise the snapshot after that boot, ms. */
  snapshotMs?: number;
  /** Snapshot size in bytes. */
  snapshotBytes?: number;
  /** Most recent boot from the snapshot, ms. */
  lastSnapshotBootMs?: number;
}

/**
 * Measured with performance.now(). Local workerd's clock runs in real time
 * (whole milliseconds); on Cloudflare's edge it only moves on I/O, so there
 * these figures would undercount.
 */
export const bootTimings: BootTimings = {};

/** Facts the upgrade canary checks; read, never relied on at run time. */
export const loaderFacts = {
  jsPackageVersion: pyodideJsVersion,
  lockFileInfo: (lockFile as { info: Record<string, string> }).info,
  wasmImports: () => WebAssembly.Module.imports(pyodideWasm),
  /** How many times Emscripten called the replacement instantiateWasm hook. */
  instantiateHookCalls: 0,
};

let snapshot: Promise<Uint8Array> | undefined;

/**
 * A fresh interpreter. The isolate's first call boots cold and takes a memory
 * snapshot of the untouched interpreter (before any caller code has run in
 * it); later calls boot from that snapshot, which is much faster. Every
 * interpreter returned is separate: nothing one runs is seen by another.
 */
export async function bootPyodide(options: BootOptions = {}): Promise<PyodideInterface> {
  if (!snapshot) {
    let made!: (bytes: Uint8Array) => void;
    let failed!: (error: unknown) => void;
    const pending = new Promise<Uint8Array>((resolve, reject) => ((made = resolve), (failed = reject)));
    // Waiters see a failure; with none waiting it must not count as unhandled.
    pending.catch(() => {});
    snapshot = pending;
    try {
      const started = performance.now();
      const py = await boot({ ...options, _makeSnapshot: true });
      const booted = performance.now();
      const bytes = py.makeMemorySnapshot();
      bootTimings.coldBootMs = booted - started;
      bootTimings.snapshotMs = performance.now() - booted;
      bootTimings.snapshotBytes = bytes.byteLength;
      made(bytes);
      return py;
    } catch (error) {
      // Let a later call try again rather than caching the failure forever.
      snapshot = undefined;
      failed(error);
      throw error;
    }
  }
  const bytes = await snapshot;
  const started = performance.now();
  const py = await boot({ ...options, _loadSnapshot: bytes });
  bootTimings.lastSnapshotBootMs = performance.now() - started;
  return py;
}

/** A cold boot that neither makes nor uses a snapshot (slow; for tests and measurement). */
export function bootPyodideCold(options: BootOptions = {}): Promise<PyodideInterface> {
  return boot(options);
}

async function boot(options: BootOptions & Pick<PyodideConfig, "_makeSnapshot" | "_loadSnapshot">): Promise<PyodideInterface> {
  installPrecompiledWasm();
  const { meter = new FuelMeter(), onMemory, ...config } = options;
  const restore = enterBoot();
  try {
    return await loadPyodide({
      indexURL: INDEX_URL,
      lockFileContents: lockFile as unknown as PyodideConfig["lockFileContents"],
      createPyodideModule: (settings) => createModule(settings, meter, onMemory),
      // Until a caller sets its own streams (setStdout/setStderr), Python's
      // output goes nowhere rather than into the worker's log.
      stdout: () => {},
      stderr: () => {},
      ...config,
    });
  } finally {
    restore();
  }
}

// Replaces Pyodide's instantiateWasm hook (which fetches and compiles the
// .wasm) with one that instantiates the imported module. Emscripten's promise
// never rejects if that hook fails, so the failure is raced against it.
function createModule(settings: EmscriptenSettings, meter: FuelMeter, onMemory?: (memory: WebAssembly.Memory) => void): ReturnType<CreateModule> {
  const hooks = settings as { instantiateWasm?: InstantiateWasm };
  if (typeof hooks.instantiateWasm !== "function") {
    throw new Error(`Pyodide ${PYODIDE_VERSION} loader: Emscripten settings no longer carry an instantiateWasm hook; the loader needs updating`);
  }
  let fail!: (error: unknown) => void;
  const failure = new Promise<never>((_, reject) => (fail = reject));
  hooks.instantiateWasm = (imports, done) => {
    loaderFacts.instantiateHookCalls++;
    const env = imports.env as Record<string, unknown>;
    Object.assign(env, errorMarkerImports());
    WebAssembly.instantiate(pyodideWasm, { ...imports, zoobar: meter.imports() }).then(
      (instance) => {
        meter.attach(instance.exports);
        onMemory?.(instance.exports.memory as WebAssembly.Memory);
        done(instance, pyodideWasm);
      },
      (error) => fail(new Error(`Pyodide ${PYODIDE_VERSION}: instantiating pyodide.asm.wasm failed: ${error}`, { cause: error })),
    );
    return {};
  };
  // Emscripten decides "am I in Node?" in the first, synchronous statement.
  hideProcess();
  let created: ReturnType<CreateModule>;
  try {
    created = createPyodideModule(settings);
  } finally {
    restoreProcess();
  }
  return Promise.race([created, failure]);
}

// The interpreter marks "a JS error is pending" with a value only this pair can
// make and recognise. Pyodide prefers a tiny wasm module for it (which workerd
// cannot compile) and otherwise uses exactly this private-symbol fallback.
function errorMarkerImports() {
  const marker = Symbol("error marker");
  return {
    Jsv_GetError_import: () => marker,
    JsvError_Check: (value: unknown) => value === marker,
  };
}

// While any boot is in progress, globalThis has a `location` and a `fetch`
// that serves the two bundled files and refuses everything else. Boots can
// overlap inside one isolate, so the originals come back when the last ends.
let booting = 0;
let saved: { fetch: typeof fetch; location: PropertyDescriptor | undefined } | undefined;

function enterBoot(): () => void {
  if (booting++ === 0) {
    const g = globalThis as { location?: unknown; fetch: typeof fetch };
    saved = { fetch: g.fetch, location: Object.getOwnPropertyDescriptor(globalThis, "location") };
    Object.defineProperty(globalThis, "location", { value: new URL(INDEX_URL), configurable: true, writable: true });
    g.fetch = bootFetch;
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--booting === 0 && saved) {
      const g = globalThis as { fetch: typeof fetch };
      g.fetch = saved.fetch;
      if (saved.location) Object.defineProperty(globalThis, "location", saved.location);
      else Reflect.deleteProperty(globalThis, "location");
      saved = undefined;
    }
  };
}

async function bootFetch(input: RequestInfo | URL): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  // A copy: a Response may take over the buffer it is given, and every boot
  // (snapshot boots too: the file system lives outside the heap) needs it.
  if (url === STDLIB_URL) return new Response(stdlibZip.slice(0));
  // Asked for by Pyodide's own instantiateWasm hook, which createModule
  // replaces; the body is never read, so none is sent.
  if (url === WASM_URL) return new Response(null);
  throw new Error(`Pyodide ${PYODIDE_VERSION} loader: unexpected fetch of ${url} during boot; nothing is downloaded at run time`);
}

