// /data quotas (src/sandbox/file-quota.ts): each limit fails at the Python
// call that would pass it, with OSError and the errno Python's errno module
// names, and leaves the file system exactly as it was. Defaults from
// wrangler.toml: 4 MiB and 256 entries per owner, 1 MiB per file, 255-byte
// names, 1024-byte paths, 32 MiB of scratch.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { limits } from "../src/env";
import { DataQuotaError, DataStore, type DataEntry, type DataTree } from "../src/sandbox/data-store";
import { newUser, runAs, runnerEnv, sandboxStats } from "./support/app";

const MiB = 1024 * 1024;

// Runs `body` and prints "<label> <errno name>" (or "<label> ok") for each attempt.
const TRY = `import errno, os
def attempt(label, fn):
    try:
        fn()
        print(label, 'ok')
    except OSError as e:
        print(label, errno.errorcode[e.errno])
def put(path, data, mode='wb'):
    # Closed at once, so an error from the final flush is raised here too.
    with open(path, mode) as f:
        f.write(data)
`;

const lines = (output: string) => output.trimEnd().split("\n");

describe("/data per-file cap (EFBIG)", () => {
  it("a write, truncate or seek past 1 MiB fails with EFBIG and leaves the file unchanged", async () => {
    const [o, v] = await Promise.all([newUser("efbig-o"), newUser("efbig-v")]);
    const run = await runAs(
      o,
      v,
      `${TRY}
print(errno.EFBIG, errno.EDQUOT, errno.ENOSPC, errno.ENAMETOOLONG)
open('/data/f', 'wb').write(b'keep')
def big_write():
    fd = os.open('/data/f', os.O_WRONLY | os.O_APPEND)
    try: os.write(fd, b'x' * ${MiB})
    finally: os.close(fd)
attempt('append', big_write)
attempt('truncate', lambda: os.truncate('/data/f', 10**12))
def ftruncate():
    with open('/data/f', 'r+b') as f: os.ftruncate(f.fileno(), ${MiB} + 1)
attempt('ftruncate', ftruncate)
def sparse():
    with open('/data/f', 'r+b') as f:
        f.seek(10**9)
        f.write(b'z')
attempt('seek+write', sparse)
print(open('/data/f', 'rb').read())
with open('/data/new', 'wb') as f:
    try:
        f.write(b'y' * (${MiB} + 1))
    except OSError as e:
        print('buffered write raises at the call:', errno.errorcode[e.errno])
print(os.path.getsize('/data/new'))
attempt('exactly 1 MiB', lambda: put('/data/full', b'q' * ${MiB}))
attempt('one byte more', lambda: put('/data/full', b'q', 'ab'))
print(os.path.getsize('/data/full'))`,
    );
    expect(run.outcome).toBe("ok");
    // Emscripten's numbering, which is what Python sees in Pyodide.
    expect(lines(run.output)).toEqual([
      "22 19 51 37",
      "append EFBIG",
      "truncate EFBIG",
      "ftruncate EFBIG",
      "seek+write EFBIG",
      "b'keep'",
      "buffered write raises at the call: EFBIG",
      "0",
      "exactly 1 MiB ok",
      "one byte more EFBIG",
      String(MiB),
    ]);
    // Nothing of the refused writes reached storage either.
    const after = await runAs(o, v, "import os\nprint(open('/data/f','rb').read(), os.path.getsize('/data/full'))");
    expect(after.output).toBe(`b'keep' ${MiB}\n`);
  });
});

describe("/data byte quota (EDQUOT)", () => {
  it("4 MiB in all: the write that would pass it fails, the quota holds across runs and reboots, and deleting frees room", async () => {
    const [o, v] = await Promise.all([newUser("bytes-o"), newUser("bytes-v")]);
    const fill = await runAs(
      o,
      v,
      `${TRY}
for i in range(4):
    attempt(f'file {i}', lambda: put(f'/data/f{i}', b'a' * ${MiB}))
attempt('one more byte', lambda: put('/data/more', b'!'))
put('/data/extra', b'')
def grow():
    with open('/data/extra', 'r+b') as f:
        f.seek(0, 2)
        f.write(b'!')
        f.flush()
attempt('grow a file', grow)
attempt('symlink', lambda: os.symlink('/data/f0', '/data/link'))
attempt('shrink', lambda: os.truncate('/data/f3', 10))
attempt('then grow within quota', lambda: put('/data/f3', b'b' * 100, 'ab'))
print(os.path.exists('/data/more'), os.path.getsize('/data/extra'), os.path.getsize('/data/f3'))`,
    );
    expect(lines(fill.output)).toEqual([
      "file 0 ok",
      "file 1 ok",
      "file 2 ok",
      "file 3 ok",
      "one more byte EDQUOT",
      "grow a file EDQUOT",
      "symlink EDQUOT",
      "shrink ok",
      "then grow within quota ok",
      "True 0 110",
    ]);
    // Same interpreter, next run: the quota counts what storage holds.
    const full = MiB - 110;
    const again = await runAs(o, v, `${TRY}\nattempt('fill', lambda: put('/data/g', b'c' * ${full}))\nattempt('over', lambda: put('/data/h', b'c'))`);
    expect(lines(again.output)).toEqual(["fill ok", "over EDQUOT"]);
    // A fresh interpreter (the scratch write forces a discard) counts the loaded tree too.
    await runAs(o, v, "open('/tmp/x', 'w').write('discard me')");
    expect((await sandboxStats(o)).lastDiscard).toMatch(/files outside \/data/);
    const reboot = await runAs(o, v, `${TRY}\nattempt('over', lambda: put('/data/h', b'c'))\nos.remove('/data/f1')\nattempt('after delete', lambda: put('/data/h', b'c' * ${MiB}))`);
    expect(lines(reboot.output)).toEqual(["over EDQUOT", "after delete ok"]);
  });

  it("a deleted file that is still open counts until it is closed", async () => {
    const [o, v] = await Promise.all([newUser("unlinked-o"), newUser("unlinked-v")]);
    const run = await runAs(
      o,
      v,
      `${TRY}
f = open('/data/held', 'wb')
f.write(b'h' * 1000); f.flush()
os.remove('/data/held')
attempt('grow the deleted file', lambda: (f.write(b'h' * 100), f.flush()))
f.close()
for i in range(4):
    attempt(f'file {i}', lambda: put(f'/data/f{i}', b'a' * ${MiB}))
print(sorted(os.listdir('/data')))`,
    );
    expect(lines(run.output)).toEqual(["grow the deleted file ok", "file 0 ok", "file 1 ok", "file 2 ok", "file 3 ok", "['f0', 'f1', 'f2', 'f3']"]);
  });
});

describe("/data entry quota (EDQUOT)", () => {
  it("256 files, directories and links: the 257th fails; rename over an entry and delete free one", async () => {
    const [o, v] = await Promise.all([newUser("entries-o"), newUser("entries-v")]);
    const run = await runAs(
      o,
      v,
      `${TRY}
os.mkdir('/data/d')
for i in range(200):
    open(f'/data/d/f{i}', 'w').close()
for i in range(55):
    os.mkdir(f'/data/e{i}')
print(len(os.listdir('/data/d')) + len(os.listdir('/data')))
attempt('file', lambda: open('/data/one-too-many', 'w').close())
attempt('dir', lambda: os.mkdir('/data/one-too-many'))
attempt('makedirs', lambda: os.makedirs('/data/x/y/z'))
attempt('symlink', lambda: os.symlink('d', '/data/one-too-many'))
print(os.path.exists('/data/one-too-many'), os.path.exists('/data/x'))
attempt('rename over', lambda: os.rename('/data/d/f0', '/data/d/f1'))
attempt('then one file', lambda: open('/data/now-fits', 'w').close())
attempt('and no more', lambda: open('/data/no', 'w').close())
os.rmdir('/data/e0')
attempt('after rmdir', lambda: open('/data/fits-again', 'w').close())`,
    );
    expect(lines(run.output)).toEqual([
      "256",
      "file EDQUOT",
      "dir EDQUOT",
      "makedirs EDQUOT",
      "symlink EDQUOT",
      "False False",
      "rename over ok",
      "then one file ok",
      "and no more EDQUOT",
      "after rmdir ok",
    ]);
    const next = await runAs(o, v, `${TRY}\nattempt('next run', lambda: open('/data/no', 'w').close())`);
    expect(next.output).toBe("next run EDQUOT\n");
  });
});

describe("/data names and paths (ENAMETOOLONG)", () => {
  it("names over 255 bytes and /data paths over 1024 bytes fail, by create, mkdir, symlink and rename", async () => {
    const [o, v] = await Promise.all([newUser("names-o"), newUser("names-v")]);
    const run = await runAs(
      o,
      v,
      `${TRY}
attempt('255-byte name', lambda: open('/data/' + 'n' * 255, 'w').close())
attempt('256-byte name', lambda: open('/data/' + 'n' * 256, 'w').close())
attempt('256 bytes in UTF-8', lambda: open('/data/' + 'é' * 128, 'w').close())
attempt('scratch name too', lambda: open('/tmp/' + 'n' * 256, 'w').close())
# /data/ + 4 * (250 + 1) = 1010 bytes, then one more level would pass 1024.
p = '/data'
for i in range(4):
    p += '/' + str(i) * 250
    os.mkdir(p)
print(len(p))
attempt('deep file', lambda: open(p + '/' + 'x' * 20, 'w').close())
attempt('fits', lambda: open(p + '/' + 'x' * 13, 'w').close())
attempt('deep dir', lambda: os.mkdir(p + '/' + 'y' * 20))
attempt('symlink target', lambda: os.symlink('t' * 1025, '/data/l'))
os.mkdir('/data/short')
# Moving the 1010-byte subtree one level deeper would make its deepest path too long.
attempt('rename deeper', lambda: os.rename('/data/0' + '0' * 249, '/data/short/' + '0' * 250))
print(os.path.isdir('/data/' + '0' * 250), os.listdir('/data/short'))`,
    );
    expect(lines(run.output)).toEqual([
      "255-byte name ok",
      "256-byte name ENAMETOOLONG",
      "256 bytes in UTF-8 ENAMETOOLONG",
      "scratch name too ENAMETOOLONG",
      "1009",
      "deep file ENAMETOOLONG",
      "fits ok",
      "deep dir ENAMETOOLONG",
      "symlink target ENAMETOOLONG",
      "rename deeper ENAMETOOLONG",
      "True []",
    ]);
  });
});

describe("/data is its own file system", () => {
  it("rename into or out of /data is EXDEV; shutil.move copies, and the copy is counted", async () => {
    const [o, v] = await Promise.all([newUser("exdev-o"), newUser("exdev-v")]);
    const run = await runAs(
      o,
      v,
      `${TRY}
import shutil
open('/data/a', 'wb').write(b'a' * 10)
open('/tmp/big', 'wb').write(b'b' * (${MiB} + 1))
attempt('rename out', lambda: os.rename('/data/a', '/tmp/a'))
attempt('rename in', lambda: os.rename('/tmp/big', '/data/big'))
attempt('move in', lambda: shutil.move('/tmp/big', '/data/big'))
print(os.path.exists('/data/a'), os.path.exists('/tmp/big'), os.path.getsize('/data/big') <= ${MiB})
attempt('remove /data', lambda: os.rmdir('/data'))`,
    );
    expect(lines(run.output)).toEqual([
      "rename out EXDEV",
      "rename in EXDEV",
      "move in EFBIG",
      "True True True",
      "remove /data EBUSY",
    ]);
  });
});

describe("scratch space (ENOSPC)", () => {
  it("files outside /data share 32 MiB beyond boot; the run fails at the write that passes it", async () => {
    const [o, v] = await Promise.all([newUser("scratch-o"), newUser("scratch-v")]);
    const run = await runAs(
      o,
      v,
      `${TRY}
chunk = b's' * ${MiB}
def fill():
    with open('/tmp/fill', 'wb') as f:
        for i in range(40):
            f.write(chunk)
attempt('fill /tmp', fill)
print(os.path.getsize('/tmp/fill') // ${MiB})
os.remove('/tmp/fill')
attempt('room again', lambda: put('/tmp/again', chunk))`,
    );
    expect(lines(run.output)).toEqual(["fill /tmp ENOSPC", "32", "room again ok"]);
  });
});

describe("defense in depth: storage refuses a tree beyond the quota", () => {
  const file = (n: number): DataEntry => ({ kind: "file", bytes: new Uint8Array(n) });

  it("DataStore.commit stores nothing past the limits, but lets an already-large tree shrink", async () => {
    const stub = runnerEnv.SANDBOXES.get(runnerEnv.SANDBOXES.idFromName(`store-check-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      const store = new DataStore(state.storage.sql, state.storage);
      const quota = { ...limits({} as never).files, dataBytes: 100, dataEntries: 3, fileBytes: 60 };
      const empty: DataTree = new Map();
      expect(() => store.commit(empty, new Map([["a", file(61)]]), quota)).toThrow(DataQuotaError);
      expect(() => store.commit(empty, new Map([["a", file(60)], ["b", file(41)]]), quota)).toThrow(/101 bytes; the limit is 100/);
      expect(() => store.commit(empty, new Map<string, DataEntry>([["a", { kind: "dir" }], ["b", file(1)], ["c", file(1)], ["d", file(1)]]), quota)).toThrow(/4 entries/);
      expect(() => store.commit(empty, new Map([["x".repeat(256), file(1)]]), quota)).toThrow(/longer than allowed/);
      expect(store.load().size).toBe(0);
      // Stored under larger limits: changes that do not make it worse are kept.
      const large: DataTree = new Map([["a", file(60)], ["b", file(60)]]);
      store.commit(empty, large);
      const smaller: DataTree = new Map([["a", file(60)], ["b", file(50)]]);
      expect(store.commit(large, smaller, quota)).toBe(1);
      expect(store.load().get("b")).toEqual(file(50));
    });
  });

  it("when storage refuses, the page says so and none of the run's /data changes are kept", async () => {
    const [o, v] = await Promise.all([newUser("refused-o"), newUser("refused-v")]);
    await runAs(o, v, "open('/data/n', 'w').write('1')");
    // A stand-in for a quota bypass: this object's store refuses the next commit.
    const stub = runnerEnv.SANDBOXES.get(runnerEnv.SANDBOXES.idFromName(o.username));
    await runInDurableObject(stub, (instance) => {
      const store = (instance as unknown as { store: DataStore }).store;
      const commit = store.commit.bind(store);
      store.commit = (previous, next) => {
        store.commit = commit;
        throw new DataQuotaError("/data would hold too much");
      };
    });
    const refused = await runAs(o, v, "open('/data/n', 'w').write('2')\nprint('wrote')");
    expect(refused.output).toBe("wrote\n\n[/data was not saved: /data would hold too much. This view's changes to /data were dropped.]\n");
    expect((await sandboxStats(o)).lastDiscard).toBe("saving /data failed");
    expect((await runAs(o, v, "print(open('/data/n').read())")).output).toBe("1\n");
  });
});
