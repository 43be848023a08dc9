// Builds the interpreter binary the runner actually loads: Pyodide's
// pyodide.asm.wasm with a deterministic work meter and a hard memory cap.
//
// Why: the interpreter's own interrupt check runs only between bytecodes, so
// work that stays inside C (sum(range(10**13)), 7 ** (10 ** 9), a regular
// expression that backtracks forever) never sees it, and workerd's clocks do
// not move while wasm runs. Counting at the wasm level catches everything:
//
// - every loop header, and the entry of every function that calls another,
//   decrements the mutable i32 global exported as "zoobar_fuel". Execution
//   that never passes such a point is straight-line code or calls of leaf
//   functions (no loops, no calls), which is bounded; so any unbounded
//   execution, looping or recursing, passes them endlessly. (Leaving leaf
//   functions unmetered saves a good part of the meter's cost.)
//   When the count goes below zero the code calls the new import
//   zoobar.out_of_fuel(); a zero answer executes `unreachable`, a
//   trap that no Python `except`, signal handler or trace hook can intercept.
// - memory.copy and memory.fill, single instructions whose cost grows with
//   their length, are charged one unit per 16 bytes before they run (about
//   what a second of copying costs compared with a second of Python).
// - each call of the interpreter's signal check (_Py_CheckEmscriptenSignals_Helper,
//   reached only between bytecodes, where the interpreter state is
//   consistent) becomes `zoobar.yield_point(can_suspend) ? zoobar.yield_now() : 0`.
//   yield_now is a JSPI Suspending import (V8 refuses any call of one outside
//   a promising stack, hence the plain yield_point deciding first): that is
//   where a long Python run gives the thread back to everything else.
// - the declared memory maximum becomes MEMORY_MAX_BYTES, so growth past it
//   fails inside malloc (MemoryError in Python) instead of taking the worker.
//
// can_suspend is the interpreter's own can_run_sync_js() answer, passed in by
// the injected code because only the interpreter knows it.
//
//   node workers/profile-runner/scripts/meter-wasm.mjs          build if stale
//   node workers/profile-runner/scripts/meter-wasm.mjs --force  rebuild
//
// The output is git-ignored and rebuilt whenever this file or the installed
// Pyodide changes (a stamp records both hashes).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Hard cap on one interpreter's linear memory (the snapshot boot uses ~40 MiB). */
export const MEMORY_MAX_BYTES = 256 * 1024 * 1024;
export const FUEL_EXPORT = "zoobar_fuel";
export const IMPORT_MODULE = "zoobar";
const SIGNAL_CHECK_IMPORT = "_Py_CheckEmscriptenSignals_Helper";
const CAN_SUSPEND_IMPORT = "can_run_sync_js";

export const METERED_WASM = fileURLToPath(new URL("../build/pyodide-metered.wasm", import.meta.url));
const STAMP = `${METERED_WASM}.stamp`;

/** Writes the metered binary unless an up-to-date one is already there; returns its path. */
export function ensureMeteredWasm({ force = false, log = () => {} } = {}) {
  const source = createRequire(import.meta.url).resolve("pyodide/pyodide.asm.wasm");
  const input = readFileSync(source);
  const stamp = `${sha256(input)} ${sha256(readFileSync(fileURLToPath(import.meta.url)))}`;
  if (!force && existsSync(METERED_WASM) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp) return METERED_WASM;
  const started = Date.now();
  const { bytes, stats } = meterWasm(input);
  // Refuse to write a binary the engine would reject.
  if (!WebAssembly.validate(bytes)) throw new Error("meter-wasm: the rewritten pyodide.asm.wasm does not validate");
  mkdirSync(dirname(METERED_WASM), { recursive: true });
  writeFileSync(`${METERED_WASM}.tmp`, bytes);
  renameSync(`${METERED_WASM}.tmp`, METERED_WASM);
  writeFileSync(STAMP, stamp);
  log(`meter-wasm: ${stats.functions} functions (${stats.meteredEntries} metered at entry), ${stats.loops} loops, ${stats.bulkOps} bulk memory operations, ${stats.signalChecks} signal checks metered; memory max ${MEMORY_MAX_BYTES / 2 ** 20} MiB; ${input.length} -> ${bytes.length} bytes in ${Date.now() - started} ms`);
  return METERED_WASM;
}

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

// ---------------------------------------------------------------------------
// Byte reading and writing

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }
  u8() {
    if (this.pos >= this.end) throw new Error(`meter-wasm: unexpected end of input at ${this.pos}`);
    return this.bytes[this.pos++];
  }
  peek() {
    return this.bytes[this.pos];
  }
  /** Unsigned LEB128 that fits a JS number (u32 indices and sizes). */
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error(`meter-wasm: LEB128 too long at ${this.pos}`);
    }
  }
  /** Skips a LEB128 of any width, signed or not. */
  skipLeb() {
    while (this.u8() & 0x80);
  }
  skip(n) {
    this.pos += n;
    if (this.pos > this.end) throw new Error("meter-wasm: read past the end");
  }
  name() {
    const n = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.pos, this.pos + n)).toString("utf8");
    this.skip(n);
    return text;
  }
}

class Writer {
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
    this.len = 0;
  }
  reserve(n) {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  byte(b) {
    this.reserve(1);
    this.buf[this.len++] = b;
  }
  bytes(src) {
    this.reserve(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
  }
  u32(n) {
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      this.byte(b);
    } while (n > 0);
  }
  s32(n) {
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }
  name(text) {
    const utf8 = Buffer.from(text, "utf8");
    this.u32(utf8.length);
    this.bytes(utf8);
  }
  result() {
    return this.buf.subarray(0, this.len);
  }
}

// ---------------------------------------------------------------------------
// Instruction walking. Every opcode the binary may contain is decoded by its
// immediates, so a `loop` byte inside an immediate is never mistaken for one;
// an opcode this table does not know stops the build rather than guessing.

const OP = { unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, try: 0x06, delegate: 0x18, end: 0x0b, tryTable: 0x1f, call: 0x10, returnCall: 0x12, refFunc: 0xd2, globalGet: 0x23, globalSet: 0x24, i32Const: 0x41, i32Sub: 0x6b, i32LtS: 0x48, i32Eqz: 0x45 };

function skipBlockType(r) {
  const b = r.peek();
  if (b === 0x63 || b === 0x64) {
    r.skip(1);
    r.skipLeb();
  } else if (b >= 0x40 && b < 0x80) {
    r.skip(1); // empty, or a one-byte value type
  } else {
    r.skipLeb(); // a type index (s33)
  }
}

function skipValType(r) {
  const b = r.u8();
  if (b === 0x63 || b === 0x64) r.skipLeb();
}

function skipMemArg(r) {
  const align = r.u32();
  if (align & 0x40) r.skipLeb(); // memory index (multi-memory)
  r.skipLeb(); // offset
}

/**
 * Decodes one instruction at r.pos, calling visit(kind, info) for the
 * instructions the rewriter cares about. Returns the opcode's effect on block
 * depth (+1 opens, -1 closes, 0 neither).
 */
function walkInstruction(r, visit) {
  const start = r.pos;
  const op = r.u8();
  switch (op) {
    case 0x00: case 0x01: case 0x05: case 0x0a: case 0x0f: case 0x19: case 0x1a: case 0x1b:
    case 0xd1: case 0xd3: case 0xd4:
      return 0;
    case 0x0b:
      return -1;
    case OP.block: case OP.if: case OP.try:
      skipBlockType(r);
      return 1;
    case OP.loop:
      skipBlockType(r);
      visit("loop", { after: r.pos });
      return 1;
    case 0x07: case 0x08: case 0x09: case 0x0c: case 0x0d: case 0x14: case 0x15: case 0xd5: case 0xd6:
      r.skipLeb();
      return 0;
    case OP.delegate:
      r.skipLeb();
      return -1; // ends its `try`
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.skipLeb();
      return 0;
    }
    case OP.call: case OP.returnCall: case OP.refFunc: {
      const at = r.pos;
      const index = r.u32();
      visit("funcidx", { op, start, at, end: r.pos, index });
      return 0;
    }
    case 0x11: case 0x13:
      r.skipLeb();
      r.skipLeb();
      return 0;
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) skipValType(r);
      return 0;
    }
    case OP.tryTable: {
      skipBlockType(r);
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const kind = r.u8();
        if (kind === 0x00 || kind === 0x01) r.skipLeb();
        else if (kind !== 0x02 && kind !== 0x03) throw new Error(`meter-wasm: unknown try_table catch kind ${kind}`);
        r.skipLeb();
      }
      return 1;
    }
    case 0x3f: case 0x40:
      r.skipLeb();
      return 0;
    case 0x41: case 0x42:
      r.skipLeb();
      return 0;
    case 0x43:
      r.skip(4);
      return 0;
    case 0x44:
      r.skip(8);
      return 0;
    case 0xd0:
      r.skipLeb(); // heap type
      return 0;
    case 0xfc:
      return walkPrefixedFC(r, visit, start);
    case 0xfd:
      return walkSimd(r);
    case 0xfe:
      return walkAtomic(r);
    default:
      if (op >= 0x20 && op <= 0x26) {
        r.skipLeb();
        return 0;
      }
      if (op >= 0x28 && op <= 0x3e) {
        skipMemArg(r);
        return 0;
      }
      if (op >= 0x45 && op <= 0xc4) return 0;
      throw new Error(`meter-wasm: unknown opcode 0x${op.toString(16)} at byte ${start}`);
  }
}

function walkPrefixedFC(r, visit, start) {
  const sub = r.u32();
  if (sub <= 7) return 0;
  if (sub === 10 || sub === 11) visit("bulk", { start }); // memory.copy, memory.fill
  const immediates = { 8: 2, 9: 1, 10: 2, 11: 1, 12: 2, 13: 1, 14: 2, 15: 1, 16: 1, 17: 1 }[sub];
  if (immediates === undefined) throw new Error(`meter-wasm: unknown 0xfc opcode ${sub}`);
  for (let i = 0; i < immediates; i++) r.skipLeb();
  return 0;
}

function walkSimd(r) {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) skipMemArg(r);
  else if (sub === 12 || sub === 13) r.skip(16);
  else if (sub >= 21 && sub <= 34) r.skip(1);
  else if (sub >= 84 && sub <= 91) {
    skipMemArg(r);
    r.skip(1);
  } else if (sub > 0x113) throw new Error(`meter-wasm: unknown 0xfd opcode ${sub}`);
  return 0;
}

function walkAtomic(r) {
  const sub = r.u32();
  if (sub === 3) r.skip(1);
  else if (sub <= 2 || (sub >= 0x10 && sub <= 0x4e)) skipMemArg(r);
  else throw new Error(`meter-wasm: unknown 0xfe opcode ${sub}`);
  return 0;
}

// ---------------------------------------------------------------------------
// The module rewrite

/**
 * Returns the metered binary. Three function imports are appended (so every
 * defined function's index moves up by three), two i32 globals are appended
 * (the fuel, exported, and a scratch one), and the memory maximum is lowered.
 */
export function meterWasm(input) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("meter-wasm: not a wasm binary");
  const sections = [];
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.u32();
    sections.push({ id, start: r.pos, end: r.pos + size });
    r.skip(size);
  }
  const section = (id) => sections.find((s) => s.id === id);
  for (const required of [1, 2, 6, 7, 10]) if (!section(required)) throw new Error(`meter-wasm: section ${required} missing`);

  // Types: find (or add) [i32] -> [i32] and [] -> [i32] for the new imports.
  const types = readTypes(bytes, section(1));
  const appendedTypes = [];
  const typeIndex = (sig, encoding) => {
    let index = types.indexOf(sig);
    if (index < 0) {
      index = types.length;
      types.push(sig);
      appendedTypes.push(encoding);
    }
    return index;
  };
  const NEW_IMPORTS = [
    { name: "out_of_fuel", type: typeIndex(">7f", [0x60, 0, 1, 0x7f]) },
    { name: "yield_point", type: typeIndex("7f>7f", [0x60, 1, 0x7f, 1, 0x7f]) },
    { name: "yield_now", type: typeIndex(">7f", [0x60, 0, 1, 0x7f]) },
  ];

  // Imports: count functions and globals; find the two imports the injected code calls.
  const imports = readImports(bytes, section(2));
  const funcImports = imports.filter((i) => i.kind === 0);
  const globalImports = imports.filter((i) => i.kind === 3).length;
  const canSuspend = funcImports.findIndex((i) => i.module === "env" && i.name === CAN_SUSPEND_IMPORT);
  const signalCheck = funcImports.findIndex((i) => i.module === "env" && i.name === SIGNAL_CHECK_IMPORT);
  if (canSuspend < 0 || signalCheck < 0) throw new Error(`meter-wasm: pyodide.asm.wasm no longer imports ${CAN_SUSPEND_IMPORT} and ${SIGNAL_CHECK_IMPORT}; the meter needs updating`);
  const numFuncImports = funcImports.length;
  const [outOfFuel, yieldPoint, yieldNow] = NEW_IMPORTS.map((_, i) => numFuncImports + i);
  const shift = (index) => (index >= numFuncImports ? index + NEW_IMPORTS.length : index);

  const definedGlobals = new Reader(bytes, section(6).start).u32();
  const fuelGlobal = globalImports + definedGlobals;
  // Holds a bulk operation's length while it is charged (nothing runs in between).
  const lengthGlobal = fuelGlobal + 1;
  const stats = { functions: 0, meteredEntries: 0, loops: 0, signalChecks: 0, bulkOps: 0 };

  // The check injected at function entries and loop headers: one unit.
  const check = new Writer(32);
  check.byte(OP.globalGet); check.u32(fuelGlobal);
  check.byte(OP.i32Const); check.s32(1);
  check.byte(OP.i32Sub);
  check.byte(OP.globalSet); check.u32(fuelGlobal);
  emitFuelTest(check);
  const CHECK = check.result().slice();

  // Before memory.copy / memory.fill (length on top of the stack): length / 16 units.
  const bulk = new Writer(48);
  bulk.byte(OP.globalSet); bulk.u32(lengthGlobal);
  bulk.byte(OP.globalGet); bulk.u32(fuelGlobal);
  bulk.byte(OP.globalGet); bulk.u32(lengthGlobal);
  bulk.byte(OP.i32Const); bulk.s32(4);
  bulk.byte(0x76); // i32.shr_u
  bulk.byte(OP.i32Sub);
  bulk.byte(OP.globalSet); bulk.u32(fuelGlobal);
  emitFuelTest(bulk);
  bulk.byte(OP.globalGet); bulk.u32(lengthGlobal);
  const BULK_CHARGE = bulk.result().slice();

  // fuel < 0 ? (out_of_fuel() || unreachable) : nothing
  function emitFuelTest(w) {
    w.byte(OP.globalGet); w.u32(fuelGlobal);
    w.byte(OP.i32Const); w.s32(0);
    w.byte(OP.i32LtS);
    w.byte(OP.if); w.byte(0x40);
    w.byte(OP.call); w.u32(outOfFuel);
    w.byte(OP.i32Eqz);
    w.byte(OP.if); w.byte(0x40);
    w.byte(OP.unreachable);
    w.byte(OP.end);
    w.byte(OP.end);
  }

  // Rewrites the instructions in [pos, end) (a body or a constant expression)
  // into out: function indices shifted, and, for bodies, checks injected.
  function rewriteCode(r, out, { meter, meterEntry = meter }) {
    let copied = r.pos;
    const flush = (upTo) => {
      out.bytes(bytes.subarray(copied, upTo));
      copied = upTo;
    };
    if (meterEntry) {
      out.bytes(CHECK);
      stats.meteredEntries++;
    }
    let depth = 0;
    while (r.pos < r.end) {
      const delta = walkInstruction(r, (kind, info) => {
        if (kind === "loop" && meter) {
          flush(info.after);
          out.bytes(CHECK);
          stats.loops++;
        } else if (kind === "bulk" && meter) {
          flush(info.start);
          out.bytes(BULK_CHARGE);
          stats.bulkOps++;
        } else if (kind === "funcidx") {
          if (meter && info.op === OP.call && info.index === signalCheck) {
            // call helper()  ->  yield_point(can_run_sync_js()) ? yield_now() : 0
            flush(info.start);
            out.byte(OP.call); out.u32(canSuspend);
            out.byte(OP.call); out.u32(yieldPoint);
            out.byte(OP.if); out.byte(0x7f);
            out.byte(OP.call); out.u32(yieldNow);
            out.byte(0x05); // else
            out.byte(OP.i32Const); out.s32(0);
            out.byte(OP.end);
            copied = info.end;
            stats.signalChecks++;
          } else if (shift(info.index) !== info.index) {
            flush(info.at);
            out.u32(shift(info.index));
            copied = info.end;
          }
        }
      });
      depth += delta;
      if (depth < 0) {
        flush(r.pos);
        return;
      }
    }
    throw new Error("meter-wasm: code ran past its end without a closing `end`");
  }

  const out = new Writer(bytes.length + (1 << 20));
  out.bytes(bytes.subarray(0, 8));
  const emitSection = (id, body) => {
    out.byte(id);
    out.u32(body.length);
    out.bytes(body);
  };
  for (const s of sections) {
    const r = new Reader(bytes, s.start, s.end);
    switch (s.id) {
      case 1: {
        const w = new Writer();
        w.u32(r.u32() + appendedTypes.length);
        w.bytes(bytes.subarray(r.pos, s.end));
        for (const encoding of appendedTypes) w.bytes(encoding);
        emitSection(1, w.result());
        break;
      }
      case 2: {
        const w = new Writer();
        w.u32(r.u32() + NEW_IMPORTS.length);
        w.bytes(bytes.subarray(r.pos, s.end));
        for (const { name, type } of NEW_IMPORTS) {
          w.name(IMPORT_MODULE);
          w.name(name);
          w.byte(0x00);
          w.u32(type);
        }
        emitSection(2, w.result());
        break;
      }
      case 4: // tables: an initialiser expression could name a function
        emitSection(4, rewriteTables(r, rewriteCode));
        break;
      case 5:
        emitSection(5, rewriteMemory(r));
        break;
      case 6: {
        const w = new Writer();
        const n = r.u32();
        w.u32(n + 2);
        for (let i = 0; i < n; i++) {
          const typeStart = r.pos;
          skipValType(r);
          r.skip(1); // mutability
          w.bytes(bytes.subarray(typeStart, r.pos));
          rewriteCode(r, w, { meter: false });
        }
        // A mutable i32 global: (mut i32) (i32.const value) end.
        const appendGlobal = (value) => {
          w.byte(0x7f); w.byte(0x01);
          w.byte(OP.i32Const); w.s32(value);
          w.byte(OP.end);
        };
        appendGlobal(2 ** 30); // the fuel a run has left; large until a run sets it
        appendGlobal(0); // a bulk operation's length, in passing
        emitSection(6, w.result());
        break;
      }
      case 7: {
        const w = new Writer();
        const n = r.u32();
        w.u32(n + 1);
        for (let i = 0; i < n; i++) {
          w.name(r.name());
          const kind = r.u8();
          const index = r.u32();
          w.byte(kind);
          w.u32(kind === 0 ? shift(index) : index);
        }
        w.name(FUEL_EXPORT);
        w.byte(0x03);
        w.u32(fuelGlobal);
        emitSection(7, w.result());
        break;
      }
      case 8: {
        const w = new Writer();
        w.u32(shift(r.u32()));
        emitSection(8, w.result());
        break;
      }
      case 9:
        emitSection(9, rewriteElements(r, rewriteCode, shift));
        break;
      case 10: {
        const w = new Writer(s.end - s.start + (1 << 20));
        const n = r.u32();
        w.u32(n);
        for (let i = 0; i < n; i++) {
          const size = r.u32();
          const end = r.pos + size;
          const body = new Reader(bytes, r.pos, end);
          const localsStart = body.pos;
          const groups = body.u32();
          for (let g = 0; g < groups; g++) {
            body.u32();
            skipValType(body);
          }
          const one = new Writer(size + 256);
          one.bytes(bytes.subarray(localsStart, body.pos));
          const instructionsStart = body.pos;
          const meterEntry = callsAnything(new Reader(bytes, instructionsStart, end));
          rewriteCode(body, one, { meter: true, meterEntry });
          if (body.pos !== end) throw new Error(`meter-wasm: function ${i} ends at ${body.pos}, expected ${end}`);
          const result = one.result();
          w.u32(result.length);
          w.bytes(result);
          r.pos = end;
          stats.functions++;
        }
        emitSection(10, w.result());
        break;
      }
      default:
        emitSection(s.id, bytes.subarray(s.start, s.end));
    }
  }
  return { bytes: out.result(), stats };
}

const CALL_OPS = new Set([OP.call, 0x11, OP.returnCall, 0x13, 0x14, 0x15]);

/** Whether the instructions in r contain any kind of call (a leaf function does not). */
function callsAnything(r) {
  let calls = false;
  let depth = 0;
  while (r.pos < r.end) {
    const op = r.peek();
    if (CALL_OPS.has(op)) calls = true;
    depth += walkInstruction(r, () => {});
    if (depth < 0) return calls;
  }
  throw new Error("meter-wasm: code ran past its end without a closing `end`");
}

function readTypes(bytes, s) {
  const r = new Reader(bytes, s.start, s.end);
  const n = r.u32();
  const types = [];
  for (let i = 0; i < n; i++) {
    if (r.u8() !== 0x60) throw new Error("meter-wasm: only plain function types are supported in the type section");
    const sig = [];
    for (const _ of [0, 1]) {
      const count = r.u32();
      const part = [];
      for (let k = 0; k < count; k++) {
        const start = r.pos;
        skipValType(r);
        part.push(Buffer.from(bytes.subarray(start, r.pos)).toString("hex"));
      }
      sig.push(part.join(","));
    }
    types.push(sig.join(">"));
  }
  return types;
}

function readImports(bytes, s) {
  const r = new Reader(bytes, s.start, s.end);
  const n = r.u32();
  const imports = [];
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.u8();
    if (kind === 0) r.u32();
    else if (kind === 1) {
      skipValType(r);
      skipLimits(r);
    } else if (kind === 2) skipLimits(r);
    else if (kind === 3) {
      skipValType(r);
      r.skip(1);
    } else if (kind === 4) {
      r.skip(1);
      r.u32();
    } else throw new Error(`meter-wasm: unknown import kind ${kind}`);
    imports.push({ module, name, kind });
  }
  return imports;
}

function skipLimits(r) {
  const flags = r.u8();
  r.skipLeb();
  if (flags & 1) r.skipLeb();
}

function rewriteMemory(r) {
  const w = new Writer();
  const n = r.u32();
  if (n !== 1) throw new Error(`meter-wasm: expected one memory, found ${n}`);
  w.u32(n);
  const flags = r.u8();
  if (flags & ~1) throw new Error(`meter-wasm: shared or 64-bit memory (flags ${flags}) is not supported`);
  const min = r.u32();
  const maxPages = MEMORY_MAX_BYTES / 65536;
  if (min > maxPages) throw new Error(`meter-wasm: initial memory ${min} pages exceeds the cap of ${maxPages}`);
  if (flags & 1) r.u32();
  w.byte(0x01);
  w.u32(min);
  w.u32(maxPages);
  return w.result();
}

function rewriteTables(r, rewriteCode) {
  const w = new Writer();
  const n = r.u32();
  w.u32(n);
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    if (r.peek() === 0x40) {
      r.skip(2);
      skipValType(r);
      skipLimits(r);
      w.bytes(r.bytes.subarray(start, r.pos));
      rewriteCode(r, w, { meter: false });
    } else {
      skipValType(r);
      skipLimits(r);
      w.bytes(r.bytes.subarray(start, r.pos));
    }
  }
  return w.result();
}

function rewriteElements(r, rewriteCode, shift) {
  const w = new Writer();
  const n = r.u32();
  w.u32(n);
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    w.u32(flags);
    const hasTable = (flags & 2) !== 0 && (flags & 1) === 0;
    const passiveOrDeclared = (flags & 1) !== 0;
    const usesExprs = (flags & 4) !== 0;
    if (hasTable) w.u32(r.u32());
    if (!passiveOrDeclared) rewriteCode(r, w, { meter: false }); // offset
    if (flags & 3) {
      // element kind (0x00 = funcref) or reference type
      const start = r.pos;
      if (usesExprs) skipValType(r);
      else r.skip(1);
      w.bytes(r.bytes.subarray(start, r.pos));
    }
    const count = r.u32();
    w.u32(count);
    for (let k = 0; k < count; k++) {
      if (usesExprs) rewriteCode(r, w, { meter: false });
      else w.u32(shift(r.u32()));
    }
  }
  return w.result();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureMeteredWasm({ force: process.argv.includes("--force"), log: console.log });
}
