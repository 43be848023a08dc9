// /data: the owner's persistent directory in the owner's Durable Object;
// everything else is scratch for one run. Runs for one owner are serialized.
import { describe, expect, it } from "vitest";
import { auth } from "../../../test/workerd/users";
import { newUser, register, runAs, sandboxStats, setProfile, uniqueName, view, viewResult, type TestUser } from "./support/app";

describe("/data persists between runs", () => {
  it("supports the usual file APIs, with relative names landing in /data", async () => {
    const [o, v] = await Promise.all([newUser("files-o"), newUser("files-v")]);
    const write = await runAs(
      o,
      v,
      `import os, errno
print(os.getcwd())
with open('/data/t.txt', 'w') as f: f.write('text\\n')
with open('/data/t.txt', 'a') as f: f.write('more\\n')
with open('b.bin', 'wb') as f: f.write(bytes(range(256)))
with open('b.bin', 'ab') as f: f.write(b'!')
with open('/data/rw.txt', 'w+') as f:
    f.write('abc'); f.seek(0); print(f.read())
with open('/data/rw.txt', 'r+') as f: f.write('X')
with open('/data/x.txt', 'x') as f: f.write('exclusive')
fd = os.open('/data/raw', os.O_WRONLY | os.O_CREAT, 0o644)
os.write(fd, b'raw bytes'); os.close(fd)
os.makedirs('/data/sub/deeper')
open('/data/sub/deeper/n.txt', 'w').write('nested')
os.makedirs('/data/empty')
open('/data/gone.txt', 'w').write('soon gone')
os.remove('/data/gone.txt')
try:
    open('/data/missing.txt')
except FileNotFoundError as e:
    print('missing', e.errno == errno.ENOENT)
print(sorted(os.listdir('/data')))`,
    );
    expect(write).toEqual({
      output: "/data\nabc\nmissing True\n['b.bin', 'empty', 'raw', 'rw.txt', 'sub', 't.txt', 'x.txt']\n",
      outcome: "ok",
    });
    const read = await runAs(
      o,
      v,
      `import os
print(repr(open('t.txt').read()))
b = open('/data/b.bin', 'rb').read(); print(len(b), b[:3], b[-1:])
print(open('/data/rw.txt').read(), open('/data/x.txt').read(), open('/data/sub/deeper/n.txt').read())
fd = os.open('/data/raw', os.O_RDONLY); print(os.read(fd, 100)); os.close(fd)
print(os.path.exists('/data/gone.txt'), os.path.isdir('/data/empty'), os.listdir('/data/empty'))`,
    );
    expect(read.output).toBe("'text\\nmore\\n'\n257 b'\\x00\\x01\\x02' b'!'\nXbc exclusive nested\nb'raw bytes'\nFalse True []\n");
  });

  it("a fresh interpreter (after a discard) loads /data from storage", async () => {
    const [o, v] = await Promise.all([newUser("reload-o"), newUser("reload-v")]);
    await runAs(o, v, "open('/data/kept', 'w').write('from storage')\nopen('/tmp/dirty', 'w').write('forces a discard')");
    expect((await sandboxStats(o)).lastDiscard).toMatch(/files outside \/data changed/);
    const run = await runAs(o, v, "print(open('/data/kept').read())");
    expect(run.output).toBe("from storage\n");
    expect(await sandboxStats(o)).toMatchObject({ boots: 2 });
  });

  it("a run that hits a limit keeps none of its /data changes", async () => {
    const [o, v] = await Promise.all([newUser("limitdata-o"), newUser("limitdata-v")]);
    await runAs(o, v, "open('/data/n', 'w').write('1')");
    const limited = await runAs(o, v, "open('/data/n', 'w').write('2')\nopen('/data/new', 'w').write('x')\nwhile True: pass");
    expect(limited.outcome).toBe("limit");
    const run = await runAs(o, v, "import os\nprint(open('/data/n').read(), os.path.exists('/data/new'))");
    expect(run.output).toBe("1 False\n");
  });

  it("a run that raises keeps what it wrote before raising", async () => {
    const [o, v] = await Promise.all([newUser("raisedata-o"), newUser("raisedata-v")]);
    expect((await runAs(o, v, "open('/data/n', 'w').write('written')\nraise ValueError('after')")).outcome).toBe("exception");
    expect((await runAs(o, v, "print(open('/data/n').read())")).output).toBe("written\n");
  });
});

describe("isolation between owners", () => {
  it("owner B's code cannot read owner A's /data by any path", async () => {
    const [a, b, v] = await Promise.all([newUser("iso-a"), newUser("iso-b"), newUser("iso-v")]);
    await runAs(a, v, "open('/data/secret', 'w').write('A only')\nimport os; os.makedirs('/data/d'); open('/data/d/s2', 'w').write('A only')");
    const run = await runAs(
      b,
      v,
      `import os
found = []
for p in ['/data/secret', 'secret', '../data/secret', '/data/../data/secret', '//data/secret', '/data/./secret', '/data/d/s2', '../../data/d/s2']:
    try:
        found.append(open(p).read())
    except OSError as e:
        pass
print(found, os.listdir('/data'))
for root, dirs, files in os.walk('/'):
    if root.startswith(('/dev', '/proc')): continue
    for f in files:
        if f in ('secret', 's2'): print('FOUND', root, f)`,
    );
    expect(run.output).toBe("[] []\n");
    // And A still has it.
    expect((await runAs(a, v, "print(open('/data/secret').read())")).output).toBe("A only\n");
  });

  it("usernames a path mapping could mix up (a/b and a_b, '..') get separate sandboxes", async () => {
    const tag = uniqueName("mix").replace(/[^A-Za-z0-9]/g, "");
    const [slash, underscore, visitor] = await Promise.all([register(`${tag}a/b`), register(`${tag}a_b`), newUser("mix-v")]);
    let dots: TestUser;
    try {
      dots = await register("..");
    } catch {
      const grant = await auth().login("..", "unknown");
      throw new Error(`".." already exists in this run's storage: ${JSON.stringify(grant)}`);
    }
    for (const u of [slash, underscore, dots]) {
      await runAs(u, visitor, `open('/data/who', 'w').write(${JSON.stringify(u.username)})`);
    }
    for (const u of [slash, underscore, dots]) {
      const run = await runAs(u, visitor, "import os\nprint(open('/data/who').read(), os.listdir('/data'))");
      expect(run.output).toBe(`${u.username} ['who']\n`);
    }
  });

  it("nothing from owner A's run is visible in owner B's run or in A's next run: builtins, sys.modules, files outside /data", async () => {
    const [a, b, v] = await Promise.all([newUser("leak-a"), newUser("leak-b"), newUser("leak-v")]);
    const polluter = `import builtins, sys, os, types
builtins.marker = 'from A'
builtins.len = lambda x: 42
sys.modules['planted'] = types.ModuleType('planted')
import json; json.dumps = lambda *a, **k: 'HACKED'
for p in ['/testfile', '/tmp/x', '/lib/x', '/home/pyodide/x']:
    open(p, 'w').write('A was here')
os.makedirs('/tmp/dir/deeper')
print('polluted')`;
    const probe = `import builtins, sys, os, json
print(hasattr(builtins, 'marker'), len('ab'), 'planted' in sys.modules, json.dumps([1]))
print([p for p in ['/testfile', '/tmp/x', '/lib/x', '/home/pyodide/x', '/tmp/dir'] if os.path.exists(p)])`;
    expect((await runAs(a, v, polluter)).output).toBe("polluted\n");
    expect((await sandboxStats(a)).lastDiscard).not.toBe("");
    const clean = "False 2 False [1]\n[]\n";
    expect((await runAs(b, v, probe)).output).toBe(clean);
    expect((await runAs(a, v, probe)).output).toBe(clean);
  });

  it("builtins changed by a run are restored for the owner's next run in the same interpreter", async () => {
    const [o, v] = await Promise.all([newUser("builtins-o"), newUser("builtins-v")]);
    await runAs(o, v, "import builtins\nbuiltins.marker = 1\ndel builtins.abs");
    const run = await runAs(o, v, "import builtins\nprint(hasattr(builtins, 'marker'), abs(-3))");
    expect(run.output).toBe("False 3\n");
    expect(await sandboxStats(o)).toMatchObject({ boots: 1, reuses: 1 });
  });
});

describe("scratch paths", () => {
  it("files written outside /data are gone in the next run", async () => {
    const [o, v] = await Promise.all([newUser("scratch-o"), newUser("scratch-v")]);
    const paths = ["/testfile", "/tmp/x", "/lib/x", "/home/pyodide/x", "/data/../escape"];
    const first = await runAs(o, v, `import os\nfor p in ${JSON.stringify(paths)}:\n    open(p, 'w').write('x')\nprint(all(os.path.exists(p) for p in ${JSON.stringify(paths)}))`);
    expect(first.output).toBe("True\n");
    const second = await runAs(o, v, `import os\nprint([p for p in ${JSON.stringify(paths)} if os.path.exists(p)], os.listdir('/data'))`);
    expect(second.output).toBe("[] []\n");
  });

  it("a same-size rewrite of a file outside /data is noticed too", async () => {
    const [o, v] = await Promise.all([newUser("rewrite-o"), newUser("rewrite-v")]);
    await runAs(o, v, "import os\nfd = os.open('/lib/python314.zip', os.O_WRONLY)\nos.write(fd, b'PK')\nos.close(fd)");
    expect((await sandboxStats(o)).lastDiscard).toMatch(/files outside \/data changed/);
    expect((await runAs(o, v, "import textwrap\nprint(textwrap.shorten('a b c', 10))")).output).toBe("a b c\n");
  });
});

describe("serialized runs", () => {
  it("50 concurrent views of a visit counter leave it at exactly 50", async () => {
    const [o, v] = await Promise.all([newUser("count-o"), newUser("count-v")]);
    await setProfile(
      o,
      `#!python
import api
try:
    n = int(open('count').read())
except FileNotFoundError:
    n = 0
api.call('get_self')   # a wait between the read and the write
open('count', 'w').write(str(n + 1))
print(n + 1)`,
    );
    const runs = await Promise.all(Array.from({ length: 50 }, () => viewResult(v, o)));
    const counts = runs.map((r) => (r.ok ? Number(r.run.output) : r.error)).sort((x, y) => Number(x) - Number(y));
    expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await view(v, o)).output).toBe("51\n");
  });
});
