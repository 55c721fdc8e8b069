"""The code buffer of one compiled unit: sections, labels, jumps, constants.

Instructions on physical registers go through the encoder (PeachPy behind a
template cache).  Jumps are encoded here, always in their rel32 form: no
relaxation pass, so every instruction's offset is final when it is
emitted and a label is just an offset within its section.  The `hot`
section holds the ops; everything rarely run (guard failure paths, slow
paths, exit and entry stubs) goes to cold sections, one per piece, so
that a cold piece can start another (a failure path that needs a slow
path) without the two interleaving.  The block is laid out hot, the cold
sections in order of creation, then a constant pool (16-byte aligned
entries, read with RIP-relative operands: float constants, sign masks,
64-bit compare operands).

Everything inside a block is position independent; addresses outside it
(C functions, other units, jump slots) are 64-bit immediates moved into
r11, or pool words of their own (`symbol`) in a block kept between
processes.  `finalize()` resolves jumps and RIP displacements and returns the
bytes; the block's address is only known after, when the bytes are copied
into code memory.

For the trace log each section keeps marks (offset, text: the IR op that
the following instructions come from) and a listing (offset, mnemonic,
operands) that stands in for a disassembler when capstone is missing.
"""

import struct

from .encoder import ENCODER, Mem, Rip
from .registers import SCRATCH

_MEMO = ENCODER.memo        # (mnemonic, operands) -> bytes; cleared, never replaced
_REL32 = struct.Struct("<i")
_IMM64 = struct.Struct("<Q")
# exit_stub's fixed bytes: lea r11, [rip + rel32] | push r11; mov r11, imm64 | jmp [r11]
_EXIT_STUB_HEAD = b"\x4c\x8d\x1d\0\0\0\0"
_EXIT_STUB_MID = b"\x41\x53\x49\xbb"
_EXIT_STUB_TAIL = b"\x41\xff\x23"

# the recommended NOP of each length (index), 1 to 9 bytes
_NOPS = (b"", b"\x90", b"\x66\x90", b"\x0f\x1f\x00", b"\x0f\x1f\x40\x00",
         b"\x0f\x1f\x44\x00\x00", b"\x66\x0f\x1f\x44\x00\x00",
         b"\x0f\x1f\x80\x00\x00\x00\x00", b"\x0f\x1f\x84\x00\x00\x00\x00\x00",
         b"\x66\x0f\x1f\x84\x00\x00\x00\x00\x00")

CC = {"o": 0, "no": 1, "b": 2, "ae": 3, "e": 4, "ne": 5, "be": 6, "a": 7,
      "s": 8, "ns": 9, "p": 10, "np": 11, "l": 12, "ge": 13, "le": 14, "g": 15}
_NEGATE = {"o": "no", "no": "o", "b": "ae", "ae": "b", "e": "ne", "ne": "e",
           "be": "a", "a": "be", "s": "ns", "ns": "s", "p": "np", "np": "p",
           "l": "ge", "ge": "l", "le": "g", "g": "le"}


def negate(cc):
    return _NEGATE[cc]


class Label:
    __slots__ = ("section", "offset", "name")

    def __init__(self, name=None):
        self.section = None
        self.offset = None
        self.name = name

    def __repr__(self):
        return f"<Label {self.name or ''}@{self.offset}>"


class Const:
    """An entry of the constant pool."""

    __slots__ = ("data", "offset")

    def __init__(self, data):
        self.data = data
        self.offset = None

    def __repr__(self):
        return f"const({self.data.hex()})"


class Section:
    __slots__ = ("name", "buf", "marks", "listing", "base")

    def __init__(self, name):
        self.name = name
        self.buf = bytearray()
        self.marks = []         # (offset, text)
        self.listing = []       # (offset, mnemonic, operands)
        self.base = None        # offset in the block, set by finalize


class Assembler:
    def __init__(self, keep_listing=True):
        self.hot = Section("hot")
        self.sections = [self.hot]
        self.sec = self.hot
        self.consts = {}
        self.symbols = {}       # name -> Const: see symbol()
        self.jumps = []         # (section, field pos, Label)
        self.rips = []          # (section, field pos, instruction end, Const or Label)
        self.keep_listing = keep_listing
        self.ninsns = 0

    # -- sections -------------------------------------------------------------
    def switch(self, section):
        """Make `section` current; return the one that was."""
        old, self.sec = self.sec, section
        return old

    def new_section(self, name="cold"):
        sec = Section(name)
        self.sections.append(sec)
        return sec

    def offset(self):
        return len(self.sec.buf)

    # -- instructions -----------------------------------------------------------
    def op(self, mnemonic, *ops):
        sec = self.sec
        buf = sec.buf
        start = len(buf)
        # the encoder's memo looked up here: most instructions were met
        # before, and this is the one call of every instruction emitted
        data = _MEMO.get((mnemonic, ops))
        if data is None:
            data, rip_pos = ENCODER.encode(mnemonic, ops)
            if rip_pos is not None:
                target = next(o.target for o in ops if type(o) is Rip)
                self.rips.append((sec, start + rip_pos, start + len(data), target))
        buf += data
        self.ninsns += 1
        if self.keep_listing:
            sec.listing.append((start, mnemonic, ops))

    def op_patchable(self, mnemonic, ops, sentinel):
        """Emit an instruction holding the 32-bit `sentinel` in one field and
        return (section, position) to patch it later (patch_imm32)."""
        sec = self.sec
        start = len(sec.buf)
        self.op(mnemonic, *ops)
        pos = sec.buf.find(_REL32.pack(sentinel), start)
        assert pos >= 0, (mnemonic, ops)
        return sec, pos

    @staticmethod
    def patch_imm32(patch, value):
        sec, pos = patch
        _REL32.pack_into(sec.buf, pos, value)

    def mark(self, text):
        self.sec.marks.append((len(self.sec.buf), text))

    def raw(self, data, text):
        sec = self.sec
        if self.keep_listing:
            sec.listing.append((len(sec.buf), text, ()))
        sec.buf += data

    # -- labels and jumps ---------------------------------------------------------
    def bind(self, label):
        label.section = self.sec
        label.offset = len(self.sec.buf)

    def align(self, boundary):
        """Pad the current section with NOPs up to a multiple of `boundary`
        (a power of two) in the block: sections start at the block's
        first byte (the hot one) or wherever finalize puts them, so this is
        for the hot section, whose offsets are the block's."""
        pad = -len(self.sec.buf) & (boundary - 1)
        while pad:
            n = min(pad, len(_NOPS) - 1)
            self.sec.buf += _NOPS[n]
            if self.keep_listing:
                self.sec.listing.append((len(self.sec.buf) - n, "NOP", ()))
            self.ninsns += 1
            pad -= n

    def here(self, name=None):
        label = Label(name)
        self.bind(label)
        return label

    def jmp(self, label):
        self._branch(b"\xe9", "JMP", label)

    def call(self, label):
        self._branch(b"\xe8", "CALL", label)

    def jcc(self, cc, label):
        self._branch(bytes((0x0F, 0x80 | CC[cc])), "J" + cc.upper(), label)

    def _branch(self, opcode, mnemonic, label):
        sec = self.sec
        if self.keep_listing:
            sec.listing.append((len(sec.buf), mnemonic, (label,)))
        sec.buf += opcode
        self.jumps.append((sec, len(sec.buf), label))
        sec.buf += b"\0\0\0\0"
        self.ninsns += 1

    def exit_stub(self, descriptor, slot_address):
        """A guard's failure path: `lea r11, [rip + descriptor]; push r11;
        mov r11, slot_address; jmp [r11]`.  Written as bytes here, as jumps
        are: every guard's operands differ, so the encoder's memo never
        helps, and guards are the most common op (tests check these bytes
        against the encoder's)."""
        sec = self.sec
        buf = sec.buf
        start = len(buf)
        if self.keep_listing:
            listing = sec.listing
            listing.append((start, "LEA", (SCRATCH, Rip(descriptor, 8))))
            listing.append((start + 7, "PUSH", (SCRATCH,)))
            listing.append((start + 9, "MOV", (SCRATCH, slot_address)))
            listing.append((start + 19, "JMP", (Mem(SCRATCH, 0),)))
        buf += _EXIT_STUB_HEAD
        self.rips.append((sec, start + 3, start + 7, descriptor))
        buf += _EXIT_STUB_MID
        buf += _IMM64.pack(slot_address)
        buf += _EXIT_STUB_TAIL
        self.ninsns += 4

    def jmp_abs(self, address):
        self.op("MOV", SCRATCH, address)
        self.op("JMP", SCRATCH)

    def call_abs(self, address):
        self.op("MOV", SCRATCH, address)
        self.op("CALL", SCRATCH)

    # -- constants -------------------------------------------------------------------
    def const(self, data):
        """A pool entry for read-only data (8 bytes are padded to 16)."""
        data = bytes(data)
        if len(data) == 8:
            data += bytes(8)
        elif len(data) % 16:
            data += bytes(16 - len(data) % 16)
        c = self.consts.get(data)
        if c is None:
            c = self.consts[data] = Const(data)
        return c

    def symbol(self, name, value):
        """A pool entry of its own for the address known as `name` (listed in
        `symbols`), so that the word can be found and rewritten in the bytes:
        a block whose addresses outside come only from symbols can be kept
        and loaded into another process (runtime.py)."""
        key = ("symbol", name)
        c = self.consts.get(key)
        if c is None:
            c = self.consts[key] = Const(_IMM64.pack(value & 0xFFFFFFFFFFFFFFFF) + bytes(8))
            self.symbols[name] = c
        return Rip(c, 8)

    def const_q(self, value):
        return Rip(self.const(struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)), 8)

    def const_o(self, lo, hi):
        return Rip(self.const(struct.pack("<QQ", lo, hi)), 16)

    # -- layout ----------------------------------------------------------------------
    def finalize(self):
        """The unit's bytes, with every jump and RIP displacement resolved."""
        out = bytearray()
        for sec in self.sections:
            sec.base = len(out)
            out += sec.buf
        end = len(out)
        pool_base = (end + 15) & ~15
        out += bytes(pool_base - end)
        for c in self.consts.values():
            c.offset = len(out)
            out += c.data
        for sec, pos, label in self.jumps:
            if label.offset is None:
                raise AssertionError(f"jump to an unbound label {label!r}")
            at = sec.base + pos
            _REL32.pack_into(out, at, label.section.base + label.offset - (at + 4))
        for sec, pos, end_pos, target in self.rips:
            if isinstance(target, Label):
                dest = target.section.base + target.offset
            else:
                dest = target.offset
            _REL32.pack_into(out, sec.base + pos, dest - (sec.base + end_pos))
        return out

    def address_of(self, label, block_address):
        return block_address + label.section.base + label.offset


__all__ = ["Assembler", "CC", "Const", "Label", "Mem", "Rip", "negate"]
