// The interpreter's in-memory file system (Emscripten's MEMFS) as the sandbox
// sees it: /data holds the owner's files for the run, everything else is
// scratch that must look exactly as it did at boot for the interpreter to be
// reused. Only Emscripten's public FS calls are used.

import type { DataTree } from "./data-store";

export const DATA_DIR = "/data";

interface Stat {
  mode: number;
  size: number;
  ino: number;
  mtime: unknown;
  ctime: unknown;
}

export interface EmscriptenFS {
  mkdir(path: string): void;
  readdir(path: string): string[];
  lstat(path: string): Stat;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
  getPath(node: unknown): string;
  write: (stream: { path?: string; node?: unknown }, ...rest: unknown[]) => number;
}

// Pseudo file systems that change by themselves, and /data, which is synced instead.
const NOT_SCRATCH = new Set(["/dev", "/proc", DATA_DIR]);

function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

function children(fs: EmscriptenFS, dir: string): string[] {
  return fs.readdir(dir).filter((n) => n !== "." && n !== "..").sort();
}

/** One line per scratch entry: path, inode, mode, size and times. Equal strings mean nothing there changed. */
export function scratchFingerprint(fs: EmscriptenFS): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of children(fs, dir)) {
      const path = join(dir, name);
      if (NOT_SCRATCH.has(path)) continue;
      const s = fs.lstat(path);
      lines.push(`${path}\t${s.ino}\t${s.mode}\t${s.size}\t${String(s.mtime)}\t${String(s.ctime)}`);
      if (fs.isDir(s.mode)) walk(path);
    }
  };
  walk("/");
  return lines.join("\n");
}

/**
 * Calls `onWrite` when anything writes to a file outside /data and the pseudo
 * devices (stdout and stderr are devices), catching same-size rewrites that
 * the fingerprint's times might miss.
 */
export function watchScratchWrites(fs: EmscriptenFS, onWrite: () => void): void {
  const write = fs.write;
  fs.write = function (stream, ...rest) {
    const path = stream.path ?? (stream.node ? fs.getPath(stream.node) : "");
    if (!(path === DATA_DIR || path.startsWith(`${DATA_DIR}/`) || path.startsWith("/dev/"))) onWrite();
    return write.call(this, stream, ...rest);
  };
}

/**
 * Charges the JavaScript work Emscripten's file system does for Python to
 * the run's CPU budget: copies by size (as the metered binary charges
 * memory.copy, a unit per 16 bytes) and path walks per component (a walk
 * through a chain of long symbolic links is far dearer than its wasm cost).
 */
export function chargeFileSystemWork(fs: EmscriptenFS, charge: (units: number) => void): void {
  const target = fs as unknown as Record<"read" | "write" | "lookupNode", (...args: unknown[]) => unknown>;
  for (const name of ["read", "write"] as const) {
    const original = target[name];
    target[name] = function (this: unknown, ...args: unknown[]) {
      // (stream, buffer, offset, length, position)
      charge(Number(args[3]) / 16);
      return original.apply(this, args);
    };
  }
  const lookupNode = target.lookupNode;
  target.lookupNode = function (this: unknown, ...args: unknown[]) {
    charge(PATH_COMPONENT_UNITS);
    return lookupNode.apply(this, args);
  };
}

/** Units per path component looked up (~1 µs of work). */
const PATH_COMPONENT_UNITS = 300;

/** Fills an empty /data with `tree`. */
export function writeDataDir(fs: EmscriptenFS, tree: DataTree): void {
  // Sorted, so every directory comes before what it holds.
  for (const [path, entry] of [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const full = `${DATA_DIR}/${path}`;
    if (entry.kind === "dir") fs.mkdir(full);
    else fs.writeFile(full, entry.bytes);
  }
}

/** What /data holds now: regular files and directories (symbolic links and other kinds are not kept). */
export function readDataDir(fs: EmscriptenFS): DataTree {
  const tree: DataTree = new Map();
  const walk = (dir: string, rel: string) => {
    for (const name of children(fs, dir)) {
      const full = join(dir, name);
      const path = rel ? `${rel}/${name}` : name;
      const s = fs.lstat(full);
      if (fs.isDir(s.mode)) {
        tree.set(path, { kind: "dir" });
        walk(full, path);
      } else if (fs.isFile(s.mode)) {
        tree.set(path, { kind: "file", bytes: fs.readFile(full) });
      }
    }
  };
  walk(DATA_DIR, "");
  return tree;
}
