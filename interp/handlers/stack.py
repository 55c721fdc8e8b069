"""Value-stack shuffling, constants, fast locals, cells and free variables."""

from types import CellType

from interp.frame import NULL, UNBOUND
from interp.handlers.registry import opcode
from tracer.hints import cell_get, cell_set, read_field, residual_call

_we_are_jitted = False      # True in the tracer's recording twins of this module


@opcode
def NOP(frame, stack, arg, pc):
    return pc


@opcode
def POP_TOP(frame, stack, arg, pc):
    stack.pop()
    return pc


@opcode
def PUSH_NULL(frame, stack, arg, pc):
    stack.append(NULL)
    return pc


@opcode
def COPY(frame, stack, arg, pc):
    stack.append(stack[-arg])
    return pc


@opcode
def SWAP(frame, stack, arg, pc):
    stack[-1], stack[-arg] = stack[-arg], stack[-1]
    return pc


@opcode
def LOAD_CONST(frame, stack, arg, pc):
    stack.append(arg)
    return pc


@opcode
def LOAD_FAST(frame, stack, arg, pc):
    v = frame.locals[arg]
    if v is UNBOUND:
        name = frame.code.localsplus_names[arg]
        raise UnboundLocalError(
            f"cannot access local variable '{name}' where it is not associated with a value",
            name=name)
    stack.append(v)
    return pc


@opcode
def STORE_FAST(frame, stack, arg, pc):
    frame.locals[arg] = stack.pop()
    return pc


@opcode
def DELETE_FAST(frame, stack, arg, pc):
    if frame.locals[arg] is UNBOUND:
        name = frame.code.localsplus_names[arg]
        raise UnboundLocalError(
            f"cannot access local variable '{name}' where it is not associated with a value",
            name=name)
    frame.locals[arg] = UNBOUND
    return pc


@opcode
def MAKE_CELL(frame, stack, arg, pc):
    v = frame.locals[arg]
    # residual calls while recording: a new cell each time the trace runs
    frame.locals[arg] = residual_call(CellType, ()) if v is UNBOUND \
        else residual_call(CellType, (v,))
    return pc


@opcode
def COPY_FREE_VARS(frame, stack, arg, pc):
    # (while recording, the function may be a recorded value: calls.call
    # does not specialize a trace on a closure, only on its code)
    closure = read_field(frame.func, "__closure__", True) if _we_are_jitted \
        else frame.func.__closure__
    base = frame.code.nlocalsplus - arg
    frame.locals[base:base + arg] = closure
    return pc


@opcode
def LOAD_CLOSURE(frame, stack, arg, pc):
    stack.append(frame.locals[arg])
    return pc


def _unbound_deref(frame, idx, name):
    if idx >= frame.code.nlocalsplus - frame.code.nfree:
        return NameError(f"cannot access free variable '{name}' where it is not "
                         f"associated with a value in enclosing scope", name=name)
    return UnboundLocalError(
        f"cannot access local variable '{name}' where it is not associated with a value",
        name=name)


@opcode
def LOAD_DEREF(frame, stack, arg, pc):
    idx, name = arg
    try:
        stack.append(cell_get(frame.locals[idx]))
    except ValueError:
        raise _unbound_deref(frame, idx, name) from None
    return pc


@opcode
def STORE_DEREF(frame, stack, arg, pc):
    cell_set(frame.locals[arg[0]], stack.pop())
    return pc


@opcode
def DELETE_DEREF(frame, stack, arg, pc):
    idx, name = arg
    try:
        del frame.locals[idx].cell_contents
    except ValueError:
        raise _unbound_deref(frame, idx, name) from None
    return pc


@opcode
def LOAD_CLASSDEREF(frame, stack, arg, pc):
    idx, name = arg
    names = frame.names
    if name in names:
        stack.append(names[name])
        return pc
    try:
        stack.append(cell_get(frame.locals[idx]))
    except ValueError:
        raise _unbound_deref(frame, idx, name) from None
    return pc
