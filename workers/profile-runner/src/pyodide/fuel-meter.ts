// The JavaScript half of the work meter built into the interpreter binary by
// scripts/meter-wasm.mjs (read its header first). One meter per interpreter.
//
// Units: one per loop iteration and per entry of a function that calls
// others, one per 16 bytes that memory.copy/memory.fill move, plus what
// charge() adds for JavaScript work. The count is deterministic (the same
// program spends the same units every time), unlike a clock, which workerd
// does not advance while wasm runs anyway.
//
// Outside a metered stretch the meter hands out fuel freely (Pyodide's own
// boot runs billions of units). Inside one, the budget is absolute: when it is
// spent the injected code traps, and it traps again at the next check after
// anything that caught the first trap, so the stretch cannot be resumed.

/** Eval-breaker ticks between signal checks while metering (CPython's own interval is 50). */
const SIGNAL_CLOCK_TICKS = 5;

/** The most fuel handed to the wasm global at once (it is an i32). */
const MAX_SEGMENT = 2 ** 30;

/**
 * Whether the wasm stack now running was entered through JSPI's promising
 * wrapper with no synchronous JavaScript frame below it, which is what a
 * suspension needs. The interpreter's own flag (can_run_sync_js) stays true
 * while a run is suspended, so Python code entered from a promise callback
 * (a raw export call from Pyodide's glue) would pass it; V8's stack trace
 * tells the two apart: there, a synchronous JavaScript frame sits below the
 * wasm frames, while on a promising stack only `async` continuations do.
 * Anything unexpected answers no (the run then simply does not yield). Read
 * once per slice, so its cost does not matter.
 */
function stackCanSuspend(): boolean {
  const errors = Error as unknown as { stackTraceLimit: number };
  const limit = errors.stackTraceLimit;
  let stack: string;
  try {
    errors.stackTraceLimit = Infinity;
    stack = new Error().stack ?? "";
  } catch {
    return false;
  } finally {
    errors.stackTraceLimit = limit;
  }
  const frames = stack.split("\n").slice(1).map((line) => line.trim());
  const firstWasm = frames.findIndex((frame) => frame.includes("wasm://"));
  if (firstWasm < 0) return false;
  return frames.slice(firstWasm).every((frame) => frame.includes("wasm://") || frame.startsWith("at async "));
}

/** How a long metered stretch gives the thread back; resolves when it may continue. */
export type Yielder = (spentUnits: number, abandoned: () => boolean) => Promise<void>;

export class FuelMeter {
  private fuel: WebAssembly.Global | undefined;
  private metering = false;
  private budget = 0;
  /** Units spent in earlier segments of this stretch. */
  private spentBefore = 0;
  /** Fuel the current segment started with. */
  private segment = MAX_SEGMENT;
  private lastYieldAt = 0;
  private _tripped = false;
  private poisoned = false;
  private suspendedInTurn = false;

  constructor(
    /** Units between chances to yield (0: never yield). */
    private readonly sliceUnits = 0,
    private readonly yielder?: Yielder,
  ) {}

  /** Called once the interpreter is instantiated, with its exports. */
  attach(exports: WebAssembly.Exports): void {
    const fuel = exports.zoobar_fuel;
    if (!(fuel instanceof WebAssembly.Global)) {
      throw new Error("the interpreter binary exports no zoobar_fuel global: it was not built by scripts/meter-wasm.mjs");
    }
    this.fuel = fuel;
    this.fuel.value = MAX_SEGMENT;
    // CPython calls its signal check (our yield point) once every 50 ticks of
    // the eval breaker; with a costly body per tick (a 64 MiB copy) that is
    // too rare, so during a stretch the countdown is shortened.
    const clock = exports._Py_emscripten_signal_clock;
    if (clock instanceof WebAssembly.Global && exports.memory instanceof WebAssembly.Memory) {
      const memory = exports.memory;
      const address = clock.value as number;
      let view = new Int32Array(memory.buffer, address & ~3, 1);
      this.shortenSignalClock = () => {
        // Memory growth detaches the old buffer.
        if (view.buffer !== memory.buffer) view = new Int32Array(memory.buffer, address & ~3, 1);
        if (view[0] > SIGNAL_CLOCK_TICKS) view[0] = SIGNAL_CLOCK_TICKS;
      };
    }
  }

  private shortenSignalClock: () => void = () => {};

  /** The zoobar.* imports the metered binary expects. */
  imports(): WebAssembly.ModuleImports {
    return {
      out_of_fuel: () => this.outOfFuel(),
      yield_point: (canSuspend: number) => this.yieldPoint(canSuspend),
      // A Suspending wrapper is an import value V8 accepts; the lib types do not know it yet.
      yield_now: new WebAssembly.Suspending(() => this.yieldNow()) as unknown as WebAssembly.ImportValue,
    };
  }

  /** Starts a metered stretch of at most `units`. */
  start(units: number): void {
    if (this.poisoned) return;
    this.metering = true;
    this.budget = units;
    this.spentBefore = 0;
    this.lastYieldAt = 0;
    this._tripped = false;
    this.setSegment(Math.min(units, MAX_SEGMENT));
  }

  /** Ends the stretch; returns the units it spent. */
  stop(): number {
    const spent = this.spent();
    if (!this.poisoned) {
      this.metering = false;
      this.setSegment(MAX_SEGMENT);
    }
    return spent;
  }

  /** Whether this interpreter's stack is suspended mid-computation, waiting for its turn. */
  get preempted(): boolean {
    return this.suspendedInTurn;
  }

  /** Whether the current (or last) stretch ran out of fuel. */
  get tripped(): boolean {
    return this._tripped;
  }

  /** Units spent so far in the current stretch. */
  spent(): number {
    const left = this.fuel ? (this.fuel.value as number) : this.segment;
    return this.spentBefore + (this.segment - Math.max(left, 0));
  }

  /**
   * Charges work done in JavaScript on the interpreter's behalf (file system
   * copies, path walks), which the wasm counter cannot see; the next check
   * in wasm settles it like any other spending.
   */
  charge(units: number): void {
    if (!this.metering || this.poisoned || !this.fuel || !(units > 0)) return;
    this.fuel.value = Math.max(-(2 ** 31), (this.fuel.value as number) - Math.min(Math.ceil(units), 2 ** 30));
  }

  /** No wasm code of this interpreter runs past its next check, ever again. */
  poison(): void {
    this.poisoned = true;
    this.metering = true;
    this._tripped = true;
    if (this.fuel) this.fuel.value = -1;
  }

  private setSegment(units: number): void {
    this.segment = units;
    if (this.fuel) this.fuel.value = units;
  }

  // The injected check found the fuel below zero: the segment is used up.
  private outOfFuel(): number {
    if (this.poisoned) {
      this.fuel!.value = -1;
      return 0;
    }
    if (!this.metering) {
      this.setSegment(MAX_SEGMENT);
      return 1;
    }
    // A bulk charge or charge() can take the fuel well below zero at once.
    this.spentBefore += this.segment - (this.fuel!.value as number);
    const left = this.budget - this.spentBefore;
    if (left <= 0) {
      this._tripped = true;
      this.segment = 0;
      this.fuel!.value = -1;
      return 0;
    }
    this.setSegment(Math.min(left, MAX_SEGMENT));
    return 1;
  }

  // Called between bytecodes: 1 asks the injected code to call yield_now,
  // which is only done when this stack can be suspended.
  private yieldPoint(canSuspend: number): number {
    if (!this.metering || this.poisoned || !this.yielder || this.sliceUnits <= 0) return 0;
    this.shortenSignalClock();
    if (!canSuspend) return 0;
    const spent = this.spent();
    if (spent - this.lastYieldAt < this.sliceUnits) return 0;
    this.lastYieldAt = spent;
    return stackCanSuspend() ? 1 : 0;
  }

  // Suspends the stack until the yielder gives the turn back; the answer is
  // the pending-signal number the interpreter asked for (always 0: signals
  // are not how runs are stopped).
  private yieldNow(): Promise<number> {
    this.suspendedInTurn = true;
    return this.yielder!(this.spent(), () => this.poisoned).then(() => {
      this.suspendedInTurn = false;
      return 0;
    });
  }
}
