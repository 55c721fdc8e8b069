"""Dead code elimination (the `dce` step)."""

from tracer.ir import CallDescr, EFFECT_ANY, EFFECT_NONE, INT
from tracer.optimizer.testing import check

OPTS = ("dce",)


def test_unused_pure_ops_reads_and_allocations_go():
    ns = {"f": CallDescr(abs, [INT], INT, EFFECT_NONE, name="f"),
          "g": CallDescr(abs, [INT], INT, EFFECT_ANY, name="g")}
    check("""
        [i0, p1]
        i2 = int_add(i0, 1)
        p3 = getfield_r(p1, descr=x)
        p4 = box_int(i2)
        i5 = call_i(i0, descr=f)
        i6 = call_i(i0, descr=g)
        guard_no_exception() [i0]
        i7 = int_mul_ovf(i0, i0)
        guard_no_overflow() [i0]
        i8 = int_sub(i0, 1)
        guard_true(i0) [i8]
        finish(i0)
    """, """
        [i0, p1]
        i2 = call_i(i0, descr=g)
        guard_no_exception() [i0]
        i3 = int_mul_ovf(i0, i0)
        guard_no_overflow() [i0]
        i4 = int_sub(i0, 1)
        guard_true(i0) [i4]
        finish(i0)
    """, OPTS, ns=ns)


def test_dead_loop_carried_value_goes():
    # i2 only feeds its own next value
    check("""
        [i0, i1, i2]
        i3 = int_lt(i0, i1)
        guard_true(i3) [i0]
        i4 = int_add(i0, 1)
        i5 = int_add(i2, 7)
        jump(i4, i1, i5)
    """, """
        [i0, i1, i2]
        label(i0, i1, i2)
        i3 = int_lt(i0, i1)
        guard_true(i3) [i0]
        i4 = int_add(i0, 1)
        label(i1, i4, descr=loop)
        i5 = int_lt(i4, i1)
        guard_true(i5) [i4]
        i6 = int_add(i4, 1)
        jump(i1, i6)
    """, ("unroll", "dce"), inputs=[(0, 5, 3)])
