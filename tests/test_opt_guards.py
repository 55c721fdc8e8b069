"""Guard elimination (the `guards` pass)."""

from tracer.optimizer.testing import check

OPTS = ("guards",)


def test_repeated_class_and_int64_guards_go():
    check("""
        [p0]
        guard_class(p0, ConstPtr(int)) [p0]
        guard_int64(p0) [p0]
        i1 = unbox_int(p0)
        guard_class(p0, ConstPtr(int)) [p0]
        guard_nonnull(p0) [p0]
        guard_int64(p0) [p0]
        i2 = unbox_int(p0)
        finish(i1, i2)
    """, """
        [p0]
        guard_class(p0, ConstPtr(int)) [p0]
        guard_int64(p0) [p0]
        i1 = unbox_int(p0)
        i2 = unbox_int(p0)
        finish(i1, i2)
    """, OPTS, inputs=[(5,), (2.5,), (1 << 70,)])


def test_a_box_has_a_known_class():
    check("""
        [i0]
        p1 = box_int(i0)
        guard_class(p1, ConstPtr(int)) [i0]
        guard_nonnull(p1) [i0]
        finish(p1)
    """, """
        [i0]
        p1 = box_int(i0)
        finish(p1)
    """, OPTS, inputs=[(5,)])


def test_a_promoted_value_is_a_constant():
    check("""
        [i0, p1]
        guard_value(i0, 7) [i0]
        i2 = int_add(i0, 1)
        guard_value(i0, 7) [i0]
        guard_value(p1, ConstPtr(None)) [i0]
        guard_value(p1, ConstPtr(None)) [i0]
        finish(i2, p1)
    """, """
        [i0, p1]
        guard_value(i0, 7) [i0]
        i2 = int_add(7, 1)
        guard_value(p1, ConstPtr(None)) [7]
        finish(i2, ConstPtr(None))
    """, OPTS, inputs=[(7, None), (8, None), (7, 3)])


def test_guard_implied_by_an_earlier_comparison():
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_ge(i0, i1)
        guard_false(i3) [i0]
        i4 = int_gt(i1, i0)
        guard_true(i4) [i0]
        i5 = int_le(i1, i0)
        finish(i5)
    """, """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        finish(0)
    """, OPTS, inputs=[(1, 2), (2, 1), (2, 2)])


def test_float_comparisons_are_not_negated():
    # not (a < b) does not give a >= b when a is nan
    check("""
        [f0, f1]
        i2 = float_lt(f0, f1)
        guard_false(i2) [f0]
        i3 = float_ge(f0, f1)
        guard_true(i3) [f0]
        i4 = float_gt(f1, f0)
        finish(i4)
    """, """
        [f0, f1]
        i2 = float_lt(f0, f1)
        guard_false(i2) [f0]
        i3 = float_ge(f0, f1)
        guard_true(i3) [f0]
        finish(0)
    """, OPTS, inputs=[(1.0, 2.0), (float("nan"), 1.0), (3.0, 1.0)])


def test_guard_false_makes_the_value_zero():
    check("""
        [i0]
        guard_false(i0) [i0]
        i1 = int_add(i0, 5)
        guard_false(i0) [i0]
        finish(i1)
    """, """
        [i0]
        guard_false(i0) [i0]
        i1 = int_add(0, 5)
        finish(i1)
    """, OPTS, inputs=[(0,), (3,)])


def test_a_contradicting_guard_stays():
    check("""
        [p0]
        guard_class(p0, ConstPtr(int)) [p0]
        guard_class(p0, ConstPtr(float)) [p0]
        finish(p0)
    """, """
        [p0]
        guard_class(p0, ConstPtr(int)) [p0]
        guard_class(p0, ConstPtr(float)) [p0]
        finish(p0)
    """, OPTS, inputs=[(1,), (1.0,)])


def test_guard_on_another_value_is_not_removed():
    check("""
        [p0, p1]
        guard_class(p0, ConstPtr(int)) [p0]
        guard_class(p1, ConstPtr(int)) [p0]
        guard_nonnull(p1) [p0]
        finish(p0)
    """, """
        [p0, p1]
        guard_class(p0, ConstPtr(int)) [p0]
        guard_class(p1, ConstPtr(int)) [p0]
        finish(p0)
    """, OPTS, inputs=[(1, 2), (1, "x")])


class _Guest:
    """A class defined in Python: `obj.__class__ = ...` may change an object's class."""


def _touch(obj):
    obj.__class__ = _Guest


def test_a_call_that_writes_forgets_classes_that_may_change():
    from tracer.ir import REF, VOID, CallDescr, EffectInfo
    ns = {"K": _Guest, "touch": CallDescr(_touch, [REF], VOID,
                                          EffectInfo(may_raise=False, reads_heap=True,
                                                     writes_heap=True))}
    check("""
        [p0, p1]
        guard_class(p0, ConstPtr(K)) [p0]
        guard_class(p1, ConstPtr(int)) [p0]
        call_n(p0, descr=touch)
        guard_class(p0, ConstPtr(K)) [p0]
        guard_class(p1, ConstPtr(int)) [p0]
        finish(p0, p1)
    """, """
        [p0, p1]
        guard_class(p0, ConstPtr(K)) [p0]
        guard_class(p1, ConstPtr(int)) [p0]
        call_n(p0, descr=touch)
        guard_class(p0, ConstPtr(K)) [p0]
        finish(p0, p1)
    """, OPTS, ns)
