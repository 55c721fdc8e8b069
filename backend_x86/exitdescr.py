"""Exit descriptors: what the generic exit (runtime.py) needs to leave by
one particular exit, as data in the unit's constant pool.

A guard's cold path is four instructions: `lea r11, [rip + descriptor];
push r11; jmp [slot]`, the slot pointing at the generic exit until a
bridge is attached (a bridge drops the pushed word when it sets rsp).
The generic exit dumps every register into the frame, then follows the
descriptor: it copies each value from the frame (a register's dump slot or
a spill slot, both rbp-relative) or from the descriptor (a constant) into
io, increfs the refs that must become owned, notes the extras and the
label of a CAP exit in the io header, and returns the exit number.  This
is how PyPy leaves a trace, and it keeps a guard's machine code small and
quick to emit.

Layout, int64 words:

    0  n          values handed out (io[0..n))
    1  m          owned refs released by Python (io[n..n+m))
    2  number     the exit number returned
    3  flags      FETCH: PyErr_Fetch into the io header first (error exits)
    4  stopped    label index for the io header, or -1
    5  c          refs to incref
    6  ...        n+m entries (kind, operand): kind FRAME -> the word at
                  [rbp + operand]; kind CONST -> operand itself
    .. ...        c io indices whose refs get a (null-checked) incref
"""

from array import array

from .frame import SAVE_SLOT
from .moves import Slot, const_bits
from .registers import Reg

N, M, NUMBER, FLAGS, STOPPED, NINCREF = range(6)
HEADER = 6
FETCH = 1
FRAME, CONST = 0, 1


def build(locs, extra_locs, number, increfs=(), fetch=False, stopped=-1):
    words = [len(locs), len(extra_locs), number, FETCH if fetch else 0, stopped, len(increfs)]
    append = words.append
    for group in (locs, extra_locs):
        for loc in group:           # (kind, operand) per value
            t = type(loc)
            if t is Reg:
                append(FRAME)
                append(SAVE_SLOT[loc])
            elif t is Slot:
                append(FRAME)
                append(loc.mem.disp)
            else:
                append(CONST)
                append(const_bits(loc))
    words += increfs
    return array("q", words).tobytes()
