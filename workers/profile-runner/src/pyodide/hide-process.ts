// Imported by loader.ts ahead of Pyodide's modules (ES modules evaluate in
// import order) so that pyodide.mjs decides it is not running in Node;
// restore-process.ts, imported right after them, undoes it. See process-guard.ts.
import { hideProcess } from "./process-guard";

hideProcess();
