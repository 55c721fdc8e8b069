"""Stub frames: real frame objects that stand for a guest frame at one instruction.

Host tools (traceback objects, `inspect`, `traceback`, `pdb` post-mortem)
need real frames.  A stub is the guest's code object with its bytecode
replaced (`code.replace`), so the name, file, first line, line table and
local names stay the guest's: called with the guest frame's fast locals as
arguments, it runs three or four instructions of its own and leaves a
finished frame whose last instruction is the guest instruction's offset.
Its `f_lineno`, `f_lasti` and `f_locals` are then the guest's, and no guest
code ran.  Stubs are made once per (code, instruction) and kept.
"""

import types
from dis import opmap

from interp.frame import UNBOUND

_CO_GENERATOR, _CO_OPTIMIZED, _CO_NEWLOCALS = 0x20, 0x01, 0x02
_RETURN_GENERATOR, _POP_TOP, _RESUME = opmap["RETURN_GENERATOR"], opmap["POP_TOP"], opmap["RESUME"]
_LOAD_CONST, _RETURN_VALUE, _LOAD_FAST = opmap["LOAD_CONST"], opmap["RETURN_VALUE"], opmap["LOAD_FAST"]
_JUMP_FORWARD, _JUMP_BACKWARD = opmap["JUMP_FORWARD"], opmap["JUMP_BACKWARD"]
_EXTENDED_ARG, _NOP, _DELETE_FAST = opmap["EXTENDED_ARG"], opmap["NOP"], opmap["DELETE_FAST"]

_stub_codes = {}        # (pvmx Code, pc, unbound bits) -> (stub code, indexes of cell arguments)
stub_owner = {}         # id() of every stub code object -> the pvmx Code it stands for


def _jump(op, k, n):
    """A jump instruction with argument k, as exactly n instructions (EXTENDED_ARGs first)."""
    args = [(k >> (8 * i)) & 0xFF for i in reversed(range(n))]
    return b"".join(bytes([_EXTENDED_ARG, a]) for a in args[:-1]) + bytes([op, args[-1]])


def _stub_code(code, pc, unbound):
    """The guest code object with bytecode that leaves a finished frame whose last
    instruction is at the guest instruction's offset `at`: its frame then says the
    guest line as `f_lineno` (and `f_lasti`), and it keeps the guest's fast locals,
    passed as arguments.  Mostly a generator that returns at `at`:

        0:    RESUME 0; JUMP_FORWARD to E      (NOPs up to at)
        at:   RETURN_VALUE
        E:    RETURN_GENERATOR; POP_TOP; DELETE_FAST i...; LOAD_CONST None;
              JUMP_BACKWARD to at

    (RESUME first: CPython moves a frame that ends before its first RESUME to
    that RESUME.)  The DELETE_FASTs unbind the locals that are unbound in the
    guest frame (bits of `unbound`).  When `at` is 2 there is no room for the
    jump; the stub is then a plain function, with the guest's arguments as its
    arguments (nothing else is bound yet at offset 2), that fails at `at` on a
    local it never binds; the frame comes from the traceback (its f_back is
    then pvmx's own frame, not None)."""
    co = code.co
    at = max(code.offsets[pc] if 0 <= pc < len(code.offsets) else 0, 2)
    nlocals = co.co_nlocals
    varnames = co.co_varnames
    if at == 2:
        nargs = co.co_argcount + co.co_kwonlyargcount + bool(co.co_flags & 0x04) + \
            bool(co.co_flags & 0x08)
        nlocals = min(nlocals, 255)         # LOAD_FAST's argument is one byte here
        body = bytes([_RESUME, 0, _LOAD_FAST, nlocals])
        flags = _CO_OPTIMIZED | _CO_NEWLOCALS
        varnames = varnames[:nlocals] + (".unbound",)
    else:
        nargs = nlocals
        e = at + 2
        n = 1                       # instructions the jump takes (with EXTENDED_ARGs)
        while (e - 2 - 2 * n) // 2 >= 1 << (8 * n):
            n += 1
        body = bytes([_RESUME, 0]) + _jump(_JUMP_FORWARD, (e - 2 - 2 * n) // 2, n)
        body += bytes([_NOP, 0]) * ((at - len(body)) // 2)
        body += bytes([_RETURN_VALUE, 0, _RETURN_GENERATOR, 0, _POP_TOP, 0])
        for i in range(nlocals):
            if unbound >> i & 1:
                body += _jump(_DELETE_FAST, i, 1 + (i > 0xFF) + (i > 0xFFFF))
        body += bytes([_LOAD_CONST, 0])
        k = (len(body) + 2 - at) // 2
        body += _jump(_JUMP_BACKWARD, k + (k > 0xFF - 1), 1 + (k > 0xFF - 1))
        flags = _CO_GENERATOR | _CO_OPTIMIZED | _CO_NEWLOCALS
    body += bytes([_NOP, 0]) * max(0, (len(co.co_code) - len(body)) // 2)
    stub = co.replace(co_code=body, co_consts=(None,), co_flags=flags, co_varnames=varnames,
                      co_nlocals=len(varnames), co_argcount=nargs, co_posonlyargcount=0,
                      co_kwonlyargcount=0, co_freevars=(), co_cellvars=(),
                      co_exceptiontable=b"", co_stacksize=max(2, co.co_stacksize))
    # Arguments that are also cells hold their cell in the guest frame: show the value.
    cells = tuple(i for i, name in enumerate(co.co_varnames[:nargs]) if name in co.co_cellvars)
    entry = _stub_codes[code, pc, unbound] = (stub, cells)
    stub_owner[id(stub)] = code
    return entry


def stub_frame(frame, pc):
    """A real frame object that stands for guest `frame` at instruction `pc`."""
    code = frame.code
    values = frame.locals[:code.co.co_nlocals]
    unbound = 0
    for i, v in enumerate(values):
        if v is UNBOUND:
            unbound |= 1 << i
            values[i] = None
    stub, cells = _stub_codes.get((code, pc, unbound)) or _stub_code(code, pc, unbound)
    del values[stub.co_argcount:]
    for i in cells:
        try:
            values[i] = values[i].cell_contents
        except (AttributeError, ValueError):
            values[i] = None
    fn = types.FunctionType(stub, frame.globals)
    if not stub.co_flags & _CO_GENERATOR:
        try:
            fn(*values)
        except UnboundLocalError as e:
            return e.__traceback__.tb_next.tb_frame
    gen = fn(*values)
    f = gen.gi_frame
    # Run it to its end (a few instructions, then RETURN_VALUE at the guest offset):
    # a finished generator's frame keeps that position, and nothing runs it again.
    for _ in gen:
        pass
    return f
