// Module imports that wrangler's [[rules]] turn into workerd modules.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
declare module "*.zip" {
  const bytes: ArrayBuffer;
  export default bytes;
}
declare module "pyodide/pyodide.asm.mjs" {
  import type { PyodideConfig } from "pyodide";
  const createPyodideModule: NonNullable<PyodideConfig["createPyodideModule"]>;
  export default createPyodideModule;
}
// The sandbox's Python half (wrangler rule "Text").
declare module "*.py" {
  const source: string;
  export default source;
}
// JSPI (in workerd's V8, not yet in the TypeScript lib).
declare namespace WebAssembly {
  class Suspending {
    constructor(fn: (...args: never[]) => unknown);
  }
}
