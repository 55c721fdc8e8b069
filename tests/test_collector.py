"""The JIT and the cyclic collector (tracer/collector.py): a compiled
trace's own objects leave the collector's sight, the guest's objects it
refers to stay in it, and nothing taken out is in a cycle (dropping the
trace frees it without a collection)."""

import gc
import weakref

import pytest

from backend_x86.select import supported
from tracer import collector
from tracer.ir import REF, ConstInt, ConstPtr, TraceBuilder
from tracer.ir.descr import FieldDescr
from tracer.resume import FrameSnapshot, FrameState, VirtualInfo

UNTRACKERS = [pytest.param(collector.untrack_each, id="ctypes")]
if supported():
    from backend_x86.backend import X86Backend
    UNTRACKERS.append(pytest.param(lambda objs: X86Backend().untrack(objs), id="x86"))


class Point:
    pass


def make_trace():
    """A loop whose guard has a FrameSnapshot with a constant, a virtual
    and a pending write, and whose ops have constants."""
    guest_list = [1, 2, 3]
    guest_obj = Point()
    b = TraceBuilder()
    p0, i1 = b.inputs(REF, REF)
    label = b.label(p0, i1)
    i2 = b.int_add(b.unbox_int(i1), ConstInt(1))
    vi = VirtualInfo("tuple", [(0, ("int", i2)), (1, ("const", guest_list))])
    fields = (("locals", (("ref", p0), ("int", i2), ("virtual", vi))),
              ("stack", (("const", guest_obj),)))
    descr = FieldDescr("x", owner=Point)
    snap = FrameSnapshot([FrameState(("code", 7), fields)],
                         pending=[(("ref", p0), descr, ("int", i2))])
    guard = b.guard_class(p0, ConstPtr(Point), snapshot=snap)
    b.jump(p0, i1)
    return b.build(), label, guard, (guest_list, guest_obj)


@pytest.mark.parametrize("untrack", UNTRACKERS)
def test_a_compiled_traces_objects_leave_the_collectors_sight(untrack):
    trace, label, guard, guest = make_trace()
    snap = guard.snapshot
    frame = snap.frames[0]
    ours = [trace, trace.ops, *trace.inputargs, guard, guard.args, snap, snap.frames, frame,
            frame.fields, frame.fields[0][1], snap.pending, frame.fields[0][1][2][1]]
    assert all(gc.is_tracked(o) for o in ours)
    collector.keep_out(trace, untrack)
    assert not any(gc.is_tracked(o) for o in ours)
    # what the trace stands for is the guest's: still in sight
    assert all(gc.is_tracked(o) for o in guest)
    # a label is in a cycle with its TargetToken: it stays in sight
    assert gc.is_tracked(label) and label.descr is not None


def test_what_was_taken_out_is_freed_by_reference_counting():
    trace, label, guard, guest = make_trace()
    collector.keep_out(trace)
    gone = weakref.ref(guard)
    was = gc.isenabled()
    gc.disable()
    try:
        del trace, guard
        label.descr = None          # the label's own cycle, which stays in sight
        del label
        assert gone() is None
    finally:
        if was:
            gc.enable()


def test_only_types_that_cope_with_it_are_untracked():
    assert collector.untrackable(tuple) and collector.untrackable(Point)

    class Finalized:
        def __del__(self):
            pass

    class FromDict(dict):
        pass
    # a finalizer re-tracks during deallocation; a base written in C (or a
    # function, a cell) untracks unconditionally when freed
    assert not collector.untrackable(Finalized)
    assert not collector.untrackable(FromDict)
    assert not collector.untrackable(type(lambda: 0))


@pytest.mark.skipif(not supported(), reason="x86-64 backend only")
def test_loops_compiled_by_the_jit_are_out_of_sight():
    """End to end with examples/bf: the loops' guards and their resume
    data leave the collector's lists once compiled, the output is right."""
    from tests.test_bf_example import MANDEL, reference, run_bf
    from examples.bf import mandelgen
    src = mandelgen.generate(*MANDEL)
    got, ws = run_bf(src, "", "x86")
    assert got == reference(src)
    guards = [op for unit in ws.backend.units for op in unit.trace.ops
              if getattr(op, "snapshot", None) is not None]
    assert len(guards) > 5
    assert not any(gc.is_tracked(g) or gc.is_tracked(g.snapshot) for g in guards)


def test_snapshots_share_what_their_mapping_does_not_change():
    # (fewer tuples for the collector to walk: resume.FrameSnapshot.map_entries)
    from tracer.ir import INT, InputArg
    a, b = InputArg(INT), InputArg(INT)
    caller = FrameState(("caller", 1), (("locals", (("int", a),)),))
    callee = FrameState(("callee", 2), (("locals", (("int", a), ("int", b))),
                                        ("stack", (("int", b),))))
    snap = FrameSnapshot([caller, callee], None, ())
    same = snap.map_entries(lambda e, memo: e)
    assert same.frames[0] is caller and same.frames[1] is callee
    b_for_a = ("int", b)

    def rename(e, memo):
        return b_for_a if e[1] is a else e
    shared = {}
    one = snap.map_entries(rename, shared=shared)
    two = snap.map_entries(rename, shared=shared)
    assert one.frames[1].fields == (("locals", (b_for_a, ("int", b))), ("stack", (("int", b),)))
    assert one.frames[1].fields[1] is callee.fields[1]      # the stack did not change
    assert two.frames[0] is one.frames[0] and two.frames[1] is one.frames[1]
