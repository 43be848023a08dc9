// Imported by loader.ts right after Pyodide's modules; see hide-process.ts.
import { restoreProcess } from "./process-guard";

restoreProcess();
