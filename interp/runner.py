"""Running a guest program: a script, a module (`-m`) or a command (`-c`) as `__main__`."""

import builtins
import gc
import importlib.machinery
import os
import sys
import types
import weakref

from interp import eval as guest_eval
from interp import guestcode, imports
from interp.frame import Frame, UNBOUND
from interp.state import DEPTH
from interp.handlers import bind
from interp import calls, classes, frames, generators, intrinsics, signals, tracing
from interp.protocol import typecache


class Stats:
    """With PVMX_STATS set: how many times a guest frame was run (or resumed)."""
    runs = 0


def _counting(run):
    def counted_run(frame):
        Stats.runs += 1
        return run(frame)
    return counted_run


def _wire():
    guestcode.set_binder(bind)
    set_runners(guest_eval.run)
    tracing.install(set_runners)
    calls.set_build_class(classes.BUILD_CLASS, classes.build_class)


def set_runners(run):
    """Make `run` the dispatch loop that every new guest frame starts in."""
    global _run
    # Counting costs a call per frame, so it is wired in only when asked for.
    _run = _counting(run) if os.environ.get("PVMX_STATS") else run
    calls.set_runner(_run, generators.make_generator)
    generators.set_runner(_run, guest_eval.unwind, _run is guest_eval.run)
    classes.set_runner(_run)
    intrinsics.set_runner(_run)


_run = guest_eval.run


def run_module_code(co, globals_):
    """Execute module-level code `co` in the namespace `globals_`, interpreted."""
    globals_.setdefault("__builtins__", builtins.__dict__)     # as exec() does
    code = guestcode.get(co)
    frame = Frame(code, [UNBOUND] * code.nlocalsplus, globals_, None, globals_, None, None)
    Stats.runs += 1
    depth = DEPTH       # a module frame counts toward the recursion limit, as in CPython
    if depth.depth >= depth.limit:
        raise RecursionError("maximum recursion depth exceeded")
    depth.depth += 1
    try:
        return _run(frame)
    finally:
        depth.depth -= 1


def _main_module(**attrs):
    mod = types.ModuleType("__main__")
    mod.__dict__.update(attrs, __builtins__=builtins)
    sys.modules["__main__"] = mod
    return mod


def finalize_guest_modules():
    """CPython's finalization of modules (Python/pylifecycle.c,
    finalize_modules), for the guest's modules only (`__main__` and those
    pvmx interpreted), while pvmx still runs: in CPython a guest object alive
    at exit is finalized then, and its `__del__` can print or flush a file.
    Left to the host's own finalization, a guest `__del__` would run through
    an interpreter whose modules are being torn down, and fail unseen.
    Called at exit after the guest's atexit callbacks, as CPython calls them
    before it finalizes modules; only when a guest class defined `__del__`
    (each step is a full collection of the guest's objects)."""
    if not classes.defines_finalizer:
        return
    hook = sys.unraisablehook
    if hook is sys.__unraisablehook__:
        sys.unraisablehook = _unraisable_at_exit
    try:
        _finalize_guest_modules()
    finally:
        if sys.unraisablehook is _unraisable_at_exit:
            sys.unraisablehook = hook


def _unraisable_at_exit(u):
    """sys.unraisablehook while the guest's modules are finalized: CPython's
    default hook, which at that point prints a traceback without source
    lines (its line reader cannot be imported any more)."""
    err = sys.stderr
    if err is None:
        return
    lines = []
    if u.object is not None:
        lines.append(f"{u.err_msg or 'Exception ignored in'}: {u.object!r}\n")
    elif u.err_msg:
        lines.append(f"{u.err_msg}:\n")
    tb = u.exc_traceback
    if tb is not None:
        lines.append("Traceback (most recent call last):\n")
        while tb is not None:
            code = tb.tb_frame.f_code
            lines.append(f'  File "{code.co_filename}", line {tb.tb_lineno}, in {code.co_name}\n')
            tb = tb.tb_next
    import traceback
    lines.extend(traceback.format_exception_only(u.exc_type, u.exc_value))
    try:
        err.write("".join(lines))
        err.flush()
    except Exception:
        pass


def _finalize_guest_modules():
    gc.collect()                # garbage already unreachable goes first, as in CPython
    typecache.infos.clear()     # pvmx's caches hold guest classes strongly
    main = sys.modules.get("__main__")
    guest = [(name, m) for name, m in list(sys.modules.items())
             if m is not None and (m is main or isinstance(getattr(m, "__loader__", None),
                                                           imports.GuestLoader))]
    namespaces = []             # ids only: holding the dicts would keep them alive
    for name, m in guest:
        del sys.modules[name]
        namespaces.append(id(m.__dict__))
    del guest, main
    m = None
    gc.collect()                # modules nothing else holds, with their globals' cycles
    # What still lives is held by pvmx (the JIT's traces hold modules and
    # globals), or by the guest.  Taken as garbage, as in CPython without
    # pvmx, in reverse order of import (finalize_modules_clear_weaklist).
    wanted = set(namespaces)
    survivors = {id(o): o for o in gc.get_objects() if id(o) in wanted and type(o) is dict}
    for i in reversed(namespaces):
        d = survivors.get(i)
        if d is not None:
            _clear_in_order(d)
    if survivors:
        survivors = d = None
        gc.collect()


def _clear_in_order(d):
    """Globals the way CPython's collector finalizes a garbage module: every
    finalizer runs before anything is cleared.  So first the objects with a
    `__del__`, in order, each seeing the other globals still there (one left
    alive by a cycle is collected there and then); then the other data (a
    list of such objects), with classes, functions and modules still bound;
    then those."""
    for key in list(d):         # (a finalizer may delete globals meanwhile)
        value = d.get(key)
        if not hasattr(type(value), "__del__"):
            continue
        try:
            ref = weakref.ref(value)
        except TypeError:
            ref = None
        d[key] = value = None
        if ref is not None and ref() is not None:
            gc.collect()
    for key in list(d):
        if key in d and not isinstance(d[key], _CODE_LIKE):
            d[key] = None
    for key in list(d):
        if key != "__builtins__" and key in d:
            d[key] = None


_CODE_LIKE = (type, types.FunctionType, types.ModuleType, types.BuiltinFunctionType)


class ScriptNotFound(Exception):
    pass


def setup(roots, interpret_all):
    _wire()
    frames.install()
    signals.install()
    for entry in (run_script, run_command, run_module):
        frames.add_entry(entry.__code__)
    imports.configure(roots, interpret_all, run_module_code)


def run_script(path, interpret_all=False):
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        raise ScriptNotFound(e) from None
    script_dir = os.path.dirname(os.path.realpath(path))
    sys.path[0] = script_dir
    setup([script_dir], interpret_all)
    # CPython makes the script's path absolute by joining it to the cwd, unnormalized.
    filename = path if os.path.isabs(path) else os.path.join(os.getcwd(), path)
    co = compile(source, filename, "exec", dont_inherit=True)
    loader = importlib.machinery.SourceFileLoader("__main__", filename)
    mod = _main_module(__file__=filename, __cached__=None, __loader__=loader, __spec__=None,
                       __package__=None)
    run_module_code(co, mod.__dict__)


def run_command(source, interpret_all=False, filename="<string>"):
    sys.path[0] = ""
    setup([os.getcwd()], interpret_all)
    co = compile(source, filename, "exec", dont_inherit=True)
    mod = _main_module(__loader__=None, __spec__=None, __package__=None)
    run_module_code(co, mod.__dict__)


class ModuleNotRunnable(Exception):
    pass


def run_module(name, interpret_all=False):
    sys.path[0] = os.getcwd()
    setup([os.getcwd()], interpret_all)
    # runpy's own search: its errors, and its parent-package import (which runs
    # guest packages through the guest loader, and fails as CPython's does).
    import runpy        # here: a script run need not load it
    name, spec, code = runpy._get_module_details(name, ModuleNotRunnable)
    if spec.origin is not None:
        sys.argv[0] = spec.origin
    mod = _main_module(__file__=spec.origin, __cached__=spec.cached, __loader__=spec.loader,
                       __spec__=spec, __package__=spec.parent)
    # CPython's runpy puts three levels below the module (measured: the deepest
    # recursion a `-m` module reaches is three less than a script's).
    DEPTH.depth += 3
    try:
        run_module_code(code, mod.__dict__)
    finally:
        DEPTH.depth -= 3
