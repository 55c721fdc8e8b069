"""Guards that test a value.  (The overflow guards are emitted with their
op in ints.py, guard_no_exception with its call in calls.py; standing
alone, as the executor treats them, they never fail or always fail.)
"""

from ..assembler import Label
from ..encoder import Mem
from ..layout import DIGIT_BYTES, LONG_DIGITS, OB_SIZE, OB_TYPE
from ..moves import const_bits, fits32
from ..registers import SCRATCH

r11 = SCRATCH


class GuardOps:
    def _guard_truth(self, op, k, fails_if_nonzero):
        (a,) = op.args
        if a.is_constant:
            if bool(a.value) == fails_if_nonzero:
                self.guard_always(op)
            return k
        r = self.alloc.reg(a)
        self.asm.op("TEST", r, r)
        self.guard_on(op, "ne" if fails_if_nonzero else "e")
        return k

    def emit_GUARD_TRUE(self, op, k):
        return self._guard_truth(op, k, False)

    def emit_GUARD_FALSE(self, op, k):
        return self._guard_truth(op, k, True)

    def emit_GUARD_VALUE(self, op, k):
        a, c = op.args
        asm = self.asm
        bits = const_bits(c)
        if a.is_constant:
            if const_bits(a) != bits:
                self.guard_always(op)
            return k
        r = self.alloc.reg(a)
        if r.is_xmm:
            # bitwise, as the IR says: -0.0 is not 0.0, a nan is itself
            asm.op("MOVQ", r11, r)
            asm.op("CMP", r11, asm.const_q(bits))
        elif fits32(bits):
            asm.op("CMP", r, bits)
        else:
            asm.op("MOV", r11, bits)
            asm.op("CMP", r, r11)
        self.guard_on(op, "ne")
        if bits != 0:
            self.nonnull.add(a)
        return k

    def _null_test(self, op, k, fails_if_null):
        (a,) = op.args
        if a.is_constant:
            if (const_bits(a) == 0) == fails_if_null:
                self.guard_always(op)
            return k
        r = self.alloc.reg(a)
        self.asm.op("TEST", r, r)
        self.guard_on(op, "e" if fails_if_null else "ne")
        if fails_if_null:
            self.nonnull.add(a)
        return k

    def emit_GUARD_NONNULL(self, op, k):
        return self._null_test(op, k, True)

    def emit_GUARD_ISNULL(self, op, k):
        return self._null_test(op, k, False)

    def emit_GUARD_CLASS(self, op, k):
        a, cls = op.args
        asm = self.asm
        if a.is_constant:
            if const_bits(a) == 0 or type(a.value) is not cls.value:
                self.guard_always(op)
            return k
        r = self.alloc.reg(a)
        if self.maybe_null(a):
            asm.op("TEST", r, r)
            self.guard_on(op, "e")
        asm.op("MOV", r11, const_bits(cls))
        asm.op("CMP", Mem(r, OB_TYPE), r11)
        self.guard_on(op, "ne")
        self.nonnull.add(a)
        return k

    def emit_GUARD_INT64(self, op, k):
        # An int object fits int64 when it has at most two 30-bit digits
        # (inline), or three with the top one below 8 (2**63), or is exactly
        # -2**63 (the runtime's int64_fits, from a cold path: such ints are rare).
        (a,) = op.args
        asm = self.asm
        if a.is_constant:
            v = a.value
            if not (-(1 << 63) <= v < (1 << 63)):
                self.guard_always(op)
            return k
        p = self.alloc.reg(a)
        ok, wide = Label(), Label()
        asm.op("MOV", r11, Mem(p, OB_SIZE))
        asm.op("ADD", r11, 2)
        asm.op("CMP", r11, 5)
        asm.jcc("ae", wide)                 # not -2 <= size <= 2
        asm.bind(ok)
        back = self.cold("int64 check")
        asm.bind(wide)
        asm.op("MOV", r11, p)
        asm.op("CALL", asm.const_q(self.runtime.int64_fits))
        asm.jcc("ne", self.guard_label(op))
        asm.jmp(ok)
        asm.switch(back)
        return k

    def emit_GUARD_NO_OVERFLOW(self, op, k):
        return k            # not right after an ovf op: nothing overflowed

    def emit_GUARD_OVERFLOW(self, op, k):
        self.guard_always(op)
        return k

    def emit_GUARD_NO_EXCEPTION(self, op, k):
        return k            # not right after a call: nothing was raised
