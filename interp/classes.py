"""`class` statements: CPython's `__build_class__`, with the body interpreted."""

import types

from interp import guestcode
from interp.calls import call
from interp.frame import Frame, UNBOUND

_run = None
# Has a guest class statement defined __del__?  Only then does pvmx finalize
# the guest's modules itself at exit (runner.finalize_guest_modules).
defines_finalizer = False


def set_runner(run):
    global _run
    _run = run


def build_class(frame, args, kwargs):
    if len(args) < 2:
        raise TypeError("__build_class__: not enough arguments")
    func, name, *bases = args
    if not isinstance(func, types.FunctionType):
        raise TypeError("__build_class__: func must be a function")
    if not isinstance(name, str):
        raise TypeError("__build_class__: name is not a string")
    orig_bases = tuple(bases)
    bases = types.resolve_bases(orig_bases)
    meta, ns, kwds = types.prepare_class(name, bases, dict(kwargs or {}))
    code = guestcode.lookup(func.__code__)
    if code is None:
        cell = func.__code__ and _host_body(func, ns)
    else:
        body = Frame(code, [UNBOUND] * code.nlocalsplus, func.__globals__,
                     func.__builtins__, ns, func, frame)
        cell = _run(body)
    if bases is not orig_bases and bases != orig_bases:
        ns["__orig_bases__"] = orig_bases
    if "__del__" in ns:
        global defines_finalizer
        defines_finalizer = True
    cls = call(frame, meta, (name, bases, ns), kwds)
    if isinstance(cell, types.CellType) and isinstance(cls, type):
        try:
            cell_cls = cell.cell_contents
        except ValueError:
            cell_cls = None
        if cell_cls is not cls:
            if cell_cls is None:
                raise RuntimeError(f"__class__ not set defining {name!r} as {cls!r}. "
                                   f"Was __classcell__ propagated to type.__new__?")
            raise TypeError(f"__class__ set to {cell_cls!r} defining {name!r} as {cls!r}")
    return cls


def _host_body(func, ns):
    return exec(func.__code__, func.__globals__, ns, closure=func.__closure__) \
        if func.__closure__ else exec(func.__code__, func.__globals__, ns)


class _BuildClass:
    """What LOAD_BUILD_CLASS pushes; `calls.call` hands it the guest frame."""
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return build_class(None, args, kwargs)


BUILD_CLASS = _BuildClass()
