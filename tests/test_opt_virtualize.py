"""Allocation removal (the `virtualize` pass) and virtuals in resume data."""

from tracer.ir import CallDescr, EFFECT_ANY, REF
from tracer.optimizer.testing import check, opt_text
from tracer.resume import EntrySnapshot, VirtualInfo, rebuild_entries, rebuild_values

OPTS = ("virtualize",)


class Point:
    __slots__ = ("x", "y")


def test_box_unbox_goes_away():
    check("""
        [i0, f1]
        p2 = box_int(i0)
        i3 = unbox_int(p2)
        p4 = box_float(f1)
        f5 = unbox_float(p4)
        guard_class(p2, ConstPtr(int)) [i0]
        guard_int64(p2) [i0]
        guard_nonnull(p4) [i0]
        finish(i3, f5)
    """, """
        [i0, f1]
        finish(i0, f1)
    """, OPTS, inputs=[(3, 1.5)])


def test_tuple_from_unpacking_never_exists():
    check("""
        [p0, p1]
        p2 = new_tuple(p0, p1)
        i3 = len_tuple(p2)
        guard_value(i3, 2) [p0]
        p4 = getitem_tuple(p2, 0)
        p5 = getitem_tuple(p2, 1)
        finish(p5, p4)
    """, """
        [p0, p1]
        finish(p1, p0)
    """, OPTS + ("fold",), inputs=[(1, "a")])


def test_escaping_box_is_allocated_where_it_escapes():
    ns = {"use": CallDescr(lambda o: o, [REF], REF, EFFECT_ANY, name="use")}
    check("""
        [i0]
        p1 = box_int(i0)
        i2 = int_add(i0, 1)
        p3 = call_r(p1, descr=use)
        guard_no_exception() [i0]
        finish(p3)
    """, """
        [i0]
        i1 = int_add(i0, 1)
        p2 = box_int(i0)
        p3 = call_r(p2, descr=use)
        guard_no_exception() [i0]
        finish(p3)
    """, OPTS, ns=ns, inputs=[(3,)])


def test_escaping_into_a_real_object_forces_without_heap_pass():
    check("""
        [p0, i1]
        p2 = box_int(i1)
        setfield(p0, p2, descr=x)
        finish(p0)
    """, """
        [p0, i1]
        p2 = box_int(i1)
        setfield(p0, p2, descr=x)
        finish(p0)
    """, OPTS)


def test_object_fields_are_tracked_and_the_snapshot_rebuilds_it():
    ns = {"Point": Point}
    result = check("""
        [i0, p1]
        p2 = new_object(descr=Point)
        setfield(p2, p1, descr=x)
        p3 = box_int(i0)
        setfield(p2, p3, descr=y)
        p4 = getfield_r(p2, descr=x)
        guard_true(i0) [p2, p4]
        finish(p4)
    """, """
        [i0, p1]
        guard_true(i0) [p1, i0]
        finish(p1)
    """, OPTS, ns=ns, inputs=[(0, "a"), (5, "b")])
    snap = result.guards()[0].snapshot
    assert isinstance(snap, EntrySnapshot)
    obj, x = rebuild_values(snap, ["b", 0])
    assert type(obj) is Point and obj.x == "b" and obj.y == 0 and x == "b"


class Finalized:
    __slots__ = ("x",)
    finalized = []

    def __del__(self):
        Finalized.finalized.append(self.x)


def test_an_object_with_a_finalizer_is_never_virtual():
    # CPython finalizes every instance: one never made is never finalized
    ns = {"Finalized": Finalized, "Point": Point}
    check("""
        [p0]
        p1 = new_object(descr=Finalized)
        setfield(p1, p0, descr=x)
        p2 = new_object(descr=Point)
        setfield(p2, p0, descr=x)
        p3 = getfield_r(p1, descr=x)
        p4 = getfield_r(p2, descr=x)
        finish(p3, p4)
    """, """
        [p0]
        p1 = new_object(descr=Finalized)
        setfield(p1, p0, descr=x)
        finish(p0, p0)
    """, OPTS + ("heap",), ns=ns, inputs=[("a",)])
    assert "a" in Finalized.finalized       # the runs made it, and it was finalized


def test_identity_of_virtuals():
    check("""
        [p0, i1]
        p2 = new_tuple(p0, p0)
        p3 = new_tuple(p0, p0)
        i4 = ptr_eq(p2, p3)
        i5 = ptr_eq(p2, p2)
        i6 = ptr_ne(p2, p0)
        p7 = box_int(i1)
        i8 = ptr_eq(p7, ConstPtr(None))
        finish(i4, i5, i6, i8)
    """, """
        [p0, i1]
        finish(0, 1, 1, 0)
    """, OPTS, inputs=[(1, 2)])


def test_identity_of_a_box_with_an_unknown_value_forces():
    # small ints are shared objects: box_int(i) may be p0
    check("""
        [p0, i1]
        p2 = box_int(i1)
        i3 = ptr_eq(p2, p0)
        finish(i3)
    """, """
        [p0, i1]
        p2 = box_int(i1)
        i3 = ptr_eq(p2, p0)
        finish(i3)
    """, OPTS, inputs=[(5, 5), (None, 5)])


def test_virtual_list_reads_and_writes():
    check("""
        [p0, p1, i2]
        p3 = new_list(p0, p1)
        setitem_list(p3, 0, p1)
        p4 = getitem_list(p3, 0)
        i5 = len_list(p3)
        p6 = getitem_list(p3, i2)
        finish(p4, i5, p6)
    """, """
        [p0, p1, i2]
        p3 = new_list(p1, p1)
        p4 = getitem_list(p3, i2)
        finish(p1, 2, p4)
    """, OPTS, inputs=[(1, 2, 1)])


def test_shared_and_cyclic_virtuals_in_resume_data():
    ns = {"Point": Point}
    result = check("""
        [i0]
        p1 = new_object(descr=Point)
        p2 = new_tuple(p1, p1)
        setfield(p1, p2, descr=x)
        setfield(p1, p1, descr=y)
        guard_true(i0) [p2, p1]
        finish(i0)
    """, """
        [i0]
        guard_true(i0) []
        finish(i0)
    """, OPTS, ns=ns)
    snap = result.guards()[0].snapshot
    t, p = rebuild_values(snap, [])
    assert t == (p, p) and p.x is t and p.y is p


def test_frame_snapshot_with_virtuals_and_pending_writes():
    from tracer.resume import FrameSnapshot, FrameState
    from tracer.ir import TraceBuilder, INT, REF as R, FieldDescr
    b = TraceBuilder()
    i0, p1 = b.inputs(INT, R)
    b.label(i0, p1)
    box = b.box_int(i0)
    tup = b.new_tuple(box, p1)
    field = FieldDescr("x")
    b.setfield(p1, box, descr=field)
    snap = FrameSnapshot([FrameState(("code", 3), (("locals", (("ref", tup), ("ref", box))),))])
    b.guard_true(i0, snapshot=snap)
    b.finish(i0)
    from tracer.optimizer import optimize
    result = optimize(b.build(), ("virtualize", "heap"), strict=True)
    guard = result.guards()[0]
    assert [op.name for op in result.ops if op.name != "label"] == ["guard_true", "box_int",
                                                                     "setfield", "finish"]
    kinds = [e[0] for e in guard.snapshot.frames[0].fields[0][1]]
    assert kinds == ["virtual", "int"]
    assert isinstance(guard.snapshot.frames[0].fields[0][1][0][1], VirtualInfo)

    class Holder:
        __slots__ = ("x",)
    h = Holder()
    values = {v: x for v, x in zip(guard.snapshot.fail_args, [0, h])}
    frames = rebuild_entries(guard.snapshot, [values[v] for v in guard.snapshot.fail_args])
    (greens, fields), = frames
    assert greens == ("code", 3)
    assert fields["locals"] == [(0, h), 0]
    assert h.x == 0          # the pending write was done


def test_a_snapshot_rebuilt_often_gets_a_function_of_its_own_that_agrees():
    from tracer.ir import FLOAT, INT, NULL, ConstInt, FieldDescr, InputArg
    from tracer.resume import COMPILE_AFTER, FrameSnapshot, FrameState

    class Holder:
        __slots__ = ("x", "y")

    r0, i1, f2, b3, r4 = (InputArg(k) for k in (REF, INT, FLOAT, INT, REF))
    x, y = FieldDescr("x"), FieldDescr("y", INT)
    frames = [FrameState(("code", 3), (("locals", (("ref", r0), ("int", i1), ("const", "k"))),
                                       ("stack", (("float", f2), ("bool", b3), ("ref", r4))))),
              FrameState(("callee", 0), (("locals", (("int", ConstInt(7)), ("ref", r0))),))]
    snap = FrameSnapshot(frames, pending=((("ref", r4), x, ("ref", r0)),
                                          (("ref", r4), y, ("int", i1))))
    for n in range(COMPILE_AFTER + 2):      # the general path, then the function
        h = Holder()
        out = rebuild_entries(snap, [[n], -n, n / 2, n % 2, h])
        assert out == [(("code", 3), {"locals": [[n], -n, "k"], "stack": [n / 2, bool(n % 2), h]}),
                       (("callee", 0), {"locals": [7, [n]]})]
        assert h.x == [n] and h.y == -n
        assert type(out[0][1]["stack"][1]) is bool
    assert callable(snap.rebuilder)
    null = rebuild_entries(snap, [NULL, 0, 0.0, 0, Holder()])
    assert null[0][1]["locals"][0] is None and null[1][1]["locals"][1] is None
    # a snapshot with a virtual keeps the general path
    from tracer.resume import VirtualInfo
    virtual = FrameSnapshot([FrameState(("code", 0), (("locals", (
        ("virtual", VirtualInfo("tuple", ((0, ("ref", r0)),))),)),))])
    for n in range(COMPILE_AFTER + 2):
        assert rebuild_entries(virtual, [n]) == [(("code", 0), {"locals": [(n,)]})]
    assert virtual.rebuilder is False
