"""int64 ops: arithmetic (wrapping and overflow-checked), Python's floor
division and modulo, shifts with any non-negative count, bitwise ops and
comparisons (fused with the guard that reads them when that is their only
use).  Meanings: tracer/ir/semantics.py.
"""

from tracer.ir.optable import OPS, rop
from tracer.ir.values import ConstInt

from ..assembler import Label
from ..moves import Slot, const_bits, fits32, move
from ..registers import SCRATCH, Reg, rax, rcx, rdx
from .base import Cond

r11 = SCRATCH

# condition codes of the int comparisons, by the suffix of the op name
_SIGNED = {"lt": "l", "le": "le", "eq": "e", "ne": "ne", "gt": "g", "ge": "ge"}
_UNSIGNED = {"lt": "b", "le": "be", "gt": "a", "ge": "ae"}
_MIRROR = {"l": "g", "le": "ge", "g": "l", "ge": "le", "e": "e", "ne": "ne",
           "b": "a", "be": "ae", "a": "b", "ae": "be"}


def int_condition(name):
    """The condition code of an int or ptr comparison op, from its name."""
    prefix, rel = name.rsplit("_", 1)
    if prefix == "uint":
        return _UNSIGNED[rel]
    if prefix in ("int", "ptr"):
        return _SIGNED[rel]
    raise KeyError(name)


class IntOps:
    # -- operands -----------------------------------------------------------------
    def rm(self, v, avoid=()):
        """v as the second operand of an ALU instruction: an imm32, a
        register or a spill slot."""
        if v.is_constant:
            bits = const_bits(v)
            if fits32(bits):
                return bits
            return self.alloc.reg(v, avoid=avoid)
        loc = self.alloc.loc(v)
        if type(loc) is Slot:
            return loc.mem
        return loc

    def into(self, r, v):
        """r <- v (any location)."""
        move(self.asm, self.alloc.loc(v), r)

    def result_from(self, op, a, avoid=()):
        """A register for op's result holding a copy of a (a's own register
        when a dies here): the destination of a two-operand instruction."""
        alloc = self.alloc
        src = alloc.loc(a)
        r = alloc.result(op, reuse=a, avoid=avoid)
        if src is not r:
            move(self.asm, src, r)
        return r

    # -- two-operand ALU ops ----------------------------------------------------------
    def _alu(self, op, mnemonic):
        a, b = op.args
        alloc = self.alloc
        if (OPS[op.opnum].is_commutative and not alloc.dies_here(a) and alloc.dies_here(b)
                and not b.is_constant):
            a, b = b, a
        src = self.rm(b)
        r = self.result_from(op, a)
        if mnemonic == "IMUL" and type(src) is int:
            self.asm.op("IMUL", r, r, src)
        else:
            self.asm.op(mnemonic, r, src)
        return r

    def emit_INT_ADD(self, op, k):
        self._alu(op, "ADD")
        return k

    def emit_INT_SUB(self, op, k):
        self._alu(op, "SUB")
        return k

    def emit_INT_MUL(self, op, k):
        self._alu(op, "IMUL")
        return k

    def emit_INT_AND(self, op, k):
        self._alu(op, "AND")
        return k

    def emit_INT_OR(self, op, k):
        self._alu(op, "OR")
        return k

    def emit_INT_XOR(self, op, k):
        self._alu(op, "XOR")
        return k

    # -- overflow-checked: the overflow guard after the op reads the flag ---------------
    def overflow_guard(self, k, overflowed):
        """Emit the overflow guard at k+1 given the Cond under which the op
        at k overflowed (None: it cannot have)."""
        guard = self.ops[k + 1] if k + 1 < len(self.ops) else None
        if guard is None or guard.opnum not in (rop.GUARD_NO_OVERFLOW, rop.GUARD_OVERFLOW):
            return k
        if guard.opnum == rop.GUARD_NO_OVERFLOW:
            if overflowed is not None:
                self.guard_on(guard, overflowed)
        elif overflowed is None:
            self.guard_always(guard)
        else:
            self.guard_on(guard, overflowed.negated())
        return k + 1

    def emit_INT_ADD_OVF(self, op, k):
        self._alu(op, "ADD")
        return self.overflow_guard(k, Cond("o"))

    def emit_INT_SUB_OVF(self, op, k):
        self._alu(op, "SUB")
        return self.overflow_guard(k, Cond("o"))

    def emit_INT_MUL_OVF(self, op, k):
        self._alu(op, "IMUL")
        return self.overflow_guard(k, Cond("o"))

    # -- unary ----------------------------------------------------------------------
    def _unary(self, op, mnemonic):
        r = self.result_from(op, op.args[0])
        self.asm.op(mnemonic, r)

    def emit_INT_NEG(self, op, k):
        self._unary(op, "NEG")
        return k

    def emit_INT_INVERT(self, op, k):
        self._unary(op, "NOT")
        return k

    def emit_SAME_AS_I(self, op, k):
        self.result_from(op, op.args[0])
        return k

    # -- shifts ---------------------------------------------------------------------
    def _count_in_rcx(self, n):
        """A copy of the shift count in rcx, which the op may clobber."""
        alloc = self.alloc
        alloc.evict(rcx)
        alloc.temps.append(rcx)
        self.into(rcx, n)

    def _shift(self, op, k, mnemonic, big):
        """x shifted by n; `big` is what counts >= 64 give: "zero" or "sign"."""
        x, n = op.args
        asm = self.asm
        if n.is_constant:
            c = n.value
            r = self.result_from(op, x)
            if c >= 64 and big == "zero":
                asm.op("MOV", r, 0)
            elif c:
                asm.op(mnemonic, r, min(c, 63))
            return k
        self._count_in_rcx(n)
        r = self.result_from(op, x, avoid=(rcx,))
        if big == "sign":
            asm.op("MOV", r11, 63)
            asm.op("CMP", rcx, 63)
            asm.op("CMOVA", rcx, r11)           # count = min(n, 63)
            asm.op(mnemonic, r, rcx.b)
        else:
            asm.op(mnemonic, r, rcx.b)
            asm.op("MOV", r11, 0)
            asm.op("CMP", rcx, 63)
            asm.op("CMOVA", r, r11)             # n >= 64: 0
        return k

    def emit_INT_LSHIFT(self, op, k):
        return self._shift(op, k, "SHL", "zero")

    def emit_INT_RSHIFT(self, op, k):
        return self._shift(op, k, "SAR", "sign")

    def emit_UINT_RSHIFT(self, op, k):
        return self._shift(op, k, "SHR", "zero")

    def emit_INT_LSHIFT_OVF(self, op, k):
        # overflowed iff shifting back does not give x; a count >= 64
        # overflows unless x is 0 (and the wrapped result is 0)
        x, n = op.args
        alloc, asm = self.alloc, self.asm
        if n.is_constant:
            c = n.value
            xr = alloc.reg(x)
            r = alloc.result(op, avoid=(xr,))
            if c >= 64:
                asm.op("MOV", r, 0)
                asm.op("TEST", xr, xr)
                return self.overflow_guard(k, Cond("ne"))
            asm.op("MOV", r, xr)
            if c == 0:
                return self.overflow_guard(k, None)
            asm.op("SHL", r, c)
            asm.op("MOV", r11, r)
            asm.op("SAR", r11, c)
            asm.op("CMP", r11, xr)
            return self.overflow_guard(k, Cond("ne"))
        self._count_in_rcx(n)
        xr = alloc.reg(x, avoid=(rcx,))
        r = alloc.result(op, avoid=(rcx, xr))
        big, done = Label(), Label()
        asm.op("CMP", rcx, 63)
        asm.jcc("a", big)
        asm.op("MOV", r, xr)
        asm.op("SHL", r, rcx.b)
        asm.op("MOV", r11, r)
        asm.op("SAR", r11, rcx.b)
        asm.op("CMP", r11, xr)
        asm.jmp(done)
        asm.bind(big)
        asm.op("MOV", r, 0)
        asm.op("TEST", xr, xr)
        asm.bind(done)
        return self.overflow_guard(k, Cond("ne"))

    # -- floor division and modulo ------------------------------------------------------
    def _divmod(self, op, k, want, checked):
        """want "q" or "r"; `checked`: the _ovf op (MIN // -1 overflows)."""
        x, y = op.args
        alloc, asm = self.alloc, self.asm
        if y.is_constant:
            done = self._divmod_by_constant(op, k, want, checked, x, y.value)
            if done is not None:
                return done
        # x in rax, rdx free: both are scratch copies the op may clobber;
        # the result is one of them
        res = rax if want == "q" else rdx
        alloc.evict(rax)
        alloc.evict(rdx)
        alloc.temps.append(rdx if want == "q" else rax)
        yr = alloc.reg(y, avoid=(rax, rdx))
        self.into(rax, x)
        alloc.bind(op, res)
        minus1, out, done = Label(), Label(), Label()
        guard = guard_label = None
        if checked:
            guard = self.ops[k + 1] if k + 1 < len(self.ops) else None
            if guard is not None and guard.opnum in (rop.GUARD_NO_OVERFLOW, rop.GUARD_OVERFLOW):
                guard_label = self.guard_label(guard)
        if not (y.is_constant and y.value != -1):
            asm.op("CMP", yr, -1)
            asm.jcc("e", minus1)
        asm.op("CQO")
        asm.op("IDIV", yr)
        # C truncates; Python floors: adjust when the remainder is not 0 and
        # its sign differs from the divisor's
        asm.op("TEST", rdx, rdx)
        asm.jcc("e", done)
        asm.op("MOV", r11, rdx)
        asm.op("XOR", r11, yr)
        asm.jcc("ns", done)
        if want == "q":
            asm.op("SUB", rax, 1)
        else:
            asm.op("ADD", rdx, yr)
        asm.bind(done)
        if checked and guard_label is not None and guard.opnum == rop.GUARD_OVERFLOW:
            asm.jmp(guard_label)            # no overflow on this path
        else:
            asm.jmp(out)
        asm.bind(minus1)
        if want == "q":
            asm.op("NEG", rax)              # MIN // -1 wraps to MIN (or overflows)
            if checked and guard_label is not None:
                asm.jcc("o" if guard.opnum == rop.GUARD_NO_OVERFLOW else "no", guard_label)
        else:
            asm.op("MOV", rdx, 0)
        asm.bind(out)
        return k + 1 if guard_label is not None else k

    def _divmod_by_constant(self, op, k, want, checked, x, d):
        """Division by 1, -1 and powers of two without idiv; None otherwise."""
        alloc, asm = self.alloc, self.asm
        if d == 1 or (d == -1 and want == "r"):
            if want == "q":
                self.result_from(op, x)
            else:
                asm.op("MOV", alloc.result(op), 0)
            return self.overflow_guard(k, None) if checked else k
        if d == -1:
            r = self.result_from(op, x)
            asm.op("NEG", r)
            return self.overflow_guard(k, Cond("o")) if checked else k
        if d > 0 and d & (d - 1) == 0:
            s = d.bit_length() - 1
            r = self.result_from(op, x)
            if want == "q":
                asm.op("SAR", r, s)         # sar is floor division by 2**s
            elif fits32(d - 1):
                asm.op("AND", r, d - 1)     # floor modulo by 2**s
            else:
                asm.op("MOV", r11, d - 1)
                asm.op("AND", r, r11)
            return self.overflow_guard(k, None) if checked else k
        return None

    def emit_INT_PY_DIV(self, op, k):
        return self._divmod(op, k, "q", False)

    def emit_INT_PY_DIV_OVF(self, op, k):
        return self._divmod(op, k, "q", True)

    def emit_INT_PY_MOD(self, op, k):
        return self._divmod(op, k, "r", False)

    # -- comparisons --------------------------------------------------------------------
    def fused_guard(self, op, k):
        """(index, guard) of the guard_true/guard_false after op (past
        debug_merge_points) when it is the only user of op's value: then it
        tests the flags directly.  The guard's snapshot may hold the value
        too: where the guard fails, the value is known."""
        ops = self.ops
        j = k + 1
        while j < len(ops) and ops[j].opnum == rop.DEBUG_MERGE_POINT:
            j += 1
        if j >= len(ops):
            return None, None
        g = ops[j]
        if g.opnum not in (rop.GUARD_TRUE, rop.GUARD_FALSE) or g.args[0] is not op:
            return None, None
        if any(u != j for u in self.lv.uses.get(op, ())):
            return None, None
        return j, g

    def condition_result(self, op, k, cond):
        """Finish a comparison whose flags say `cond`: jump for the fused
        guard, or make the 0/1 value."""
        j, g = self.fused_guard(op, k)
        if g is not None:
            # the recorder keeps a compare's bool in the snapshot (it is on
            # the guest stack): when guard_true fails it is 0, guard_false 1
            self.known[op] = ConstInt(0 if g.opnum == rop.GUARD_TRUE else 1)
            self.guard_on(g, cond.negated() if g.opnum == rop.GUARD_TRUE else cond)
            return j
        r = self.alloc.result(op)
        cond.set(self.asm, r)
        return k

    def _int_compare(self, op, k):
        a, b = op.args
        cc = int_condition(op.name)
        if a.is_constant and not b.is_constant:
            a, b = b, a
            cc = _MIRROR[cc]
        ar = self.alloc.reg(a)
        self.asm.op("CMP", ar, self.rm(b, avoid=(ar,)))
        return self.condition_result(op, k, Cond(cc))

    def _test(self, op, k, cc):
        (a,) = op.args
        ar = self.alloc.reg(a)
        self.asm.op("TEST", ar, ar)
        return self.condition_result(op, k, Cond(cc))

    def emit_INT_IS_TRUE(self, op, k):
        return self._test(op, k, "ne")

    def emit_INT_IS_ZERO(self, op, k):
        return self._test(op, k, "e")


def _install_comparisons():
    for info in OPS:
        if info.is_comparison and info.arity == 2:
            try:
                int_condition(info.name)
            except KeyError:
                continue
            name = "emit_" + info.name.upper()
            if not hasattr(IntOps, name):
                setattr(IntOps, name, IntOps._int_compare)


_install_comparisons()

__all__ = ["IntOps", "Reg", "int_condition"]
