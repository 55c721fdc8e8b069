"""Machine-code routines every compiled unit shares, assembled once.

    poll        called (with `call`) from a back-edge whose countdown ran
                out: counts the finished chunk of iterations, stops at the
                iteration cap, otherwise starts the next chunk; once two
                switch intervals (sys.getswitchinterval(), read when the
                runtime is made) have passed since it last did, it
                releases and retakes the GIL, so other threads run, as
                CPython lets them at its back-edges.  Not more often: a
                thread waiting for the GIL asks for it only after waiting
                a whole interval, and every release wakes it and starts its
                wait anew, so frequent releases starve it (the poller
                retakes the GIL first); two intervals apart, the waiter's
                request is in when the release comes, and the release hands
                the GIL over.  Then it calls PyErr_CheckSignals(), which runs
                Python-level signal handlers as CPython does at its own
                back-edges.  Returns 0 to go on, 1 to leave by the label's
                CAP exit; when a handler raised (KeyboardInterrupt), the
                exception is fetched into the io header first.
    fetch_exc   PyErr_Fetch into the io header (a guard_no_exception that
                fails, an error nothing guards): the error indicator is
                clear again when control returns to ctypes, which would
                otherwise raise it at once, before the frames are rebuilt.
    spills      {"gprs" | "all": (save, restore)}: routines called from
                cold paths that call out; they store (load) every
                caller-saved GPR, and with "all" every allocatable xmm,
                in the frame's dump area.  One call instead of a move per
                live register keeps slow paths short (they are a third of
                a unit's instructions otherwise); saving registers that
                hold nothing costs only on the cold path.  They touch
                neither r11 nor the flags.
    release     called from a Py_DECREF that reached zero, with the object
                in rdi: frees it (_Py_Dealloc), unless its type has a
                finalizer or it has weak references, whose code would run
                in the middle of the code: then the object waits in the
                deferred area (deferred.py).
    dict_lookup called from a dict read whose caches all missed
                (isel/refs.py), with the dict in rdi, the str key in rsi
                and the site's cache (unit.py) in rdx: the places of the
                table a lookup visits tell an absent key (remembered with
                the keys object of a split table), or hold the key itself,
                whose entry it remembers; else it is PyDict_GetItem (a
                tail jump).  A borrowed ref or NULL, as PyDict_GetItem.
                Counts its calls in `lookups` (the dict reads no cache
                answered: `dict lookups` in --jit-summary).
    flush_deferred
                called before a residual call that may write the heap when
                objects wait: releases them (deferred.release_deferred).
    generic_exit
                jumped to with an exit descriptor pushed (exitdescr.py):
                dumps the registers, writes the exit's values into io and
                returns from `f(io)` with the exit's number.
    int64_fits  called with an int object in r11 whose size is not within
                -2..2 (a guard_int64's cold path): ZF set when its value
                fits int64 (three 30-bit digits with the top one below 8,
                or exactly -2**63).  Touches nothing but the flags.
    unbox_wide  called with an int object of two or three digits in r11
                (an unbox_int's cold path): its value in r11.  Touches
                nothing else but the flags.
    missing_field
                called from a slot read that found NULL, with the object in
                rdi and the attribute's name in rsi: PyObject_GetAttr, which
                raises the AttributeError (or finds a value, dropped: the
                code leaves by its error exit either way).
    untrack     called from Python (X86Backend.untrack) with a list:
                PyObject_GC_UnTrack on each item (tracer/collector.py says
                which objects, and why).

All but untrack run in the frame of the code that calls them (rbp is that frame's) and
clobber only caller-saved registers; callers keep their live values in the
save area around the call.
"""

import ctypes
import os
import struct
import sys
import types

from tracer import diskcache

from . import capi, deferred
from .assembler import Assembler, Label
from .encoder import Mem
from . import exitdescr as D
from .frame import (IO_BUDGET, IO_CHUNK, IO_DONE, IO_EXC_TB, IO_EXC_TYPE,
                    IO_EXC_VALUE, IO_EXTRA, IO_LEFT, IO_PTR, IO_STOPPED,
                    POLL_INTERVAL, SAVE_SLOT, SAVED_REGS_BYTES, SPARE)
from .layout import (DICT_KEYS, DICT_VALUES, DIGIT_BITS, DIGIT_BYTES, DK_INDICES, DK_KIND,
                     DK_KIND_GENERAL, DK_LOG2_INDEX_BYTES, DK_LOG2_SIZE, DK_NENTRIES, DK_REFCNT,
                     DK_STR_ENTRY, DKIX_EMPTY, LIST_ITEMS, LONG_DIGITS, OB_SIZE, OB_TYPE,
                     STR_HASH, TP_DEL, TP_FINALIZE, TP_WEAKLISTOFFSET, WORD,
                     FRAME_EXECUTING, FRAME_SUSPENDED, GI_FRAME_STATE)
from .unit import DICT_ABSENT_COUNT, DICT_ABSENT_KEYS, DICT_ENTRY
from .memory import CodeBlock
from .registers import SCRATCH as r11
from .registers import (CALLER_SAVED, COUNTDOWN, GPRS, PUSHED, XMMS, r8, r9, r10, r12, rax,
                        rbp, rbx, rcx, rdi, rdx, rsi, rsp)


_UNTRACK_PROTO = ctypes.PYFUNCTYPE(None, ctypes.py_object)

# The poll's words (Runtime.clock): when it next releases the GIL and the
# time from a release to the next, in ns of CLOCK_MONOTONIC; clock_gettime's
# timespec.
_GIL_DUE, _GIL_INTERVAL, _TIMESPEC = 0, 1, 2
CLOCK_MONOTONIC = 1


# The routines, in the order of the block; each name is also the Runtime
# attribute with its address.
_ROUTINES = ("fetch_exc", "poll", "generic_exit", "release", "dict_lookup", "flush_deferred",
             "untrack", "int64_fits", "unbox_wide", "missing_field")
_SPILLS = (("gprs", CALLER_SAVED), ("all", CALLER_SAVED + tuple(XMMS[:15])))
_WORD = struct.Struct("<Q")
# The modules whose code or constants make the block's bytes (the stamp of a kept block).
_SOURCES = ("runtime", "assembler", "encoder", "exitdescr", "frame", "layout", "unit",
            "registers", "deferred")


class Runtime:
    """The block of routines.  Every address that differs between processes
    (C functions, the runtime's own counters and the deferred area, a
    function object) is read from the block's constant pool by name
    (`Assembler.symbol`), so that the bytes are the same in every process:
    a block assembled once is kept in the cache directory (`RuntimeStore`)
    and a later process fills in its own addresses instead of assembling
    (about 350 instructions, 2 ms of every process that compiles)."""

    def __init__(self, store=None):
        self.clock = (ctypes.c_int64 * 4)()
        self.clock[_GIL_INTERVAL] = int(2 * sys.getswitchinterval() * 1e9)
        self.lookups = ctypes.c_uint64(0)
        self.leave = ctypes.c_int64(0)      # nonzero: loops leave at their next poll
        clock = ctypes.addressof(self.clock)
        self._data = {"clock": clock, "clock.timespec": clock + 8 * _TIMESPEC,
                      "lookups": ctypes.addressof(self.lookups),
                      "leave": ctypes.addressof(self.leave),
                      "deferred.AREA": deferred.AREA,
                      "release_deferred": id(deferred.release_deferred),
                      "generator type": id(types.GeneratorType)}
        store = RuntimeStore() if store is None else store
        kept = store.load()
        if kept is None:
            kept = self.assemble()
            store.save(kept)
        else:
            diskcache.count("runtime.hit")
        code, externals, entries = kept
        code = bytearray(code)
        for name, offset in externals.items():
            _WORD.pack_into(code, offset, self._resolve(name))
        self.block = CodeBlock(code)
        at = {name: self.block.address + offset for name, offset in entries.items()}
        for name in _ROUTINES:
            setattr(self, name, at[name])
        self.untrack = _UNTRACK_PROTO(self.untrack)
        self.spills = {name: (at["save_" + name], at["restore_" + name]) for name, _ in _SPILLS}

    def assemble(self):
        """(bytes with the external addresses zeroed, {external name: offset of
        its pool word}, {routine name: offset})."""
        asm = Assembler()
        labels = {}
        for name in _ROUTINES:
            labels[name] = asm.here(name)
            if name == "generic_exit":
                self._emit_generic_exit(asm, labels["fetch_exc"])
            else:
                getattr(self, "_emit_" + name)(asm)
        for name, regs in _SPILLS:
            labels["save_" + name] = asm.here("save_" + name)
            self._emit_spill(asm, regs, store=True)
            labels["restore_" + name] = asm.here("restore_" + name)
            self._emit_spill(asm, regs, store=False)
        code = asm.finalize()
        externals = {name: c.offset for name, c in asm.symbols.items()}
        for offset in externals.values():
            _WORD.pack_into(code, offset, 0)
        entries = {name: label.section.base + label.offset for name, label in labels.items()}
        return bytes(code), externals, entries

    def _resolve(self, name):
        """The address of an external: the runtime's own data, a C library
        function ("libc:name"), or a C-API function."""
        value = self._data.get(name)
        if value is not None:
            return value
        if name.startswith("libc:"):
            return capi.libc_address(name[5:])
        return capi.address(name)

    def _ext(self, asm, name):
        """The pool word holding external `name`'s address (a Rip operand)."""
        return asm.symbol(name, self._resolve(name))

    def _call(self, asm, name):
        asm.op("CALL", self._ext(asm, name))

    @staticmethod
    def _emit_spill(asm, regs, store):
        for r in regs:
            mnemonic = "MOVSD" if r.is_xmm else "MOV"
            if store:
                asm.op(mnemonic, Mem(rbp, SAVE_SLOT[r]), r)
            else:
                asm.op(mnemonic, r, Mem(rbp, SAVE_SLOT[r]))
        asm.op("RET")

    def _emit_release(self, asm):
        wait, free, other, weak = Label(), Label(), Label(), Label()
        asm.op("MOV", rax, Mem(rdi, OB_TYPE))
        # a generator a trace ran inline was never started by its host body
        # (or it finished): its finalizer runs no code, and waiting would
        # send every loop over a fresh generator to the slow path
        asm.op("CMP", rax, self._ext(asm, "generator type"))
        asm.jcc("ne", other)
        asm.op("CMP", Mem(rdi, GI_FRAME_STATE, size=1), FRAME_SUSPENDED)
        asm.jcc("e", wait)
        asm.op("CMP", Mem(rdi, GI_FRAME_STATE, size=1), FRAME_EXECUTING)
        asm.jcc("e", wait)
        asm.jmp(weak)
        asm.bind(other)
        asm.op("CMP", Mem(rax, TP_FINALIZE), 0)
        asm.jcc("ne", wait)
        asm.op("CMP", Mem(rax, TP_DEL), 0)
        asm.jcc("ne", wait)
        asm.bind(weak)
        asm.op("MOV", rcx, Mem(rax, TP_WEAKLISTOFFSET))
        asm.op("TEST", rcx, rcx)
        asm.jcc("le", free)                 # no weak references' list
        asm.op("CMP", Mem(rdi, 0, index=rcx, scale=1), 0)
        asm.jcc("ne", wait)                 # weak references: callbacks would run
        asm.bind(free)
        asm.op("SUB", rsp, 8)               # 16-byte alignment for the call
        self._call(asm, "_Py_Dealloc")
        asm.op("ADD", rsp, 8)
        asm.op("RET")
        asm.bind(wait)
        asm.op("MOV", r11, self._ext(asm, "deferred.AREA"))
        asm.op("MOV", rax, Mem(r11, 0))
        asm.op("CMP", rax, deferred.CAPACITY)
        asm.jcc("ae", free)                 # full: as CPython would, at once
        asm.op("MOV", Mem(rdi, 0), 1)       # the area's reference
        asm.op("ADD", rax, 1)
        asm.op("MOV", Mem(r11, 0), rax)
        asm.op("MOV", Mem(r11, 0, index=rax, scale=8), rdi)
        # Half full: a loop polls at its next back-edge, and the poll
        # leaves, instead of filling the area (the chunk shrinks to the
        # iterations run, so that counts and caps stay right).
        done = Label()
        asm.op("CMP", rax, deferred.CAPACITY // 2)
        asm.jcc("b", done)
        asm.op("CMP", COUNTDOWN, 1)
        asm.jcc("be", done)
        asm.op("MOV", r11, Mem(rbp, IO_PTR))
        asm.op("LEA", rax, Mem(COUNTDOWN, -1, size=None))
        asm.op("SUB", Mem(r11, IO_CHUNK), rax)
        asm.op("MOV", COUNTDOWN, 1)
        asm.bind(done)
        asm.op("RET")

    def _emit_dict_lookup(self, asm):
        """rdi: the dict, rsi: the str key, rdx: the site's cache.  In a
        str-keyed table, the indices a lookup of the key's hash visits
        (layout.py), compared by identity: an empty one, the key is absent
        (a split table's shared keys and their entry count are remembered:
        while they are the dict's and have no new entry, the key is still
        absent; the keys object gets a reference of its own, so that it is
        never freed and another made at its address); the key itself in an
        entry, the entry is remembered and its value (a split table's:
        values[index]) is the item.  A key of the same hash that is another
        object (maybe an equal str), a table of the general kind or a hash
        not computed yet: PyDict_GetItem."""
        probe, found, negative, nxt, leave, fallback = (Label() for _ in range(6))
        mask, other = rbx, r12                  # callee-saved: pushed
        asm.op("MOV", rax, self._ext(asm, "lookups"))
        asm.op("ADD", Mem(rax, 0), 1)
        asm.op("PUSH", mask)
        asm.op("PUSH", other)
        asm.op("MOV", rax, Mem(rdi, DICT_KEYS))
        asm.op("CMP", Mem(rax, DK_KIND, size=1), DK_KIND_GENERAL)
        asm.jcc("e", fallback)
        asm.op("MOV", r11, Mem(rsi, STR_HASH))  # perturb, as CPython's lookup
        asm.op("CMP", r11, -1)
        asm.jcc("e", fallback)
        asm.op("MOVZX", r8.d, Mem(rax, DK_LOG2_SIZE, size=1))
        asm.op("XOR", mask.d, mask.d)
        asm.op("BTS", mask, r8)
        asm.op("SUB", mask, 1)
        asm.op("MOVZX", r9.d, Mem(rax, DK_LOG2_INDEX_BYTES, size=1))
        asm.op("XOR", r10.d, r10.d)
        asm.op("BTS", r10, r9)
        asm.op("LEA", r10, Mem(rax, DK_INDICES, index=r10, scale=1, size=None))  # entries
        asm.op("SUB", r9, r8)                   # log2 of an index's bytes
        asm.op("MOV", rcx, r11)
        asm.op("AND", rcx, mask)                # the first index
        asm.bind(probe)
        have = Label()
        for log2_width, (mnemonic, size) in enumerate(
                (("MOVSX", 1), ("MOVSX", 2), ("MOVSXD", 4), ("MOV", 8))):
            wider = Label()
            if log2_width < 3:
                asm.op("CMP", r9, log2_width)
                asm.jcc("ne", wider)
            asm.op(mnemonic, r8, Mem(rax, DK_INDICES, index=rcx, scale=size, size=size))
            asm.jmp(have)
            asm.bind(wider)
        asm.bind(have)
        asm.op("TEST", r8, r8)
        asm.jcc("s", negative)
        asm.op("SHL", r8, DK_STR_ENTRY.bit_length() - 1)
        asm.op("MOV", other, Mem(r10, 0, index=r8, scale=1))
        asm.op("CMP", other, rsi)
        asm.jcc("e", found)
        asm.op("MOV", other, Mem(other, STR_HASH))
        asm.op("CMP", other, Mem(rsi, STR_HASH))
        asm.jcc("e", fallback)                  # equal, maybe: PyDict_GetItem compares
        asm.bind(nxt)
        asm.op("SHR", r11, 5)                   # PERTURB_SHIFT
        asm.op("LEA", rcx, Mem(rcx, 0, index=rcx, scale=4, size=None))
        asm.op("LEA", rcx, Mem(rcx, 1, index=r11, scale=1, size=None))    # 5i + perturb + 1
        asm.op("AND", rcx, mask)
        asm.jmp(probe)
        asm.bind(negative)
        asm.op("CMP", r8, DKIX_EMPTY)
        asm.jcc("ne", nxt)                      # a deleted index: on
        absent = Label()
        asm.op("CMP", Mem(rdi, DICT_VALUES), 0)
        asm.jcc("e", absent)                    # a combined table: not remembered
        same = Label()
        asm.op("CMP", Mem(rdx, 8 * DICT_ABSENT_KEYS), rax)
        asm.jcc("e", same)
        asm.op("ADD", Mem(rax, DK_REFCNT), 1)   # kept: see the docstring
        asm.op("MOV", Mem(rdx, 8 * DICT_ABSENT_KEYS), rax)
        asm.bind(same)
        asm.op("MOV", r9, Mem(rax, DK_NENTRIES))
        asm.op("MOV", Mem(rdx, 8 * DICT_ABSENT_COUNT), r9)
        asm.bind(absent)
        asm.op("XOR", rax.d, rax.d)
        asm.jmp(leave)
        asm.bind(found)
        asm.op("MOV", other, r8)
        asm.op("SHR", r8, DK_STR_ENTRY.bit_length() - 1)
        asm.op("MOV", Mem(rdx, 8 * DICT_ENTRY), r8)
        asm.op("MOV", rax, Mem(rdi, DICT_VALUES))
        split = Label()
        asm.op("TEST", rax, rax)
        asm.jcc("ne", split)
        asm.op("MOV", rax, Mem(r10, WORD, index=other, scale=1))
        asm.jmp(leave)
        asm.bind(split)
        asm.op("MOV", rax, Mem(rax, 0, index=r8, scale=WORD))
        asm.bind(leave)
        asm.op("POP", other)
        asm.op("POP", mask)
        asm.op("RET")
        asm.bind(fallback)
        asm.op("POP", other)
        asm.op("POP", mask)
        asm.op("JMP", self._ext(asm, "PyDict_GetItem"))

    def _emit_untrack(self, asm):
        """untrack(list): PyObject_GC_UnTrack on every item of a list (the
        tracer's collector.keep_out), a call each instead of a ctypes call
        each.  rbx and r12 are callee-saved: the loop's own, pushed (which
        also aligns the stack for the calls)."""
        loop, done = Label(), Label()
        asm.op("PUSH", rbx)
        asm.op("PUSH", r12)
        asm.op("SUB", rsp, 8)
        asm.op("MOV", rbx, Mem(rdi, LIST_ITEMS))
        asm.op("MOV", r12, Mem(rdi, OB_SIZE))
        asm.bind(loop)
        asm.op("TEST", r12, r12)
        asm.jcc("e", done)
        asm.op("MOV", rdi, Mem(rbx, 0))
        self._call(asm, "PyObject_GC_UnTrack")
        asm.op("ADD", rbx, WORD)
        asm.op("SUB", r12, 1)
        asm.jmp(loop)
        asm.bind(done)
        asm.op("ADD", rsp, 8)
        asm.op("POP", r12)
        asm.op("POP", rbx)
        asm.op("RET")

    @staticmethod
    def _emit_int64_fits(asm):
        pos3, fits, out = Label(), Label(), Label()
        top = Mem(r11, LONG_DIGITS + 2 * DIGIT_BYTES, size=DIGIT_BYTES)
        asm.op("PUSH", rax)
        asm.op("MOV", rax, Mem(r11, OB_SIZE))
        asm.op("ADD", rax, 2)
        asm.op("CMP", rax, 5)
        asm.jcc("b", fits)                  # -2 <= size <= 2
        asm.jcc("e", pos3)
        asm.op("CMP", rax, -1)
        asm.jcc("ne", out)                  # more than three digits (ZF clear)
        asm.op("CMP", top, 8)               # size -3
        asm.jcc("b", fits)
        asm.jcc("ne", out)
        asm.op("MOV", rax, Mem(r11, LONG_DIGITS))   # -2**63: both low digits 0
        asm.op("TEST", rax, rax)
        asm.jmp(out)
        asm.bind(pos3)
        asm.op("CMP", top, 8)
        asm.jcc("b", fits)
        asm.op("TEST", rsp, rsp)            # ZF clear: rsp is never 0
        asm.jmp(out)
        asm.bind(fits)
        asm.op("CMP", rax, rax)
        asm.bind(out)
        asm.op("POP", rax)                  # POP keeps the flags
        asm.op("RET")

    @staticmethod
    def _emit_unbox_wide(asm):
        neg, done = Label(), Label()
        digit = [Mem(r11, LONG_DIGITS + DIGIT_BYTES * i, size=DIGIT_BYTES) for i in range(3)]
        for r in (rax, rcx, rdx):
            asm.op("PUSH", r)
        asm.op("MOV", rcx, Mem(r11, OB_SIZE))
        asm.op("MOV", rax.d, digit[0])      # zero-extends
        asm.op("MOV", rdx.d, digit[1])
        asm.op("SHL", rdx, DIGIT_BITS)
        asm.op("OR", rax, rdx)
        asm.op("CMP", rcx, 2)
        asm.jcc("e", done)
        asm.op("CMP", rcx, -2)
        asm.jcc("e", neg)
        asm.op("MOV", rdx.d, digit[2])
        asm.op("SHL", rdx, 2 * DIGIT_BITS)
        asm.op("OR", rax, rdx)
        asm.op("TEST", rcx, rcx)
        asm.jcc("ns", done)
        asm.bind(neg)
        asm.op("NEG", rax)
        asm.bind(done)
        asm.op("MOV", r11, rax)
        for r in (rdx, rcx, rax):
            asm.op("POP", r)
        asm.op("RET")

    def _emit_missing_field(self, asm):
        done = Label()
        asm.op("SUB", rsp, 8)               # 16-byte alignment for the calls
        self._call(asm, "PyObject_GetAttr")
        asm.op("TEST", rax, rax)
        asm.jcc("e", done)
        asm.op("MOV", rdi, rax)
        self._call(asm, "Py_DecRef")
        asm.bind(done)
        asm.op("ADD", rsp, 8)
        asm.op("RET")

    def _emit_flush_deferred(self, asm):
        failed, done = Label(), Label()
        asm.op("SUB", rsp, 8)
        asm.op("MOV", rdi, self._ext(asm, "release_deferred"))
        self._call(asm, "PyObject_CallNoArgs")
        asm.op("TEST", rax, rax)
        asm.jcc("e", failed)
        asm.op("SUB", Mem(rax, 0), 1)       # None, never the last reference
        asm.jmp(done)
        asm.bind(failed)
        self._call(asm, "PyErr_Clear")
        asm.bind(done)
        asm.op("ADD", rsp, 8)
        asm.op("RET")

    def _emit_fetch_exc(self, asm):
        asm.op("SUB", rsp, 8)               # 16-byte alignment for the call
        asm.op("MOV", r11, Mem(rbp, IO_PTR))
        asm.op("LEA", rdi, Mem(r11, IO_EXC_TYPE, size=None))
        asm.op("LEA", rsi, Mem(r11, IO_EXC_VALUE, size=None))
        asm.op("LEA", rdx, Mem(r11, IO_EXC_TB, size=None))
        self._call(asm, "PyErr_Fetch")
        asm.op("ADD", rsp, 8)
        asm.op("RET")

    def _emit_poll(self, asm):
        exhausted, unlimited, signalled = Label(), Label(), Label()
        asm.op("MOV", r11, Mem(rbp, IO_PTR))
        asm.op("MOV", rax, Mem(r11, IO_CHUNK))
        asm.op("ADD", Mem(r11, IO_DONE), rax)           # the chunk just run
        asm.op("MOV", rax, Mem(r11, IO_BUDGET))
        asm.op("MOV", rcx, POLL_INTERVAL)
        asm.op("TEST", rax, rax)
        asm.jcc("e", exhausted)
        asm.jcc("s", unlimited)                         # -1: no cap
        asm.op("CMP", rax, rcx)
        asm.op("CMOVB", rcx, rax)                       # next chunk = min(budget, interval)
        asm.op("SUB", Mem(r11, IO_BUDGET), rcx)
        asm.bind(unlimited)
        asm.op("MOV", Mem(r11, IO_CHUNK), rcx)
        asm.op("MOV", COUNTDOWN, rcx)
        asm.op("SUB", rsp, 8)
        keep_gil = Label()
        asm.op("MOV", Mem(rbp, SPARE), 0)               # other threads ran: not yet
        asm.op("MOV", rdi, CLOCK_MONOTONIC)
        asm.op("MOV", rsi, self._ext(asm, "clock.timespec"))
        self._call(asm, "libc:clock_gettime")
        asm.op("MOV", r11, self._ext(asm, "clock"))
        asm.op("IMUL", rax, Mem(r11, 8 * _TIMESPEC), 1000000000)
        asm.op("ADD", rax, Mem(r11, 8 * (_TIMESPEC + 1)))          # now, in ns
        asm.op("CMP", rax, Mem(r11, 8 * _GIL_DUE))
        asm.jcc("l", keep_gil)
        asm.op("ADD", rax, Mem(r11, 8 * _GIL_INTERVAL))
        asm.op("MOV", Mem(r11, 8 * _GIL_DUE), rax)
        # Only when the interpreter has other threads: they may run while
        # the GIL is released and write what the loop keeps in registers (a
        # flag it polls, read once in its preamble), so the loop leaves
        # then, and entering it again reads the heap again.
        self._call(asm, "PyThreadState_Get")
        asm.op("MOV", rdi, rax)
        self._call(asm, "PyThreadState_GetInterpreter")
        asm.op("MOV", rdi, rax)
        self._call(asm, "PyInterpreterState_ThreadHead")
        asm.op("MOV", rdi, rax)
        self._call(asm, "PyThreadState_Next")
        asm.op("MOV", Mem(rbp, SPARE), rax)             # another thread's state, or 0
        asm.op("TEST", rax, rax)
        asm.jcc("e", keep_gil)
        self._call(asm, "PyEval_SaveThread")
        asm.op("MOV", rdi, rax)
        self._call(asm, "PyEval_RestoreThread")
        asm.bind(keep_gil)
        self._call(asm, "PyErr_CheckSignals")
        asm.op("ADD", rsp, 8)
        asm.op("TEST", rax.d, rax.d)
        asm.jcc("ne", signalled)
        leave, asked = Label(), Label()
        asm.op("CMP", Mem(rbp, SPARE), 0)
        asm.jcc("ne", leave)
        # Asked to (request_leave: a Python signal handler ran, and may have
        # written what the loop keeps in registers).
        asm.op("MOV", r11, self._ext(asm, "leave"))
        asm.op("CMP", Mem(r11, 0), 0)
        asm.jcc("ne", asked)
        # Objects whose finalizers wait (deferred.py): leave, so that the
        # interpreter runs them between two iterations.
        asm.op("MOV", r11, self._ext(asm, "deferred.AREA"))
        asm.op("CMP", Mem(r11, 0), 0)
        asm.jcc("ne", leave)
        asm.op("XOR", rax.d, rax.d)
        asm.op("RET")
        asm.bind(asked)
        asm.op("MOV", Mem(r11, 0), 0)
        asm.bind(leave)
        asm.op("MOV", rax, 1)
        asm.op("RET")
        asm.bind(signalled)
        asm.op("SUB", rsp, 8)
        asm.op("MOV", r11, Mem(rbp, IO_PTR))
        asm.op("LEA", rdi, Mem(r11, IO_EXC_TYPE, size=None))
        asm.op("LEA", rsi, Mem(r11, IO_EXC_VALUE, size=None))
        asm.op("LEA", rdx, Mem(r11, IO_EXC_TB, size=None))
        self._call(asm, "PyErr_Fetch")
        asm.op("ADD", rsp, 8)
        asm.op("MOV", rax, 1)
        asm.op("RET")
        asm.bind(exhausted)
        asm.op("MOV", Mem(r11, IO_CHUNK), 0)
        asm.op("MOV", COUNTDOWN, 0)
        asm.op("MOV", rax, 1)
        asm.op("RET")


    @staticmethod
    def _emit_generic_exit(asm, fetch):
        for r in GPRS:
            if r.name not in ("rsp", "rbp", "r11"):
                asm.op("MOV", Mem(rbp, SAVE_SLOT[r]), r)
        for x in XMMS:
            asm.op("MOVSD", Mem(rbp, SAVE_SLOT[x]), x)
        asm.op("POP", r11)                              # the descriptor
        no_fetch = Label()
        asm.op("TEST", Mem(r11, 8 * D.FLAGS), D.FETCH)
        asm.jcc("e", no_fetch)
        asm.op("MOV", Mem(rbp, SPARE), r11)
        asm.call(fetch)                           # rsp is aligned here
        asm.op("MOV", r11, Mem(rbp, SPARE))
        asm.bind(no_fetch)
        # values and extras: io[i] = [rbp + operand] or operand
        loop, copied, const = Label(), Label(), Label()
        asm.op("MOV", rdi, Mem(rbp, IO_PTR))
        asm.op("MOV", rcx, Mem(r11, 8 * D.N))
        asm.op("ADD", rcx, Mem(r11, 8 * D.M))
        asm.op("LEA", rsi, Mem(r11, 8 * D.HEADER, size=None))
        asm.op("XOR", rdx.d, rdx.d)
        asm.bind(loop)
        asm.op("CMP", rdx, rcx)
        asm.jcc("ae", copied)
        asm.op("MOV", r8, Mem(rsi, 8))
        asm.op("CMP", Mem(rsi, 0), D.FRAME)
        asm.jcc("ne", const)
        asm.op("MOV", r8, Mem(rbp, 0, index=r8, scale=1))
        asm.bind(const)
        asm.op("MOV", Mem(rdi, 0, index=rdx, scale=8), r8)
        asm.op("ADD", rsi, 16)
        asm.op("ADD", rdx, 1)
        asm.jmp(loop)
        asm.bind(copied)
        # refs handed out that the code did not own get their reference
        increfs, skip, done = Label(), Label(), Label()
        asm.op("MOV", rcx, Mem(r11, 8 * D.NINCREF))
        asm.bind(increfs)
        asm.op("TEST", rcx, rcx)
        asm.jcc("e", done)
        asm.op("MOV", rax, Mem(rsi, 0))
        asm.op("MOV", rax, Mem(rdi, 0, index=rax, scale=8))
        asm.op("TEST", rax, rax)
        asm.jcc("e", skip)
        asm.op("ADD", Mem(rax, 0), 1)
        asm.bind(skip)
        asm.op("ADD", rsi, 8)
        asm.op("SUB", rcx, 1)
        asm.jmp(increfs)
        asm.bind(done)
        asm.op("MOV", rax, Mem(r11, 8 * D.M))
        asm.op("MOV", Mem(rdi, IO_EXTRA), rax)
        no_stop = Label()
        asm.op("MOV", rax, Mem(r11, 8 * D.STOPPED))
        asm.op("TEST", rax, rax)
        asm.jcc("s", no_stop)
        asm.op("MOV", Mem(rdi, IO_STOPPED), rax)
        asm.bind(no_stop)
        asm.op("MOV", rax, Mem(r11, 8 * D.NUMBER))
        asm.op("MOV", Mem(rdi, IO_LEFT), COUNTDOWN)
        # the frame's epilogue: callee-saved registers back, return
        asm.op("LEA", rsp, Mem(rbp, -SAVED_REGS_BYTES, size=None))
        for r in reversed(PUSHED):
            asm.op("POP", r)
        asm.op("POP", rbp)
        asm.op("RET")


class RuntimeStore:
    """The assembled block kept between processes: one file in the cache
    directory (PVMX_TEMPLATE_CACHE names another or turns it off, as for
    the instruction templates), stamped with the sources it was made from
    and the Python it ran on."""

    def __init__(self):
        base = diskcache.cache_dir(os.environ.get("PVMX_TEMPLATE_CACHE"))
        self.path = None if base is None else os.path.join(base, "x86-runtime.marshal")
        self.stamp = None

    def _stamp(self):
        if self.stamp is None:
            sources = []
            for name in _SOURCES:
                path = sys.modules[f"{__package__}.{name}"].__file__
                with open(path, "rb") as f:
                    sources.append(f.read())
            self.stamp = (FORMAT, sys.version, diskcache.digest(b"\0".join(sources)))
        return self.stamp

    def load(self):
        if self.path is None:
            return None
        try:
            kept = diskcache.load(self.path, self._stamp())
            code, externals, entries = kept
            if type(code) is bytes and type(externals) is dict and type(entries) is dict \
                    and all(0 <= offset <= len(code) - 8 for offset in externals.values()) \
                    and set(entries) == _ENTRIES:
                return kept
        except Exception:       # missing, stale, damaged: assembled anew
            pass
        return None

    def save(self, kept):
        if self.path is not None:
            try:
                diskcache.save(self.path, self._stamp(), kept)
            except OSError:
                pass


FORMAT = 1
_ENTRIES = set(_ROUTINES) | {f"{op}_{name}" for name, _ in _SPILLS for op in ("save", "restore")}
_runtime = None


def get_runtime():
    global _runtime
    if _runtime is None:
        _runtime = Runtime()
    return _runtime
