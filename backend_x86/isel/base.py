"""Code sequences every op family uses: reference counting, exits, calls.

Mixed into the TraceCompiler (compiler.py), so `self` has the trace, the
assembler `self.asm`, the allocator `self.alloc`, the set of owned refs
`self.owned` and of refs known non-null `self.nonnull`.

Exits (exitdescr.py has the details).  A guard's condition jumps to its
*failure path* in a cold section: push the guard's exit descriptor, jump
through the guard's slot.  The slot holds the shared *generic exit*
(runtime.py) until a bridge is attached.  The generic exit copies the
values the descriptor names into io, increfs the refs that become owned
by being handed out (constants, static refs, a second copy of one ref),
writes after them the other owned refs live at the guard (Python releases
those: a decref inline would need a slow path saving every live register,
per ref and per guard) and returns the exit number.  A bridge releases
those refs itself when it starts.  A finish leaves the same way, inline.
An error no guard checks (a host call that raised without a
guard_no_exception after it, a missing attribute) leaves by an *error
exit*: exit number ERROR_EXIT, the live owned refs as extras, the
exception fetched into the io header; the backend raises it from run().
"""

from tracer.ir.kinds import FLOAT, REF
from tracer.ir.optable import rop

from .. import exitdescr
from ..assembler import Label, negate
from ..encoder import Mem, Rip
from ..entry import MAX_IO
from ..errors import Unsupported
from ..frame import CALL_SITE, SAVE_SLOT
from ..moves import Slot, const_bits, parallel_move
from ..registers import ARG_GPRS, ARG_XMMS, SCRATCH, Reg, rax, rbp, rdi, xmm0
from ..unit import BORROWED, DUP, INCREFED_AT_EXIT, OWNED, STATIC, ExitInfo

ERROR_EXIT = -2         # an unguarded error: run() raises the fetched exception
SHARED_SPILL_FROM = 3   # live registers from which a cold call saves them through a stub

r11 = SCRATCH


class Cond:
    """A condition the flags hold after a compare: one condition code, or
    two joined by `and`/`or` (float equality must look at the parity flag)."""

    __slots__ = ("cc", "cc2", "join")

    def __init__(self, cc, cc2=None, join=None):
        self.cc, self.cc2, self.join = cc, cc2, join

    def negated(self):
        if self.join is None:
            return Cond(negate(self.cc))
        return Cond(negate(self.cc), negate(self.cc2), "or" if self.join == "and" else "and")

    def jump_if(self, asm, label):
        if self.join is None:
            asm.jcc(self.cc, label)
        elif self.join == "or":
            asm.jcc(self.cc, label)
            asm.jcc(self.cc2, label)
        else:
            skip = Label()
            asm.jcc(negate(self.cc2), skip)
            asm.jcc(self.cc, label)
            asm.bind(skip)

    def set(self, asm, r):
        """r (a 64-bit register) = 1 if the condition holds else 0."""
        asm.op("SET" + self.cc.upper(), r.b)
        if self.join is not None:
            asm.op("SET" + self.cc2.upper(), r11.b)
            asm.op("AND" if self.join == "and" else "OR", r.b, r11.b)
        asm.op("MOVZX", r.d, r.b)


class Emitters:
    # -- registers around calls out of slow paths ------------------------------------
    def emit_save(self, regs):
        for r in regs:
            self.asm.op("MOVSD" if r.is_xmm else "MOV", Mem(rbp, SAVE_SLOT[r]), r)

    def emit_restore(self, regs):
        for r in regs:
            self.asm.op("MOVSD" if r.is_xmm else "MOV", r, Mem(rbp, SAVE_SLOT[r]))

    def cold(self, name="cold"):
        """Start a new cold section; return the section to switch back to."""
        return self.asm.switch(self.asm.new_section(name))

    def _cold_call(self, keep, address, place_arguments, result=True):
        """Call the function at `address` from a cold path: the registers in
        `keep` saved around it, `place_arguments()` emitting the argument
        moves after the save; its result (if `result`) in r11."""
        spill = self._shared_spill(keep)
        if spill is None:
            self.emit_save(keep)
        else:
            save, restore = self.runtime.spills[spill]
            self.asm.op("CALL", self.asm.const_q(save))
        place_arguments()
        self.asm.call_abs(address)
        if result:
            self.asm.op("MOV", r11, rax)
        if spill is None:
            self.emit_restore(keep)
        else:
            self.asm.op("CALL", self.asm.const_q(restore))

    @staticmethod
    def _shared_spill(keep):
        """Which of the runtime's spill stubs saves `keep` (a key of
        Runtime.spills), or None when moves inline are as short.  Only for a
        save and restore between which no caller-saved register but r11
        takes a value that must survive: the stub restores them all."""
        if len(keep) < SHARED_SPILL_FROM:
            return None
        return "all" if any(r.is_xmm for r in keep) else "gprs"

    # -- reference counts -------------------------------------------------------------
    def maybe_null(self, v):
        return v.is_constant or v not in self.nonnull

    def _ref_reg(self, loc):
        """A GPR holding the pointer at loc (r11 for slots and constants)."""
        if type(loc) is Reg:
            return loc
        if type(loc) is Slot:
            self.asm.op("MOV", r11, loc.mem)
        else:
            self.asm.op("MOV", r11, const_bits(loc))
        return r11

    def emit_incref(self, loc, maybe_null=True):
        if type(loc) is not Reg and type(loc) is not Slot:
            if const_bits(loc) == 0:
                return
            maybe_null = False
        asm = self.asm
        r = self._ref_reg(loc)
        if maybe_null:
            skip = Label()
            asm.op("TEST", r, r)
            asm.jcc("e", skip)
            asm.op("ADD", Mem(r, 0), 1)
            asm.bind(skip)
        else:
            asm.op("ADD", Mem(r, 0), 1)

    def emit_decref(self, loc, maybe_null=True, keep=()):
        """Py_DECREF the pointer at loc; the deallocation (a call of the
        runtime's `release`, which holds back objects with finalizers) goes
        in a slow path that keeps the registers in `keep`."""
        if type(loc) is not Reg and type(loc) is not Slot:
            return      # constants are kept alive by the unit
        asm = self.asm
        r = self._ref_reg(loc)
        done = Label()
        if maybe_null:
            asm.op("TEST", r, r)
            asm.jcc("e", done)
        asm.op("SUB", Mem(r, 0), 1)
        slow = Label()
        asm.jcc("e", slow)
        asm.bind(done)
        old = self.cold('dealloc')
        asm.bind(slow)

        def place_argument():
            if r is not rdi:
                asm.op("MOV", rdi, r)
        self._cold_call(keep, self.runtime.release, place_argument, result=False)
        asm.jmp(done)
        asm.switch(old)

    # -- exits ------------------------------------------------------------------------------
    def value_locs(self, values):
        """Where each of `values` is now: a constant (its own, or the one a
        guard made it), a register or a slot (alloc.loc inlined)."""
        known, alloc = self.known, self.alloc
        reg_of = alloc.reg_of
        locs = []
        for v in values:
            if v.is_constant:
                loc = v
            else:
                loc = known.get(v)
                if loc is None:
                    loc = reg_of.get(v)
                    if loc is None:
                        loc = alloc.loc(v)      # a slot, or AllocError
            locs.append(loc)
        return locs

    def exit_info(self, op, values, exclude=()):
        """Record where the values of an exit are, who owns what, and the
        other owned refs live there (not those in `exclude`)."""
        kinds, own = [], []
        locs = self.value_locs(values)
        seen = set()
        # (the most frequent loop of the backend: lookups bound once)
        owned, borrowed = self.owned, self.lv.borrowed
        alloc = self.alloc
        reg_of, slot_of = alloc.reg_of, alloc.slot_of
        for v in values:
            kind = v.kind
            kinds.append(kind)
            if kind is not REF:
                own.append(None)
            elif v.is_constant or v not in owned:
                own.append(BORROWED if v in borrowed else STATIC)
            elif v in seen:
                own.append(DUP)
            else:
                own.append(OWNED)
            seen.add(v)
        number = self.backend.exits.register(op) if op is not None else None
        info = ExitInfo(number, op, self.unit, kinds, locs, own)
        extra = [v for v in reg_of if v in owned and v not in seen and v not in exclude]
        extra += [v for v in slot_of
                  if v in owned and v not in reg_of and v not in seen and v not in exclude]
        info.extra = [(alloc.loc(v), self.maybe_null(v)) for v in extra]
        if len(values) + len(info.extra) > MAX_IO:
            raise Unsupported(f"an exit with {len(values) + len(info.extra)} values")
        if op is not None:
            self.unit.exits.append(info)
        return info

    def descriptor(self, info, values, number, fetch=False, stopped=-1):
        """The exit's descriptor (exitdescr.py): its constant pool entry."""
        increfs = []
        for i, own in enumerate(info.own):
            if own in INCREFED_AT_EXIT:
                v = values[i]
                if not (v.is_constant and const_bits(v) == 0):
                    increfs.append(i)
        data = exitdescr.build(info.locs, [loc for loc, _ in info.extra], number,
                               increfs, fetch, stopped)
        return self.asm.const(data)

    def emit_exit(self, info, values, number, fetch=False, stopped=-1):
        """Leave through the generic exit with this exit's descriptor."""
        asm = self.asm
        asm.op("LEA", r11, Rip(self.descriptor(info, values, number, fetch, stopped), 8))
        asm.op("PUSH", r11)
        asm.jmp_abs(self.runtime.generic_exit)

    def guard_label(self, guard, exclude=()):
        """The failure path of `guard` (made once, at its first use): the
        label its condition jumps to.  `exclude`: refs not to release
        there (a failed call's result)."""
        label = self.guard_labels.get(guard)
        if label is not None:
            return label
        values = list(guard.snapshot.fail_args)
        info = self.exit_info(guard, values, exclude)
        unit = self.unit
        info.slot = self.next_slot
        self.next_slot += 1
        label = self.guard_labels[guard] = Label("guard")
        old = self.cold('guard failure')
        asm = self.asm
        asm.bind(label)
        if guard.opnum == rop.GUARD_NO_EXCEPTION:
            keep = [loc for loc in list(info.locs) + [loc for loc, _ in info.extra]
                    if type(loc) is Reg and _caller_saved(loc)]
            keep = list(dict.fromkeys(keep))
            self._cold_call(keep, self.runtime.fetch_exc, lambda: None, result=False)
        # the descriptor for the generic exit (a bridge drops it), then the slot
        asm.exit_stub(self.descriptor(info, values, info.number), unit.slot_address(info.slot))
        asm.switch(old)
        return label

    def guard_on(self, guard, cond_fails):
        """Leave by `guard` when `cond_fails` (a Cond or a condition code) holds."""
        if not isinstance(cond_fails, Cond):
            cond_fails = Cond(cond_fails)
        cond_fails.jump_if(self.asm, self.guard_label(guard))

    def guard_always(self, guard):
        self.asm.jmp(self.guard_label(guard))

    def error_label(self, exclude=()):
        """An error exit from the current point (see the module docstring)."""
        label = Label("error")
        old = self.cold('error exit')
        asm = self.asm
        asm.bind(label)
        info = self.exit_info(None, (), exclude)
        self.emit_exit(info, (), ERROR_EXIT, fetch=True)
        asm.switch(old)
        return label

    def failure_label(self, k, exclude=()):
        """Where an op at k that can fail goes: the guard_no_exception right
        after it, or an error exit."""
        nxt = self.ops[k + 1] if k + 1 < len(self.ops) else None
        if nxt is not None and nxt.opnum == rop.GUARD_NO_EXCEPTION:
            return self.guard_label(nxt, exclude=exclude), True
        return self.error_label(exclude=exclude), False

    # -- calls --------------------------------------------------------------------------------
    def emit_native_call(self, address, args, result=None, protect=(), site=None):
        """Call a C function with IR values (ints and refs in GPRs, floats in
        xmm registers, System V); bind `result` to rax / xmm0.  `site`: the
        guard_no_exception after a call that may run Python code
        (call_out)."""
        alloc = self.alloc
        alloc.before_call(protect)
        moves = []
        gi = xi = 0
        for a in args:
            if a.kind is FLOAT:
                moves.append((alloc.call_source(a), ARG_XMMS[xi]))
                xi += 1
            else:
                moves.append((alloc.call_source(a), ARG_GPRS[gi]))
                gi += 1
        if gi > len(ARG_GPRS) or xi > len(ARG_XMMS):
            raise Unsupported("a native call with arguments on the stack")
        parallel_move(self.asm, moves)
        self.call_out(site, lambda: self.asm.call_abs(address))
        alloc.after_call()
        if result is not None:
            alloc.bind(result, xmm0 if result.kind is FLOAT else rax)

    def call_site(self, k):
        """The guard_no_exception right after the call at k, or None: a call
        that may raise may run Python code, which may look at the stack."""
        nxt = self.ops[k + 1] if k + 1 < len(self.ops) else None
        return nxt if nxt is not None and nxt.opnum == rop.GUARD_NO_EXCEPTION else None

    def call_out(self, site, emit_call):
        """emit_call(): the CALL instruction of a call, after before_call and
        the arguments.  `site`, when the call may run Python code: the
        guard_no_exception after it (call_site), published around the CALL.
        Every value its snapshot refers to is then in a callee-saved
        register or a spill slot, and stays there through the call: the
        registers among them go to their dump slots, and the frame's
        CALL_SITE word says which call this is, so that host code looking
        at the stack from inside the call sees the frames the code is in,
        as they are (backend.call_sites; PyPy forces the virtualizable
        there).  The instruction after the CALL clears the word."""
        if site is None:
            emit_call()
            return
        asm = self.asm
        places = []             # per value: its rbp offset, or (the constant,)
        dumped = set()
        for loc in self.value_locs(site.snapshot.fail_args):
            t = type(loc)
            if t is Reg:
                if loc not in dumped:
                    dumped.add(loc)
                    asm.op("MOVSD" if loc.is_xmm else "MOV", Mem(rbp, SAVE_SLOT[loc]), loc)
                places.append(SAVE_SLOT[loc])
            elif t is Slot:
                places.append(loc.mem.disp)
            else:
                places.append((loc.value,))
        asm.op("MOV", Mem(rbp, CALL_SITE), self.backend.new_call_site(site, places))
        emit_call()
        asm.op("MOV", Mem(rbp, CALL_SITE), 0)

    def emit_inline_decref_rax(self):
        """Py_DECREF(rax) where no live value is in a caller-saved register
        (inside a call sequence)."""
        asm = self.asm
        done = Label()
        asm.op("SUB", Mem(rax, 0), 1)
        asm.jcc("ne", done)
        asm.op("MOV", rdi, rax)
        asm.call_abs(self.runtime.release)
        asm.bind(done)


def _caller_saved(r):
    from ..regalloc import CALLER_SAVED_ALL
    return r in CALLER_SAVED_ALL


__all__ = ["Cond", "Emitters", "ERROR_EXIT"]
