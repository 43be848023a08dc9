// What a profile may keep in the interpreter's file system, enforced inside
// Emscripten's MEMFS so that it holds however Python reaches a file: open and
// write, os.write, truncate, seek past the end and write, fallocate, mmap and
// msync, rename, mkdir, symlink. (os.link does not exist in Pyodide.)
//
// /data is a MEMFS mount of its own, so nothing is renamed into or out of it
// (EXDEV, as between two real file systems) and every node knows whether it
// counts against the owner's quota. An operation that would grow something
// past a limit throws before it changes anything: a refused write leaves the
// file exactly as it was. Sizes count in full: MEMFS has no sparse files, so
// truncate(huge) or a write far past the end would allocate all of it.
//
// Scratch space (everything outside /data) has a cap too, because MEMFS keeps
// file contents in JavaScript memory, outside the WebAssembly memory limit.
// A deleted file that is still open stays counted (as scratch) until its last
// descriptor is closed.
//
// errno values are Emscripten's, which is what Python's errno module shows:
//   EDQUOT (19)        the owner's /data byte or entry quota
//   EFBIG (22)         one /data file over the per-file cap
//   ENAMETOOLONG (37)  a name, a /data path or a /data symbolic link target too long
//   ENOSPC (51)        scratch space used up
//   EPERM (63)         a device node in /data (only files, directories and links)

import type { FileLimits } from "../env";

export const ERRNO = { EDQUOT: 19, EFBIG: 22, ENAMETOOLONG: 37, ENOSPC: 51, EPERM: 63 } as const;

// Emscripten's FS internals this module relies on (Pyodide 314.0.8; the
// upgrade canary and the limits tests fail if they change).
interface FsNode {
  name: string;
  mode: number;
  parent: FsNode;
  mount: unknown;
  mounted: unknown;
  usedBytes?: number;
  link?: string;
  contents?: Record<string, FsNode> | Uint8Array;
}
interface FsStream {
  node: FsNode;
}
interface DirNodeOps {
  mknod(parent: FsNode, name: string, mode: number, dev: number): FsNode;
  symlink(parent: FsNode, name: string, target: string): FsNode;
  rename(node: FsNode, newDir: FsNode, newName: string): void;
  unlink(parent: FsNode, name: string): void;
  rmdir(parent: FsNode, name: string): void;
}
interface FileNodeOps {
  setattr(node: FsNode, attr: { size?: number }): void;
}
interface FileStreamOps {
  write(stream: FsStream, buffer: Uint8Array, offset: number, length: number, position: number, canOwn?: boolean): number;
  msync(stream: FsStream, buffer: Uint8Array, offset: number, length: number, flags: number): number;
  open?(stream: FsStream): void;
  close?(stream: FsStream): void;
  dup?(stream: FsStream): void;
}
interface MemFs {
  ops_table: { dir: { node: DirNodeOps }; file: { node: FileNodeOps; stream: FileStreamOps } };
}
export interface QuotaFS {
  root: FsNode;
  filesystems: { MEMFS: MemFs };
  ErrnoError: new (errno: number) => Error;
  mkdir(path: string): unknown;
  mount(type: unknown, opts: object, mountpoint: string): FsNode;
  lookupNode(parent: FsNode, name: string): FsNode;
  getPath(node: FsNode): string;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  isLink(mode: number): boolean;
}

interface Pool {
  bytes: number;
  entries: number;
}

export interface FileUsage {
  dataBytes: number;
  dataEntries: number;
  scratchBytes: number;
  scratchEntries: number;
}

const encoder = new TextEncoder();
const utf8Length = (text: string) => encoder.encode(text).length;

export class FileQuota {
  /** Undefined until the first run: loading the stored /data at boot is counted but never refused. */
  limits: FileLimits | undefined;
  private readonly data: Pool = { bytes: 0, entries: 0 };
  private readonly scratch: Pool = { bytes: 0, entries: 0 };
  /** Scratch as it was at boot: the cap is on growth beyond it. */
  private readonly scratchAtBoot: Pool;
  private readonly dataMount: unknown;
  private readonly openStreams = new WeakMap<FsNode, number>();
  /** Removed from the tree while still open; counted as scratch until the last close. */
  private readonly detached = new WeakSet<FsNode>();

  private constructor(private readonly fs: QuotaFS, dataDir: string) {
    fs.mkdir(dataDir);
    this.dataMount = fs.mount(fs.filesystems.MEMFS, {}, dataDir).mount;
    this.scratchAtBoot = this.countTree(fs.root);
    Object.assign(this.scratch, this.scratchAtBoot);
    this.wrap(fs.filesystems.MEMFS.ops_table);
  }

  /** Mounts a fresh MEMFS at `dataDir` and puts the limits on the whole file system. */
  static install(fs: QuotaFS, dataDir: string): FileQuota {
    return new FileQuota(fs, dataDir);
  }

  usage(): FileUsage {
    return {
      dataBytes: this.data.bytes,
      dataEntries: this.data.entries,
      scratchBytes: this.scratch.bytes - this.scratchAtBoot.bytes,
      scratchEntries: this.scratch.entries - this.scratchAtBoot.entries,
    };
  }

  private fail(errno: number): never {
    throw new this.fs.ErrnoError(errno);
  }

  private inData(node: FsNode): boolean {
    return node.mount === this.dataMount && !this.detached.has(node);
  }

  private poolOf(node: FsNode): Pool {
    return this.inData(node) ? this.data : this.scratch;
  }

  private sizeOf(node: FsNode): number {
    if (this.fs.isFile(node.mode)) return node.usedBytes ?? 0;
    if (this.fs.isLink(node.mode)) return utf8Length(node.link ?? "");
    return 0;
  }

  /** Files and bytes under `dir` on the root MEMFS mount (other mounts are not scratch). */
  private countTree(dir: FsNode): Pool {
    const pool: Pool = { bytes: 0, entries: 0 };
    const walk = (node: FsNode) => {
      if (!this.fs.isDir(node.mode) || node.mounted) return;
      for (const child of Object.values(node.contents as Record<string, FsNode>)) {
        pool.entries++;
        pool.bytes += this.sizeOf(child);
        walk(child);
      }
    };
    walk(dir);
    return pool;
  }

  // --- checks, each before the operation it guards -------------------------

  private checkName(name: string): void {
    const limits = this.limits;
    if (limits && utf8Length(name) > limits.nameBytes) this.fail(ERRNO.ENAMETOOLONG);
  }

  /** `/data/...` of a new entry `name` in `dir`, plus the deepest path inside it (a directory being moved). */
  private checkPath(dir: FsNode, name: string, inside = 0): void {
    const limits = this.limits;
    if (!limits || !this.inData(dir)) return;
    const length = utf8Length(this.fs.getPath(dir)) + 1 + utf8Length(name) + inside;
    if (length > limits.pathBytes) this.fail(ERRNO.ENAMETOOLONG);
  }

  private checkNewEntry(dir: FsNode, bytes: number): void {
    const limits = this.limits;
    if (!limits) return;
    if (this.inData(dir)) {
      if (this.data.entries + 1 > limits.dataEntries || this.data.bytes + bytes > limits.dataBytes) this.fail(ERRNO.EDQUOT);
    } else if (
      this.scratch.entries + 1 > this.scratchAtBoot.entries + limits.scratchEntries ||
      this.scratch.bytes + bytes > this.scratchAtBoot.bytes + limits.scratchBytes
    ) {
      this.fail(ERRNO.ENOSPC);
    }
  }

  private checkGrowth(node: FsNode, newSize: number): void {
    const limits = this.limits;
    const growth = newSize - this.sizeOf(node);
    if (!limits || growth <= 0) return;
    if (this.inData(node)) {
      if (newSize > limits.fileBytes) this.fail(ERRNO.EFBIG);
      if (this.data.bytes + growth > limits.dataBytes) this.fail(ERRNO.EDQUOT);
    } else if (this.scratch.bytes + growth > this.scratchAtBoot.bytes + limits.scratchBytes) {
      this.fail(ERRNO.ENOSPC);
    }
  }

  /** The longest "/a/b/c" below `node` (0 for a file). */
  private deepest(node: FsNode): number {
    if (!this.fs.isDir(node.mode)) return 0;
    let most = 0;
    for (const [name, child] of Object.entries(node.contents as Record<string, FsNode>)) {
      most = Math.max(most, 1 + utf8Length(name) + this.deepest(child));
    }
    return most;
  }

  // --- bookkeeping, after the operation succeeded ---------------------------

  /** `node` left the tree (unlinked, or replaced by a rename). */
  private release(node: FsNode): void {
    const pool = this.poolOf(node);
    const size = this.sizeOf(node);
    pool.entries--;
    pool.bytes -= size;
    if ((this.openStreams.get(node) ?? 0) > 0) {
      // Still readable and writable through its descriptors: memory in use.
      this.detached.add(node);
      this.scratch.bytes += size;
    }
  }

  private resized<T>(node: FsNode, change: () => T): T {
    const before = this.sizeOf(node);
    const result = change();
    this.poolOf(node).bytes += this.sizeOf(node) - before;
    return result;
  }

  private wrap(ops: MemFs["ops_table"]): void {
    const dir = ops.dir.node;
    const fileNode = ops.file.node;
    const stream = ops.file.stream;
    const { mknod, symlink, rename, unlink, rmdir } = dir;
    const { setattr } = fileNode;
    const { write, msync } = stream;
    const quota = this;

    dir.mknod = function (parent, name, mode, dev) {
      quota.checkName(name);
      if (quota.limits && quota.inData(parent) && !(quota.fs.isFile(mode) || quota.fs.isDir(mode))) quota.fail(ERRNO.EPERM);
      quota.checkPath(parent, name);
      quota.checkNewEntry(parent, 0);
      const node = mknod.call(this, parent, name, mode, dev);
      quota.poolOf(node).entries++;
      return node;
    };
    dir.symlink = function (parent, name, target) {
      const bytes = utf8Length(target);
      quota.checkName(name);
      quota.checkPath(parent, name);
      if (quota.limits && quota.inData(parent) && bytes > quota.limits.pathBytes) quota.fail(ERRNO.ENAMETOOLONG);
      quota.checkNewEntry(parent, bytes);
      const node = symlink.call(this, parent, name, target);
      const pool = quota.poolOf(node);
      pool.entries++;
      pool.bytes += bytes;
      return node;
    };
    dir.rename = function (node, newDir, newName) {
      // FS.rename has checked that both ends are on one mount: a rename never moves anything between pools.
      quota.checkName(newName);
      quota.checkPath(newDir, newName, quota.deepest(node));
      let replaced: FsNode | undefined;
      try {
        replaced = quota.fs.lookupNode(newDir, newName);
      } catch {}
      rename.call(this, node, newDir, newName);
      if (replaced && replaced !== node) quota.release(replaced);
    };
    dir.unlink = function (parent, name) {
      const node = quota.fs.lookupNode(parent, name);
      unlink.call(this, parent, name);
      quota.release(node);
    };
    dir.rmdir = function (parent, name) {
      const node = quota.fs.lookupNode(parent, name);
      rmdir.call(this, parent, name);
      quota.release(node);
    };
    fileNode.setattr = function (node, attr) {
      if (attr.size === undefined) return setattr.call(this, node, attr);
      quota.checkGrowth(node, attr.size);
      return quota.resized(node, () => setattr.call(this, node, attr));
    };
    stream.write = function (s, buffer, offset, length, position, canOwn) {
      if (length > 0) quota.checkGrowth(s.node, canOwn ? length : Math.max(quota.sizeOf(s.node), position + length));
      return quota.resized(s.node, () => write.call(this, s, buffer, offset, length, position, canOwn));
    };
    stream.msync = function (s, buffer, offset, length, flags) {
      quota.checkGrowth(s.node, Math.max(quota.sizeOf(s.node), offset + length));
      return quota.resized(s.node, () => msync.call(this, s, buffer, offset, length, flags));
    };
    // Open descriptors, so that a deleted file stays counted while it can still grow.
    stream.open = (s) => void quota.openStreams.set(s.node, (quota.openStreams.get(s.node) ?? 0) + 1);
    stream.dup = stream.open;
    stream.close = (s) => {
      const left = Math.max(0, (quota.openStreams.get(s.node) ?? 0) - 1);
      quota.openStreams.set(s.node, left);
      if (left === 0 && quota.detached.has(s.node)) {
        quota.scratch.bytes -= quota.sizeOf(s.node);
        quota.detached.delete(s.node);
      }
    };
  }
}
