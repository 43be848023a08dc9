// One Pyodide interpreter dedicated to one owner, and the life of a run in it.
//
// Lifecycle (README "Interpreter lifecycle"): booted from the isolate's memory
// snapshot for one owner; after a run it is kept for that owner's next run only
// if the run ended normally and the harness's and the file system's checks
// find it as it was at boot. Anything else (a limit, a crash, state the run
// left behind) discards it: it is poisoned (every interrupt check answers
// SIGINT, output goes nowhere) and dropped, and the next run boots afresh.

import type { ProfileRun, ViewGrant } from "@zoobar/shared";
import { bootPyodide, type PyodideInterface } from "../pyodide/loader";
import { UNITS_PER_SECOND, type Env, type Limits } from "../env";
import { makeBridge, type RunState } from "./api-bridge";
import { FuelMeter } from "../pyodide/fuel-meter";
import { SLICE_UNITS, takeTurn } from "./cpu-scheduler";
import type { DataTree } from "./data-store";
import { FileQuota, type QuotaFS } from "./file-quota";
import { chargeFileSystemWork, DATA_DIR, readDataDir, scratchFingerprint, watchScratchWrites, writeDataDir, type EmscriptenFS } from "./filesystem";
import HARNESS from "./harness.py";
import { OutputSink } from "./output";

/** The metered binary's memory maximum (MEMORY_MAX_BYTES in scripts/meter-wasm.mjs). */
const MEMORY_MAX_MIB = 256;

/** An interpreter whose linear memory grew past this is not kept warm (a fresh one holds ~40 MiB). */
const KEEP_WARM_MAX_MEMORY = 96 * 2 ** 20;

type PyFunction = ((...args: unknown[]) => unknown) & { callPromising(...args: unknown[]): Promise<unknown>; destroy(): void };

export interface RunReport {
  run: ProfileRun;
  /** /data as the run left it, if its changes are to be kept (undefined: keep nothing). */
  data?: DataTree;
  /** Why this interpreter must not run again ("" if it may). */
  discard: string;
  /** Work units the run spent (fuel-meter.ts). */
  units: number;
}

export class Interpreter {
  /** /data as storage holds it, which is what this interpreter's /data holds between runs. */
  data: DataTree = new Map();
  private sink: OutputSink | undefined;
  private scratchWritten = false;
  private discarded = "";

  private constructor(
    private readonly py: PyodideInterface,
    private readonly meter: FuelMeter,
    private readonly memory: WebAssembly.Memory,
    private readonly fs: EmscriptenFS,
    private readonly runFn: PyFunction,
    private readonly cleanupFn: PyFunction,
    private readonly scratchAtBoot: string,
    private readonly files: FileQuota,
  ) {}

  /** A fresh interpreter whose /data holds `data`. */
  static async boot(data: DataTree): Promise<Interpreter> {
    // `import js` would give this empty object (it is unregistered as well):
    // nothing of the worker's global scope is visible from Python. (Pyodide
    // never finishes booting with a null-prototype object here.)
    const meter = new FuelMeter(SLICE_UNITS, takeTurn);
    let memory: WebAssembly.Memory | undefined;
    const py = await bootPyodide({ jsglobals: {}, meter, onMemory: (m) => (memory = m) });
    // Turns on the interpreter's periodic signal check, which the metered
    // binary routes to the meter's yield point; the buffer itself is never read.
    py.setInterruptBuffer(new Int32Array(1));
    const fs = py.FS as unknown as EmscriptenFS;
    // /data is a mount of its own; the quota guards it and scratch from here on.
    const files = FileQuota.install(py.FS as unknown as QuotaFS, DATA_DIR);
    let self: Interpreter | undefined;
    const writer = { write: (buffer: Uint8Array) => (self?.sink ? self.sink.write(buffer) : buffer.length), isatty: false };
    py.setStdout(writer);
    py.setStderr(writer);
    py.setStdin({ stdin: () => null });
    py.unregisterJsModule("js");
    py.unregisterJsModule("pyodide_js");
    const namespace = py.runPython("dict()") as { get(name: string): PyFunction; destroy(): void };
    py.runPython(HARNESS, { globals: namespace as never, filename: "<runner>" });
    const interpreter = new Interpreter(py, meter, memory!, fs, namespace.get("run"), namespace.get("cleanup"), scratchFingerprint(fs), files);
    namespace.destroy();
    self = interpreter;
    chargeFileSystemWork(fs, (units) => meter.charge(units));
    watchScratchWrites(fs, () => {
      self!.scratchWritten = true;
    });
    writeDataDir(fs, data);
    interpreter.data = data;
    return interpreter;
  }

  get isDiscarded(): boolean {
    return this.discarded !== "";
  }

  async run(code: string, grant: ViewGrant, env: Env, limits: Limits): Promise<RunReport> {
    if (this.discarded) throw new Error(`interpreter was discarded (${this.discarded})`);
    const sink = new OutputSink(limits.outputBytes);
    const state: RunState = { active: true, preempted: () => this.meter.preempted };
    this.sink = sink;
    this.files.limits = limits.files;
    this.meter.start(limits.cpuUnits);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overtime = new Promise<"overtime">((resolve) => (timer = setTimeout(() => resolve("overtime"), limits.wallMs)));
    let settled: { value: unknown } | { error: unknown } | "overtime";
    try {
      const running = this.runFn.callPromising(code, makeBridge(state, grant, env), grant.visitor === grant.owner);
      // Past the wall-time limit the stack may still wake up (from an api
      // reply or a turn) and trap at its next check; nobody is listening then.
      running.catch(() => {});
      settled = await Promise.race([running.then((value) => ({ value }), (error) => ({ error })), overtime]);
    } catch (error) {
      settled = { error };
    } finally {
      state.active = false;
      if (timer !== undefined) clearTimeout(timer);
    }
    const units = this.meter.stop();
    sink.close();
    this.sink = undefined;
    const output = sink.text();

    if (this.meter.tripped) {
      return this.finish({ output, outcome: "limit", error: cpuLimitError(limits) }, `CPU budget spent`, units);
    }
    if (settled === "overtime") {
      return this.finish({ output, outcome: "limit", error: wallLimitError(limits) }, "wall-time limit", units);
    }
    if ("error" in settled) {
      // Memory ran out so completely that the harness itself could not report it.
      if ((settled.error as { type?: unknown } | null)?.type === "MemoryError") {
        return this.finish(
          { output, outcome: "exception", error: { type: "MemoryError", message: `The profile ran out of memory (an interpreter may use at most ${MEMORY_MAX_MIB} MiB).` } },
          "out of memory",
          units,
        );
      }
      // The harness catches everything the profile raises, so this is the
      // interpreter itself failing (a fatal error, a wasm trap).
      console.error("profile-runner: interpreter failed", settled.error);
      return this.finish(
        { output, outcome: "exception", error: { type: "InterpreterError", message: "The Python interpreter stopped unexpectedly." } },
        "interpreter failed",
        units,
      );
    }
    const result = JSON.parse(String(settled.value)) as Pick<ProfileRun, "outcome" | "error">;
    const run: ProfileRun = { output, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) };

    const { data, problem } = this.readData();
    this.cleanupUnits = limits.cpuUnits;
    const dirty = problem || this.afterRun();
    return { run, data, discard: dirty, units };
  }

  /** Poisons and forgets this interpreter. */
  discard(reason: string): void {
    if (!this.discarded) this.discarded = reason || "discarded";
    this.meter.poison();
    this.sink = undefined;
  }

  private finish(run: ProfileRun, reason: string, units: number): RunReport {
    this.discard(reason);
    return { run, discard: reason, units };
  }

  private readData(): { data: DataTree; problem: string } {
    try {
      const s = this.fs.lstat(DATA_DIR);
      if (!this.fs.isDir(s.mode)) return { data: new Map(), problem: "/data was replaced" };
      return { data: readDataDir(this.fs), problem: "" };
    } catch {
      return { data: new Map(), problem: "/data was removed" };
    }
  }

  /** Puts Python's state back and says whether this interpreter may run again. */
  private cleanupUnits = 0;

  private afterRun(): string {
    let reason: string;
    try {
      // The cleanup gets a budget of its own, but a bounded one: freeing the
      // run's objects runs their __del__ methods, which are profile code.
      this.meter.start(this.cleanupUnits);
      reason = String(this.cleanupFn());
    } catch (error) {
      if (!this.meter.tripped) console.error("profile-runner: cleanup failed", error);
      reason = "cleanup failed";
    } finally {
      this.meter.stop();
    }
    if (this.meter.tripped) reason = "CPU budget spent in cleanup";
    if (this.scratchWritten || scratchFingerprint(this.fs) !== this.scratchAtBoot) {
      reason = [reason, "files outside /data changed"].filter(Boolean).join("; ");
    }
    // Wasm memory never shrinks: a big interpreter would hold its peak for ever.
    if (this.memory.buffer.byteLength > KEEP_WARM_MAX_MEMORY) {
      reason = [reason, `memory grew to ${Math.round(this.memory.buffer.byteLength / 2 ** 20)} MiB`].filter(Boolean).join("; ");
    }
    return reason;
  }
}

function cpuLimitError(limits: Limits): NonNullable<ProfileRun["error"]> {
  const seconds = limits.cpuUnits / UNITS_PER_SECOND;
  const about = seconds >= 1 ? String(Math.round(seconds)) : String(Math.max(0.1, Math.round(seconds * 10) / 10));
  return {
    type: "LimitExceeded",
    message: `The profile ran too long: it used more than its CPU budget (about ${about} s of Python work) and was stopped.`,
  };
}

function wallLimitError(limits: Limits): NonNullable<ProfileRun["error"]> {
  return {
    type: "LimitExceeded",
    message: `The profile took longer than ${limits.wallMs / 1000} s in all and was stopped.`,
  };
}
