// Every owner's interpreter lives in this one isolate, so the JavaScript
// built-ins are shared by all of them. Profile code can reach some JavaScript
// objects (Pyodide hands Python a few, and every one leads to Object,
// Function, their prototypes and statics), and from there it could plant a
// property or getter that another owner's run, or Pyodide's own boot, later
// trips over: a channel between owners, a way to break every boot, or a hook
// that catches another run's api bridge as `this`. Freezing the built-ins
// before any profile runs closes all of that: what Python can reach of the
// shared realm, it can read but never change.
//
// globalThis itself is not frozen (the loader swaps fetch and location during
// boot), and neither is WebAssembly (the loader wraps its Module constructor);
// Python reaches neither.

const GLOBAL_INTRINSICS = [
  "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "BigInt", "Promise", "RegExp", "Date",
  "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError",
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Proxy", "Reflect", "JSON", "Math",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Iterator",
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "Float16Array",
  "TextEncoder", "TextDecoder", "URL", "URLSearchParams", "Headers", "Request", "Response",
] as const;

/** Built-ins with no global name, reached from instances. */
function hiddenIntrinsics(): unknown[] {
  const proto = Object.getPrototypeOf;
  async function* asyncGen() {}
  function* gen() {}
  return [
    proto(async function () {}),
    proto(gen),
    proto(gen.prototype),
    proto(asyncGen),
    proto(asyncGen.prototype),
    proto(Int8Array),
    proto([][Symbol.iterator]()),
    proto(proto([][Symbol.iterator]())),
    proto(new Map()[Symbol.iterator]()),
    proto(new Set()[Symbol.iterator]()),
    proto(""[Symbol.iterator]()),
    proto(/x/[Symbol.matchAll]("")),
  ];
}

/**
 * V8 reads Error.stackTraceLimit and Error.prepareStackTrace. Under wrangler dev
 * Error has no prepareStackTrace of its own, and sealing it means none can be
 * added: such a hook would see every other run's stack frames. The Workers
 * test pool installs both before this runs and keeps assigning them, so where
 * they already exist they stay writable; everything else is fixed.
 */
function sealErrorConstructor(): void {
  for (const key of Reflect.ownKeys(Error)) {
    if (key === "stackTraceLimit" || key === "prepareStackTrace") continue;
    const desc = Object.getOwnPropertyDescriptor(Error, key)!;
    Object.defineProperty(Error, key, "value" in desc ? { ...desc, writable: false, configurable: false } : { ...desc, configurable: false });
  }
  Object.preventExtensions(Error);
}

let hardened = false;

/** The inherited names that code assigns on its own objects (an accessor costs a call on every read, so only these). */
const OVERRIDABLE = ["constructor", "toString", "toLocaleString", "valueOf", "name", "message", "toJSON", Symbol.toStringTag];

/**
 * A frozen prototype's data properties would make `obj.constructor = …` or
 * `obj.toString = …` on any ordinary object throw (the "override mistake"),
 * which Pyodide's own code does. So each becomes a getter for the original
 * value and a setter that gives the assigned-to object its own property,
 * leaving the prototype untouched.
 */
function freezeAllowingOverrides(proto: object): void {
  for (const key of OVERRIDABLE) {
    const desc = Object.getOwnPropertyDescriptor(proto, key);
    if (!desc || !("value" in desc) || !desc.configurable) continue;
    const value = desc.value;
    Object.defineProperty(proto, key, {
      get() {
        return value;
      },
      set(this: object, replacement: unknown) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a shared built-in`);
        Object.defineProperty(this, key, { value: replacement, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  }
  Object.freeze(proto);
}

export function hardenIntrinsics(): void {
  if (hardened) return;
  hardened = true;
  const g = globalThis as Record<string, unknown>;
  const done = new Set<unknown>();
  const freeze = (value: unknown, isPrototype: boolean) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null || done.has(value)) return;
    done.add(value);
    if (value === Error) sealErrorConstructor();
    else if (isPrototype) freezeAllowingOverrides(value);
    else Object.freeze(value);
  };
  for (const name of GLOBAL_INTRINSICS) {
    const value = g[name] as { prototype?: unknown } | undefined;
    if (typeof value === "function") freeze(value.prototype, true);
    freeze(value, false);
  }
  for (const value of hiddenIntrinsics()) freeze(value, true);
}
