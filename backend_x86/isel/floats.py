"""Float ops with SSE2: arithmetic, sign operations, comparisons and
conversions.

Results agree with the IR executor bit for bit (CPython's float arithmetic
is this machine's SSE2 arithmetic), with one exception that the IR does not
pin down: when *both* operands are nans, SSE returns the first one, and
CPython returns either, depending on the C code that runs (floatobject.c
computes `a + b` as `b + a`; the specialized BINARY_OP_ADD_FLOAT of 3.11's
ceval does not).  The machine code keeps the operands in order.
"""

from tracer.ir.optable import OPS

from ..moves import Slot, move
from ..registers import SCRATCH
from .base import Cond

r11 = SCRATCH

_SIGN = 1 << 63

# comparison -> (swap the operands of ucomisd?, Cond that holds when true).
# ucomisd sets ZF, PF and CF all to 1 for an unordered pair (a nan), so
# "above" and "above or equal" are false for nan, as Python's < and <= are.
FLOAT_CONDITIONS = {
    "float_lt": (True, Cond("a")),
    "float_le": (True, Cond("ae")),
    "float_gt": (False, Cond("a")),
    "float_ge": (False, Cond("ae")),
    "float_eq": (False, Cond("e", "np", "and")),
    "float_ne": (False, Cond("ne", "p", "or")),
}


class FloatOps:
    def xrm(self, v):
        """v as the source operand of an SSE instruction: an xmm register,
        a spill slot or a constant in the pool."""
        if v.is_constant:
            return self.asm.const_q(v.bits)
        loc = self.alloc.loc(v)
        if type(loc) is Slot:
            return loc.mem
        return loc

    def _binary(self, op, mnemonic):
        a, b = op.args
        src = self.xrm(b)
        r = self.result_from(op, a)
        self.asm.op(mnemonic, r, src)
        return r

    def emit_FLOAT_ADD(self, op, k):
        self._binary(op, "ADDSD")
        return k

    def emit_FLOAT_SUB(self, op, k):
        self._binary(op, "SUBSD")
        return k

    def emit_FLOAT_MUL(self, op, k):
        self._binary(op, "MULSD")
        return k

    def emit_FLOAT_TRUEDIV(self, op, k):
        self._binary(op, "DIVSD")
        return k

    def emit_FLOAT_NEG(self, op, k):
        (a,) = op.args
        r = self._same(op, a)
        self.asm.op("XORPD", r, self.asm.const_o(_SIGN, _SIGN))
        return k

    def emit_FLOAT_ABS(self, op, k):
        (a,) = op.args
        r = self._same(op, a)
        m = _SIGN - 1
        self.asm.op("ANDPD", r, self.asm.const_o(m, m))
        return k

    def emit_FLOAT_SQRT(self, op, k):
        (a,) = op.args
        src = self.xrm(a)
        r = self.alloc.result(op)
        self.asm.op("SQRTSD", r, src)
        return k

    def _same(self, op, a):
        return self.result_from(op, a)

    def emit_SAME_AS_F(self, op, k):
        self._same(op, op.args[0])
        return k

    def _float_compare(self, op, k):
        swap, cond = FLOAT_CONDITIONS[op.name]
        a, b = op.args
        if swap:
            a, b = b, a
        ar = self.alloc.reg(a)
        self.asm.op("UCOMISD", ar, self.xrm(b))
        return self.condition_result(op, k, cond)

    def emit_CAST_INT_TO_FLOAT(self, op, k):
        (a,) = op.args
        src = self.alloc.reg(a)
        r = self.alloc.result(op)
        self.asm.op("XORPD", r, r)          # no false dependency on r's old value
        self.asm.op("CVTSI2SD", r, src)
        return k

    def emit_CAST_FLOAT_TO_INT(self, op, k):
        (a,) = op.args
        src = self.xrm(a)
        r = self.alloc.result(op)
        self.asm.op("CVTTSD2SI", r, src)    # nan and out of range: INT64_MIN
        return k

    def emit_CONVERT_FLOAT_BYTES_TO_LONGLONG(self, op, k):
        (a,) = op.args
        loc = self.alloc.loc(a) if not a.is_constant else a
        r = self.alloc.result(op)
        move(self.asm, loc, r)              # xmm -> gpr is movq: the bits
        return k

    def emit_CONVERT_LONGLONG_BYTES_TO_FLOAT(self, op, k):
        (a,) = op.args
        loc = self.alloc.loc(a) if not a.is_constant else a
        r = self.alloc.result(op)
        move(self.asm, loc, r)
        return k


for _info in OPS:
    if _info.name in FLOAT_CONDITIONS:
        setattr(FloatOps, "emit_" + _info.name.upper(), FloatOps._float_compare)
del _info
