"""Heap caching and delayed writes (the `heap` pass)."""

from tracer.ir import CallDescr, EffectInfo, EFFECT_ANY, EFFECT_NONE, REF, VOID
from tracer.ir.descr import EFFECT_LISTS_ONLY
from tracer.ir.descr import FieldDescr
from tracer.optimizer.testing import check, opt_text
from tracer.resume import EntrySnapshot

OPTS = ("heap",)


class Obj:
    __slots__ = ("a", "b")


def _objs():
    x, y = Obj(), Obj()
    x.a, x.b, y.a, y.b = 1, 2, 3, 4
    return x, y


def test_repeated_reads_of_a_field():
    x, y = _objs()
    check("""
        [p0, p1]
        p2 = getfield_r(p0, descr=a)
        p3 = getfield_r(p0, descr=a)
        p4 = getfield_r(p1, descr=a)
        p5 = getfield_r(p0, descr=b)
        finish(p2, p3, p4, p5)
    """, """
        [p0, p1]
        p2 = getfield_r(p0, descr=a)
        p3 = getfield_r(p1, descr=a)
        p4 = getfield_r(p0, descr=b)
        finish(p2, p2, p3, p4)
    """, OPTS, inputs=[(x, y)])


def test_a_read_after_a_write_is_the_written_value():
    x, y = _objs()
    check("""
        [p0, p1]
        setfield(p0, p1, descr=a)
        p2 = getfield_r(p0, descr=a)
        finish(p2)
    """, """
        [p0, p1]
        setfield(p0, p1, descr=a)
        finish(p1)
    """, OPTS, inputs=[(x, y)])


def test_aliasing_write_invalidates():
    # p1 may be p0: the read of p0.a after writing p1.a must really read
    x, y = _objs()
    check("""
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=a)
        setfield(p1, p2, descr=a)
        p4 = getfield_r(p0, descr=a)
        finish(p3, p4)
    """, """
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=a)
        setfield(p1, p2, descr=a)
        p4 = getfield_r(p0, descr=a)
        finish(p3, p4)
    """, OPTS, inputs=[(x, y, 9), (x, x, 9)])


def test_a_call_that_may_write_invalidates_and_one_that_does_not_keeps():
    x, y = _objs()
    ns = {"w": CallDescr(lambda o: None, [REF], VOID, EFFECT_ANY, name="w"),
          "n": CallDescr(lambda o: None, [REF], VOID, EFFECT_NONE, name="n")}
    check("""
        [p0]
        p1 = getfield_r(p0, descr=a)
        call_n(p0, descr=n)
        p2 = getfield_r(p0, descr=a)
        call_n(p0, descr=w)
        guard_no_exception() [p0]
        p3 = getfield_r(p0, descr=a)
        finish(p1, p2, p3)
    """, """
        [p0]
        p1 = getfield_r(p0, descr=a)
        call_n(p0, descr=n)
        call_n(p0, descr=w)
        guard_no_exception() [p0]
        p2 = getfield_r(p0, descr=a)
        finish(p1, p1, p2)
    """, OPTS, ns=ns, inputs=[(x,)])


def test_a_call_that_touches_only_lists_keeps_fields_and_delayed_writes():
    # list.append on a list: fields stay known and written ones stay delayed
    # past it; what was known of lists (items, lengths) is forgotten
    from tracer.ir import EFFECT_LISTS_ONLY
    x, y = _objs()
    ns = {"append": CallDescr(list.append, [REF, REF], REF, EFFECT_LISTS_ONLY, name="append")}
    check("""
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=a)
        setfield(p0, p1, descr=b)
        i4 = len_list(p2)
        p5 = getitem_list(p2, 0)
        p6 = call_r(p2, p3, descr=append)
        guard_no_exception() [p0]
        p7 = getfield_r(p0, descr=a)
        p8 = getfield_r(p0, descr=b)
        i9 = len_list(p2)
        p10 = getitem_list(p2, 0)
        finish(p7, p8, i4, i9, p5, p10)
    """, """
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=a)
        i4 = len_list(p2)
        p5 = getitem_list(p2, 0)
        p6 = call_r(p2, p3, descr=append)
        guard_no_exception() [p0, p1]
        i7 = len_list(p2)
        p8 = getitem_list(p2, 0)
        setfield(p0, p1, descr=b)
        finish(p3, p1, i4, i7, p5, p8)
    """, OPTS, ns=ns, inputs=[(x, 7, [5, 6])])


def test_delayed_write_is_emitted_before_a_call_that_reads():
    x, y = _objs()
    ns = {"r": CallDescr(lambda o: o.a, [REF], REF,
                         EffectInfo(may_raise=False, reads_heap=True, writes_heap=False),
                         name="r")}
    check("""
        [p0, p1]
        setfield(p0, p1, descr=a)
        p2 = call_r(p0, descr=r)
        finish(p2)
    """, """
        [p0, p1]
        setfield(p0, p1, descr=a)
        p2 = call_r(p0, descr=r)
        finish(p2)
    """, OPTS, ns=ns, inputs=[(x, 7)])


def test_delayed_write_is_pending_in_guards_and_done_on_exit():
    x, y = _objs()
    result = check("""
        [p0, p1, i2]
        setfield(p0, p1, descr=a)
        guard_true(i2) [i2]
        setfield(p0, p1, descr=b)
        finish(p0)
    """, """
        [p0, p1, i2]
        guard_true(i2) [i2, p0, p1]
        setfield(p0, p1, descr=a)
        setfield(p0, p1, descr=b)
        finish(p0)
    """, OPTS, inputs=[(x, 7, 1), (y, 8, 0)])
    guard = result.guards()[0]
    assert isinstance(guard.snapshot, EntrySnapshot)
    assert "pending: p0.a=p1" in guard.snapshot.describe(lambda v: {
        result.inputargs[0]: "p0", result.inputargs[1]: "p1",
        result.inputargs[2]: "i2"}.get(v, "?"))


def test_delayed_write_to_another_object_forces_the_first():
    x, y = _objs()
    check("""
        [p0, p1, p2]
        setfield(p0, p2, descr=a)
        setfield(p1, p2, descr=a)
        p3 = getfield_r(p0, descr=a)
        finish(p3)
    """, """
        [p0, p1, p2]
        setfield(p0, p2, descr=a)
        setfield(p1, p2, descr=a)
        p3 = getfield_r(p0, descr=a)
        finish(p3)
    """, OPTS, inputs=[(x, y, 5), (x, x, 5)])


def test_overwritten_delayed_write_is_dropped():
    x, y = _objs()
    check("""
        [p0, p1, p2]
        setfield(p0, p1, descr=a)
        setfield(p0, p2, descr=a)
        finish(p0)
    """, """
        [p0, p1, p2]
        setfield(p0, p2, descr=a)
        finish(p0)
    """, OPTS, inputs=[(x, 1, 2)])


def test_list_items_and_lengths():
    check("""
        [p0, p1, i2, p3]
        p4 = getitem_list(p0, 1)
        p5 = getitem_list(p0, 1)
        i6 = len_list(p0)
        i7 = len_list(p0)
        setitem_list(p0, 0, p3)
        p8 = getitem_list(p0, 1)
        p9 = getitem_list(p0, 0)
        setitem_list(p1, i2, p3)
        p10 = getitem_list(p0, 1)
        i11 = len_list(p0)
        finish(p4, p5, i6, i7, p8, p9, p10, i11)
    """, """
        [p0, p1, i2, p3]
        p4 = getitem_list(p0, 1)
        i5 = len_list(p0)
        setitem_list(p0, 0, p3)
        setitem_list(p1, i2, p3)
        p6 = getitem_list(p0, 1)
        finish(p4, p4, i5, i5, p4, p3, p6, i5)
    """, OPTS, inputs=[([1, 2], [3, 4], 1, 9), ([1, 2], None, 1, 9)][:1])


def test_list_item_at_an_unknown_index_may_alias():
    check("""
        [p0, i1, p2]
        p3 = getitem_list(p0, 0)
        setitem_list(p0, i1, p2)
        p4 = getitem_list(p0, 0)
        finish(p3, p4)
    """, """
        [p0, i1, p2]
        p3 = getitem_list(p0, 0)
        setitem_list(p0, i1, p2)
        p4 = getitem_list(p0, 0)
        finish(p3, p4)
    """, OPTS, inputs=[([1, 2], 0, 5), ([1, 2], 1, 5)])


class VFrame:
    __slots__ = ("locals", "stack")
    _virtualizable_ = ("locals[*]", "stack[*]")


def _vframe():
    """A VFrame, and a namespace whose `locals` and `stack` are its fields."""
    f = VFrame()
    f.locals, f.stack = [1, 2], [3, 4]
    return f, {name: FieldDescr(name, REF, owner=VFrame) for name in ("locals", "stack")}


def test_a_write_to_a_list_a_field_owns_keeps_the_items_of_another_such_list():
    # a virtualizable's array fields own their lists (a generator's locals
    # and stack, which a trace resuming it reads from the heap): writing a
    # local keeps what the stack held; a guest list may be any list
    f, ns = _vframe()
    assert ns["locals"].owns_list and not FieldDescr("locals", REF).owns_list
    check("""
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=locals)
        p4 = getfield_r(p0, descr=stack)
        p5 = getitem_list(p4, 0)
        p6 = getitem_list(p2, 0)
        setitem_list(p3, 1, p1)
        p7 = getitem_list(p4, 0)
        p8 = getitem_list(p2, 0)
        setitem_list(p2, 0, p1)
        p9 = getitem_list(p4, 0)
        finish(p5, p6, p7, p8, p9)
    """, """
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=locals)
        p4 = getfield_r(p0, descr=stack)
        p5 = getitem_list(p4, 0)
        p6 = getitem_list(p2, 0)
        setitem_list(p3, 1, p1)
        p7 = getitem_list(p2, 0)
        setitem_list(p2, 0, p1)
        p8 = getitem_list(p4, 0)
        finish(p5, p6, p5, p7, p8)
    """, OPTS, ns=ns, inputs=[(f, 9, [5, 6]), (f, 9, f.stack)])


def test_a_list_method_keeps_what_is_known_of_the_lists_a_virtualizable_owns():
    # list.append on a guest list writes lists, but never a frame's own
    # (join()'s app-level loop appends each item its generator yields)
    f, ns = _vframe()
    ns["append"] = CallDescr(list.append, (REF, REF), VOID, EFFECT_LISTS_ONLY, name="append")
    check("""
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=stack)
        p4 = getitem_list(p3, 0)
        i5 = len_list(p3)
        p6 = getitem_list(p2, 0)
        call_n(p2, p1, descr=append)
        guard_no_exception() []
        p7 = getitem_list(p3, 0)
        i8 = len_list(p3)
        p9 = getitem_list(p2, 0)
        finish(p4, i5, p6, p7, i8, p9)
    """, """
        [p0, p1, p2]
        p3 = getfield_r(p0, descr=stack)
        p4 = getitem_list(p3, 0)
        i5 = len_list(p3)
        p6 = getitem_list(p2, 0)
        call_n(p2, p1, descr=append)
        guard_no_exception() []
        p7 = getitem_list(p2, 0)
        finish(p4, i5, p6, p4, i5, p7)
    """, OPTS, ns=ns, inputs=[(f, 9, [5, 6])])


def _replace_items(lst, items):
    lst[:] = items


def test_a_list_call_given_a_list_a_virtualizable_owns_forgets_it():
    # the runtime writes a resumed generator's list back whole with a
    # lists_only call given that list (warmspot._write_back_resumed): what
    # the trace knew of it is stale, what it knew of the frame's other list
    # is not
    f, ns = _vframe()
    ns["replace"] = CallDescr(_replace_items, (REF, REF), VOID, EFFECT_LISTS_ONLY,
                              name="replace")
    check("""
        [p0, p1]
        p2 = getfield_r(p0, descr=stack)
        p3 = getfield_r(p0, descr=locals)
        p4 = getitem_list(p2, 0)
        i5 = len_list(p2)
        p6 = getitem_list(p3, 0)
        call_n(p2, p1, descr=replace)
        guard_no_exception() []
        p7 = getitem_list(p2, 0)
        i8 = len_list(p2)
        p9 = getitem_list(p3, 0)
        finish(p4, i5, p7, i8, p6, p9)
    """, """
        [p0, p1]
        p2 = getfield_r(p0, descr=stack)
        p3 = getfield_r(p0, descr=locals)
        p4 = getitem_list(p2, 0)
        i5 = len_list(p2)
        p6 = getitem_list(p3, 0)
        call_n(p2, p1, descr=replace)
        guard_no_exception() []
        p7 = getitem_list(p2, 0)
        i8 = len_list(p2)
        finish(p4, i5, p7, i8, p6, p6)
    """, OPTS, ns=ns, inputs=[(f, [7, 8, 9])])
