// Hostile profiles that try to leave something behind for a later run: of the
// same owner (who reuses the warm interpreter when cleanup finds it clean) and
// of another owner (who never shares an interpreter, but shares the isolate).
// Each asserts either that the state was put back and the warm interpreter kept,
// or that the interpreter was discarded, and that the next run sees nothing.
import { describe, expect, it } from "vitest";
import { sleep } from "./helpers";
import { balance, newUser, runAs, sandboxStats, type TestUser } from "./support/app";

const PROBE = "print('probe ran')";

/** `code` runs for owner `o`; then o's next run and another owner's run each print exactly "probe ran". */
async function leaveAndProbe(o: TestUser, other: TestUser, v: TestUser, code: string, probe = PROBE) {
  const first = await runAs(o, v, code);
  const stats = await sandboxStats(o);
  await sleep(150); // any timer the run left has had time to come due
  const same = await runAs(o, v, probe);
  const another = await runAs(other, v, probe);
  return { first, stats, same, another, after: await sandboxStats(o) };
}

const users = () => Promise.all([newUser("left-o"), newUser("left-x"), newUser("left-v")]);

describe("callbacks scheduled to fire after the run", () => {
  it("call_later / call_soon / a pending task never print into, or call the api for, a later run of either owner", async () => {
    const [o, x, v] = await users();
    const V = JSON.stringify(v.username);
    const r = await leaveAndProbe(
      o,
      x,
      v,
      `import asyncio, api
loop = asyncio.get_event_loop()
def late(tag):
    print('LATE', tag)
    api.call('xfer', target=${V}, zoobars=1)
loop.call_later(0.01, late, 'call_later')
loop.call_soon(late, 'call_soon')
async def task():
    await asyncio.sleep(0.02)
    late('task')
asyncio.ensure_future(task())
print('scheduled')`,
    );
    expect(r.first.output).toBe("scheduled\n");
    expect(r.same.output).toBe("probe ran\n");
    expect(r.another.output).toBe("probe ran\n");
    // Whether or not cleanup keeps this interpreter, nothing scheduled fired and no zoobar moved.
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });

  it("the JavaScript scheduler itself, called directly, never fires after the run", async () => {
    const [o, x, v] = await users();
    const V = JSON.stringify(v.username);
    const r = await leaveAndProbe(
      o,
      x,
      v,
      `import pyodide.webloop, api
from pyodide.ffi import create_once_callable
def late():
    print('LATE')
    api.call('xfer', target=${V}, zoobars=1)
pyodide.webloop.scheduleCallback(create_once_callable(late), 50)
pyodide.webloop.scheduleCallback(create_once_callable(late), 0)
print('scheduled')`,
    );
    expect(r.first.output).toBe("scheduled\n");
    expect([r.same.output, r.another.output]).toEqual(["probe ran\n", "probe ran\n"]);
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });

  it("a scheduler kept from an earlier run schedules nothing in a later run", async () => {
    const [o, x, v] = await users();
    await runAs(o, v, "import pyodide.webloop, linecache\nlinecache.cache['kept sched'] = pyodide.webloop.scheduleCallback\nprint('kept')");
    const run = await runAs(
      o,
      v,
      `import linecache, asyncio
from pyodide.ffi import create_once_callable
old = linecache.cache.get('kept sched')
print('reused', old is not None)
old(create_once_callable(lambda: print('OLD SCHEDULER FIRED')), 0)
import api
api.call('get_self')
print('done')`,
    );
    expect(run.output).toBe("reused True\ndone\n");
    expect((await runAs(x, v, PROBE)).output).toBe("probe ran\n");
  });

  it("__del__ finalizers and weakref callbacks run at cleanup, where they print nothing and the api is dead", async () => {
    const [o, x, v] = await users();
    const V = JSON.stringify(v.username);
    const r = await leaveAndProbe(
      o,
      x,
      v,
      `import api, weakref
class Bomb:
    def __del__(self):
        print('FINALIZER')
        api.call('xfer', target=${V}, zoobars=1)
a, b = Bomb(), Bomb()
a.other, b.other = b, a   # a cycle: freed only by the garbage collector
class Target: pass
t = Target(); t.me = t
ref = weakref.ref(t, lambda r: print('WEAKREF CALLBACK'))
print('armed')`,
    );
    expect(r.first.output).toBe("armed\n");
    expect([r.same.output, r.another.output]).toEqual(["probe ran\n", "probe ran\n"]);
    // Nothing was left uncollectable, so the warm interpreter was kept.
    expect(r.after).toMatchObject({ boots: 1, reuses: 1 });
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });

  it("gc.callbacks are put back: the warm interpreter is kept and the callback never runs again", async () => {
    const [o, x, v] = await users();
    const r = await leaveAndProbe(o, x, v, "import gc\ngc.callbacks.append(lambda phase, info: print('GC CALLBACK', phase))\nprint('armed')", "import gc\ngc.collect()\nprint('probe ran', len(gc.callbacks))");
    expect(r.same.output).toBe("probe ran 0\n");
    expect(r.another.output).toBe("probe ran 0\n");
    expect(r.after).toMatchObject({ boots: 1, reuses: 1 });
  });
});

describe("hooks that would run during a later run make the interpreter dirty", () => {
  const cases: [string, string, RegExp][] = [
    ["sys.settrace", "import sys\nsys.settrace(lambda *a: print('TRACE'))", /trace or profile/],
    ["sys.setprofile", "import sys\nsys.setprofile(lambda *a: print('PROFILE'))", /trace or profile/],
    [
      "sys.monitoring",
      "import sys\nm = sys.monitoring\nm.use_tool_id(3, 'evil')\nm.register_callback(3, m.events.PY_START, lambda *a: print('MONITOR'))\nm.set_events(3, m.events.PY_START)",
      /sys\.monitoring tools changed/,
    ],
    ["sys.excepthook", "import sys\nsys.excepthook = lambda *a: print('HOOK')", /sys hooks replaced/],
    ["sys.unraisablehook", "import sys\nsys.unraisablehook = lambda u: print('UNRAISABLE')", /sys hooks replaced/],
    ["atexit", "import atexit\natexit.register(print, 'ATEXIT')", /atexit callbacks changed/],
    ["signal", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)", /signal handlers changed/],
    ["codecs.register", "import codecs\ncodecs.register(lambda name: print('CODEC SEARCH') or None)", /codec search function/],
    ["codecs.register_error", "import codecs\ncodecs.register_error('strict', lambda e: print('HANDLER') or ('?', e.end))", /codec/],
    ["sys.meta_path", "import sys\nclass F:\n    def find_spec(self, *a):\n        print('FINDER')\nsys.meta_path.insert(0, F())", /import machinery changed/],
    ["sys.path_hooks", "import sys\nsys.path_hooks.insert(0, lambda p: print('PATH HOOK'))", /import machinery changed/],
    ["json.dumps", "import json\njson.dumps = lambda *a, **k: 'HACKED'", /module json changed/],
    ["os.path.join", "import os\nos.path.join = lambda *a: 'HACKED'", /module (posixpath|os\.path) changed/],
    ["sys.stdout.write", "import sys\nsys.stdout.write = lambda s: 0", /attributes of a .* held by a standard module changed/],
    ["json default decoder", "import json\njson._default_decoder.parse_object = lambda *a: 'HACKED'", /attributes of a JSONDecoder/],
    ["module __class__", "import json, types\nclass M(types.ModuleType):\n    def __getattribute__(self, n):\n        return 'HACKED'\njson.__class__ = M", /module json changed/],
  ];
  for (const [name, code, reason] of cases) {
    it(`${name}: discarded, and the next runs see nothing of it`, async () => {
      const [o, x, v] = await users();
      const probe = "import json, os, sys\nprint('probe ran', json.dumps([1]), os.path.join('a', 'b'), 'x'.encode('latin-1'))\n1/0 if False else None";
      const r = await leaveAndProbe(o, x, v, `print('planted', flush=True)\n${code}`, probe);
      // A trace, profile or monitoring hook may also print while the harness finishes the run.
      expect(r.first.output.startsWith("planted\n")).toBe(true);
      expect(r.stats.lastDiscard).toMatch(reason);
      const clean = "probe ran [1] a/b b'x'\n";
      expect(r.same).toEqual({ outcome: "ok", output: clean });
      expect(r.another).toEqual({ outcome: "ok", output: clean });
      expect(r.after.boots).toBe(2);
    });
  }

  it("SIG_IGN on SIGINT does not carry the CPU-budget escape into the owner's next run", async () => {
    const [o, , v] = await users();
    await runAs(o, v, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)");
    expect((await runAs(o, v, "while True: pass")).outcome).toBe("limit");
  });
});

describe("settings a run may change are put back, and the warm interpreter is kept", () => {
  it("umask, cwd, random seed, locale, warnings filters, copyreg, int digits, the import cache, a planted sys.modules entry and a submodule import", async () => {
    const [o, x, v] = await users();
    const r = await leaveAndProbe(
      o,
      x,
      v,
      `import os, random, warnings, copyreg, sys, types, locale
os.umask(0o777)
os.chdir('/tmp')
random.seed(1234)
warnings.simplefilter('error')
copyreg.pickle(complex, lambda c: (print, ('PICKLED',)))
sys.set_int_max_str_digits(100000)
sys.path_importer_cache['/evil'] = None
sys.modules['colorsys'] = types.ModuleType('colorsys')
import json.tool
print('changed')`,
      `import os, random, warnings, copyreg, sys, colorsys, json
old = os.umask(0o22)
random.seed(1234); seeded = random.random()
random.seed()
print('probe ran', oct(old), os.getcwd(), random.random() != seeded, warnings.filters[0][0], copyreg.dispatch_table[complex] is copyreg.pickle_complex)
print(sys.get_int_max_str_digits(), '/evil' in sys.path_importer_cache, hasattr(colorsys, 'rgb_to_hsv'), hasattr(json, 'tool'))`,
    );
    expect(r.first.output).toBe("changed\n");
    expect(r.stats.lastDiscard).toBe("");
    expect(lines(r.same.output)).toEqual([expect.stringMatching(/^probe ran 0o\d+ \/data True default True$/), "4300 False True False"]);
    expect(r.same.output).not.toContain("0o777");
    expect(r.after).toMatchObject({ boots: 1, reuses: 1 });
    expect(lines(r.another.output)).toEqual(lines(r.same.output));
  });

  it("a seeded random generator does not make the next run's numbers predictable", async () => {
    const [o, , v] = await users();
    await runAs(o, v, "import random\nrandom.seed(42)\nprint(random.random())");
    // Left seeded, the next run's first number would be the seed-42 sequence's second.
    const next = await runAs(o, v, "import random\nprint(random.random())");
    expect(next.output).not.toBe("0.025010755222666936\n");
    expect((await sandboxStats(o)).reuses).toBe(1);
  });
});

const lines = (output: string) => output.trimEnd().split("\n");
