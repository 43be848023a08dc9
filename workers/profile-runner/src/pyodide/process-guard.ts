// workerd can define a Node-like global `process` (it does under nodejs_compat,
// which the vitest pool turns on). Pyodide asks "am I in Node?" at exactly two
// moments: when pyodide.mjs is evaluated, and in the first statement of every
// createPyodideModule call. A yes sends it down its Node path
// (`require("node:fs")`, `import("node:module")`), which cannot work here.
//
// Deleting the global for those moments is not enough: under vitest the module
// runner needs `process` to load the very modules being evaluated. So instead
// the object is marked with the two flags Pyodide itself honours as "not Node
// after all": `process.browser` (browserify's marker, read by pyodide.mjs) and
// `process.type === "renderer"` (Electron's, read by Emscripten's code in
// pyodide.asm.mjs). Both are removed again as soon as the moment has passed.
// The upgrade canary checks that Pyodide still decides it is not in Node.
type Flags = { browser?: unknown; type?: unknown };

let depth = 0;
let saved: { target: Flags; browser?: PropertyDescriptor; type?: PropertyDescriptor } | undefined;

export function hideProcess(): void {
  if (depth++ > 0) return;
  const target = (globalThis as { process?: Flags }).process;
  if (typeof target !== "object" || target === null) return;
  saved = {
    target,
    browser: Object.getOwnPropertyDescriptor(target, "browser"),
    type: Object.getOwnPropertyDescriptor(target, "type"),
  };
  Object.defineProperty(target, "browser", { value: true, configurable: true, writable: true });
  Object.defineProperty(target, "type", { value: "renderer", configurable: true, writable: true });
}

export function restoreProcess(): void {
  if (depth === 0 || --depth > 0) return;
  if (!saved) return;
  const { target, browser, type } = saved;
  saved = undefined;
  if (browser) Object.defineProperty(target, "browser", browser);
  else Reflect.deleteProperty(target, "browser");
  if (type) Object.defineProperty(target, "type", type);
  else Reflect.deleteProperty(target, "type");
}
