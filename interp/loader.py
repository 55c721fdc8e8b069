"""CPython code objects in, pvmx code out.

Everything that differs between CPython versions is decided here; the
interpreter and the tracer see one instruction set:

- one instruction per list index (`pc`), CACHE entries and EXTENDED_ARG
  gone, jump targets resolved to absolute instruction indices;
- arguments pre-decoded: constants, names and compare operators are the
  values themselves, not indices into tables;
- 3.11's PRECALL disappears and KW_NAMES is folded into `CALL_KW`;
  `LOAD_GLOBAL` with the NULL bit becomes `PUSH_NULL; LOAD_GLOBAL`;
- conditional jumps are split by direction: backward ones are loop
  back-edges, where the interpreter counts toward the JIT;
- `YIELD_VALUE`'s argument says whether the yield belongs to a
  `yield from`/`await` (3.11 marks this with the RESUME that follows);
- the exception table is parsed into handler ranges over instruction
  indices, and each instruction keeps its source position.
"""

import opcode
import sys

from interp.frame import UNBOUND

CO_GENERATOR = 0x20
CO_COROUTINE = 0x80
CO_ASYNC_GENERATOR = 0x200
CO_ITERABLE_COROUTINE = 0x100
CO_VARARGS = 0x04
CO_VARKEYWORDS = 0x08

# pvmx opcodes whose argument is an absolute jump target.
JUMPS = frozenset({
    "JUMP", "JUMP_BACKWARD", "FOR_ITER", "SEND",
    "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE",
    "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP",
})

COMPARE_OPS = ("<", "<=", "==", "!=", ">", ">=")

_RENAME_311 = {
    "JUMP_FORWARD": "JUMP",
    "JUMP_BACKWARD_NO_INTERRUPT": "JUMP",   # the send loop of yield from: not a guest loop
    "POP_JUMP_FORWARD_IF_FALSE": "POP_JUMP_IF_FALSE",
    "POP_JUMP_FORWARD_IF_TRUE": "POP_JUMP_IF_TRUE",
    "POP_JUMP_FORWARD_IF_NONE": "POP_JUMP_IF_NONE",
    "POP_JUMP_FORWARD_IF_NOT_NONE": "POP_JUMP_IF_NOT_NONE",
}
_DROPPED_311 = frozenset({"CACHE", "EXTENDED_ARG", "PRECALL", "NOP", "RESUME", "KW_NAMES"})
_NAME_ARG = frozenset({
    "LOAD_NAME", "STORE_NAME", "DELETE_NAME", "LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL",
    "LOAD_ATTR", "STORE_ATTR", "DELETE_ATTR", "LOAD_METHOD", "IMPORT_NAME", "IMPORT_FROM",
})


class ExceptionHandler:
    """One row of the exception table, over instruction indices: [start, end) -> target."""
    __slots__ = ("start", "end", "target", "depth", "lasti")

    def __init__(self, start, end, target, depth, lasti):
        self.start, self.end, self.target, self.depth, self.lasti = start, end, target, depth, lasti

    def __repr__(self):
        return (f"ExceptionHandler({self.start}..{self.end} -> {self.target}, "
                f"depth={self.depth}{', lasti' if self.lasti else ''})")


class Code:
    """A decoded code object.  `instrs[pc]` is `(opname, arg)`; `co` is CPython's original."""

    hidden = False      # no traceback entry, not on the stack: an app-level builtin's

    def __init__(self, co, instrs, positions, offsets, handlers):
        self.co = co
        self.instrs = instrs
        self.positions = positions      # per pc: (lineno, end_lineno, col, end_col)
        self.offsets = offsets          # per pc: byte offset in co.co_code
        self.handlers = handlers
        self.name = co.co_name
        self.qualname = co.co_qualname
        self.filename = co.co_filename
        self.flags = co.co_flags
        self.localsplus_names = co.co_varnames + _cells_only(co) + co.co_freevars
        self.nlocalsplus = len(self.localsplus_names)
        self.nfree = len(co.co_freevars)
        self.argcount = co.co_argcount
        self.posonlyargcount = co.co_posonlyargcount
        self.kwonlyargcount = co.co_kwonlyargcount
        self.is_generator = bool(co.co_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR))
        # For the common call: positional arguments only, bound one to one, the rest unbound.
        simple = not co.co_kwonlyargcount and not co.co_flags & (CO_VARARGS | CO_VARKEYWORDS)
        self.simple_argcount = co.co_argcount if simple else -1
        self.unbound_tail = (UNBOUND,) * (self.nlocalsplus - co.co_argcount)
        self.ops = None                 # (handler, arg) per pc, bound by the interpreter
        self.plain_ops = None           # the same without superinstructions
        self.jit_data = None            # the JIT's per-code state (counters, loops)
        self.host_body = None           # generators: the host function that drives the frame

    def lineno(self, pc):
        if 0 <= pc < len(self.positions):
            return self.positions[pc][0]
        return self.co.co_firstlineno

    def find_handler(self, pc):
        for h in self.handlers:
            if h.start <= pc < h.end:
                return h
        return None

    def __repr__(self):
        return f"<pvmx code {self.qualname} {self.filename}:{self.co.co_firstlineno}>"


def _cells_only(co):
    """Cell variables that are not also arguments (those live in their argument's slot)."""
    return tuple(n for n in co.co_cellvars if n not in co.co_varnames)


def load(co):
    if sys.version_info[:2] != (3, 11):
        raise NotImplementedError(
            f"pvmx's loader supports CPython 3.11 bytecode; this is {sys.version.split()[0]}")
    return _load_311(co)


# CPython's bytecode format, read here rather than through `dis`, which
# builds an Instruction (with its reprs) per instruction: over half of the
# time pvmx spent loading a program's code, plus dis's own import.
_OPNAME = opcode.opname
_CACHES = opcode._inline_cache_entries      # per opcode, the CACHE entries after it
_EXTENDED_ARG = opcode.opmap["EXTENDED_ARG"]
_JREL = frozenset(opcode.hasjrel)
_JABS = frozenset(opcode.hasjabs)
_BACKWARD = frozenset(op for op in _JREL if "JUMP_BACKWARD" in _OPNAME[op])


def _decode(co):
    """`co`'s instructions as (offset, opname, arg, jump target): EXTENDED_ARG
    folded into the argument of the next and kept (a jump can land on it),
    CACHE entries skipped, a jump's target as a byte offset (else None)."""
    code = co.co_code     # 3.11 gives the unspecialized bytecode here
    out = []
    extended = 0
    i, n = 0, len(code)
    while i < n:
        op = code[i]
        if op >= opcode.HAVE_ARGUMENT:
            arg = code[i + 1] | extended
            extended = arg << 8 if op == _EXTENDED_ARG else 0
        else:
            arg, extended = None, 0
        if op in _JREL:
            target = i + 2 + 2 * (-arg if op in _BACKWARD else arg)
        elif op in _JABS:
            target = 2 * arg
        else:
            target = None
        out.append((i, _OPNAME[op], arg, target))
        i += 2 + 2 * _CACHES[op]
    return out


def _exception_table(co):
    """co_exceptiontable's rows as (start, end, target, depth, lasti), in
    byte offsets: each field a big-endian varint of 6-bit groups, bit 6 set
    on all groups but the last (Objects/exception_handling_notes.txt)."""
    table = co.co_exceptiontable
    rows = []
    i, n = 0, len(table)

    def varint():
        nonlocal i
        b = table[i]
        i += 1
        value = b & 63
        while b & 64:
            b = table[i]
            i += 1
            value = (value << 6) | (b & 63)
        return value

    while i < n:
        start = 2 * varint()
        end = start + 2 * varint()
        target = 2 * varint()
        dl = varint()
        rows.append((start, end, target, dl >> 1, bool(dl & 1)))
    return rows


def _load_311(co):
    raw = _decode(co)
    localsplus = co.co_varnames + _cells_only(co) + co.co_freevars
    positions = list(co.co_positions())

    # First pass: emit pvmx instructions, remember each original offset's index.
    out = []            # [opname, arg, origin offset]
    index_of = {}       # original offset -> index of the first pvmx instr at or after it
    pending = []        # offsets waiting for the next emitted instruction
    kwnames = None

    def emit(name, arg, offset):
        for off in pending:
            index_of[off] = len(out)
        pending.clear()
        out.append([name, arg, offset])

    # A NOP that has a line of its own (`pass`, `try:`) is dropped, unless a jump can
    # land just after it: then the jump and the fall-through would reach the same
    # pvmx instruction, and a traced frame could not tell whether the line ran.
    jump_targets = {target for _, _, _, target in raw if target is not None}

    for k, (off, name, arg, jump_to) in enumerate(raw):
        pending.append(off)
        if name == "NOP" and positions[off // 2][0] is not None and k + 1 < len(raw) \
                and raw[k + 1][0] in jump_targets:
            emit("NOP", None, off)
            continue
        if name == "RESUME" or name in _DROPPED_311 and name != "KW_NAMES":
            continue
        if name == "KW_NAMES":
            kwnames = co.co_consts[arg]
            continue
        if name == "CALL":
            if kwnames is not None:
                emit("CALL_KW", (arg, kwnames), off)
                kwnames = None
            else:
                emit("CALL", arg, off)
            continue
        if name == "LOAD_GLOBAL":
            if arg & 1:
                emit("PUSH_NULL", None, off)
            emit("LOAD_GLOBAL", co.co_names[arg >> 1], off)
            continue
        if name == "YIELD_VALUE":
            nxt = raw[k + 1] if k + 1 < len(raw) else None
            delegating = nxt is not None and nxt[1] == "RESUME" and nxt[2] >= 2
            emit("YIELD_VALUE", 1 if delegating else 0, off)
            continue
        if name.startswith("POP_JUMP_BACKWARD_IF_") or name == "JUMP_BACKWARD":
            emit(name, jump_to, off)
            continue
        name = _RENAME_311.get(name, name)
        if name in JUMPS:
            arg = jump_to
        elif name == "LOAD_CONST":
            arg = co.co_consts[arg]
        elif name in _NAME_ARG:
            arg = co.co_names[arg]
        elif name == "COMPARE_OP":
            arg = COMPARE_OPS[arg]
        elif name == "LOAD_CLASSDEREF":
            arg = (arg, localsplus[arg])
        elif name in ("LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF"):
            arg = (arg, localsplus[arg])
        emit(name, arg, off)
    end = len(co.co_code)
    pending.append(end)
    for off in pending:
        index_of[off] = len(out)

    def target(off):
        return index_of[off]

    instrs = []
    offsets = []
    pos = []
    for name, arg, off in out:
        if name in JUMPS:
            arg = target(arg)
        instrs.append((name, arg))
        offsets.append(off)
        p = positions[off // 2]
        pos.append((p[0] if p[0] is not None else _line_before(positions, off // 2, co),
                    p[1], p[2], p[3]))

    handlers = []
    for start, end, to, depth, lasti in _exception_table(co):
        s, t = index_of.get(start), index_of.get(end)
        if s is None or t is None or s >= t:
            continue
        handlers.append(ExceptionHandler(s, t, target(to), depth, lasti))
    return Code(co, instrs, pos, offsets, handlers)


def _line_before(positions, i, co):
    while i >= 0:
        if positions[i][0] is not None:
            return positions[i][0]
        i -= 1
    return co.co_firstlineno
