"""Superinstructions: two adjacent instructions run by one handler.

The dispatch loop pays a Python call per instruction, most of an
instruction's cost for the stack and local-variable shuffles, so the pairs
CPython 3.12 also fuses (LOAD_FAST pairs, STORE_FAST then LOAD_FAST, ...)
run as one call.  `fuse(code)` puts a fused handler at the first
instruction of each pair and leaves the second in place, so a jump to it
still runs it alone; the fused handler returns the pc after the pair.

Only the dispatch loop (`interp.eval`) sees them.  The tracer records and
`sys.settrace` runs instruction by instruction (`code.plain_ops`).  A fused
handler whose second half would raise (an unbound local) runs its first half
only and returns the second's pc, so the error is raised by the plain
instruction, at its own position in tracebacks.
"""

from interp.frame import UNBOUND

SUPERINSTRUCTIONS = {}


def superinstruction(first, second):
    def register(fn):
        SUPERINSTRUCTIONS[first, second] = fn
        return fn
    return register


def fuse(code):
    """code.ops with each fusable pair's first instruction replaced."""
    instrs = code.instrs
    ops = list(code.plain_ops)
    for k in range(len(instrs) - 1):
        fused = SUPERINSTRUCTIONS.get((instrs[k][0], instrs[k + 1][0]))
        if fused is not None:
            ops[k] = (fused, (instrs[k][1], instrs[k + 1][1]))
    return ops


@superinstruction("LOAD_FAST", "LOAD_FAST")
def LOAD_FAST__LOAD_FAST(frame, stack, arg, pc):
    locals_ = frame.locals
    v = locals_[arg[0]]
    w = locals_[arg[1]]
    if v is UNBOUND or w is UNBOUND:
        return _load_fast_alone(frame, stack, arg[0], pc)
    stack.append(v)
    stack.append(w)
    return pc + 1


@superinstruction("LOAD_FAST", "LOAD_CONST")
def LOAD_FAST__LOAD_CONST(frame, stack, arg, pc):
    v = frame.locals[arg[0]]
    if v is UNBOUND:
        return _load_fast_alone(frame, stack, arg[0], pc)
    stack.append(v)
    stack.append(arg[1])
    return pc + 1


@superinstruction("LOAD_CONST", "LOAD_FAST")
def LOAD_CONST__LOAD_FAST(frame, stack, arg, pc):
    w = frame.locals[arg[1]]
    stack.append(arg[0])
    if w is UNBOUND:
        return pc           # the LOAD_FAST alone raises
    stack.append(w)
    return pc + 1


@superinstruction("STORE_FAST", "LOAD_FAST")
def STORE_FAST__LOAD_FAST(frame, stack, arg, pc):
    locals_ = frame.locals
    locals_[arg[0]] = stack.pop()
    w = locals_[arg[1]]
    if w is UNBOUND:
        return pc           # the LOAD_FAST alone raises
    stack.append(w)
    return pc + 1


@superinstruction("STORE_FAST", "STORE_FAST")
def STORE_FAST__STORE_FAST(frame, stack, arg, pc):
    locals_ = frame.locals
    locals_[arg[0]] = stack.pop()
    locals_[arg[1]] = stack.pop()
    return pc + 1


def _load_fast_alone(frame, stack, index, pc):
    """The first LOAD_FAST by itself (it raises if its local is unbound)."""
    from interp.handlers.stack import LOAD_FAST
    return LOAD_FAST(frame, stack, index, pc)
