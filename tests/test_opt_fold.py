"""Constant folding and algebraic simplification (the `fold` pass)."""

from tracer.ir import CallDescr, EFFECT_ANY, EFFECT_ELIDABLE, EFFECT_ELIDABLE_CAN_RAISE, INT, REF
from tracer.optimizer.testing import check

OPTS = ("fold",)


def test_pure_ops_on_constants_fold():
    check("""
        [i0, f1]
        i2 = int_add(3, 4)
        i3 = int_mul(i2, i2)
        f4 = float_add(1.5, 2.0)
        i5 = int_lt(i3, 50)
        f6 = float_truediv(1.0, 0.0)
        finish(i3, f4, i5, f6)
    """, """
        [i0, f1]
        finish(49, 3.5, 1, inf)
    """, OPTS, inputs=[(1, 2.0)])


def test_identities():
    check("""
        [i0, i1]
        i2 = int_add(i0, 0)
        i3 = int_add(0, i1)
        i4 = int_mul(i2, 1)
        i5 = int_sub(i3, 0)
        i6 = int_sub(i4, i4)
        i7 = int_and(i5, -1)
        i8 = int_or(i7, 0)
        i9 = int_xor(i8, i8)
        i10 = int_lshift(i8, 0)
        i11 = int_py_div(i10, 1)
        i12 = int_py_mod(i10, 1)
        i13 = int_neg(i0)
        i14 = int_neg(i13)
        finish(i4, i5, i6, i9, i11, i12, i14)
    """, """
        [i0, i1]
        i2 = int_neg(i0)
        finish(i0, i1, 0, 0, i1, 0, i0)
    """, OPTS, inputs=[(5, -7), (-9223372036854775808, 3)])


def test_multiplication_by_a_power_of_two_is_a_shift():
    check("""
        [i0]
        i1 = int_mul(i0, 8)
        i2 = int_mul(2, i0)
        finish(i1, i2)
    """, """
        [i0]
        i1 = int_lshift(i0, 3)
        i2 = int_lshift(i0, 1)
        finish(i1, i2)
    """, OPTS, inputs=[(3,), (-(1 << 62),), ((1 << 62) + 5,)])


def test_checked_multiplication_by_two_is_a_checked_add():
    check("""
        [i0]
        i1 = int_mul_ovf(i0, 2)
        guard_no_overflow() [i0]
        finish(i1)
    """, """
        [i0]
        i1 = int_add_ovf(i0, i0)
        guard_no_overflow() [i0]
        finish(i1)
    """, OPTS, inputs=[(3,), (1 << 62,), (-(1 << 62),), (-(1 << 62) - 1,)])


def test_float_times_two_is_an_add_but_not_times_one():
    # x * 1.0 is not x for a signalling nan: left alone
    check("""
        [f0]
        f1 = float_mul(f0, 2.0)
        f2 = float_mul(f0, 1.0)
        f3 = float_neg(f0)
        f4 = float_neg(f3)
        finish(f1, f2, f4)
    """, """
        [f0]
        f1 = float_add(f0, f0)
        f2 = float_mul(f0, 1.0)
        f3 = float_neg(f0)
        finish(f1, f2, f0)
    """, OPTS, inputs=[(1.5,), (float("nan"),), (-0.0,), (float("inf"),)])


def test_overflow_op_on_constants_folds_with_its_guard():
    check("""
        [i0]
        i1 = int_add_ovf(5, 6)
        guard_no_overflow() [i0]
        i2 = int_add_ovf(i0, 0)
        guard_no_overflow() [i0]
        finish(i1, i2)
    """, """
        [i0]
        finish(11, i0)
    """, OPTS, inputs=[(4,)])


def test_overflowing_constants_are_not_folded():
    check("""
        [i0]
        i1 = int_add_ovf(9223372036854775807, 1)
        guard_no_overflow() [i0]
        finish(i1)
    """, """
        [i0]
        i1 = int_add_ovf(9223372036854775807, 1)
        guard_no_overflow() [i0]
        finish(i1)
    """, OPTS, inputs=[(4,)])


def test_guards_on_constants():
    check("""
        [i0]
        guard_true(1) [i0]
        guard_false(0) [i0]
        guard_value(5, 5) [i0]
        guard_class(ConstPtr(3), ConstPtr(int)) [i0]
        guard_nonnull(ConstPtr(3)) [i0]
        guard_true(0) [i0]
        finish(i0)
    """, """
        [i0]
        guard_true(0) [i0]
        finish(i0)
    """, OPTS, inputs=[(4,)])


def test_comparisons_of_a_value_with_itself():
    check("""
        [i0, p1, f2]
        i3 = int_lt(i0, i0)
        i4 = int_le(i0, i0)
        i5 = ptr_eq(p1, p1)
        i6 = float_eq(f2, f2)
        finish(i3, i4, i5, i6)
    """, """
        [i0, p1, f2]
        i3 = float_eq(f2, f2)
        finish(0, 1, 1, i3)
    """, OPTS)


def test_elidable_call_with_constant_arguments_is_called_now():
    ns = {"sq": CallDescr(lambda x: x * x, [INT], INT, EFFECT_ELIDABLE, name="sq"),
          "effect": CallDescr(lambda x: x * x, [INT], INT, EFFECT_ANY, name="effect")}
    check("""
        [i0]
        i1 = call_pure_i(7, descr=sq)
        i2 = call_i(7, descr=effect)
        guard_no_exception() [i0]
        finish(i1, i2)
    """, """
        [i0]
        i1 = call_i(7, descr=effect)
        guard_no_exception() [i0]
        finish(49, i1)
    """, OPTS, ns=ns)


def test_an_elidable_call_whose_result_is_large_is_left_to_run():
    # folded, a large result would be a constant the trace keeps alive
    import operator
    ns = {"mul": CallDescr(operator.mul, [REF, REF], REF, EFFECT_ELIDABLE_CAN_RAISE,
                           name="mul"),
          "big": "ab", "small": 3, "many": 10000}
    check("""
        [i0]
        p1 = call_r(ConstPtr(big), ConstPtr(small), descr=mul)
        guard_no_exception() [i0]
        p2 = call_r(ConstPtr(big), ConstPtr(many), descr=mul)
        guard_no_exception() [i0]
        finish(p1, p2)
    """, """
        [i0]
        p1 = call_r(ConstPtr("ab"), ConstPtr(10000), descr=mul)
        guard_no_exception() [i0]
        finish(ConstPtr("ababab"), p1)
    """, OPTS, ns=ns)


def test_preconditions_that_do_not_hold_are_not_folded():
    # a division by a constant zero is unreachable code: left as it is
    check("""
        [i0]
        i1 = int_py_div(5, 0)
        finish(i1)
    """, """
        [i0]
        i1 = int_py_div(5, 0)
        finish(i1)
    """, OPTS)


def test_unbox_of_a_box_and_same_as():
    check("""
        [i0, f1]
        p2 = box_int(i0)
        i3 = unbox_int(p2)
        p4 = box_float(f1)
        f5 = unbox_float(p4)
        i6 = same_as_i(i3)
        finish(i6, f5, p2)
    """, """
        [i0, f1]
        p2 = box_int(i0)
        p3 = box_float(f1)
        finish(i0, f1, p2)
    """, OPTS)


def test_int_is_true_of_a_comparison():
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        i3 = int_is_true(i2)
        finish(i3)
    """, """
        [i0, i1]
        i2 = int_lt(i0, i1)
        finish(i2)
    """, OPTS)
