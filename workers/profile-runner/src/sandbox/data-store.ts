// The owner's /data directory as rows in this Durable Object's SQLite storage.
// Paths are relative to /data ("notes/a.txt"); directories are rows too, so
// empty ones survive. A run's changes are written in one transaction.
//
// Plain SQL rather than drizzle: the schema is one table that this module
// alone reads and writes, created on first use.
//
// The file system enforces the owner's quota as the run writes (file-quota.ts);
// commit() checks it again, so a tree beyond it is never stored even if that
// enforcement were bypassed. Refused, the run's /data changes are all dropped.

import type { ProfileRun } from "@zoobar/shared";
import type { FileLimits } from "../env";
import { DATA_DIR } from "./filesystem";

export type DataEntry = { kind: "dir" } | { kind: "file"; bytes: Uint8Array };
export type DataTree = Map<string, DataEntry>;

export class DataStore {
  constructor(private readonly sql: SqlStorage, private readonly storage: DurableObjectStorage) {
    sql.exec(
      "CREATE TABLE IF NOT EXISTS data_files (path TEXT PRIMARY KEY, is_dir INTEGER NOT NULL, content BLOB)",
    );
    sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  }

  load(): DataTree {
    const tree: DataTree = new Map();
    for (const row of this.sql.exec<{ path: string; is_dir: number; content: ArrayBuffer | null }>(
      "SELECT path, is_dir, content FROM data_files ORDER BY path",
    )) {
      tree.set(row.path, row.is_dir ? { kind: "dir" } : { kind: "file", bytes: new Uint8Array(row.content ?? new ArrayBuffer(0)) });
    }
    return tree;
  }

  /**
   * Makes storage equal `next`, given that it currently equals `previous`.
   * Returns how many rows changed. Throws DataQuotaError, storing nothing, if
   * `next` is beyond `limits` where `previous` was not.
   */
  commit(previous: DataTree, next: DataTree, limits?: FileLimits): number {
    if (limits) {
      const why = quotaProblem(previous, next, limits);
      if (why) throw new DataQuotaError(why);
    }
    const removed = [...previous.keys()].filter((p) => !next.has(p));
    const written = [...next].filter(([p, e]) => !sameEntry(previous.get(p), e));
    if (removed.length === 0 && written.length === 0) return 0;
    this.storage.transactionSync(() => {
      for (const path of removed) this.sql.exec("DELETE FROM data_files WHERE path = ?", path);
      for (const [path, entry] of written) {
        const content = entry.kind === "file" ? copyBuffer(entry.bytes) : null;
        this.sql.exec(
          "INSERT INTO data_files (path, is_dir, content) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET is_dir = excluded.is_dir, content = excluded.content",
          path,
          entry.kind === "dir" ? 1 : 0,
          content,
        );
      }
    });
    return removed.length + written.length;
  }

  getMeta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }
}

export class DataQuotaError extends Error {
  override name = "DataQuotaError";
}

const encoder = new TextEncoder();
const utf8Length = (text: string) => encoder.encode(text).length;

/**
 * Why `next` may not be stored, or "" if it may. Only what the run made worse
 * counts: a tree stored under larger limits can still be changed and shrunk.
 */
export function quotaProblem(previous: DataTree, next: DataTree, limits: FileLimits): string {
  const total = (tree: DataTree) => [...tree.values()].reduce((n, e) => n + (e.kind === "file" ? e.bytes.length : 0), 0);
  if (next.size > limits.dataEntries && next.size > previous.size) {
    return `/data would hold ${next.size} entries; the limit is ${limits.dataEntries}`;
  }
  const bytes = total(next);
  if (bytes > limits.dataBytes && bytes > total(previous)) {
    return `/data would hold ${bytes} bytes; the limit is ${limits.dataBytes}`;
  }
  for (const [path, entry] of next) {
    if (sameEntry(previous.get(path), entry)) continue;
    if (entry.kind === "file" && entry.bytes.length > limits.fileBytes) {
      return `${DATA_DIR}/${path} would be ${entry.bytes.length} bytes; the limit for one file is ${limits.fileBytes}`;
    }
    if (utf8Length(`${DATA_DIR}/${path}`) > limits.pathBytes || path.split("/").some((name) => utf8Length(name) > limits.nameBytes)) {
      return `a path in ${DATA_DIR} is longer than allowed`;
    }
  }
  return "";
}

/** The run as the page shows it when its /data changes could not be kept. */
export function withDataNotSaved(run: ProfileRun, error: unknown): ProfileRun {
  const why = error instanceof DataQuotaError ? error.message : "storage failed";
  return { ...run, output: `${run.output}\n[/data was not saved: ${why}. This view's changes to /data were dropped.]\n` };
}

export function sameEntry(a: DataEntry | undefined, b: DataEntry): boolean {
  if (!a || a.kind !== b.kind) return false;
  if (a.kind === "dir" || b.kind === "dir") return true;
  if (a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

function copyBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
