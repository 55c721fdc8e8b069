"""Constant folding and algebraic simplification (PyPy's OptRewrite, in part).

- A pure op whose arguments are all constants becomes its value, computed
  by `tracer.ir.semantics` (the executor's own templates, so folding can
  never disagree with execution).  An overflow-checked op that does not
  overflow folds too (its guard goes with it); one that does stays.
- A guard on constants is decided: dropped if it passes, kept if it fails.
- Elidable calls with constant arguments are called now; immutable fields
  of constant objects are read now.
- Identities: x+0, x-0, x*1, x*0, x-x, x&0, x&-1, x|0, x^0, x^x, shifts by
  0, x//1, x%1, --x, ~~x, comparisons of a value with itself, x*2**k to a
  shift (x*2 checked: x+x checked), float x*2.0 to x+x, same_as,
  unbox of a box op.  Commutative ops get their constant second.
"""

from tracer.ir import CONST_FALSE, CONST_TRUE, FLOAT, INT, REF, ConstInt, ConstFloat, OPS, new_op, rop
from tracer.ir import semantics
from .optimizer import Optimization, const_of_kind


def _is(v, n):
    return v.is_constant and v.kind is INT and v.value == n


def _power_of_two(v):
    if v.is_constant and v.kind is INT and v.value > 1 and v.value & (v.value - 1) == 0:
        return v.value.bit_length() - 1
    return None


_SELF_COMPARE = {rop.INT_LT: 0, rop.INT_GT: 0, rop.INT_NE: 0, rop.UINT_LT: 0, rop.UINT_GT: 0,
                 rop.INT_LE: 1, rop.INT_GE: 1, rop.INT_EQ: 1, rop.UINT_LE: 1, rop.UINT_GE: 1,
                 rop.PTR_EQ: 1, rop.PTR_NE: 0}


class OptFold(Optimization):
    name = "fold"

    def propagate(self, op):
        info = OPS[op.opnum]
        args = op.args
        if info.is_commutative and len(args) == 2 and args[0].is_constant \
                and not args[1].is_constant:
            args[0], args[1] = args[1], args[0]
        if args and all(a.is_constant for a in args):
            if info.is_pure and not info.is_call and info.arity is not None:
                if self._fold_pure(op):
                    return
            elif info.is_ovf:
                if self._fold_ovf(op):
                    return
            elif info.is_guard:
                self._fold_guard(op)
                return
            elif info.is_call and info.has_result:
                if self._fold_call(op):
                    return
            elif op.opnum in (rop.GETFIELD_I, rop.GETFIELD_F, rop.GETFIELD_R):
                if op.descr.immutable and self._fold_immutable_field(op):
                    return
        handler = self._dispatch[op.opnum]
        if handler is None:
            self.emit(op)
        else:
            handler(self, op)

    # -- constants ---------------------------------------------------------------------
    def _fold_pure(self, op):
        try:
            value = semantics.evaluate(op.opnum, *[a.value for a in op.args])
            result = const_of_kind(op.kind, value)
        except Exception:       # a precondition the recorder guards does not hold:
            return False        # unreachable code, left alone
        self.make_equal_to(op, result)
        return True

    def _fold_ovf(self, op):
        try:
            value, overflowed = semantics.evaluate_ovf(op.opnum, *[a.value for a in op.args])
        except Exception:
            return False
        if overflowed:
            return False
        self.make_equal_to(op, ConstInt(value))
        return True

    def _fold_guard(self, op):
        if op.opnum in (rop.GUARD_NO_OVERFLOW, rop.GUARD_OVERFLOW, rop.GUARD_NO_EXCEPTION):
            self.emit(op)
            return
        kind = op.args[0].kind
        try:
            fails = semantics.guard_fails(op.opnum, *[a.value for a in op.args], kind=kind)
        except Exception:
            fails = True
        if fails:
            self.guard_always_fails(op)
        # else: it passes, and is dropped

    def _fold_call(self, op):
        effect = getattr(op.descr, "effect", None)
        if effect is None or not effect.elidable:
            return False
        try:
            value = op.descr.func(*[a.value for a in op.args])
            result = const_of_kind(op.kind, value)
        except Exception:
            return False
        if op.kind is INT and type(value) not in (int, bool):
            return False
        if op.kind is FLOAT and type(value) is not float:
            return False
        if not _small(value):
            return False        # a constant the trace would keep alive for its life
        self.make_equal_to(op, result)
        return True

    def _fold_immutable_field(self, op):
        try:
            value = getattr(op.args[0].value, op.descr.name)
            result = const_of_kind(op.kind, value)
        except Exception:
            return False
        self.make_equal_to(op, result)
        return True

    # -- identities --------------------------------------------------------------------
    def _replace(self, op, opnum, args):
        new = new_op(opnum, args)
        self.make_equal_to(op, new)
        self.emit(new)

    def optimize_INT_ADD(self, op):
        a, b = op.args
        if _is(b, 0):
            return self.make_equal_to(op, a)
        self.emit(op)

    optimize_INT_ADD_OVF = optimize_INT_ADD

    def optimize_INT_SUB(self, op):
        a, b = op.args
        if _is(b, 0):
            return self.make_equal_to(op, a)
        if a is b:
            return self.make_equal_to(op, ConstInt(0))
        self.emit(op)

    optimize_INT_SUB_OVF = optimize_INT_SUB

    def optimize_INT_MUL(self, op):
        a, b = op.args
        if _is(b, 1):
            return self.make_equal_to(op, a)
        if _is(b, 0):
            return self.make_equal_to(op, ConstInt(0))
        k = _power_of_two(b)
        if k is not None:
            return self._replace(op, rop.INT_LSHIFT, [a, ConstInt(k)])
        self.emit(op)

    def optimize_INT_MUL_OVF(self, op):
        a, b = op.args
        if _is(b, 1):
            return self.make_equal_to(op, a)
        if _is(b, 0):
            return self.make_equal_to(op, ConstInt(0))
        if _is(b, 2):
            return self._replace(op, rop.INT_ADD_OVF, [a, a])
        self.emit(op)

    def optimize_INT_AND(self, op):
        a, b = op.args
        if _is(b, 0):
            return self.make_equal_to(op, ConstInt(0))
        if _is(b, -1) or a is b:
            return self.make_equal_to(op, a)
        self.emit(op)

    def optimize_INT_OR(self, op):
        a, b = op.args
        if _is(b, 0) or a is b:
            return self.make_equal_to(op, a)
        if _is(b, -1):
            return self.make_equal_to(op, ConstInt(-1))
        self.emit(op)

    def optimize_INT_XOR(self, op):
        a, b = op.args
        if _is(b, 0):
            return self.make_equal_to(op, a)
        if a is b:
            return self.make_equal_to(op, ConstInt(0))
        self.emit(op)

    def _shift(self, op):
        a, b = op.args
        if _is(b, 0):
            return self.make_equal_to(op, a)
        if _is(a, 0):
            return self.make_equal_to(op, ConstInt(0))
        self.emit(op)

    optimize_INT_LSHIFT = optimize_INT_RSHIFT = optimize_UINT_RSHIFT = _shift

    def optimize_INT_LSHIFT_OVF(self, op):
        a, b = op.args
        if _is(b, 0):
            return self.make_equal_to(op, a)
        self.emit(op)

    def optimize_INT_PY_DIV(self, op):
        if _is(op.args[1], 1):
            return self.make_equal_to(op, op.args[0])
        self.emit(op)

    optimize_INT_PY_DIV_OVF = optimize_INT_PY_DIV

    def optimize_INT_PY_MOD(self, op):
        if _is(op.args[1], 1) or _is(op.args[1], -1):
            return self.make_equal_to(op, ConstInt(0))
        self.emit(op)

    def _involution(self, op):
        a = op.args[0]
        if getattr(a, "opnum", None) == op.opnum:
            return self.make_equal_to(op, self.get(a.args[0]))
        self.emit(op)

    optimize_INT_NEG = optimize_INT_INVERT = optimize_FLOAT_NEG = _involution

    def _compare(self, op):
        a, b = op.args
        if a is b and not a.is_constant:
            return self.make_equal_to(op, CONST_TRUE if _SELF_COMPARE[op.opnum] else CONST_FALSE)
        self.emit(op)

    for _name in ("INT_LT", "INT_LE", "INT_EQ", "INT_NE", "INT_GT", "INT_GE", "UINT_LT",
                  "UINT_LE", "UINT_GT", "UINT_GE", "PTR_EQ", "PTR_NE"):
        locals()["optimize_" + _name] = _compare
    del _name

    def optimize_INT_IS_TRUE(self, op):
        a = op.args[0]
        if not a.is_constant and getattr(a, "opnum", None) is not None \
                and OPS[a.opnum].is_comparison:
            return self.make_equal_to(op, a)
        self.emit(op)

    def optimize_FLOAT_MUL(self, op):
        a, b = op.args
        if b.is_constant and b.value == 2.0:
            return self._replace(op, rop.FLOAT_ADD, [a, a])
        self.emit(op)

    def _same_as(self, op):
        self.make_equal_to(op, op.args[0])

    optimize_SAME_AS_I = optimize_SAME_AS_F = optimize_SAME_AS_R = _same_as

    def optimize_UNBOX_INT(self, op):
        a = op.args[0]
        if getattr(a, "opnum", None) == rop.BOX_INT:
            return self.make_equal_to(op, self.get(a.args[0]))
        self.emit(op)

    def optimize_UNBOX_FLOAT(self, op):
        a = op.args[0]
        if getattr(a, "opnum", None) == rop.BOX_FLOAT:
            return self.make_equal_to(op, self.get(a.args[0]))
        self.emit(op)


# As CPython's own constant folding (ast_opt.c), folded results stay small.
_MAX_FOLDED_BITS = 4096
_MAX_FOLDED_LEN = 4096


def _small(value):
    t = type(value)
    if t is int:
        return value.bit_length() <= _MAX_FOLDED_BITS
    if t in (str, bytes):
        return len(value) <= _MAX_FOLDED_LEN
    return True
