// Bounds the Python work of one run. workerd's clocks stand still while wasm
// runs, so a deadline cannot be checked from inside a busy loop; instead the
// interpreter's interrupt buffer counts: CPython reads index 0 every so many
// bytecodes, and past the budget every read answers SIGINT (2). It keeps
// answering 2 once tripped, so an `except KeyboardInterrupt` cannot resume the
// loop for long, and a tripped interpreter is never reused.

const SIGINT = 2;

export class CpuBudget {
  private reads = 0;
  private budget = Infinity;
  private _tripped = false;
  /** What setInterruptBuffer is given: Pyodide reads [0] and writes 0 back. */
  readonly buffer: Int32Array;

  constructor() {
    const self = this;
    this.buffer = new Proxy(new Int32Array(1), {
      get(target, key) {
        if (key === "0") return self.read();
        return Reflect.get(target, key);
      },
      set() {
        return true;
      },
    });
  }

  get tripped(): boolean {
    return this._tripped;
  }

  /** Starts a run with `checks` reads allowed (one read is ~5 µs of Python work here). */
  start(checks: number): void {
    if (this._tripped) return;
    this.reads = 0;
    this.budget = checks;
  }

  /** From now on every check interrupts: for an interpreter that is being thrown away. */
  poison(): void {
    this._tripped = true;
  }

  private read(): number {
    if (this._tripped) return SIGINT;
    if (++this.reads > this.budget) {
      this._tripped = true;
      return SIGINT;
    }
    return 0;
  }
}
