import type { PyodideInterface } from "../src/pyodide/loader";

/** Collects what Python prints, one entry per line. */
export function capture(py: PyodideInterface): { stdout: string[]; stderr: string[] } {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  py.setStdout({ batched: (line) => out.stdout.push(line) });
  py.setStderr({ batched: (line) => out.stderr.push(line) });
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
