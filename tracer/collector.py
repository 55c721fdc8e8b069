"""The JIT and CPython's cyclic garbage collector.

Optimizing and compiling run with the collector paused (`pause`,
`resume`): no guest code runs there, and most of the IR made meanwhile is
freed by the end, so a collection in between would walk it for nothing.
Recording runs guest code, so it keeps the collector as the guest set it.

A compiled trace lives as long as its code: its ops and every guard's
resume data.  In the collector's sight, those objects are walked by every
collection of the generation they reach and by every full collection, the
three at interpreter exit included: with a hundred traces compiled (tens of
thousands of ops, snapshots and entries), a fifth of a program's run and
most of its exit went to walking them.  `keep_out` takes them out of the
collector's lists, as CPython's `gc.freeze` takes a program's start-up
objects out of it (pvmx freezes its own, interp/cli.py), but only the
JIT's: it walks the trace's own structure (the trace, its ops and their
argument lists, the constants, the snapshots, their frames, fields,
entries and virtuals) and never goes into what an entry or a constant
stands for, a descr or a green, which may be the guest's.

They are still freed by reference counting; what they can no longer be is
cyclic garbage: none of them is in a cycle (a label op is, with its
TargetToken, and stays in sight), and the JIT keeps a trace until exit.  An
object they refer to counts as referenced from outside, as from a C
global, so nothing they hold is freed under them.  Collections are not
made earlier or later for the guest's objects.
"""

import ctypes
import gc

from tracer.ir.descr import TextLocation
from tracer.ir.optable import rop
from tracer.ir.values import Const

try:
    _untrack_one = ctypes.pythonapi.PyObject_GC_UnTrack
    _untrack_one.argtypes = [ctypes.py_object]
    _untrack_one.restype = None
except (AttributeError, OSError):     # not CPython: nothing to take out
    _untrack_one = None

# Only types whose deallocation copes with an untracked object: the
# containers (their tp_dealloc calls PyObject_GC_UnTrack, which checks) and
# classes written in Python on `object` alone without __del__
# (subtype_dealloc does the same, and re-tracks only for a finalizer or a
# base written in C).  Functions, cells, frames and most other C types
# untrack unconditionally when freed, which corrupts the collector's lists
# for an object already out of them.
_HEAPTYPE = 1 << 9
_untrackable = {t: True for t in (tuple, list, dict)}


def untrackable(t):
    ok = _untrackable.get(t)
    if ok is None:
        ok = _untrackable[t] = all(
            c is object or (c.__flags__ & _HEAPTYPE and "__del__" not in vars(c))
            for c in t.__mro__)
    return ok


def untrack_each(objects):
    """PyObject_GC_UnTrack on each object (a backend may do it faster)."""
    if _untrack_one is not None:
        for obj in objects:
            _untrack_one(obj)


def pause():
    """Before the JIT optimizes: the collector stopped; whether it ran."""
    collecting = gc.isenabled()
    gc.disable()
    return collecting


def resume(collecting):
    if collecting:
        gc.enable()


def keep_out(trace, untrack=untrack_each):
    """Take a compiled trace's own objects out of the collector's sight;
    `untrack(list)` does it."""
    found = []
    add = found.append
    seen = set()
    add(trace)
    add(trace.inputargs)
    for arg in trace.inputargs:
        add(arg)
    add(trace.ops)
    for op in trace.ops:
        if op.opnum != rop.LABEL:       # a label's TargetToken refers back to it
            add(op)
        if isinstance(op.descr, TextLocation):     # a descr of the trace's own
            add(op.descr)
        add(op.args)
        for a in op.args:
            if isinstance(a, Const):
                add(a)
        snapshot = getattr(op, "snapshot", None)
        if snapshot is not None and id(snapshot) not in seen:
            seen.add(id(snapshot))
            _snapshot(snapshot, add, seen)
    untrack([o for o in found if untrackable(type(o))])


def _snapshot(snap, add, seen):
    add(snap)
    frames = getattr(snap, "frames", None)
    if frames is not None:
        add(frames)
        for f in frames:
            if id(f) in seen:
                continue
            seen.add(id(f))
            add(f)
            add(f.greens)
            add(f.fields)
            for field in f.fields:
                add(field)
                add(field[1])
                for entry in field[1]:
                    _entry(entry, add, seen)
    entries = getattr(snap, "entries", None)
    if entries is not None:
        add(entries)
        for entry in entries:
            _entry(entry, add, seen)
    pending = getattr(snap, "pending", ())
    if pending:
        add(pending)
        for write in pending:
            add(write)
            _entry(write[0], add, seen)
            _entry(write[2], add, seen)
    args = getattr(snap, "_fail_args", None) if frames is not None \
        else getattr(snap, "fail_args", None)
    if type(args) is tuple or type(args) is list:
        add(args)


def _entry(entry, add, seen):
    if id(entry) in seen:
        return
    seen.add(id(entry))
    add(entry)
    kind, v = entry
    if kind == "virtual":
        add(v)
        add(v.fields)
        for field in v.fields:
            add(field)
            _entry(field[1], add, seen)
    elif kind != "const" and isinstance(v, Const):
        add(v)
