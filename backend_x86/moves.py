"""Locations of values and moves between them, one at a time or in parallel.

A value lives in a register (`Reg`), in a spill slot (`Slot`, rbp-relative)
or is an IR constant.  `move` copies any location to a register or slot.
`parallel_move` does many moves as if at once (a jump to a label, a call's
arguments, the fall-through into a second label): destinations are written
only after every move that reads them, and cycles are broken through the
scratch registers r11 / xmm15.  Slot-to-slot moves go through push/pop so
that they need no register at all.
"""

from tracer.ir.values import NULL, ConstFloat, ConstInt

from .encoder import Mem
from .frame import spill_offset
from .registers import SCRATCH, XSCRATCH, Reg, rbp


class Slot:
    __slots__ = ("index", "mem")

    def __init__(self, index):
        self.index = index
        self.mem = Mem(rbp, spill_offset(index))

    def __repr__(self):
        return f"slot{self.index}"


_slots = []


def slot(index):
    while len(_slots) <= index:
        _slots.append(Slot(len(_slots)))
    return _slots[index]


def const_bits(c):
    """The int64 a constant is at run time: an int, a float's bits, an address."""
    t = type(c)
    if t is ConstInt:
        return c.value
    if t is ConstFloat:
        return c.bits
    return 0 if c.value is NULL else id(c.value)


def fits32(v):
    return -(1 << 31) <= v < (1 << 31)


def move(asm, src, dst):
    """Emit dst <- src.  dst is a Reg or Slot; src a Reg, Slot or constant."""
    if src is dst:
        return
    ts, td = type(src), type(dst)
    if td is Reg:
        if ts is Reg:
            if dst.is_xmm:
                asm.op("MOVAPD" if src.is_xmm else "MOVQ", dst, src)
            else:
                asm.op("MOVQ" if src.is_xmm else "MOV", dst, src)
        elif ts is Slot:
            asm.op("MOVSD" if dst.is_xmm else "MOV", dst, src.mem)
        else:
            v = const_bits(src)
            if dst.is_xmm:
                asm.op("MOVSD", dst, asm.const_q(v))
            else:
                asm.op("MOV", dst, v)
    else:
        if ts is Reg:
            asm.op("MOVSD" if src.is_xmm else "MOV", dst.mem, src)
        elif ts is Slot:
            asm.op("PUSH", src.mem)
            asm.op("POP", dst.mem)
        else:
            v = const_bits(src)
            if fits32(v):
                asm.op("MOV", dst.mem, v)
            else:
                asm.op("MOV", SCRATCH, v)
                asm.op("MOV", dst.mem, SCRATCH)


def is_const(loc):
    return type(loc) is not Reg and type(loc) is not Slot


def parallel_move(asm, moves):
    """moves: (src, dst) pairs with distinct destinations."""
    pending = [(s, d) for s, d in moves if s is not d and not is_const(s)]
    consts = [(s, d) for s, d in moves if is_const(s)]
    readers = {}
    for s, d in pending:
        readers[s] = readers.get(s, 0) + 1
    while pending:
        progress = False
        rest = []
        for s, d in pending:
            if readers.get(d, 0) == 0:
                move(asm, s, d)
                readers[s] -= 1
                progress = True
            else:
                rest.append((s, d))
        pending = rest
        if progress or not pending:
            continue
        # every destination left is still to be read: a cycle.  Park one
        # destination's current value in a scratch register and let its
        # readers read it from there.
        s, d = pending[0]
        scratch = XSCRATCH if type(d) is Reg and d.is_xmm else SCRATCH
        move(asm, d, scratch)
        n = readers.pop(d)
        readers[scratch] = n
        pending = [(scratch if s2 is d else s2, d2) for s2, d2 in pending]
    # constants last: a 64-bit one may need r11, free only now
    for s, d in consts:
        move(asm, s, d)
