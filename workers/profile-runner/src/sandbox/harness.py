# The Python half of the sandbox, executed once in every fresh interpreter
# (interpreter.ts) into a private namespace that no profile module imports.
# It runs one profile at a time: fresh __main__, fresh `api` module, output
# flushed, errors turned into (type, message, traceback); after each run it
# puts back what it can and reports anything it cannot, so that interpreter.ts
# discards the interpreter instead of reusing it.
#
# Everything a run could replace (json.dumps, traceback, builtins...) is bound
# here, before any profile code has run.

import builtins
import gc
import linecache
import operator
import os
import sys
import traceback
import types
from json import dumps as _dumps, loads as _loads

from pyodide.ffi import run_sync as _run_sync
import pyodide.webloop as _webloop

PROFILE_FILE = "<profile>"
# The file name this namespace runs under; frames from it are the harness's own
# and are left out of tracebacks shown to the owner.
RUNNER_FILE = "<runner>"
DATA_DIR = "/data"

_is = operator.is_
_ENDED = "this run has ended: an api handle kept from an earlier run cannot be used"

# api.call's surface: name -> {argument: type}.
SIGNATURES = {
    "get_self": {},
    "get_visitor": {},
    "get_user_info": {"username": str},
    "get_xfers": {"username": str},
    "xfer": {"target": str, "zoobars": int},
}
_MAX_SAFE_INT = 2**53 - 1

sys.dont_write_bytecode = True

# Every asyncio callback (call_soon, call_at, a task's steps) goes through
# WebLoop.call_later, which hands it to JavaScript's timers. Recording the
# handles lets cleanup() cancel what a run left scheduled, so it never fires
# during a later run. (Wrapping the JavaScript scheduler itself from Python
# hangs the interpreter.)
_handles = []
_call_later = _webloop.WebLoop.call_later


def _tracked_call_later(self, delay, callback, *args, context=None):
    handle = _call_later(self, delay, callback, *args, context=context)
    _handles.append(handle)
    return handle


_webloop.WebLoop.call_later = _tracked_call_later

# Pyodide's JavaScript modules are not for profiles: `js` is an empty object
# anyway, and pyodide_js is Pyodide's own API (interpreter.ts unregisters both).
for _name in [m for m in sys.modules if m == "js" or m == "pyodide_js" or m.startswith("pyodide_js.")]:
    del sys.modules[_name]


def _make_api(bridge):
    """A fresh `api` module for one run, talking to JavaScript through `bridge`."""
    mod = types.ModuleType("api", "Zoobar profile API: api.call(name, **kwargs).")

    class APIError(Exception):
        """An api.call that could not be done."""

    class ArgumentError(APIError, TypeError, ValueError):
        """api.call was given a wrong name or wrong arguments."""

    for cls in (APIError, ArgumentError):
        cls.__module__ = "api"
    live = [True]

    def call(name, /, *args, **kwargs):
        """api.call(name, **kwargs): one of get_self(), get_visitor(),
        get_user_info(username=...), get_xfers(username=...),
        xfer(target=..., zoobars=...)."""
        if not live[0]:
            raise APIError(_ENDED)
        if not isinstance(name, str):
            raise ArgumentError(f"api.call needs a method name (str) first, not {type(name).__name__}")
        params = SIGNATURES.get(name)
        if params is None:
            raise ArgumentError(f"api.call: no such method {name!r}; the methods are {', '.join(SIGNATURES)}")
        if args:
            raise ArgumentError(f"api.call({name!r}, ...) takes keyword arguments only, e.g. {_example(name)}")
        missing = [p for p in params if p not in kwargs]
        extra = [k for k in kwargs if k not in params]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(missing))
            if extra:
                parts.append("unexpected " + ", ".join(extra))
            raise ArgumentError(f"api.call({name!r}): {'; '.join(parts)} (usage: {_example(name)})")
        clean = {}
        for param, kind in params.items():
            value = kwargs[param]
            if kind is int:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ArgumentError(f"api.call({name!r}): {param} must be a whole number (int), not {type(value).__name__}")
                if value <= 0:
                    raise ArgumentError(f"api.call({name!r}): {param} must be positive, not {value}")
                if value > _MAX_SAFE_INT:
                    raise ArgumentError(f"api.call({name!r}): {param} is far too large")
                clean[param] = int(value)
            else:
                if not isinstance(value, str):
                    raise ArgumentError(f"api.call({name!r}): {param} must be a str, not {type(value).__name__}")
                clean[param] = str.__str__(value)
        reply = _loads(_run_sync(bridge(_dumps({"name": name, "args": clean}))))
        if not live[0]:
            raise APIError(_ENDED)
        if reply.get("ok"):
            return reply.get("value")
        raise APIError(reply.get("error") or "api.call failed")

    call.__module__ = "api"
    mod.call = call
    mod.APIError = APIError
    mod.ArgumentError = ArgumentError

    def revoke():
        live[0] = False

    return mod, revoke


def _example(name):
    return "api.call(%r%s)" % (name, "".join(f", {p}=..." for p in SIGNATURES[name]))


def _strip(te):
    """Drops the harness's own frames from a TracebackException, its causes included."""
    seen = set()
    todo = [te]
    while todo:
        t = todo.pop()
        if t is None or id(t) in seen:
            continue
        seen.add(id(t))
        t.stack = traceback.StackSummary.from_list([f for f in t.stack if f.filename != RUNNER_FILE])
        todo.extend([t.__cause__, t.__context__, *(getattr(t, "exceptions", None) or [])])
    return te


def _describe(exc, with_traceback):
    try:
        message = str(exc)
    except BaseException:
        message = "(the exception's message could not be shown)"
    error = {"type": type(exc).__name__, "message": message}
    if with_traceback:
        try:
            te = _strip(traceback.TracebackException.from_exception(exc))
            error["traceback"] = "".join(te.format())
        except BaseException:
            pass
    return error


# The state every run starts from, taken after the harness's own imports.
_boot_main = sys.modules.get("__main__")
_boot_builtins = dict(builtins.__dict__)
_boot_streams = (sys.stdin, sys.stdout, sys.stderr)
_boot_hooks = (sys.excepthook, sys.displayhook, sys.unraisablehook, sys.breakpointhook)
_boot_lists = {"sys.path": list(sys.path), "sys.meta_path": list(sys.meta_path), "sys.path_hooks": list(sys.path_hooks)}
_boot_environ = dict(os.environ)
_boot_recursion = sys.getrecursionlimit()


def _fingerprint():
    """Identity of every value in every loaded module, and in the classes those modules define."""
    prints = {}
    for name, mod in list(sys.modules.items()):
        if name in ("__main__", "builtins"):
            continue
        d = getattr(mod, "__dict__", None)
        if not isinstance(d, dict):
            continue
        prints[name] = (mod, tuple(d), tuple(d.values()))
        for value in tuple(d.values()):
            if isinstance(value, type) and value.__module__ == name:
                cd = value.__dict__
                prints[(name, value.__qualname__)] = (value, tuple(cd), tuple(cd.values()))
    return prints


def _same(a, b):
    return len(a) == len(b) and all(map(_is, a, b))


_boot_modules = frozenset(sys.modules)
_boot_prints = _fingerprint()
_current = {"revoke": None}


def run(code, bridge, show_traceback):
    """Runs one profile. Returns JSON: {"outcome": "ok"} or {"outcome": "exception", "error": {...}}."""
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    api, revoke = _make_api(bridge)
    _current["revoke"] = revoke
    # Old-style profiles say `global api` and use it without importing.
    main.api = api
    sys.modules["__main__"] = main
    sys.modules["api"] = api
    os.chdir(DATA_DIR)
    linecache.cache[PROFILE_FILE] = (len(code), None, code.splitlines(True), PROFILE_FILE)
    result = {"outcome": "ok"}
    try:
        exec(compile(code, PROFILE_FILE, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as e:
        status = e.code
        if not (status is None or status == 0):
            result = {"outcome": "exception", "error": {"type": "SystemExit", "message": str(status)}}
    except BaseException as e:
        result = {"outcome": "exception", "error": _describe(e, show_traceback)}
    finally:
        revoke()
        for stream in _boot_streams[1:]:
            try:
                stream.flush()
            except BaseException:
                pass
    return _dumps(result)


def cleanup():
    """Puts the interpreter back as it was at boot. Returns "" if it is fit for the owner's next run, else why not."""
    dirty = []
    if _current["revoke"]:
        _current["revoke"]()
        _current["revoke"] = None
    sys.modules["__main__"] = _boot_main
    for name in [m for m in sys.modules if m not in _boot_modules]:
        del sys.modules[name]
    if not _boot_modules <= sys.modules.keys():
        dirty.append("a standard module was removed from sys.modules")
    bd = builtins.__dict__
    if not (_same(tuple(bd), tuple(_boot_builtins)) and _same(tuple(bd.values()), tuple(_boot_builtins.values()))):
        bd.clear()
        bd.update(_boot_builtins)
    if (sys.stdin, sys.stdout, sys.stderr) != _boot_streams:
        dirty.append("sys streams replaced")
    if (sys.excepthook, sys.displayhook, sys.unraisablehook, sys.breakpointhook) != _boot_hooks:
        dirty.append("sys hooks replaced")
    if sys.gettrace() is not None or sys.getprofile() is not None:
        dirty.append("a trace or profile function is set")
    if sys.getrecursionlimit() != _boot_recursion:
        dirty.append("recursion limit changed")
    if {"sys.path": sys.path, "sys.meta_path": sys.meta_path, "sys.path_hooks": sys.path_hooks} != _boot_lists:
        dirty.append("import machinery changed")
    if dict(os.environ) != _boot_environ:
        dirty.append("os.environ changed")
    if not gc.isenabled():
        dirty.append("gc disabled")
    for handle in _handles:
        handle.cancel()
    _handles.clear()
    try:
        import asyncio

        if any(not t.done() for t in asyncio.all_tasks(asyncio.get_event_loop())):
            dirty.append("asyncio tasks still pending")
    except BaseException:
        dirty.append("asyncio state unreadable")
    now = _fingerprint()
    if now.keys() != _boot_prints.keys():
        dirty.append("module contents changed")
    else:
        for key, (obj, keys, values) in _boot_prints.items():
            o, k, v = now[key]
            if o is not obj or not _same(k, keys) or not _same(v, values):
                dirty.append(f"module {key if isinstance(key, str) else '.'.join(key)} changed")
                break
    linecache.cache.pop(PROFILE_FILE, None)
    return "; ".join(dirty)
