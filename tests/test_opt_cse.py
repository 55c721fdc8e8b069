"""Common subexpression elimination (the `cse` pass)."""

from tracer.ir import CallDescr, EFFECT_ANY, EFFECT_ELIDABLE, EFFECT_ELIDABLE_CAN_RAISE, INT
from tracer.optimizer.testing import check

OPTS = ("cse",)


def test_pure_ops_and_commuted_ones_merge():
    check("""
        [i0, i1, f2]
        i3 = int_add(i0, i1)
        i4 = int_add(i1, i0)
        i5 = int_sub(i0, i1)
        i6 = int_sub(i1, i0)
        f7 = float_mul(f2, f2)
        f8 = float_mul(f2, f2)
        finish(i3, i4, i5, i6, f7, f8)
    """, """
        [i0, i1, f2]
        i3 = int_add(i0, i1)
        i4 = int_sub(i0, i1)
        i5 = int_sub(i1, i0)
        f6 = float_mul(f2, f2)
        finish(i3, i3, i4, i5, f6, f6)
    """, OPTS, inputs=[(1, 2, 0.5)])


def test_checked_ops_merge_and_their_guard_goes():
    check("""
        [i0, i1]
        i2 = int_mul_ovf(i0, i1)
        guard_no_overflow() [i0]
        i3 = int_mul_ovf(i1, i0)
        guard_no_overflow() [i1]
        i4 = int_mul(i0, i1)
        finish(i2, i3, i4)
    """, """
        [i0, i1]
        i2 = int_mul_ovf(i0, i1)
        guard_no_overflow() [i0]
        finish(i2, i2, i2)
    """, OPTS, inputs=[(3, 4), (1 << 40, 1 << 40)])


def test_unbox_merges_but_heap_reads_do_not():
    check("""
        [p0]
        i1 = unbox_int(p0)
        i2 = unbox_int(p0)
        p3 = getfield_r(p0, descr=x)
        p4 = getfield_r(p0, descr=x)
        p5 = box_int(i1)
        p6 = box_int(i1)
        finish(i1, i2, p3, p4, p5, p6)
    """, """
        [p0]
        i1 = unbox_int(p0)
        p2 = getfield_r(p0, descr=x)
        p3 = getfield_r(p0, descr=x)
        p4 = box_int(i1)
        p5 = box_int(i1)
        finish(i1, i1, p2, p3, p4, p5)
    """, OPTS)


def test_elidable_calls_merge_and_others_do_not():
    ns = {"f": CallDescr(abs, [INT], INT, EFFECT_ELIDABLE, name="f"),
          "g": CallDescr(lambda x: -x, [INT], INT, EFFECT_ELIDABLE_CAN_RAISE, name="g"),
          "h": CallDescr(abs, [INT], INT, EFFECT_ANY, name="h")}
    check("""
        [i0]
        i1 = call_pure_i(i0, descr=f)
        i2 = call_pure_i(i0, descr=f)
        i3 = call_i(i0, descr=g)
        guard_no_exception() [i0]
        i4 = call_i(i0, descr=g)
        guard_no_exception() [i0]
        i5 = call_i(i0, descr=h)
        guard_no_exception() [i0]
        i6 = call_i(i0, descr=h)
        guard_no_exception() [i0]
        finish(i1, i2, i3, i4, i5, i6)
    """, """
        [i0]
        i1 = call_pure_i(i0, descr=f)
        i2 = call_i(i0, descr=g)
        guard_no_exception() [i0]
        i3 = call_i(i0, descr=h)
        guard_no_exception() [i0]
        i4 = call_i(i0, descr=h)
        guard_no_exception() [i0]
        finish(i1, i1, i2, i2, i3, i4)
    """, OPTS, ns=ns, inputs=[(-3,)])
