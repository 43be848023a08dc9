// Hostile profiles that look for JavaScript, Pyodide's own API, the network or
// secrets from Python. Each asserts the specific containment it expects.
import { describe, expect, it } from "vitest";
import { balance, newUser, runAs, sandboxStats, view } from "./support/app";

const lines = (output: string) => output.trimEnd().split("\n");

/** Prints `label: result` or `label: ExceptionType` for each attempt. */
const ATTEMPT = `def attempt(label, f):
    try:
        r = f()
        print(label + ':', 'GOT', repr(r)[:60])
    except BaseException as e:
        print(label + ':', type(e).__name__)
`;

// Walks everything reachable from Python without the gc module: modules,
// builtins, frames (the harness's own, through a traceback and sys._getframe),
// generator frames, closures, function globals and defaults, instance and class
// dicts, containers. Collects every JavaScript object found.
const WALK = `import sys, builtins, types
from pyodide.ffi import JsProxy
todo = [sys.modules, builtins.__dict__]
try:
    raise ValueError
except ValueError as e:
    todo.append(e.__traceback__.tb_frame)
todo.append(sys._getframe())
def _gen():
    yield
_g = _gen()
todo.append(_g.gi_frame)
seen, found, steps = set(), {}, 0
while todo and steps < 400000:
    o = todo.pop()
    steps += 1
    if id(o) in seen:
        continue
    seen.add(id(o))
    try:
        if isinstance(o, JsProxy):
            if not isinstance(o, type):
                found[id(o)] = o
            continue
        if isinstance(o, dict):
            todo.extend(o.keys()); todo.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            todo.extend(o)
        elif isinstance(o, types.FrameType):
            todo += [o.f_globals, dict(o.f_locals), o.f_back, o.f_builtins]
        elif isinstance(o, types.FunctionType):
            todo += [o.__globals__, o.__closure__ or (), o.__defaults__ or (), o.__kwdefaults__ or {}, o.__dict__]
        elif isinstance(o, types.CellType):
            todo.append(o.cell_contents)
        elif isinstance(o, types.MethodType):
            todo += [o.__func__, o.__self__]
        else:
            if isinstance(o, type):
                todo.append(o.__mro__)
            d = getattr(o, '__dict__', None)
            if d is not None:
                todo.append(dict(d))
    except Exception:
        pass
import api
bridge = [c.cell_contents for c in api.call.__closure__ if isinstance(c.cell_contents, JsProxy)][0]
import pyodide.webloop
scheduler = pyodide.webloop.scheduleCallback
`;

describe("JavaScript reach from Python", () => {
  it("the heap walks are refused: gc.get_objects, get_referrers and get_referents", async () => {
    const [o, v] = await Promise.all([newUser("rgc-o"), newUser("rgc-v")]);
    const run = await runAs(
      o,
      v,
      ATTEMPT + "import gc\nattempt('objects', gc.get_objects)\nattempt('referrers', lambda: gc.get_referrers(gc))\nattempt('referents', lambda: gc.get_referents(str.__dict__))",
    );
    expect(lines(run.output)).toEqual(["objects: RuntimeError", "referrers: RuntimeError", "referents: RuntimeError"]);
  });

  it("a walk of everything reachable without gc finds only the run's api bridge and its scheduler", async () => {
    const [o, v] = await Promise.all([newUser("rwalk-o"), newUser("rwalk-v")]);
    const run = await runAs(
      o,
      v,
      WALK +
        "print('steps', steps < 400000)\n" +
        "distinct = []\nfor p in found.values():\n    if not any(p == q for q in distinct): distinct.append(p)\n" +
        "print(len(distinct), all(p == bridge or p == scheduler for p in distinct), any(p == bridge for p in distinct), any(p == scheduler for p in distinct))",
    );
    // The walk finished (not cut by its step cap) and the only JavaScript objects in reach are the two this run was given.
    expect(run.output).toBe("steps True\n2 True True True\n");
  });

  it("calling what the walk finds, or their constructors, with JavaScript text yields no global, no Function and no timer", async () => {
    const [o, v] = await Promise.all([newUser("rcall-o"), newUser("rcall-v")]);
    const run = await runAs(
      o,
      v,
      WALK +
        ATTEMPT +
        `from pyodide.ffi import run_sync, to_js
attempt('bridge text', lambda: run_sync(bridge('globalThis')))
attempt('bridge js object', lambda: run_sync(bridge(to_js({'name': 'get_self', 'args': {}}))))
attempt('scheduler text', lambda: scheduler('globalThis.fetch("http://127.0.0.1/")', 0))
attempt('bridge Function', lambda: bridge.constructor('return globalThis')())
attempt('object Function', lambda: to_js({}).constructor.constructor('return globalThis')())
attempt('bridge globals', lambda: bridge.globalThis)
attempt('setTimeout', lambda: to_js({}).setTimeout)
attempt('env', lambda: bridge.env)
attempt('proto', lambda: bridge.__proto__.constructor('return 1')())`,
    );
    expect(lines(run.output).slice(0)).toEqual([
      `bridge text: GOT '{"ok":false,"error":"malformed api request"}'`,
      `bridge js object: GOT '{"ok":false,"error":"malformed api request"}'`,
      "scheduler text: JsException",
      "bridge Function: JsException",
      "object Function: JsException",
      "bridge globals: AttributeError",
      "setTimeout: AttributeError",
      "env: AttributeError",
      "proto: JsException",
    ]);
  });

  it("pyodide_js cannot be recovered, so its setInterruptBuffer cannot lift the CPU budget", async () => {
    const [o, v] = await Promise.all([newUser("rpjs-o"), newUser("rpjs-v")]);
    const run = await runAs(
      o,
      v,
      ATTEMPT +
        `import importlib, sys
import pyodide._package_loader as pl
import _pyodide._importhook as ih
attempt('import', lambda: importlib.import_module('pyodide_js'))
attempt('import js', lambda: importlib.import_module('js'))
attempt('api submodule', lambda: importlib.import_module('pyodide_js._api'))
print('registered', dict(ih.jsfinder.jsproxies), 'loadedPackages', pl.loadedPackages)
attempt('run_js', lambda: __import__('pyodide.code', fromlist=['run_js']).run_js('globalThis'))
attempt('micropip', lambda: importlib.import_module('micropip'))
print('looping', flush=True)
while True:
    pass`,
    );
    expect(lines(run.output)).toEqual([
      "import: ModuleNotFoundError",
      "import js: ModuleNotFoundError",
      "api submodule: ModuleNotFoundError",
      "registered {} loadedPackages None",
      "run_js: ModuleNotFoundError",
      "micropip: ModuleNotFoundError",
      "looping",
    ]);
    expect(run.outcome).toBe("limit");
  });

  it("the harness's namespace is not behind api.call or the event loop's methods", async () => {
    const [o, v] = await Promise.all([newUser("rglob-o"), newUser("rglob-v")]);
    const run = await runAs(
      o,
      v,
      `import api, asyncio
loop = asyncio.get_event_loop()
for f in (api.call, type(loop).call_later):
    print(sorted(k for k in f.__globals__ if k in ('cleanup', 'run', '_boot_prints', '_handles')))`,
    );
    expect(run.output).toBe("[]\n[]\n");
  });

  it("direct bridge calls with hand-made requests move nothing that api.call would refuse", async () => {
    const [o, v] = await Promise.all([newUser("rbr-o"), newUser("rbr-v")]);
    const V = JSON.stringify(v.username);
    const O = JSON.stringify(o.username);
    const run = await runAs(
      o,
      v,
      `import api, json
from pyodide.ffi import JsProxy, run_sync
bridge = [c.cell_contents for c in api.call.__closure__ if isinstance(c.cell_contents, JsProxy)][0]
for req in [{'name': 'xfer', 'args': {'target': ${O}, 'zoobars': 5, 'sender': ${V}}},
            {'name': 'xfer', 'args': {'target': ${V}, 'zoobars': 1.5}},
            {'name': 'xfer', 'args': {'target': ${V}, 'zoobars': -3}},
            {'name': 'xfer', 'args': {'target': ${V}, 'zoobars': '4'}},
            {'name': 'xferFromOwner', 'args': {}},
            {'name': 'constructor', 'args': {}}]:
    print(json.loads(run_sync(bridge(json.dumps(req))))['ok'])`,
    );
    expect(run.output).toBe("False\n".repeat(6));
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });

  it("ctypes, audit hooks and in-place code replacement are refused", async () => {
    const [o, v] = await Promise.all([newUser("rct-o"), newUser("rct-v")]);
    const run = await runAs(
      o,
      v,
      ATTEMPT +
        `import sys, json
attempt('ctypes', lambda: __import__('ctypes'))
# A hook that an existing hook refuses is silently not added (CPython's rule).
attempt('audit hook', lambda: sys.addaudithook(lambda e, a: print('HOOKED', e)))
open('/data/x', 'w').close()
def evil(*a, **k):
    return 'HACKED'
attempt('code', lambda: setattr(json.dumps, '__code__', evil.__code__))
import os
attempt('defaults', lambda: setattr(os.makedirs, '__defaults__', (0o700, True)))
attempt('kwdefaults', lambda: setattr(json.JSONEncoder.__init__, '__kwdefaults__', {}))
print(json.dumps([1]))`,
    );
    expect(lines(run.output)).toEqual([
      "ctypes: RuntimeError",
      "audit hook: GOT None",
      "code: RuntimeError",
      "defaults: RuntimeError",
      "kwdefaults: RuntimeError",
      "[1]",
    ]);
  });

  it("no connection can be opened: socket, http.client, urllib and pyodide.http all fail", async () => {
    const [o, v] = await Promise.all([newUser("rnet-o"), newUser("rnet-v")]);
    const run = await runAs(
      o,
      v,
      ATTEMPT +
        `import socket, http.client, urllib.request
attempt('socket', lambda: socket.socket())
attempt('connect', lambda: socket.create_connection(('127.0.0.1', 8787), timeout=1))
attempt('dns', lambda: socket.getaddrinfo('example.com', 80))
attempt('http.client', lambda: http.client.HTTPConnection('127.0.0.1', 8787, timeout=1).request('GET', '/'))
attempt('urllib', lambda: urllib.request.urlopen('http://127.0.0.1:8787/', timeout=1))
import pyodide.http, asyncio
attempt('pyfetch', lambda: asyncio.get_event_loop().run_until_complete(pyodide.http.pyfetch('http://127.0.0.1:8787/')))`,
    );
    const out = lines(run.output);
    expect(out.slice(0, 3)).toEqual(["socket: PermissionError", "connect: PermissionError", "dns: PermissionError"]);
    expect(out[3]).toBe("http.client: PermissionError");
    expect(out[4]).toBe("urllib: URLError");
    expect(out[5]).toMatch(/^pyfetch: (ModuleNotFoundError|ImportError|RuntimeError)$/);
    expect(out.join("\n")).not.toContain("GOT");
  });

  it("os.environ and /proc hold no secret and name no binding", async () => {
    const [o, v] = await Promise.all([newUser("renv-o"), newUser("renv-v")]);
    const run = await runAs(
      o,
      v,
      ATTEMPT +
        `import os
print(sorted(os.environ))
for p in ['/proc/self/environ', '/proc/1/environ', '/proc/self/cmdline', '/.dev.vars', '/etc/passwd']:
    attempt(p, lambda: open(p, 'rb').read())`,
    );
    const out = lines(run.output);
    expect(out[0]).toBe("['HOME', 'LANG', 'LD_LIBRARY_PATH', 'LOGNAME', 'PATH', 'PWD', 'PYTHONINSPECT', 'USER', '_']");
    expect(out.slice(1)).toEqual([
      "/proc/self/environ: FileNotFoundError",
      "/proc/1/environ: FileNotFoundError",
      "/proc/self/cmdline: FileNotFoundError",
      "/.dev.vars: FileNotFoundError",
      "/etc/passwd: FileNotFoundError",
    ]);
  });

  it("a deliberately triggered fatal interpreter error is contained: the next views of it and of another owner work", async () => {
    const [o, other, v] = await Promise.all([newUser("rfatal-o"), newUser("rfatal-x"), newUser("rfatal-v")]);
    const crash = await runAs(o, v, "import _pyodide_core\nprint('before', flush=True)\n_pyodide_core.trigger_fatal_error()");
    expect(crash.outcome).toBe("exception");
    expect(crash.error?.type).toBe("InterpreterError");
    expect((await sandboxStats(o)).lastDiscard).toBe("interpreter failed");
    expect((await runAs(o, v, "print('back')")).output).toBe("back\n");
    expect((await runAs(other, v, "print('other owner fine')")).output).toBe("other owner fine\n");
    expect((await view(v, o)).output).toBe("back\n");
  });
});
