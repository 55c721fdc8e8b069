"""Hypothesis strategies for IR values and random traces (test support).

Imports hypothesis, so only tests import this module.  The random traces
are well formed (they pass the verifier) and meet every op precondition
(divisors are guarded against zero, shift counts are made non-negative),
so any two implementations of the IR (the executor, the backend, a
reference model) must agree on them exactly.
"""

import math

from hypothesis import strategies as st

from .ir import FLOAT, INT, INT64_MAX, INT64_MIN, ConstFloat, ConstInt, TraceBuilder
from .ir.optable import OPS, OPS_BY_NAME

INT64_EDGES = (0, 1, -1, 2, -2, 63, 64, INT64_MAX, INT64_MIN, INT64_MAX - 1,
               INT64_MIN + 1, 1 << 31, -(1 << 31), (1 << 32) - 1, 1 << 32,
               3037000499, 3037000500, -3037000500)   # ~sqrt(2**63)
FLOAT_EDGES = (0.0, -0.0, 1.0, -1.0, 0.5, math.inf, -math.inf, math.nan,
               5e-324, -5e-324, 1.7976931348623157e308, 9.223372036854775808e18,
               -9.223372036854775808e18, 9.223372036854774784e18, 2.0 ** 53 + 1)


def int64s():
    return st.one_of(st.sampled_from(INT64_EDGES), st.integers(-300, 300),
                     st.integers(INT64_MIN, INT64_MAX))


def doubles():
    return st.one_of(st.sampled_from(FLOAT_EDGES),
                     st.floats(allow_nan=True, allow_infinity=True))


def values_of(kinds):
    """Run-time values for a list of kinds."""
    return st.tuples(*[int64s() if k is INT else doubles() for k in kinds])


# Pure ops the generator may pick, by the kinds they take.
_FREE_INT_OPS = [info.name for info in OPS if info.is_pure and info.arity
                 and all(k is INT for k in info.arg_kinds) and info.result in (INT, FLOAT)
                 and info.name not in ("int_py_div", "int_py_mod", "int_lshift",
                                       "int_rshift", "uint_rshift", "same_as_i")]
_FREE_FLOAT_OPS = [info.name for info in OPS if info.is_pure and info.arity
                   and all(k is FLOAT for k in info.arg_kinds)
                   and info.name != "same_as_f"]
_OVF_OPS = ["int_add_ovf", "int_sub_ovf", "int_mul_ovf", "int_py_div_ovf",
            "int_lshift_ovf"]
_DIV_OPS = ["int_py_div", "int_py_mod", "int_py_div_ovf"]
_SHIFT_OPS = ["int_lshift", "int_rshift", "uint_rshift", "int_lshift_ovf"]


@st.composite
def straight_traces(draw, kinds=(INT, FLOAT), max_inputs=4, max_ops=16):
    """A straight-line trace over int and float values that ends in a
    finish of every value it computed.  Guards in it (on comparisons,
    overflows, zero divisors) may fail; their snapshots are random subsets
    of the live values."""
    b = TraceBuilder()
    n_in = draw(st.integers(1, max_inputs))
    live = {INT: [], FLOAT: []}
    for _ in range(n_in):
        kind = draw(st.sampled_from(kinds))
        live[kind].append(b.input(kind))

    def arg(kind):
        if live[kind] and draw(st.integers(0, 4)):
            return draw(st.sampled_from(live[kind]))
        if kind is INT:
            return ConstInt(draw(int64s()))
        return ConstFloat(draw(doubles()))

    def snapshot(exclude=None):
        pool = [v for v in live[INT] + live[FLOAT] if v is not exclude]
        if not pool:
            return []
        return draw(st.lists(st.sampled_from(pool), max_size=5))

    # weighted so that most traces get far and some reach their finish
    choices = []
    if INT in kinds:
        choices += ["int"] * 6 + ["ovf"] * 2 + ["div", "shift", "guard"]
    if FLOAT in kinds:
        choices += ["float"] * 5
    if INT in kinds and FLOAT in kinds:
        choices += ["guard_value_f"]
    for _ in range(draw(st.integers(1, max_ops))):
        what = draw(st.sampled_from(choices))
        if what == "int":
            name = draw(st.sampled_from(_FREE_INT_OPS))
            op = b.emit(name, *[arg(INT) for _ in OPS_BY_NAME[name].arg_kinds])
        elif what == "float":
            name = draw(st.sampled_from(_FREE_FLOAT_OPS))
            op = b.emit(name, *[arg(FLOAT) for _ in OPS_BY_NAME[name].arg_kinds])
        elif what == "ovf":
            name = draw(st.sampled_from(_OVF_OPS[:3]))
            op = b.emit(name, arg(INT), arg(INT))
            _overflow_guard(draw, b, op, snapshot)
        elif what == "div":
            name = draw(st.sampled_from(_DIV_OPS))
            x, y = arg(INT), arg(INT)
            zero = b.int_is_zero(y)
            b.guard_false(zero, snapshot=snapshot())
            live[INT].append(zero)
            op = b.emit(name, x, y)
            if OPS_BY_NAME[name].is_ovf:
                _overflow_guard(draw, b, op, snapshot)
        elif what == "shift":
            name = draw(st.sampled_from(_SHIFT_OPS))
            count = b.int_and(arg(INT), 127)          # 0..127: past 63 too
            live[INT].append(count)
            op = b.emit(name, arg(INT), count)
            if OPS_BY_NAME[name].is_ovf:
                _overflow_guard(draw, b, op, snapshot)
        elif what == "guard_value_f":
            v = arg(FLOAT)
            b.guard_value(v, ConstFloat(draw(st.sampled_from(FLOAT_EDGES))),
                          snapshot=snapshot())
            continue
        else:
            name = draw(st.sampled_from(["guard_true"] * 3 + ["guard_false", "guard_value"]))
            if name == "guard_value":
                b.guard_value(arg(INT), ConstInt(draw(int64s())), snapshot=snapshot())
            else:
                b.emit(name, arg(INT), snapshot=snapshot())
            continue
        live[op.kind].append(op)
    b.finish(*(live[INT] + live[FLOAT]))
    return b.build()


def _overflow_guard(draw, b, op, snapshot):
    if draw(st.integers(0, 3)):
        b.guard_no_overflow(snapshot=snapshot(exclude=op))
    else:
        b.guard_overflow(snapshot=snapshot())
