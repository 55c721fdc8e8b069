"""Calls and function creation."""

from types import FunctionType

from interp.calls import call
from interp.frame import NULL
from interp.handlers.registry import opcode
from interp.handlers.build import function_str
from tracer.hints import residual_call

_we_are_jitted = False      # True in the tracer's recording twins of this module


@opcode
def CALL(frame, stack, arg, pc):
    base = len(stack) - arg - 2
    func = stack[base]
    if func is NULL:
        func = stack[base + 1]
        args = stack[base + 2:]
    else:
        args = stack[base + 1:]
    del stack[base:]
    stack.append(call(frame, func, args))
    return pc


@opcode
def CALL_KW(frame, stack, arg, pc):
    n, kwnames = arg
    base = len(stack) - n - 2
    func = stack[base]
    if func is NULL:
        func = stack[base + 1]
        args = stack[base + 2:]
    else:
        args = stack[base + 1:]
    del stack[base:]
    k = len(kwnames)
    kwargs = dict(zip(kwnames, args[len(args) - k:]))
    stack.append(call(frame, func, args[:len(args) - k], kwargs))
    return pc


@opcode
def CALL_FUNCTION_EX(frame, stack, arg, pc):
    kwargs = stack.pop() if arg & 1 else None
    args = stack.pop()
    func = stack.pop()
    stack.pop()     # the NULL below the callable
    if type(args) is not tuple:
        if not hasattr(args, "__iter__") and not hasattr(args, "__getitem__"):
            raise TypeError(f"{function_str(func)} argument after * must be an iterable, "
                            f"not {type(args).__name__}")
        args = tuple(args)
    if kwargs is not None and type(kwargs) is not dict:
        if not hasattr(kwargs, "keys"):
            raise TypeError(f"{function_str(func)} argument after ** must be a mapping, "
                            f"not {type(kwargs).__name__}")
        kwargs = {k: kwargs[k] for k in kwargs.keys()}
    stack.append(call(frame, func, args, kwargs))
    return pc


def _make_function(code, globals_, defaults, closure, kwdefaults, annotations):
    f = FunctionType(code, globals_, None, defaults, closure)
    if kwdefaults is not None:
        f.__kwdefaults__ = kwdefaults
    if annotations is not None:
        f.__annotations__ = dict(zip(annotations[::2], annotations[1::2]))
    return f


@opcode
def MAKE_FUNCTION(frame, stack, arg, pc):
    code = stack.pop()
    closure = stack.pop() if arg & 0x08 else None
    annotations = stack.pop() if arg & 0x04 else None
    kwdefaults = stack.pop() if arg & 0x02 else None
    defaults = stack.pop() if arg & 0x01 else None
    parts = (code, frame.globals, defaults, closure, kwdefaults, annotations)
    # recorded, a new function is the result of a call, never a constant: a
    # comprehension or a closure made in a loop is made at every iteration
    stack.append(residual_call(_make_function, parts) if _we_are_jitted
                 else _make_function(*parts))
    return pc
