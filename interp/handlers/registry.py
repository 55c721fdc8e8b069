"""The opcode table: each pvmx instruction's handler, defined once.

A handler is `handler(frame, stack, arg, next_pc) -> pc`.  Handler modules
register with `@opcode`; `bind(code)` turns a decoded code object's
`(opname, arg)` list into `(handler, arg)` pairs: `code.plain_ops`, one per
instruction, and `code.ops` for the dispatch loop, where some pairs of
instructions run as one (`superinstructions.py`).
"""

from interp.handlers.superinstructions import fuse

HANDLERS = {}


def opcode(fn):
    assert fn.__name__ not in HANDLERS, fn.__name__
    HANDLERS[fn.__name__] = fn
    return fn


class UnsupportedConstruct(SystemError):
    pass


def _unsupported(name):
    def handler(frame, stack, arg, pc):
        code = frame.code
        raise UnsupportedConstruct(
            f"pvmx does not support the instruction {name} "
            f"({code.filename}, line {code.lineno(pc - 1)}, in {code.name})")
    return handler


def bind(code):
    code.plain_ops = [(HANDLERS.get(name) or _unsupported(name), arg)
                      for name, arg in code.instrs]
    code.ops = fuse(code)
