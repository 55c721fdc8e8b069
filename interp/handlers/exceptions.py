"""Raising and handling exceptions, `with` blocks, exception groups (`except*`)."""

from types import FunctionType, MethodType

from interp import tb as guest_tb
from interp.calls import call, lookup_special, NOTFOUND, HEAPTYPE
from interp.handlers.registry import opcode
from interp.state import EXC
from tracer.hints import promote, read_field, write_field


# EXC.value through read_field/write_field: recorded as field reads and
# writes of the EXC object (bridges from a call that raised run handlers).

@opcode
def PUSH_EXC_INFO(frame, stack, arg, pc):
    value = stack[-1]
    stack[-1] = read_field(EXC, "value")
    stack.append(value)
    write_field(EXC, "value", value)
    return pc


@opcode
def POP_EXCEPT(frame, stack, arg, pc):
    write_field(EXC, "value", stack.pop())
    return pc


def _check_catchable(right, star=False):
    classes = right if isinstance(right, tuple) else (right,)
    for c in classes:
        if not (isinstance(c, type) and issubclass(c, BaseException)):
            if star:
                raise TypeError("catching classes that do not inherit from BaseException "
                                "is not allowed")
            raise TypeError("catching classes that do not inherit from BaseException "
                            "is not allowed")
        if star and issubclass(c, BaseExceptionGroup):
            raise TypeError("catching ExceptionGroup with except* is not allowed. "
                            "Use except instead.")


@opcode
def CHECK_EXC_MATCH(frame, stack, arg, pc):
    right = promote(stack.pop())        # (the check below then runs on a constant)
    _check_catchable(right)
    stack.append(isinstance(stack[-1], right))
    return pc


@opcode
def CHECK_EG_MATCH(frame, stack, arg, pc):
    match_type = stack.pop()
    _check_catchable(match_type, star=True)
    exc = stack[-1]
    if exc is None:
        match, rest = None, None
    elif isinstance(exc, match_type):
        if isinstance(exc, BaseExceptionGroup):
            match = exc
        else:
            match = BaseExceptionGroup("", (exc,))
            match.__traceback__ = exc.__traceback__
        rest = None
    elif isinstance(exc, BaseExceptionGroup):
        match, rest = exc.split(match_type)
    else:
        match, rest = None, None
    if match is None:
        stack.append(None)
    else:
        stack[-1] = rest
        stack.append(match)
        EXC.value = match
    return pc


def _leaf_ids(eg, out):
    if isinstance(eg, BaseExceptionGroup):
        for e in eg.exceptions:
            _leaf_ids(e, out)
    else:
        out.add(id(eg))


def _same_metadata(e, orig):
    # __traceback__ is left out: pvmx re-raises through host frames that extend it.
    return (e.__cause__ is orig.__cause__ and e.__context__ is orig.__context__
            and getattr(e, "__notes__", None) is getattr(orig, "__notes__", None))


@opcode
def PREP_RERAISE_STAR(frame, stack, arg, pc):
    excs = stack.pop()
    orig = stack.pop()
    stack.append(_prep_reraise_star(orig, excs))
    return pc


def _prep_reraise_star(orig, excs):
    if not excs:
        return None
    if not isinstance(orig, BaseExceptionGroup):
        return excs[0]
    raised, reraised = [], []
    for e in excs:
        if e is None:
            continue
        (reraised if _same_metadata(e, orig) else raised).append(e)
    ids = set()
    for e in reraised:
        _leaf_ids(e, ids)
    if ids:
        reraised_eg, _ = orig.split(lambda leaf: id(leaf) in ids)
    else:
        reraised_eg = None
    if not raised:
        return reraised_eg
    if reraised_eg is not None:
        raised.append(reraised_eg)
    if len(raised) > 1:
        return ExceptionGroup("", raised)
    return raised[0]


@opcode
def RERAISE(frame, stack, arg, pc):
    # CPython restores f_lasti from the stack (the instruction that raised) for the
    # frame's line number; handlers are still looked up at this instruction, and the
    # traceback already has this frame.
    exc = stack.pop()
    lasti = stack[-arg] if arg else None
    raise guest_tb.mark_reraise(exc, lasti if type(lasti) is int else None)


def _instantiate(frame, cls_or_exc):
    if isinstance(cls_or_exc, type) and issubclass(cls_or_exc, BaseException):
        exc = call(frame, cls_or_exc, ())
        if not isinstance(exc, BaseException):
            raise TypeError(f"calling {cls_or_exc!r} should have returned an instance of "
                            f"BaseException, not {type(exc).__name__}")
        return exc
    if isinstance(cls_or_exc, BaseException):
        return cls_or_exc
    return None


@opcode
def RAISE_VARARGS(frame, stack, arg, pc):
    if arg == 0:
        exc = EXC.topmost()
        if exc is None:
            raise RuntimeError("No active exception to reraise")
        raise guest_tb.mark_reraise(exc)
    cause = stack.pop() if arg == 2 else None
    exc = _instantiate(frame, stack.pop())
    if exc is None:
        raise TypeError("exceptions must derive from BaseException")
    if arg == 2:
        if cause is None:
            exc.__cause__ = None
        else:
            c = _instantiate(frame, cause)
            if c is None:
                raise TypeError("exception causes must derive from BaseException")
            exc.__cause__ = c
    handled = EXC.topmost()
    if handled is not None:
        guest_tb.chain(exc, handled, force=True)
    raise guest_tb.mark_raise(exc)


def _bind(frame, descr, obj):
    """_PyObject_LookupSpecial's binding of a special method found on type(obj)."""
    dt = type(descr)
    if dt is FunctionType:
        return MethodType(descr, obj)
    get = lookup_special(dt, "__get__")
    if get is NOTFOUND:
        return descr
    if dt.__flags__ & HEAPTYPE:
        return call(frame, get, (descr, obj, type(obj)))
    return get(descr, obj, type(obj))


@opcode
def BEFORE_WITH(frame, stack, arg, pc):
    mgr = stack[-1]
    t = type(mgr)
    enter = lookup_special(t, "__enter__")
    if enter is NOTFOUND:
        raise TypeError(f"'{t.__name__}' object does not support the context manager protocol")
    exit_ = lookup_special(t, "__exit__")
    if exit_ is NOTFOUND:
        raise TypeError(f"'{t.__name__}' object does not support the context manager protocol "
                        f"(missed __exit__ method)")
    enter = _bind(frame, enter, mgr)
    stack[-1] = _bind(frame, exit_, mgr)
    stack.append(call(frame, enter, ()))
    return pc


@opcode
def BEFORE_ASYNC_WITH(frame, stack, arg, pc):
    mgr = stack[-1]
    t = type(mgr)
    enter = lookup_special(t, "__aenter__")
    if enter is NOTFOUND:
        raise TypeError(f"'{t.__name__}' object does not support the asynchronous "
                        f"context manager protocol")
    exit_ = lookup_special(t, "__aexit__")
    if exit_ is NOTFOUND:
        raise TypeError(f"'{t.__name__}' object does not support the asynchronous "
                        f"context manager protocol (missed __aexit__ method)")
    enter = _bind(frame, enter, mgr)
    stack[-1] = _bind(frame, exit_, mgr)
    stack.append(call(frame, enter, ()))
    return pc


@opcode
def WITH_EXCEPT_START(frame, stack, arg, pc):
    exc = stack[-1]
    exit_func = stack[-4]
    stack.append(call(frame, exit_func, (type(exc), exc, exc.__traceback__)))
    return pc
