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


# -- guard strengthening (tracer/optimizer/strengthen.py) ---------------------

def test_first_length_guard_asks_the_largest_index():
    # a[0], a[4], a[2]: the first guard asks n > 4; a[2]'s was implied already
    check("""
        [i0, i1]
        i2 = int_lt(0, i1)
        guard_true(i2) [i0]
        i3 = int_add(i0, 1)
        i4 = int_lt(4, i1)
        guard_true(i4) [i3]
        i5 = int_lt(2, i1)
        guard_true(i5) [i3]
        finish(i3)
    """, """
        [i0, i1]
        i2 = int_lt(4, i1)
        guard_true(i2) [i0]
        i3 = int_add(i0, 1)
        finish(i3)
    """, OPTS + ("dce",), inputs=[(7, 5), (7, 0)])


def test_a_strengthened_guard_exits_where_the_first_one_was():
    from tracer.optimizer.testing import opt_text, run_trace, tag_guards
    text = """
        [i0, i1]
        i2 = int_lt(0, i1)
        guard_true(i2) [i0]
        i3 = int_add(i0, 1)
        i4 = int_lt(3, i1)
        guard_true(i4) [i3]
        finish(i3)
    """
    result, _ = opt_text(text, OPTS + ("dce",))
    tag_guards(result)
    # n = 2: the trace as recorded leaves at its second guard; now the first
    # one fails, with the first one's resume data (the interpreter redoes i3)
    kind, values, _ = run_trace(result, [7, 2])
    assert kind == "guard" and values == ("list", (("int", 1000), ("int", 7)))
    assert run_trace(result, [7, 4])[:2] == ("finish", ("list", (("int", 8),)))


def test_no_strengthening_across_a_label_or_of_a_compare_that_is_a_value():
    # the step itself, on a peeled loop (the optimizer leaves one alone)
    from tracer.optimizer.strengthen import strengthen_guards
    from tracer.textform import assert_same_trace, parse_trace
    ns = {}
    trace = parse_trace("""
        [i0, i1]
        label(i0, i1)
        i2 = int_lt(0, i1)
        guard_true(i2) [i0, i1]
        i3 = int_add_ovf(i0, 1)
        guard_no_overflow() [i0, i1]
        label(i3, i1, descr=loop)
        i4 = int_lt(5, i1)
        guard_true(i4) [i3, i1]
        i5 = int_lt(1, i1)
        guard_true(i5) [i3, i1]
        i6 = int_lt(6, i1)
        guard_true(i6) [i3, i1]
        finish(i5, i3)
    """, ns)
    assert_same_trace(strengthen_guards(trace), """
        [i0, i1]
        label(i0, i1)
        i2 = int_lt(0, i1)
        guard_true(i2) [i0, i1]
        i3 = int_add_ovf(i0, 1)
        guard_no_overflow() [i0, i1]
        label(i3, i1, descr=loop)
        i7 = int_lt(6, i1)
        guard_true(i7) [i3, i1]
        i5 = int_lt(1, i1)
        guard_true(i5) [i3, i1]
        i6 = int_lt(6, i1)
        finish(i5, i3)
    """, ns)
