"""The machine frame of compiled code and the header of the io buffer.

Every compiled unit (a loop with its labels, a bridge) runs in one frame
built by the entry stub of the loop that was entered:

    rbp + 8       return address (into ctypes)
    rbp + 0       caller's rbp
    rbp - 8..40   rbx, r12, r13, r14, r15 (callee-saved, pushed at entry)
    rbp - 48      the io pointer
    rbp - 56      the call site: while the code calls out to code that may
                  look at the stack (a host callable, a C function that may
                  run Python, call_assembler), the backend's number for the
                  call (X86Backend.call_sites), else 0
    rbp - 64      spare word (the generic exit keeps its descriptor here
                  while it calls out)
    rbp - 72...   dump area: one slot per register (16 GPRs by number, then
                  16 xmm), where slow paths that call out (a decref that
                  deallocates, the poll) keep live caller-saved registers,
                  and where the generic exit (runtime.py) dumps every
                  register before copying an exit's values out of the frame
    ...           spill slots 0, 1, 2, ... (8 bytes each), rbp-relative
    rsp + 0...    outgoing area: arguments a call passes in memory, the
                  argument array of a vectorcall

rsp = rbp - depth, with depth a multiple of 16, so rsp is 16-byte aligned at
every call without pushes.  Spill slots are addressed from rbp, so a bridge
that needs more slots than its loop just moves rsp down (and a jump back to
a label moves it to the label's depth); nothing is renumbered.

The io buffer is `exit = f(io)`'s int64 slots.  Words *before* io[0] form a
header that the run and the compiled code share (all offsets from io):
"""

from .registers import GPRS, XMMS

SAVED_REGS_BYTES = 40          # rbx, r12-r15 below the saved rbp
IO_PTR = -48
CALL_SITE = -56
SPARE = -64
DUMP_GPR = -72                 # GPR number n at DUMP_GPR - 8n
DUMP_XMM = DUMP_GPR - 8 * 16   # xmm n at DUMP_XMM - 8n

# register -> rbp offset of its dump slot
SAVE_SLOT = {r: DUMP_GPR - 8 * r.num for r in GPRS}
SAVE_SLOT.update((x, DUMP_XMM - 8 * x.num) for x in XMMS)
FIXED_BYTES = -(DUMP_XMM - 8 * 15)          # down to the last dump slot


def spill_offset(slot):
    """rbp offset of spill slot `slot`."""
    return -FIXED_BYTES - 8 - 8 * slot


def depth(n_spill, n_outgoing):
    """rbp - rsp for a unit with this many spill slots and outgoing words."""
    d = FIXED_BYTES + 8 * n_spill + 8 * n_outgoing
    return (d + 15) & ~15


# io header, in bytes from io[0]
IO_BUDGET = -8          # back-edges allowed after the current chunk; -1: no cap
IO_CHUNK = -16          # size of the current chunk of back-edges
IO_DONE = -24           # back-edges in finished chunks
IO_LEFT = -32           # the countdown when the code exited
IO_STOPPED = -40        # the label index a CAP exit stopped at
IO_EXC_TYPE = -48       # the exception a guard_no_exception or the poll fetched
IO_EXC_VALUE = -56
IO_EXC_TB = -64
IO_EXTRA = -72          # owned refs an exit left in io after its values, to release
IO_NUMBER = -80         # call_assembler: the callee's exit number, for the slow path
IO_FRAME = -88          # rbp of the machine frame running on this io (set at entry)
HEADER_WORDS = 11

POLL_INTERVAL = 1 << 14     # back-edges between two polls
