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
# Longer than any username (64 characters) by far; refused before it is sent to JavaScript (api-bridge.ts caps requests too).
_MAX_ARG_CHARS = 1024

sys.dont_write_bytecode = True

# Every asyncio callback (call_soon, call_at, a task's steps) goes through
# WebLoop.call_later, which hands it to JavaScript's timers. Recording the
# handles lets cleanup() cancel what a run left scheduled, so it never fires
# during a later run. (Wrapping the JavaScript scheduler itself from Python
# hangs the interpreter.)
_handles = []


def _detached(fn, names=None):
    """`fn` with globals of its own (builtins and `names`), for a function profile
    code can reach (a method of a boot class, api.call): its __globals__ must
    not lead to this namespace, whose state cleanup() trusts."""
    scope = {"__builtins__": builtins, **(names or {})}
    return types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__, fn.__closure__, fn.__kwdefaults__)


def _make_tracked_call_later(call_later, handles):
    def call_later_tracked(self, delay, callback, *args, context=None):
        handle = call_later(self, delay, callback, *args, context=context)
        handles.append(handle)
        return handle

    return _detached(call_later_tracked)


_webloop.WebLoop.call_later = _make_tracked_call_later(_webloop.WebLoop.call_later, _handles)

# Pyodide's JavaScript modules are not for profiles: `js` is an empty object
# anyway, and pyodide_js is Pyodide's own API (interpreter.ts unregisters both).
for _name in [m for m in sys.modules if m == "js" or m == "pyodide_js" or m.startswith("pyodide_js.")]:
    del sys.modules[_name]


# ---- Reach (issue 4): what Python holds of JavaScript, and what it may do ----
#
# After the unregistering above, Pyodide still leaves Python holding three
# JavaScript objects, all reachable by walking the heap:
#   - every JsLoader that imported `js` or `pyodide_js` keeps it in .jsproxy, and
#     pyodide_js is Pyodide's whole API (setInterruptBuffer, which lifts the CPU
#     budget; FS; _module with the wasm heap; _api with the snapshot functions);
#   - pyodide._package_loader.loadedPackages;
#   - pyodide.webloop.scheduleCallback, which runs a callback whenever it likes,
#     long after the run that scheduled it.
# All three are dropped before any profile runs. asyncio instead gets each run's
# own scheduler (bridge.schedule, api-bridge.ts), which never fires a callback
# once its run has ended. What remains is the run's api bridge itself.


def _scheduler_outside_runs(callback, delay=0):
    raise RuntimeError("asyncio callbacks can only be scheduled while a profile runs")


_scheduler_outside_runs = _detached(_scheduler_outside_runs)


def _sever_js_reach():
    from _pyodide._importhook import JsLoader
    import pyodide._package_loader as package_loader

    for obj in gc.get_objects():
        if isinstance(obj, JsLoader):
            obj.jsproxy = None
    package_loader.loadedPackages = None
    _webloop.scheduleCallback = _scheduler_outside_runs


_sever_js_reach()

# Operations no profile needs and that reach past its own objects: walking the
# heap (every object of the harness and of Pyodide, the real dicts of built-in
# types), installing audit hooks (which no one can remove), ctypes (raw wasm
# memory), sockets, and replacing a function's code or defaults in place (which
# the post-run fingerprint, comparing identities, would not see). An audit hook
# refuses them; it is installed before any profile runs and cannot be removed.
_REFUSED_EVENTS = frozenset({
    "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    "sys.addaudithook", "sys._current_frames", "sys._current_exceptions", "sys.remote_exec",
})
_REFUSED_PREFIXES = ("ctypes.", "socket.", "_posixsubprocess.", "subprocess.", "os.exec", "os.spawn", "os.fork", "os.posix_spawn", "os.system")
_REFUSED_SETATTR = frozenset({"__code__", "__defaults__", "__kwdefaults__", "__bases__"})


def _make_audit_guard(refused, prefixes, refused_setattr):
    def guard(event, args):
        if event in refused or event.startswith(prefixes):
            if event.startswith("socket."):
                raise PermissionError(f"{event}: a profile has no network")
            raise RuntimeError(f"{event} is not available to profiles")
        if event == "object.__setattr__" and len(args) > 1 and type(args[1]) is str and args[1] in refused_setattr:
            raise RuntimeError(f"profiles cannot replace {args[1]} in place")

    return _detached(guard)


sys.addaudithook(_make_audit_guard(_REFUSED_EVENTS, _REFUSED_PREFIXES, _REFUSED_SETATTR))


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
                if len(value) > _MAX_ARG_CHARS:
                    raise ArgumentError(f"api.call({name!r}): {param} is far too long ({len(value)} characters)")
                clean[param] = str.__str__(value)
        reply = _loads(_run_sync(bridge(_dumps({"name": name, "args": clean}))))
        if not live[0]:
            raise APIError(_ENDED)
        if reply.get("ok"):
            return reply.get("value")
        raise APIError(reply.get("error") or "api.call failed")

    # call's globals are this run's own, not the harness's (see _detached).
    signatures = {method: dict(params) for method, params in SIGNATURES.items()}
    scope = {"_ENDED": _ENDED, "SIGNATURES": signatures, "_MAX_SAFE_INT": _MAX_SAFE_INT, "_MAX_ARG_CHARS": _MAX_ARG_CHARS, "_dumps": _dumps, "_loads": _loads, "_run_sync": _run_sync}
    scope["_example"] = _detached(_example, {"SIGNATURES": signatures})
    call = _detached(call, scope)
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


# Recursion. Python frames here cost JavaScript (V8) stack, which is far
# smaller than the 10 MiB wasm stack CPython believes it has, so past a few
# thousand frames a RecursionError can no longer be raised and unwound: the
# engine's stack overflows and the interpreter dies. sys.setrecursionlimit is
# capped so that plain recursion ends as RecursionError. This is a guard, not a
# wall: code that reaches the original (through the wrapper's closure; ctypes'
# Py_SetRecursionLimit is refused with the rest of ctypes) and recursion inside C (repr or del of a deeply nested
# list, json, pickle, the compiler) still overflow; that run then ends as
# "interpreter stopped" and its interpreter is discarded (interpreter.ts).
MAX_RECURSION = 4000


def _capped_setrecursionlimit_factory(original, cap, index):
    def setrecursionlimit(limit, /):
        limit = index(limit)
        original(cap if limit > cap else limit)

    return setrecursionlimit


# Rebuilt with empty globals, so the wrapper leads to nothing of the harness's
# namespace (its closure holds only the original, the cap and operator.index).
_template = _capped_setrecursionlimit_factory(sys.setrecursionlimit, MAX_RECURSION, operator.index)
_capped = types.FunctionType(_template.__code__, {}, "setrecursionlimit", None, _template.__closure__)
_capped.__qualname__ = "setrecursionlimit"
_capped.__module__ = "sys"
_capped.__doc__ = f"Set the recursion limit; in this sandbox it is capped at {MAX_RECURSION}."
sys.setrecursionlimit = _capped
del _template, _capped

# The state every run starts from, taken after the harness's own imports.
_boot_main = sys.modules.get("__main__")
_boot_builtins = dict(builtins.__dict__)
_boot_streams = (sys.stdin, sys.stdout, sys.stderr)
_boot_hooks = (sys.excepthook, sys.displayhook, sys.unraisablehook, sys.breakpointhook)
_boot_lists = {"sys.path": list(sys.path), "sys.meta_path": list(sys.meta_path), "sys.path_hooks": list(sys.path_hooks)}
_boot_environ = dict(os.environ)
_boot_recursion = sys.getrecursionlimit()


def _own_dict(obj):
    """obj's __dict__, read past any __getattribute__ a run may have given its class."""
    try:
        d = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        return None
    return d if type(d) is dict else None


def _fingerprint():
    """Identity of every value in every loaded module, and in the classes those modules define."""
    prints = {}
    for name, mod in list(sys.modules.items()):
        if name in ("__main__", "builtins"):
            continue
        d = _own_dict(mod)
        if d is None:
            continue
        # type(mod) and the class's type and bases too: `mod.__class__ = ...` and
        # `cls.__bases__ = ...` change behaviour without changing any dict.
        prints[name] = (mod, (type(mod), *d), tuple(d.values()))
        for value in tuple(d.values()):
            if isinstance(value, type) and value.__module__ == name:
                cd = value.__dict__
                prints[(name, value.__qualname__)] = (value, (type(value), value.__bases__, *cd), tuple(cd.values()))
    return prints


def _same(a, b):
    return len(a) == len(b) and all(map(_is, a, b))


_current = {"revoke": None}


# ---- Leftovers (issue 4): state outside the module fingerprint ----
#
# What a run can leave behind that the identity fingerprint above cannot see:
# attributes set on objects that boot modules hold (`sys.stdout.write = ...`,
# json's default decoder), process-wide registries and settings. Caches and
# settings that are always safe to put back are reset after every run;
# registrations that cannot be undone from Python (atexit, codec search
# functions, signal handlers, sys.monitoring tools) make the
# interpreter dirty, so it is discarded.

import atexit
import codecs
import copyreg
import _codecs
import _locale
import signal
import warnings

_ERROR_HANDLERS = ("strict", "ignore", "replace", "xmlcharrefreplace", "backslashreplace", "namereplace", "surrogateescape", "surrogatepass")
_codec_registrations = []


def _make_recording(register, registrations):
    def recording(*args):
        registrations.append(args[:1])
        return register(*args)

    return _detached(recording)


# codecs.register and register_error add to a registry in C that Python cannot list.
for _mod in (codecs, _codecs):
    _mod.register = _make_recording(_codecs.register, _codec_registrations)
    _mod.register_error = _make_recording(_codecs.register_error, _codec_registrations)


def _boot_instances():
    """Objects (other than modules, classes and functions) that boot modules hold, with their attributes."""
    found = {}
    for name in _boot_modules:
        mod = sys.modules.get(name)
        md = _own_dict(mod)
        if name in ("__main__", "builtins") or md is None:
            continue
        for value in tuple(md.values()):
            if isinstance(value, (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)):
                continue
            d = _own_dict(value)
            if d is not None and id(value) not in found:
                found[id(value)] = (value, tuple(d), tuple(d.values()))
    return tuple(found.values())


def _process_state():
    return {
        "atexit callbacks": atexit._ncallbacks(),
        "signal handlers": tuple((n, signal.getsignal(n)) for n in sorted(signal.valid_signals())),
        "sys.monitoring tools": tuple(sys.monitoring.get_tool(t) for t in range(6)),
        "codec error handlers": tuple(codecs.lookup_error(h) for h in _ERROR_HANDLERS),
    }


def _settings():
    return {
        "umask": os.umask(0o022),
        "locale": _locale.setlocale(_locale.LC_ALL),
        "gc threshold": gc.get_threshold(),
        "gc callbacks": list(gc.callbacks),
        "int max str digits": sys.get_int_max_str_digits(),
        "coroutine origin tracking": sys.get_coroutine_origin_tracking_depth(),
        # The event loop installs its own hooks whenever it runs a callback.
        "asyncgen hooks": tuple(sys.get_asyncgen_hooks()),
        "warnings filters": list(warnings.filters),
        "copyreg": dict(copyreg.dispatch_table),
        "path importer cache": dict(sys.path_importer_cache),
        "encodings cache": dict(sys.modules["encodings"]._cache),
    }


# Taken last, after everything the harness itself imports and replaces. The
# first fingerprint is thrown away: looking at some modules' values imports
# more modules (_pickle, for one), which must count as boot modules.
_fingerprint()
_boot_modules = frozenset(sys.modules)
_boot_prints = _fingerprint()
_boot_instance_prints = _boot_instances()
_boot_process = _process_state()
_boot_settings = _settings()
os.umask(_boot_settings["umask"])
_reseed = getattr(sys.modules.get("random"), "seed", None)
# Every interpreter is restored from one memory snapshot, so without this
# each would start with the same random state as every other owner's.
if _reseed:
    _reseed()


def _reset_settings():
    """Puts back caches and settings a run may change; each is always safe to put back."""
    b = _boot_settings
    os.umask(b["umask"])
    _locale.setlocale(_locale.LC_ALL, b["locale"])
    gc.set_threshold(*b["gc threshold"])
    gc.callbacks[:] = b["gc callbacks"]
    sys.set_int_max_str_digits(b["int max str digits"])
    sys.set_coroutine_origin_tracking_depth(b["coroutine origin tracking"])
    sys.set_asyncgen_hooks(*b["asyncgen hooks"])
    if list(warnings.filters) != b["warnings filters"]:
        warnings.filters[:] = b["warnings filters"]
        warnings._filters_mutated()
    for live, boot in ((copyreg.dispatch_table, b["copyreg"]), (sys.path_importer_cache, b["path importer cache"]), (sys.modules["encodings"]._cache, b["encodings cache"])):
        live.clear()
        live.update(boot)
    # A seed set by one run must not make the next run's numbers predictable.
    if _reseed is not None:
        _reseed()


def _leftovers():
    """Why the interpreter cannot be put back as it was, if it cannot ([] if it can)."""
    dirty = []
    if _codec_registrations:
        dirty.append("a codec search function or error handler was registered")
    now = _process_state()
    dirty.extend(key + " changed" for key, value in _boot_process.items() if now[key] != value)
    for obj, keys, values in _boot_instance_prints:
        d = _own_dict(obj) or {}
        if not (_same(tuple(d), keys) and _same(tuple(d.values()), values)):
            dirty.append(f"attributes of a {type(obj).__name__} held by a standard module changed")
            break
    return dirty


def _forget_submodules(dropped):
    """Removes `parent.child` attributes that point at submodules the run imported (and cleanup dropped)."""
    for name, mod in dropped:
        parent, _, child = name.rpartition(".")
        holder = sys.modules.get(parent) if parent else None
        if holder is not None and getattr(holder, "__dict__", {}).get(child) is mod:
            delattr(holder, child)


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
    _webloop.scheduleCallback = bridge.schedule
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
    _webloop.scheduleCallback = _scheduler_outside_runs
    dropped = [(m, sys.modules[m]) for m in list(sys.modules) if m not in _boot_modules]
    for name, _ in dropped:
        del sys.modules[name]
    _forget_submodules(dropped)
    del dropped
    # Before the collection below, which would free pending tasks (asyncio holds them weakly).
    for handle in _handles:
        handle.cancel()
    _handles.clear()
    try:
        import asyncio

        if any(not t.done() for t in asyncio.all_tasks(asyncio.get_event_loop())):
            dirty.append("asyncio tasks still pending")
    except BaseException:
        dirty.append("asyncio state unreadable")
    # The run's objects are unreachable now: their finalizers and weakref
    # callbacks run here, where output goes nowhere and the api is revoked,
    # not in the middle of a later run.
    gc.collect()
    if gc.garbage:
        dirty.append("uncollectable objects left")
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
    _reset_settings()
    dirty.extend(_leftovers())
    now = _fingerprint()
    if now.keys() != _boot_prints.keys():
        changed = sorted(str(k) for k in now.keys() ^ _boot_prints.keys())
        dirty.append("module contents changed: " + ", ".join(changed[:3]))
    else:
        for key, (obj, keys, values) in _boot_prints.items():
            o, k, v = now[key]
            if o is not obj or not _same(k, keys) or not _same(v, values):
                dirty.append(f"module {key if isinstance(key, str) else '.'.join(key)} changed")
                break
    linecache.cache.pop(PROFILE_FILE, None)
    return "; ".join(dirty)
