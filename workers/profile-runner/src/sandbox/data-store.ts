// The owner's /data directory as rows in this Durable Object's SQLite storage.
// Paths are relative to /data ("notes/a.txt"); directories are rows too, so
// empty ones survive. A run's changes are written in one transaction.
//
// Plain SQL rather than drizzle: the schema is one table that this module
// alone reads and writes, created on first use.

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

  /** Makes storage equal `next`, given that it currently equals `previous`. Returns how many rows changed. */
  commit(previous: DataTree, next: DataTree): number {
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
