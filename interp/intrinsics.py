"""Builtins that look at their caller's frame, given the guest frame instead.

Called natively, `super()`, `locals()` or `eval(src)` would see pvmx's own
frame.  `interp.calls.call` routes these objects here with the guest frame.
"""

import builtins as builtins_module
import sys
import types

from interp import guestcode
from interp.calls import INTRINSICS
from interp.frame import Frame, UNBOUND
from interp.state import DEPTH, EXC, set_recursion_limit
from tracer.hints import elidable

_run = None


def set_runner(run):
    global _run
    _run = run


def intrinsic(obj):
    def register(fn):
        INTRINSICS[obj] = fn
        return fn
    return register


def frame_locals(frame):
    """The dict `locals()` returns: the namespace, or a snapshot of the fast locals and cells."""
    if frame.names is not None:
        return frame.names
    code = frame.code
    out = {}
    ncells_start = len(code.co.co_varnames)
    for i, name in enumerate(code.localsplus_names):
        v = frame.locals[i]
        if v is UNBOUND:
            continue
        if i >= ncells_start or name in code.co.co_cellvars:
            if type(v).__name__ == "cell":
                try:
                    v = v.cell_contents
                except ValueError:
                    continue
        out[name] = v
    return out


@intrinsic(super)
def _super(frame, args, kwargs):
    if args or kwargs:
        return super(*args, **(kwargs or {}))
    code = frame.code
    if code.argcount == 0 and not code.flags & 0x04:
        raise RuntimeError("super(): no arguments")
    first = frame.locals[0]
    if first is UNBOUND:
        raise RuntimeError("super(): arg[0] deleted")
    if code.localsplus_names[0] in code.co.co_cellvars and type(first).__name__ == "cell":
        first = first.cell_contents
    try:
        idx = code.localsplus_names.index("__class__", len(code.localsplus_names) - code.nfree)
    except ValueError:
        raise RuntimeError("super(): __class__ cell not found") from None
    try:
        cls = frame.locals[idx].cell_contents
    except ValueError:
        raise RuntimeError("super(): empty __class__ cell") from None
    if not isinstance(cls, type):
        raise RuntimeError("super(): __class__ is not a type")
    return super(cls, first)


@intrinsic(locals)
def _locals(frame, args, kwargs):
    if args or kwargs:
        return locals(*args, **(kwargs or {}))
    return frame_locals(frame)


@intrinsic(globals)
def _globals(frame, args, kwargs):
    if args or kwargs:
        return globals(*args, **(kwargs or {}))
    return frame.globals


@intrinsic(vars)
def _vars(frame, args, kwargs):
    if args or kwargs:
        return vars(*args, **(kwargs or {}))
    return frame_locals(frame)


@intrinsic(dir)
def _dir(frame, args, kwargs):
    if args or kwargs:
        return dir(*args, **(kwargs or {}))
    return sorted(frame_locals(frame))


def _run_source(frame, source, globals_, locals_, mode, fname, closure=None):
    if globals_ is None:
        globals_ = frame.globals
        if locals_ is None:
            locals_ = frame_locals(frame)
    elif locals_ is None:
        locals_ = globals_
    if not isinstance(globals_, dict):
        raise TypeError(f"{fname}() globals must be a dict, not {type(globals_).__name__}")
    if "__builtins__" not in globals_:
        globals_["__builtins__"] = frame.globals.get("__builtins__", sys.modules["builtins"])
    if isinstance(source, (str, bytes, bytearray)):
        if isinstance(source, str):
            source = source.lstrip(" \t") if mode == "eval" else source
        co = compile(source, "<string>", mode, dont_inherit=True)
    elif type(source).__name__ == "code":
        co = source
    else:
        raise TypeError(f"{fname}() arg 1 must be a string, bytes or code object")
    if co.co_freevars and mode == "eval":
        raise TypeError("code object passed to eval() may not contain free variables")
    if (co.co_freevars or closure is not None) and len(closure or ()) != len(co.co_freevars):
        raise TypeError(f"code object requires a closure of exactly length "
                        f"{len(co.co_freevars)}")
    code = guestcode.get(co)
    f = Frame(code, [UNBOUND] * code.nlocalsplus, globals_, None, locals_, None, frame)
    if closure is not None:
        f.func = _ClosureHolder(closure)
    return _run(f)


class _ClosureHolder:
    __slots__ = ("__closure__",)

    def __init__(self, closure):
        self.__closure__ = closure


@intrinsic(eval)
def _eval(frame, args, kwargs):
    if kwargs or not 1 <= len(args) <= 3:
        return eval(*args, **(kwargs or {}))
    return _run_source(frame, args[0], *(list(args[1:]) + [None, None])[:2], "eval", "eval")


@intrinsic(exec)
def _exec(frame, args, kwargs):
    kwargs = dict(kwargs or {})
    closure = kwargs.pop("closure", None)
    if kwargs or not 1 <= len(args) <= 3:
        return exec(*args, **kwargs)
    _run_source(frame, args[0], *(list(args[1:]) + [None, None])[:2], "exec", "exec", closure)
    return None


@intrinsic(sys.exc_info)
def _exc_info(frame, args, kwargs):
    e = EXC.topmost()
    if e is None:
        return (None, None, None)
    return (type(e), e, e.__traceback__)


@intrinsic(sys.exception)
def _exception(frame, args, kwargs):
    return EXC.topmost()


@intrinsic(sys.getrecursionlimit)
def _getrecursionlimit(frame, args, kwargs):
    return DEPTH.limit


@intrinsic(sys.setrecursionlimit)
def _setrecursionlimit(frame, args, kwargs):
    (n,) = args
    if not isinstance(n, int):
        raise TypeError("an integer is required")
    if n < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    if DEPTH.depth >= n:
        raise RecursionError(f"cannot set the recursion limit to {n} at the recursion depth "
                             f"{DEPTH.depth}: the limit is too low")
    set_recursion_limit(n)
    return None


def _with_module(frame, ns):
    """type_new_set_module: a class made by type() gets its caller's `__name__` as `__module__`.

    CPython reads the calling frame's globals, which for a native call would be
    pvmx's own; give it the guest's.  type_new copies the dict anyway."""
    if type(ns) is dict and "__module__" not in ns:
        name = frame.globals.get("__name__")
        if name is not None:
            ns = dict(ns)
            ns["__module__"] = name
    return ns


@intrinsic(type)
def _type(frame, args, kwargs):
    if len(args) == 3:
        args = (args[0], args[1], _with_module(frame, args[2]))
    return type(*args, **(kwargs or {}))


@intrinsic(type.__new__)
def _type_new(frame, args, kwargs):
    if len(args) == 4:
        args = (args[0], args[1], args[2], _with_module(frame, args[3]))
    return type.__new__(*args, **(kwargs or {}))


@intrinsic(types.FunctionType)
def _function(frame, args, kwargs):
    """FunctionType(code, globals): without "__builtins__" in globals the function
    inherits the calling frame's builtins (bpo-42990) -- the guest's, not pvmx's."""
    globals_ = args[1] if len(args) > 1 else (kwargs or {}).get("globals")
    if type(globals_) is dict and "__builtins__" not in globals_:
        globals_["__builtins__"] = frame_builtins(frame)
        try:
            return types.FunctionType(*args, **(kwargs or {}))
        finally:
            del globals_["__builtins__"]
    return types.FunctionType(*args, **(kwargs or {}))


@elidable
def frame_builtins(frame):
    """The frame's builtins: its function's (fixed when the function was made), else
    from its globals, as _PyEval_BuiltinsFromGlobals.

    Elidable for the tracer: a frame's builtins never change (CPython fixes
    them when the frame is made), and a trace's frames are its own root frame
    (whose namespaces jit.back_edge pins) or inlined calls of a promoted
    function."""
    b = frame.builtins
    if b is None:
        func = frame.func
        if type(func) is types.FunctionType:
            return func.__builtins__
        b = frame.globals.get("__builtins__", builtins_module)
        if not isinstance(b, dict):
            b = b.__dict__
    return b
