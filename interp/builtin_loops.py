"""When a builtin that loops over a guest generator runs as guest code.

`sum(x * x for x in data)`, `any(...)`, `max(...)`, `list(...)`,
`",".join(...)`: while the JIT is on and no trace function is set, such a
call with a guest generator as its iterable runs the builtin's app-level
version (`interp.app_builtins`), whose loop the JIT compiles with the
generator's frame inline.  Any other call (another iterable, arguments the
app-level version does not take) is the builtin's own (NATIVE), so every
error message stays CPython's.

Each generator code gets a copy of the app-level function (the same
bytecode with the generator's code as one more constant): a loop of its
own, since pvmx keeps one loop per header, and a loop shared by every
`sum(genexpr)` of a program would fail its guard on the generator's code
at every other call site (PyPy's app-level `sum`, app_functional.py, is one
loop for every caller, whose other generators take bridges; pvmx limits
a chain of bridges from one place, `bridge_repeats`).

Traceable (interp.jitsetup): while recording, the generator's class and
code are guards and the copy a constant.
"""

from types import FunctionType, GeneratorType

from interp import app_builtins as app
from interp import eval as guest_eval, generators as host_generators, guestcode
from interp.calls import INTRINSICS, NATIVE, call_guest
from tracer.hints import elidable, elidable_call, promote

_COPIES = {}        # (app-level function, generator's Code) -> its copy


@elidable
def _copy_for(fn, gen_code):
    """`fn` as a function of its own for generators of `gen_code`."""
    key = (fn, gen_code)
    copy = _COPIES.get(key)
    if copy is None:
        co = fn.__code__
        # an extra constant makes a code object unequal to the others (code
        # objects compare by value), so it is registered and decoded apart
        co = co.replace(co_consts=co.co_consts + (gen_code.co,))
        guestcode.register(co)
        guestcode.lookup(co).hidden = True
        copy = _COPIES[key] = FunctionType(co, fn.__globals__, fn.__name__)
    return copy


def _generator_code(x):
    """The code of `x`'s frame when `x` is a guest generator, else None."""
    if type(x) is not GeneratorType or guest_eval.TRACE_EXCEPTIONS is not None:
        return None
    # (through its module: a function of an opaque module imported here
    # would become a twin that stops recording)
    code = elidable_call(host_generators.guest_code_of, (x,))
    if code is None:
        return None
    return promote(code)


def _run(frame, fn, gen_code, args):
    copy = _copy_for(fn, gen_code)
    # what the CALL calls, for the tracer (jit.can_inline): its result is
    # the copy's, so a trace may inline the copy or call its entry trace
    frame.call_target = copy
    return call_guest(frame, copy, guestcode.lookup(copy.__code__), args, None)


def _sum(frame, args, kwargs):
    if len(args) == 2 and not kwargs:
        start = args[1]
    elif len(args) == 1 and (not kwargs or (len(kwargs) == 1 and "start" in kwargs)):
        start = kwargs["start"] if kwargs else 0
    else:
        return NATIVE
    code = _generator_code(args[0])
    if code is None or isinstance(start, (str, bytes, bytearray)):
        return NATIVE       # (sum refuses these starts before it takes an item)
    return _run(frame, app.sum_, code, (args[0], start))


def _one(frame, fn, args, kwargs):
    """`fn` for a builtin called with exactly one argument, the iterable."""
    if len(args) != 1 or kwargs:
        return NATIVE
    code = _generator_code(args[0])
    if code is None:
        return NATIVE
    return _run(frame, fn, code, (args[0],))


def _all(frame, args, kwargs):
    return _one(frame, app.all_, args, kwargs)


def _any(frame, args, kwargs):
    return _one(frame, app.any_, args, kwargs)


def _list(frame, args, kwargs):
    return _one(frame, app.list_, args, kwargs)


def _tuple(frame, args, kwargs):
    return _one(frame, app.tuple_, args, kwargs)


def _set(frame, args, kwargs):
    return _one(frame, app.set_, args, kwargs)


def _frozenset(frame, args, kwargs):
    return _one(frame, app.frozenset_, args, kwargs)


def _min_max(frame, fn, args, kwargs):
    key, default = None, app.MISSING
    if kwargs:
        if not kwargs.keys() <= {"key", "default"}:
            return NATIVE
        key = kwargs.get("key")
        default = kwargs.get("default", app.MISSING)
    if len(args) != 1:
        return NATIVE
    code = _generator_code(args[0])
    if code is None:
        return NATIVE
    return _run(frame, fn, code, (args[0], key, default))


def _max(frame, args, kwargs):
    return _min_max(frame, app.max_, args, kwargs)


def _min(frame, args, kwargs):
    return _min_max(frame, app.min_, args, kwargs)


def _sorted(frame, args, kwargs):
    key, reverse = None, False
    if kwargs:
        if not kwargs.keys() <= {"key", "reverse"}:
            return NATIVE
        key = kwargs.get("key")
        reverse = kwargs.get("reverse", False)
    if len(args) != 1:
        return NATIVE
    code = _generator_code(args[0])
    if code is None:
        return NATIVE
    return _run(frame, app.sorted_, code, (args[0], key, reverse))


def _join(frame, args, kwargs):
    if len(args) != 2 or kwargs or type(args[0]) is not str:
        return NATIVE
    code = _generator_code(args[1])
    if code is None:
        return NATIVE
    return _run(frame, app.join_, code, args)


def install():
    """Route the builtins here (the JIT is on: interp.jit.install)."""
    INTRINSICS.update({sum: _sum, all: _all, any: _any, max: _max, min: _min, list: _list,
                       tuple: _tuple, set: _set, frozenset: _frozenset, sorted: _sorted,
                       str.join: _join})
