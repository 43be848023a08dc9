// workerd compiles no wasm at run time, yet Pyodide builds a few tiny modules
// from bytes while it boots: an 8-byte empty module (its "can I construct wasm?"
// probe, which gates stack switching), a call trampoline, and one small wrapper
// per signature when it puts a JavaScript function into the wasm table. Without
// them it silently falls back to JavaScript trampolines and every suspension
// dies with "SuspendError: trying to suspend JS frames".
//
// So `WebAssembly.Module` is wrapped: a construction whose bytes equal one of
// the modules precompiled by scripts/gen-wasm.mjs gets that module; anything
// else goes to the real constructor (and fails in workerd, as it would have).
// A Proxy with a construct trap keeps `instanceof WebAssembly.Module`, the
// static helpers and the prototype exactly as they were, which Emscripten
// relies on.
import { PRECOMPILED } from "./wasm/index";

/** What Pyodide asked for, for the upgrade canary: names answered, and the hex of what was not. */
export const constructions = { answered: new Set<string>(), unanswered: [] as string[] };

const byHex = new Map(PRECOMPILED.map((m) => [m.hex, m]));
const longest = Math.max(...PRECOMPILED.map((m) => m.hex.length / 2));
let installed = false;

export function installPrecompiledWasm(): void {
  if (installed) return;
  installed = true;
  const RealModule = WebAssembly.Module;
  WebAssembly.Module = new Proxy(RealModule, {
    construct(target, args, newTarget) {
      const bytes = asBytes(args[0]);
      if (bytes && bytes.length <= longest) {
        const hex = toHex(bytes);
        const answer = byHex.get(hex);
        if (answer) {
          constructions.answered.add(answer.name);
          return answer.module;
        }
        constructions.unanswered.push(hex);
      }
      return Reflect.construct(target, args, newTarget);
    },
  });
}

function asBytes(source: unknown): Uint8Array | undefined {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return undefined;
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}
