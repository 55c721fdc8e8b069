"""Integer bounds (the `intbounds` pass)."""

from tracer.optimizer.testing import check

OPTS = ("intbounds",)
BIG = 9223372036854775807


def test_index_below_its_stop_does_not_overflow():
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_add_ovf(i0, 1)
        guard_no_overflow() [i0]
        finish(i3)
    """, """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_add(i0, 1)
        finish(i3)
    """, OPTS, inputs=[(1, 5), (BIG - 1, BIG), (5, 1)])


def test_overflow_check_stays_when_bounds_do_not_prove_it():
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_sub_ovf(i0, 1)
        guard_no_overflow() [i0]
        i4 = int_add_ovf(i1, 1)
        guard_no_overflow() [i0]
        finish(i3, i4)
    """, """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_sub_ovf(i0, 1)
        guard_no_overflow() [i0]
        i4 = int_add_ovf(i1, 1)
        guard_no_overflow() [i0]
        finish(i3, i4)
    """, OPTS, inputs=[(-9223372036854775808, 0), (0, BIG)])


def test_comparisons_decided_by_bounds():
    check("""
        [i0]
        i1 = int_and(i0, 255)
        i2 = int_lt(i1, 256)
        guard_true(i2) [i0]
        i3 = int_ge(i1, 0)
        i4 = int_mul_ovf(i1, 1000)
        guard_no_overflow() [i0]
        i5 = int_py_mod(i0, 10)
        i6 = int_lt(i5, 10)
        i7 = int_is_true(i2)
        finish(i3, i4, i6, i7)
    """, """
        [i0]
        i1 = int_and(i0, 255)
        i2 = int_mul(i1, 1000)
        i3 = int_py_mod(i0, 10)
        finish(1, i2, 1, 1)
    """, OPTS, inputs=[(-1,), (1000,), (-BIG,)])


def test_guard_narrowing_chains():
    check("""
        [i0]
        i1 = int_ge(i0, 0)
        guard_true(i1) [i0]
        i2 = int_lt(i0, 100)
        guard_true(i2) [i0]
        i3 = int_mul_ovf(i0, i0)
        guard_no_overflow() [i0]
        i4 = int_lt(i3, 10000)
        guard_true(i4) [i0]
        i5 = int_eq(i0, 200)
        finish(i3, i5)
    """, """
        [i0]
        i1 = int_ge(i0, 0)
        guard_true(i1) [i0]
        i2 = int_lt(i0, 100)
        guard_true(i2) [i0]
        i3 = int_mul(i0, i0)
        finish(i3, 0)
    """, OPTS, inputs=[(5,), (-1,), (100,), (99,)])


def test_guard_value_outside_the_range_stays_and_inside_goes():
    check("""
        [i0]
        i1 = int_and(i0, 7)
        guard_value(i1, 9) [i0]
        finish(i1)
    """, """
        [i0]
        i1 = int_and(i0, 7)
        guard_value(i1, 9) [i0]
        finish(i1)
    """, OPTS, inputs=[(3,)])


def test_guard_false_narrowing():
    check("""
        [i0]
        i1 = int_lt(i0, 10)
        guard_false(i1) [i0]
        i2 = int_sub_ovf(i0, 1)
        guard_no_overflow() [i0]
        i3 = int_gt(i0, 5)
        finish(i2, i3)
    """, """
        [i0]
        i1 = int_lt(i0, 10)
        guard_false(i1) [i0]
        i2 = int_sub(i0, 1)
        finish(i2, 1)
    """, OPTS, inputs=[(10,), (3,), (BIG,)])


def test_a_guard_narrows_values_computed_from_it_earlier():
    # a list iterator: index + 1 first, then the item read checks index >= 0
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_add(i0, 1)
        i4 = int_ge(i0, 0)
        guard_true(i4) [i0]
        i5 = int_ge(i3, 1)
        guard_true(i5) [i3]
        i6 = int_sub(i3, 3)
        i7 = int_ge(i6, -2)
        finish(i3, i7)
    """, """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        i3 = int_add(i0, 1)
        i4 = int_ge(i0, 0)
        guard_true(i4) [i0]
        i6 = int_sub(i3, 3)
        finish(i3, 1)
    """, OPTS, inputs=[(0, 5), (4, 5), (-1, 5), (5, 5)])


def test_no_narrowing_through_an_add_that_may_wrap():
    unchanged = """
        [i0]
        i3 = int_add(i0, 1)
        i4 = int_ge(i0, 0)
        guard_true(i4) [i0]
        i5 = int_ge(i3, 1)
        guard_true(i5) [i3]
        finish(i3)
    """
    check(unchanged, unchanged, OPTS, inputs=[(BIG,), (3,), (-3,)])
