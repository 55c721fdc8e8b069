"""Register allocation: one forward linear scan over the trace.

The scan walks the ops in order (there is no control flow inside a region
between labels) and keeps, for every live value, its register and/or its
spill slot.  Values are SSA, so a value once stored in its slot stays valid
there: spilling a value already in its slot costs nothing.

- An op's arguments are locked in their registers while its code is
  emitted; its result gets a free register, preferably the register of an
  argument that dies at this op (two-address x86), the register the value
  must reach at the loop's jump (a hint), or, for a value that lives across
  a call, a callee-saved register.
- With no register free, the unlocked value whose next use is furthest
  away is spilled (Belady's choice, as in PyPy's and LuaJIT's allocators).
- Before an op that calls out, values in caller-saved registers that are
  still needed after it move to free callee-saved registers or to their
  slots.  All xmm registers are caller-saved (System V), so floats live
  across calls in slots.
- At a label everything starts over: only the label's arguments are live,
  in the locations the label fixed for them.

Fixed-register needs (division, shifts, call arguments) go through
`evict`.  The allocator emits only moves, spills and reloads; everything
else is the instruction selector's.
"""

from tracer.ir.kinds import FLOAT, REF

from .moves import move, slot
from .registers import ALLOC_GPRS, ALLOC_XMMS, CALLEE_SAVED, CALLER_SAVED, XMMS, Reg

CALLER_SAVED_ALL = frozenset(CALLER_SAVED) | frozenset(XMMS[:15])
_CALLER_FIRST = ALLOC_GPRS
_CALLEE_FIRST = CALLEE_SAVED + tuple(r for r in ALLOC_GPRS if r not in CALLEE_SAVED)


class AllocError(Exception):
    pass


class RegAlloc:
    def __init__(self, asm, liveness, hints=None):
        self.asm = asm
        self.lv = liveness
        self.reg_of = {}        # value -> Reg
        self.slot_of = {}       # value -> spill slot index (a copy that stays valid)
        self.content = {}       # Reg -> value
        self.locked = set()     # registers the current op uses
        self.temps = []         # scratch registers of the current op
        self.pos = 0            # index of the current op
        self.free_slots = []
        self.nslots = 0         # spill slots used so far (the frame's size)
        self.hints = hints if hints is not None else {}     # value -> Reg it should get
        self.max_outgoing = 0   # words of the outgoing area
        self.stale = {}         # value -> register it was spilled from for this call
        self.owned = set()      # the compiler's: owned refs outlive their last use
                                # until released, so they survive calls

    # -- where values are -------------------------------------------------------
    def loc(self, v):
        if v.is_constant:
            return v
        r = self.reg_of.get(v)
        if r is not None:
            return r
        s = self.slot_of.get(v)
        if s is None:
            raise AllocError(f"{v!r} has no location at op {self.pos}")
        return slot(s)

    def live_caller_saved(self):
        """Caller-saved registers holding values (what a slow path that calls
        out must preserve)."""
        return [r for r in self.content if r in CALLER_SAVED_ALL]

    # -- per op -----------------------------------------------------------------
    def begin_op(self, pos, args=()):
        self.pos = pos
        for a in args:
            r = self.reg_of.get(a)
            if r is not None:
                self.locked.add(r)

    def end_op(self):
        self.locked.clear()
        self.temps.clear()

    def release(self, v):
        r = self.reg_of.pop(v, None)
        if r is not None and self.content.get(r) is v:
            del self.content[r]
        s = self.slot_of.pop(v, None)
        if s is not None:
            self.free_slots.append(s)

    # -- choosing registers ---------------------------------------------------------
    def _free(self, r):
        return r not in self.content and r not in self.locked

    def pick(self, xmm, callee=False, hint=None, avoid=()):
        """A register free for use now (spilling if needed); not locked."""
        if hint is not None and hint.is_xmm == xmm and self._free(hint) and hint not in avoid:
            return hint
        order = ALLOC_XMMS if xmm else (_CALLEE_FIRST if callee else _CALLER_FIRST)
        for r in order:
            if r not in self.content and r not in self.locked and r not in avoid:
                return r
        victim, far = None, -1
        lv, pos = self.lv, self.pos
        for r in order:
            if r in self.locked or r in avoid:
                continue
            nu = lv.next_use(self.content[r], pos)
            if nu > far:
                victim, far = r, nu
        if victim is None:
            raise AllocError("every register is locked")
        self.spill(victim)
        return victim

    def spill(self, r):
        v = self.content.pop(r)
        del self.reg_of[v]
        if v not in self.slot_of:
            s = self.new_slot()
            self.slot_of[v] = s
            move(self.asm, r, slot(s))

    def new_slot(self):
        if self.free_slots:
            return self.free_slots.pop()
        s = self.nslots
        self.nslots += 1
        return s

    def bind(self, v, r):
        old = self.content.get(r)
        if old is not None and old is not v:
            raise AllocError(f"{r} holds {old!r}")
        self.content[r] = v
        self.reg_of[v] = r
        self.locked.add(r)

    # -- what the instruction selector asks for --------------------------------------
    def reg(self, v, avoid=()):
        """v in a register (loaded if needed), locked for this op.  A constant
        is loaded into a temp register."""
        if v.is_constant:
            r = self.temp(v.kind is FLOAT, avoid=avoid)
            move(self.asm, v, r)
            return r
        r = self.reg_of.get(v)
        if r is not None and r not in avoid:
            self.locked.add(r)
            return r
        xmm = v.kind is FLOAT
        new = self.pick(xmm, callee=self.lv.crosses_call(v, self.pos), avoid=avoid)
        if r is not None:
            move(self.asm, r, new)
            del self.content[r]
        else:
            move(self.asm, slot(self.slot_of[v]), new)
        self.content[new] = v
        self.reg_of[v] = new
        self.locked.add(new)
        return new

    def temp(self, xmm=False, avoid=()):
        r = self.pick(xmm, avoid=avoid)
        self.locked.add(r)
        self.temps.append(r)
        return r

    def dies_here(self, v):
        return not v.is_constant and self.lv.last_use.get(v) == self.pos

    def result(self, v, reuse=None, avoid=()):
        """A register for op result v, locked.  With `reuse` (an argument),
        take over its register when it dies here (not for refs: a dying ref
        is released after the op, from its register)."""
        xmm = v.kind is FLOAT
        if reuse is not None and not reuse.is_constant and reuse.kind is not REF \
                and self.lv.last_use.get(reuse) == self.pos:
            r = self.reg_of.get(reuse)
            if r is not None and r.is_xmm == xmm and r not in avoid:
                del self.reg_of[reuse]
                self.content[r] = v
                self.reg_of[v] = r
                self.locked.add(r)
                return r
        r = self.pick(xmm, callee=self.lv.crosses_call(v, self.pos),
                      hint=self.hints.get(v), avoid=avoid)
        self.bind(v, r)
        return r

    def evict(self, r):
        """Empty register r (a value still needed moves to a free register or
        to its slot) and lock it for this op."""
        v = self.content.get(r)
        if v is not None:
            was_locked = r in self.locked
            del self.content[r]
            del self.reg_of[v]
            if self.lv.next_use(v, self.pos - 1) < (1 << 30) or v in self.owned:
                self.locked.add(r)      # keep pick() away from r
                new = next((c for c in (ALLOC_XMMS if r.is_xmm else _CALLER_FIRST)
                            if self._free(c)), None)
                if new is None:
                    self.content[r] = v
                    self.reg_of[v] = r
                    self.spill(r)
                else:
                    move(self.asm, r, new)
                    self.content[new] = v
                    self.reg_of[v] = new
                    if was_locked:
                        self.locked.add(new)
        self.locked.add(r)
        return r

    # -- calls ----------------------------------------------------------------------------
    def before_call(self, protect=()):
        """Move out of caller-saved registers every value needed after the
        call (and those in `protect`: arguments of a call sequence, refs to
        release after it)."""
        lv, pos = self.lv, self.pos
        self.stale = {}
        for r in list(self.content):
            if r not in CALLER_SAVED_ALL:
                continue
            v = self.content[r]
            if lv.last_use.get(v, pos) <= pos and v not in protect and v not in self.owned:
                continue
            was_locked = r in self.locked
            new = None
            if not r.is_xmm:
                for cand in CALLEE_SAVED:
                    if self._free(cand):
                        new = cand
                        break
            if new is not None:
                move(self.asm, r, new)
                del self.content[r]
                self.content[new] = v
                self.reg_of[v] = new
                if was_locked:
                    self.locked.add(new)
            else:
                self.locked.discard(r)
                self.spill(r)
                self.stale[v] = r       # still there until the call
            self.locked.discard(r)

    def call_source(self, v):
        """Where to read v for a call's arguments: a register it was just
        spilled from is still good until the call."""
        if v.is_constant:
            return v
        return self.stale.get(v) or self.loc(v)

    def after_call(self):
        """Caller-saved registers are garbage now: forget what they held (only
        values dead after this op can still be there)."""
        for r in list(self.content):
            if r in CALLER_SAVED_ALL:
                v = self.content.pop(r)
                del self.reg_of[v]
        self.locked -= CALLER_SAVED_ALL

    def need_outgoing(self, words):
        if words > self.max_outgoing:
            self.max_outgoing = words

    # -- labels ------------------------------------------------------------------------------
    def reset(self, bindings):
        """Start a region: only `bindings` (value -> Reg or Slot) are live."""
        self.reg_of.clear()
        self.slot_of.clear()
        self.content.clear()
        self.locked.clear()
        used = set()
        for v, loc in bindings.items():
            if type(loc) is Reg:
                self.content[loc] = v
                self.reg_of[v] = loc
            else:
                self.slot_of[v] = loc.index
                used.add(loc.index)
        self.free_slots = [s for s in range(self.nslots - 1, -1, -1) if s not in used]

    def choose_locations(self, values, keep_current=False):
        """Locations for a label's arguments: their current ones when
        `keep_current` (and distinct), else registers, then slots."""
        locs = {}
        taken = set()
        if keep_current:
            for v in values:
                loc = self.reg_of.get(v)
                if loc is None and v in self.slot_of:
                    loc = slot(self.slot_of[v])
                if loc is not None and loc not in taken:
                    locs[v] = loc
                    taken.add(loc)
        next_slot = 0
        for v in values:
            if v in locs:
                continue
            xmm = v.kind is FLOAT
            order = ALLOC_XMMS if xmm else (_CALLEE_FIRST if self.lv.crosses_call(v, self.pos)
                                             else _CALLER_FIRST)
            loc = next((r for r in order if r not in taken), None)
            if loc is None:
                while slot(next_slot) in taken:
                    next_slot += 1
                loc = slot(next_slot)
                self.nslots = max(self.nslots, next_slot + 1)
            locs[v] = loc
            taken.add(loc)
        return locs
