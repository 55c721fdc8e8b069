"""Loop peeling with loop-invariant code motion (the `unroll` step), and
the whole chain on loops."""

from tracer.ir import CallDescr, EFFECT_ANY, REF, VOID
from tracer.optimizer import count_ops
from tracer.optimizer.testing import check, opt_text
from tracer.params import ALL_OPTS


class Iter:
    __slots__ = ("cur", "stop")

    def __init__(self, cur, stop):
        self.cur, self.stop = cur, stop


NS = {"Iter": Iter}

RANGE_LOOP = """
    [p0, p1]
    guard_class(p0, ConstPtr(Iter)) [p0, p1]
    p2 = getfield_r(p0, descr=cur)
    p3 = getfield_r(p0, descr=stop)
    guard_class(p2, ConstPtr(int)) [p0, p1]
    guard_int64(p2) [p0, p1]
    i4 = unbox_int(p2)
    guard_class(p3, ConstPtr(int)) [p0, p1]
    guard_int64(p3) [p0, p1]
    i5 = unbox_int(p3)
    i6 = int_lt(i4, i5)
    guard_true(i6) [p0, p1]
    i7 = int_add_ovf(i4, 1)
    guard_no_overflow() [p0, p1]
    p8 = box_int(i7)
    setfield(p0, p8, descr=cur)
    guard_class(p1, ConstPtr(int)) [p0, p1, p2]
    guard_int64(p1) [p0, p1, p2]
    i9 = unbox_int(p1)
    i10 = int_mul_ovf(i4, i4)
    guard_no_overflow() [p0, p1, p2]
    i11 = int_add_ovf(i9, i10)
    guard_no_overflow() [p0, p1, p2]
    p12 = box_int(i11)
    jump(p0, p12)
"""


def test_counting_loop():
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0, i1]
        i3 = int_add_ovf(i0, 1)
        guard_no_overflow() [i0, i1]
        jump(i3, i1)
    """, """
        [i0, i1]
        label(i0, i1)
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0, i1]
        i3 = int_add(i0, 1)
        label(i1, i3, descr=loop)
        i4 = int_lt(i3, i1)
        guard_true(i4) [i3, i1]
        i5 = int_add(i3, 1)
        jump(i1, i5)
    """, inputs=[(0, 10), (5, 3)])


def test_range_like_loop_body_is_tight():
    result = check(RANGE_LOOP, """
        [p0, p1]
        label(p0, p1)
        guard_class(p0, ConstPtr(Iter)) [p0, p1]
        p2 = getfield_r(p0, descr=cur)
        p3 = getfield_r(p0, descr=stop)
        guard_class(p2, ConstPtr(int)) [p0, p1]
        guard_int64(p2) [p0, p1]
        i4 = unbox_int(p2)
        guard_class(p3, ConstPtr(int)) [p0, p1]
        guard_int64(p3) [p0, p1]
        i5 = unbox_int(p3)
        i6 = int_lt(i4, i5)
        guard_true(i6) [p0, p1]
        i7 = int_add(i4, 1)
        guard_class(p1, ConstPtr(int)) [p0, p1, i4, i7]
        guard_int64(p1) [p0, p1, i4, i7]
        i8 = unbox_int(p1)
        i9 = int_mul_ovf(i4, i4)
        guard_no_overflow() [p0, i8, i4, i7]
        i10 = int_add_ovf(i8, i9)
        guard_no_overflow() [p0, i8, i4, i7]
        label(p0, i5, i7, i10, descr=loop)
        i11 = int_lt(i7, i5)
        guard_true(i11) [p0, i10, i7]
        i12 = int_add(i7, 1)
        i13 = int_mul_ovf(i7, i7)
        guard_no_overflow() [p0, i10, i7, i12]
        i14 = int_add_ovf(i10, i13)
        guard_no_overflow() [p0, i10, i7, i12]
        jump(p0, i5, i12, i14)
    """, ALL_OPTS, ns=NS,
        inputs=[lambda: (Iter(0, 20), 0), lambda: (Iter(3, 2), 5),
                lambda: (Iter(0, 2), 1 << 62), lambda: (Iter(0, 5), 2.5)])
    assert count_ops(result)["loop"] == (7, 3)
    # the box of the total and the iterator's new value are never allocated
    loop = result.ops[[op.name for op in result.ops].index("label", 1):]
    assert not any(op.name in ("box_int", "setfield", "getfield_r") for op in loop)


def test_the_loop_label_can_resume_the_header():
    """The loop label holds what the loop keeps (the total unboxed, the
    iterator's next `cur` as a delayed write), not the frame: its resume
    data (TargetToken.resume), made from the first label's, rebuilds the
    header's values from the label's, the delayed write included.  A run
    that stops at the label (a CAP exit) resumes with it."""
    from tracer.executor import CAP_EXIT, Executor
    from tracer.resume import EntrySnapshot, rebuild_values
    from tracer.textform import parse_trace
    from tracer.optimizer import optimize
    trace = parse_trace(RANGE_LOOP, dict(NS))
    p0, p1 = trace.inputargs
    trace.ops[0].descr.resume = EntrySnapshot([("ref", p0), ("ref", p1)])
    result = optimize(trace, ALL_OPTS, strict=True)     # strict: verified too
    loop_label = [op for op in result.ops if op.name == "label"][1]
    resume = loop_label.descr.resume
    assert resume is not None and resume.pending        # cur's write is delayed
    ex = Executor()
    it = Iter(0, 20)
    number, values = ex.run(ex.compile(result), [it, 0], max_iterations=6)
    assert number == CAP_EXIT and ex.stopped_at is loop_label.descr
    where = {id(a): i for i, a in enumerate(loop_label.args)}
    header = rebuild_values(resume, [values[where[id(v)]] for v in resume.fail_args])
    assert header[0] is it and header[1] == sum(i * i for i in range(it.cur)) and it.cur > 5


def test_a_write_to_an_object_of_the_iteration_is_done_within_it():
    """Each iteration makes an object and writes its attribute (in its
    __dict__): the write is done in that iteration, not carried into the
    next, where the object may already be dead (a guest `__del__` run by its
    deallocation would find the attribute missing)."""
    result, _ = opt_text("""
        [p0, p7, i1]
        i2 = int_lt(i1, 100)
        guard_true(i2) [p0, i1]
        p3 = new_object(descr=Iter)
        p4 = getfield_r(p3, descr=__dict__)
        setfield(p4, p7, descr=cur)
        p5 = box_int(i1)
        i6 = int_add(i1, 1)
        jump(p3, p5, i6)
    """, ALL_OPTS, ns=NS)
    ops = result.ops
    loop = ops[[op.name for op in ops].index("label", 1):]
    writes = [op for op in loop if op.name == "setfield"]
    assert len(writes) == 1
    target = writes[0].args[0]
    assert target in loop and target.args[0] in loop and target.args[0].name == "new_object"


def test_loop_invariant_load_and_guard_move_to_the_preamble():
    check("""
        [p0, i1]
        p2 = getfield_r(p0, descr=stop)
        guard_class(p2, ConstPtr(int)) [p0, i1]
        guard_int64(p2) [p0, i1]
        i3 = unbox_int(p2)
        i4 = int_lt(i1, i3)
        guard_true(i4) [p0, i1]
        i5 = int_add(i1, 1)
        jump(p0, i5)
    """, """
        [p0, i1]
        label(p0, i1)
        p2 = getfield_r(p0, descr=stop)
        guard_class(p2, ConstPtr(int)) [p0, i1]
        guard_int64(p2) [p0, i1]
        i3 = unbox_int(p2)
        i4 = int_lt(i1, i3)
        guard_true(i4) [p0, i1]
        i5 = int_add(i1, 1)
        label(p0, i3, i5, descr=loop)
        i6 = int_lt(i5, i3)
        guard_true(i6) [p0, i5]
        i7 = int_add(i5, 1)
        jump(p0, i3, i7)
    """, ns=NS, inputs=[lambda: (Iter(0, 7), 0)])


def test_load_after_a_call_that_may_write_stays_in_the_loop():
    ns = dict(NS, poke=CallDescr(lambda o: None, [REF], VOID, EFFECT_ANY, name="poke"))
    check("""
        [p0, i1]
        p2 = getfield_r(p0, descr=stop)
        guard_class(p2, ConstPtr(int)) [p0, i1]
        guard_int64(p2) [p0, i1]
        i3 = unbox_int(p2)
        i4 = int_lt(i1, i3)
        guard_true(i4) [p0, i1]
        call_n(p0, descr=poke)
        guard_no_exception() [p0, i1]
        i5 = int_add(i1, 1)
        jump(p0, i5)
    """, """
        [p0, i1]
        label(p0, i1)
        p2 = getfield_r(p0, descr=stop)
        guard_class(p2, ConstPtr(int)) [p0, i1]
        guard_int64(p2) [p0, i1]
        i3 = unbox_int(p2)
        i4 = int_lt(i1, i3)
        guard_true(i4) [p0, i1]
        call_n(p0, descr=poke)
        guard_no_exception() [p0, i1]
        i5 = int_add(i1, 1)
        label(p0, i5, descr=loop)
        p6 = getfield_r(p0, descr=stop)
        guard_class(p6, ConstPtr(int)) [p0, i5]
        guard_int64(p6) [p0, i5]
        i7 = unbox_int(p6)
        i8 = int_lt(i5, i7)
        guard_true(i8) [p0, i5]
        call_n(p0, descr=poke)
        guard_no_exception() [p0, i5]
        i9 = int_add(i5, 1)
        jump(p0, i9)
    """, ns=ns, inputs=[lambda: (Iter(0, 7), 0)])


def test_a_value_known_only_in_the_first_iteration_is_not_carried():
    # i0 is 0 in the first iteration and 1 in the next: the peeled loop
    # would always fail its guard, so there is no peeling
    result, _ = opt_text("""
        [i0, i1]
        guard_value(i0, 0) [i0, i1]
        i2 = int_add(i1, 1)
        jump(1, i2)
    """)
    # the peeled loop would always fail its guard: no peeling
    assert [op.name for op in result.ops].count("label") == 1


def test_allocation_that_escapes_each_iteration_stays():
    ns = dict(NS, keep=CallDescr(lambda o: None, [REF], VOID, EFFECT_ANY, name="keep"))
    check("""
        [i0]
        p1 = box_int(i0)
        call_n(p1, descr=keep)
        guard_no_exception() [i0]
        i2 = int_add(i0, 1)
        i3 = int_lt(i2, 100)
        guard_true(i3) [i2]
        jump(i2)
    """, """
        [i0]
        label(i0)
        p1 = box_int(i0)
        call_n(p1, descr=keep)
        guard_no_exception() [i0]
        i2 = int_add(i0, 1)
        i3 = int_lt(i2, 100)
        guard_true(i3) [i2]
        label(i2, descr=loop)
        p4 = box_int(i2)
        call_n(p4, descr=keep)
        guard_no_exception() [i2]
        i5 = int_add(i2, 1)
        i6 = int_lt(i5, 100)
        guard_true(i6) [i5]
        jump(i5)
    """, ns=ns, inputs=[(0,), (99,)])


def test_swapping_loop_values():
    check("""
        [i0, i1, i2]
        i3 = int_add(i2, 1)
        i4 = int_lt(i3, 10)
        guard_true(i4) [i0, i1, i3]
        jump(i1, i0, i3)
    """, """
        [i0, i1, i2]
        label(i0, i1, i2)
        i3 = int_add(i2, 1)
        i4 = int_lt(i3, 10)
        guard_true(i4) [i0, i1, i3]
        label(i0, i1, i3, descr=loop)
        i5 = int_add(i3, 1)
        i6 = int_lt(i5, 10)
        guard_true(i6) [i1, i0, i5]
        jump(i1, i0, i5)
    """, inputs=[(1, 2, 0), (1, 2, 1), (7, 8, 9)])


def test_each_pass_off_keeps_loop_results():
    for off in ALL_OPTS:
        opts = tuple(o for o in ALL_OPTS if o != off)
        result, ns = opt_text(RANGE_LOOP, opts, dict(NS))
        from tracer.optimizer.testing import assert_same_behaviour
        from tracer.textform import parse_trace
        original = parse_trace(RANGE_LOOP, dict(NS))
        for args in [(Iter(0, 20), 0), (Iter(0, 3), 1 << 62), (Iter(2, 9), 1.5)]:
            assert_same_behaviour(original, result, args)
