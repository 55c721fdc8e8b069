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

import sys
import types
from opcode import opmap

from interp.frame import UNBOUND

_CO_GENERATOR, _CO_OPTIMIZED, _CO_NEWLOCALS = 0x20, 0x01, 0x02
_RETURN_GENERATOR, _POP_TOP, _RESUME = opmap["RETURN_GENERATOR"], opmap["POP_TOP"], opmap["RESUME"]
_LOAD_CONST, _RETURN_VALUE, _LOAD_FAST = opmap["LOAD_CONST"], opmap["RETURN_VALUE"], opmap["LOAD_FAST"]
_JUMP_FORWARD, _JUMP_BACKWARD = opmap["JUMP_FORWARD"], opmap["JUMP_BACKWARD"]
_EXTENDED_ARG, _NOP, _DELETE_FAST = opmap["EXTENDED_ARG"], opmap["NOP"], opmap["DELETE_FAST"]

# The host's own (interp.tracing replaces sys.gettrace for the guest).
_gettrace, _getprofile = sys.gettrace, sys.getprofile

# (pvmx Code, pc, unbound bits, as generator) -> (stub code, indexes of cell arguments)
_stub_codes = {}
stub_owner = {}         # id() of every stub code object -> the pvmx Code it stands for


def _jump(op, k, n):
    """A jump instruction with argument k, as exactly n instructions (EXTENDED_ARGs first)."""
    args = [(k >> (8 * i)) & 0xFF for i in reversed(range(n))]
    return b"".join(bytes([_EXTENDED_ARG, a]) for a in args[:-1]) + bytes([op, args[-1]])


def _cover(co, nbytes):
    """co's line table, extended with "no location" entries to cover `nbytes` of code
    (CPython's tracing reads a line for every code unit)."""
    table = co.co_linetable
    extra = (nbytes - len(co.co_code)) // 2
    while extra > 0:
        n = min(extra, 8)
        table += bytes([0x80 | (15 << 3) | (n - 1)])    # PY_CODE_LOCATION_INFO_NONE
        extra -= n
    return table


def _stub_code(code, pc, unbound, as_generator):
    """The guest code object with bytecode that leaves a finished frame whose last
    instruction is at the guest instruction's offset `at`: its frame then says the
    guest line as `f_lineno` (and `f_lasti`), and it keeps the guest's fast locals,
    passed as arguments; the DELETE_FASTs unbind those the guest frame has unbound
    (bits of `unbound`).  A generator that returns at `at`:

        0:    RESUME 0; JUMP_FORWARD to E      (NOPs up to at)
        at:   RETURN_VALUE
        E:    RETURN_GENERATOR; POP_TOP; DELETE_FAST i...; LOAD_CONST None;
              JUMP_BACKWARD to at

    or, when `as_generator` is false, a plain function that fails at `at` on a
    local it never binds (the frame then comes from the traceback, and its
    f_back is pvmx's own frame, where the generator's is None):

        0:    RESUME 0; JUMP_FORWARD to E      (NOPs up to at)
        at:   LOAD_FAST .unbound
        E:    DELETE_FAST i...; JUMP_BACKWARD to at

    RESUME first: CPython moves a frame that ends before its first RESUME to that
    RESUME.  At offset 2 there is no room for the jump, and nothing but the
    arguments is bound yet: the plain function, with only the arguments."""
    co = code.co
    at = max(code.offsets[pc] if 0 <= pc < len(code.offsets) else 0, 2)
    varnames = co.co_varnames
    nlocals = min(co.co_nlocals, 255)       # .unbound is LOAD_FAST'ed with a one-byte arg
    if at == 2:
        as_generator = False
        nargs = co.co_argcount + co.co_kwonlyargcount + bool(co.co_flags & 0x04) + \
            bool(co.co_flags & 0x08)
        body = bytes([_RESUME, 0, _LOAD_FAST, nlocals])
    else:
        nargs = nlocals if not as_generator else co.co_nlocals
        e = at + 2
        n = 1                       # instructions the jump takes (with EXTENDED_ARGs)
        while (e - 2 - 2 * n) // 2 >= 1 << (8 * n):
            n += 1
        body = bytes([_RESUME, 0]) + _jump(_JUMP_FORWARD, (e - 2 - 2 * n) // 2, n)
        body += bytes([_NOP, 0]) * ((at - len(body)) // 2)
        if as_generator:
            body += bytes([_RETURN_VALUE, 0, _RETURN_GENERATOR, 0, _POP_TOP, 0])
        else:
            body += bytes([_LOAD_FAST, nlocals])
        for i in range(nargs):
            if unbound >> i & 1:
                body += _jump(_DELETE_FAST, i, 1 + (i > 0xFF) + (i > 0xFFFF))
        if as_generator:
            body += bytes([_LOAD_CONST, 0])
        k = (len(body) + 2 - at) // 2
        body += _jump(_JUMP_BACKWARD, k + (k > 0xFF - 1), 1 + (k > 0xFF - 1))
    if as_generator:
        flags = _CO_GENERATOR | _CO_OPTIMIZED | _CO_NEWLOCALS
    else:
        flags = _CO_OPTIMIZED | _CO_NEWLOCALS
        varnames = varnames[:nlocals] + (".unbound",)
    body += bytes([_NOP, 0]) * max(0, (len(co.co_code) - len(body)) // 2)
    stub = co.replace(co_code=body, co_linetable=_cover(co, len(body)), co_consts=(None,),
                      co_flags=flags, co_varnames=varnames,
                      co_nlocals=len(varnames), co_argcount=nargs, co_posonlyargcount=0,
                      co_kwonlyargcount=0, co_freevars=(), co_cellvars=(),
                      co_exceptiontable=b"", co_stacksize=max(2, co.co_stacksize))
    # Arguments that are also cells hold their cell in the guest frame: show the value.
    cells = tuple(i for i, name in enumerate(co.co_varnames[:nargs]) if name in co.co_cellvars)
    entry = _stub_codes[code, pc, unbound, as_generator] = (stub, cells)
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
    # CPython 3.11 can crash running a generator stub while the host traces or
    # profiles (sys.settrace, cProfile): then the plain function.
    as_generator = _gettrace() is None and _getprofile() is None
    key = (code, pc, unbound, as_generator)
    stub, cells = _stub_codes.get(key) or _stub_code(*key)
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
