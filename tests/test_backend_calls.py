"""x86 backend: residual calls (host callables and C functions), exceptions,
interpreter objects' fields, and reference counts, on machine code and on
the IR executor."""

import abc
import ctypes
import gc
import math
import operator
import sys

import pytest

from backend_x86 import supported

pytestmark = pytest.mark.skipif(not supported(), reason="no x86-64 backend on this host")

from tracer.ir import (EFFECT_ANY, EFFECT_ELIDABLE, EFFECT_NONE, FLOAT, INT,  # noqa: E402
                       REF, VOID, CallDescr, FieldDescr)
from tracer.textform import parse_trace  # noqa: E402


@pytest.fixture
def both():
    from backend_x86.testing import Both
    return Both()


def raiser(x):
    if x < 0:
        raise KeyError(x)
    return x + 1


def test_calls_of_each_kind(both):
    seen = []
    ns = {
        "add": CallDescr(lambda a, b: a + b, (INT, INT), INT, EFFECT_NONE),
        "half": CallDescr(lambda x: x / 2, (FLOAT,), FLOAT, EFFECT_NONE),
        "pair": CallDescr(lambda a, b: (a, b), None, REF, EFFECT_NONE),
        "log": CallDescr(seen.append, (REF,), VOID, EFFECT_NONE),
        "sq": CallDescr(lambda x: x * x, (INT,), INT, EFFECT_ELIDABLE),
        "mix": CallDescr(lambda *a: a, None, REF, EFFECT_NONE),
    }
    trace = parse_trace("""
    [i0, f1, p2]
    i2 = call_i(i0, 5, descr=add)
    f3 = call_f(f1, descr=half)
    p4 = call_r(i2, f3, descr=pair)
    call_n(p4, descr=log)
    i5 = call_pure_i(i2, descr=sq)
    p6 = call_r(i0, f1, p2, -7, 2.5, ConstPtr(None), i5, f3, p4, descr=mix)
    finish(i5, p6)
    """, ns)
    both.check(trace, [1, 3.0, "x"])
    both.check(trace, [-(2 ** 31), -0.0, ("y",)])
    assert seen[0] == seen[1] == (6, 1.5)


class _Falsy:
    def __init__(self, answer):
        self.answer = answer

    def __bool__(self):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class _StrSub(str):
    pass


class _Index:
    def __index__(self):
        return 7


class _BadStr:
    def __str__(self):
        return 42           # str() raises TypeError: __str__ returned non-string

    def __repr__(self):
        raise ValueError("no repr")


_GUARDED_REF = "p9 = call_r({args}, descr=f)\nguard_no_exception() [p0]\nfinish(p9)"


@pytest.mark.parametrize("func, kind, shape, cases", [
    (slice, REF, _GUARDED_REF,
     [(1, None, -1), ("a", 2.5, None)]),
    (operator.getitem, REF, _GUARDED_REF,
     [([1, 2, 3], 1), ("text", slice(1, 3)), ({"k": 1}, "missing"), ((), 0)]),
    (operator.setitem, VOID, "call_n({args}, descr=f)\nguard_no_exception() [p1]\nfinish(p0)",
     [([1, 2], 0, "x"), ([1, 2], 5, "x"), ({}, "k", 1), ((), 0, 1)]),
    (operator.delitem, VOID, "call_n({args}, descr=f)\nguard_no_exception() [p1]\nfinish(p0)",
     [([1, 2], 0), ({}, "k")]),
    (operator.add, REF, _GUARDED_REF, [(2 ** 70, 1), ("a", "b"), ("a", 1), ([1], [2])]),
    (operator.ifloordiv, REF, _GUARDED_REF, [(7, 2), (7.5, 0), (-7, 2)]),
    (operator.lt, REF, _GUARDED_REF, [(1, 2), ("b", "a"), (1, "a"), ((1, 2), (1, 3))]),
    (operator.neg, REF, _GUARDED_REF, [(5,), (-0.0,), ("a",)]),
    (str, REF, _GUARDED_REF, [(12345,), ("same",), (_StrSub("sub"),), (_BadStr(),), (2.5,)]),
    (int, REF, _GUARDED_REF, [(2.9,), (" -17 ",), ("x",), (True,), (2 ** 80,), (_Index(),)]),
    (float, REF, _GUARDED_REF, [(3,), (" 1e3 ",), ("nan",), ("x",), (_Index(),), (2 ** 2000,)]),
    (abs, REF, _GUARDED_REF, [(-3,), (-0.0,), ("x",), (-2 ** 70,)]),
    (repr, REF, _GUARDED_REF, [("q'uote",), ([1, "a"],), (_BadStr(),)]),
    (bool, INT, "i9 = call_i({args}, descr=f)\nguard_no_exception() [p0]\n"
                "i10 = int_add(i9, 0)\nfinish(i10)",
     [([],), ("x",), (_Falsy(False),), (_Falsy(ValueError("no")),), (_Falsy(2),)]),
])
def test_host_callables_that_are_one_c_function_are_called_directly(both, func, kind, shape,
                                                                     cases):
    import struct
    from backend_x86 import capi
    n = len(cases[0])
    names = [f"p{i}" for i in range(n)]
    ns = {"f": CallDescr(func, [REF] * n, kind, EFFECT_ANY)}
    trace = parse_trace(f"[{', '.join(names)}]\n" + shape.format(args=", ".join(names)), ns)
    unit = both.compile(trace)[1]
    code = ctypes.string_at(unit.address, unit.code_size)
    assert struct.pack("<Q", capi.address(capi.equivalent(func, n)[0])) in code
    assert struct.pack("<Q", capi.address("PyObject_Vectorcall")) not in code
    for case in cases:
        # fresh containers for each run (the executor's, then the machine code's)
        both.check(trace, lambda: [type(x)(x) if type(x) in (list, dict) else x for x in case])


def test_exception_leaves_by_guard_no_exception(both):
    ns = {"f": CallDescr(raiser, (INT,), INT)}
    trace = parse_trace("""
    [i0]
    i1 = call_i(i0, descr=f)
    guard_no_exception() [i0]
    i2 = int_add(i1, 1)
    jump(i2)
    """, ns)
    both.check(trace, [-3])                 # compares the exceptions too
    both.check(trace, [0], max_iterations=5)
    for kind, fn in (("r", lambda x: (x,) if x >= 0 else {}[x]),
                     ("f", lambda x: 0.5 if x >= 0 else 1 / 0),
                     ("n", lambda x: None if x >= 0 else [][x])):
        ns = {"f": CallDescr(fn, (INT,), {"r": REF, "f": FLOAT, "n": VOID}[kind])}
        res = "" if kind == "n" else f"{'p' if kind == 'r' else 'f'}1 = "
        t = parse_trace(f"""
        [i0, p9]
        {res}call_{kind}(i0, descr=f)
        guard_no_exception() [i0, p9]
        finish(i0)
        """, ns)
        both.check(t, [3, ("keep",)])
        both.check(t, [-1, ("keep",)])


def test_call_returning_the_wrong_type_for_its_kind_raises():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    ns = {"f": CallDescr(lambda x: "no int", (INT,), INT)}
    trace = parse_trace("""
    [i0]
    i1 = call_i(i0, descr=f)
    guard_no_exception() [i0]
    finish(i1)
    """, ns)
    n, values = be.run(be.compile(trace), [1])
    assert be.exits[n] is trace.ops[1] and isinstance(be.grab_exception(), TypeError)


def test_unguarded_exception_propagates_from_run(both):
    ns = {"f": CallDescr(raiser, (INT,), INT, EFFECT_NONE)}
    trace = parse_trace("[i0, p1]\ni1 = call_i(i0, descr=f)\np2 = box_int(i1)\nfinish(i1, p2)", ns)
    both.check(trace, [1, "x"])
    both.check(trace, [-1, "x"])            # both raise KeyError(-1)


def test_c_functions_called_natively(both):
    libm = ctypes.CDLL("libm.so.6")
    hypot = libm.hypot
    hypot.restype, hypot.argtypes = ctypes.c_double, [ctypes.c_double, ctypes.c_double]
    labs = ctypes.CDLL(None).labs
    labs.restype, labs.argtypes = ctypes.c_long, [ctypes.c_long]
    from backend_x86.isel.calls import NativeFunction
    number_add = NativeFunction(ctypes.cast(ctypes.pythonapi.PyNumber_Add, ctypes.c_void_p).value)
    get_item = NativeFunction(ctypes.cast(ctypes.pythonapi.PyList_GetItem, ctypes.c_void_p).value,
                              borrowed=True)
    ns = {
        "getitem": CallDescr(get_item, (REF, INT), REF, EFFECT_ANY),
        "hypot": CallDescr(hypot, (FLOAT, FLOAT), FLOAT, EFFECT_NONE),
        "labs": CallDescr(labs, (INT,), INT, EFFECT_NONE),
        "add": CallDescr(number_add, (REF, REF), REF, EFFECT_ANY),
    }
    trace = parse_trace("""
    [f0, f1, i2, p3, p4]
    f5 = call_f(f0, f1, descr=hypot)
    i6 = call_i(i2, descr=labs)
    p7 = call_r(p3, p4, descr=add)
    guard_no_exception() [f5, i6]
    p8 = call_r(p7, 1, descr=getitem)
    guard_no_exception() [f5, i6]
    finish(f5, i6, p7, p8)
    """, ns)
    be = both.be
    unit = be.compile(trace)
    items = [[5], [6]]
    before = sys.getrefcount(items[1])
    n, values = be.run(unit, [3.0, 4.0, -12, items[:1], items[1:]])
    same = values == (5.0, 12, items, items[1])
    del values
    after = sys.getrefcount(items[1])       # not inside an assert: pytest's rewriting
    assert same and after == before         # holds on to the operands
    n, values = be.run(unit, [3.0, 4.0, -12, [1], "s"])
    assert be.exits[n] is trace.ops[3] and isinstance(be.grab_exception(), TypeError)
    n, values = be.run(unit, [3.0, 4.0, -12, [], [2]])
    assert be.exits[n] is trace.ops[5] and isinstance(be.grab_exception(), IndexError)


# --- fields and objects -----------------------------------------------------------------

class Node:
    __slots__ = ("value", "next", "weight")


class Plain:
    pass


def test_fields_and_new_object(both):
    ns = {"Node": Node, "Plain": Plain,
          "value": FieldDescr("value", INT, Node), "next": FieldDescr("next", REF, Node),
          "weight": FieldDescr("weight", FLOAT, Node),
          "pv": FieldDescr("pv", INT, Plain), "pw": FieldDescr("pw", FLOAT, Plain),
          "weird": FieldDescr("not an identifier", REF)}
    trace = parse_trace("""
    [p0, i1, f8]
    p2 = new_object(descr=Node)
    setfield(p2, i1, descr=value)
    setfield(p2, p0, descr=next)
    setfield(p2, f8, descr=weight)
    i3 = getfield_i(p2, descr=value)
    f4 = getfield_f(p2, descr=weight)
    p5 = getfield_r(p2, descr=next)
    p6 = new_object(descr=Plain)
    setfield(p6, p5, descr=weird)
    p7 = getfield_r(p6, descr=weird)
    setfield(p6, i3, descr=pv)
    setfield(p6, f4, descr=pw)
    i9 = getfield_i(p6, descr=pv)
    f10 = getfield_f(p6, descr=pw)
    setfield(p2, i9, descr=value)
    setfield(p2, p6, descr=next)
    finish(i3, f4, p5, p7, i9, f10)
    """, ns)
    for args in ([None, 42, 0.5], [("t",), -(2 ** 63), -0.0], [None, 2 ** 62 + 5, math.inf]):
        both.check(trace, args)
    n, values = both.be.run(both.compile(trace)[1], [None, 7, 1.5])
    assert values == (7, 1.5, None, None, 7, 1.5)


class _Abstract(abc.ABC):
    @abc.abstractmethod
    def f(self):
        pass


class _OwnNew:
    made = 0

    def __new__(cls):
        cls.made += 1
        return object.__new__(cls)


def test_new_object_allocates_as_object_new_does(both):
    # a class with __slots__ is allocated directly (PyType_GenericAlloc), a
    # plain one by object's tp_new (its inline values laid out); an abstract
    # class or one with its own __new__ goes through the call, which raises
    # or runs it as object.__new__(cls) would
    from backend_x86.layout import DICT_VALUES, allocates_plainly, news_as_object
    assert allocates_plainly(Node) and news_as_object(Plain) and not allocates_plainly(Plain)
    assert not news_as_object(_Abstract) and not news_as_object(_OwnNew)
    for cls in (Plain, Node, _Abstract, _OwnNew):
        trace = parse_trace("[i0]\np1 = new_object(descr=C)\nfinish(p1, i0)", {"C": cls})
        (n1, v1, e1), (n2, v2, e2) = both.run(trace, [1])
        assert n1 == n2 and [type(v) for v in v1] == [type(v) for v in v2]
        assert type(e1) is type(e2) and (e1 is None or e1.args == e2.args)
        assert (e2 is None) == (cls is not _Abstract), e2
    unit = both.compile(parse_trace("[]\np1 = new_object(descr=C)\nfinish(p1)", {"C": Node}))[1]
    made = [both.be.run(unit, [])[1][0] for _ in range(3)]
    assert all(type(x) is Node and gc.is_tracked(x) for x in made)
    assert len(set(map(id, made))) == 3
    mine, fresh = made[0], Node()
    keep = [fresh]
    assert sys.getrefcount(mine) == sys.getrefcount(fresh)      # owned once, as made here
    del keep
    made_before = _OwnNew.made
    # an instance made by the code keeps its attributes as CPython's own do:
    # in values laid out for the class's shared keys, so that its dict, once
    # asked for (as traces do to read and write attributes), is split (it has
    # ma_values), not a combined dict of its own
    made = both.be.run(both.compile(parse_trace("[]\np1 = new_object(descr=C)\nfinish(p1)",
                                                {"C": Plain}))[1], [])[1][0]
    here = Plain()
    for obj in (made, here):
        obj.__dict__["pv"] = 1
        obj.pw = 2.5
    assert all(ctypes.c_void_p.from_address(id(obj.__dict__) + DICT_VALUES).value
               for obj in (made, here))
    unit = both.compile(parse_trace("[]\np1 = new_object(descr=C)\nfinish(p1)", {"C": _OwnNew}))[1]
    assert type(both.be.run(unit, [])[1][0]) is _OwnNew and _OwnNew.made == made_before + 1


class _Float(float):
    pass


def test_a_float_field_only_its_object_holds_takes_the_new_value_in_place(both):
    ns = {"weight": FieldDescr("weight", FLOAT, Node)}
    bump = parse_trace("""
    [p0, f1]
    f2 = getfield_f(p0, descr=weight)
    f3 = float_add(f2, f1)
    setfield(p0, f3, descr=weight)
    finish(f3)
    """, ns)
    unit = both.compile(bump)[1]
    node = _node(0)
    node.weight = float("1.5")
    before = id(node.weight)
    both.be.run(unit, [node, 0.25])
    assert node.weight == 1.75 and id(node.weight) == before   # nothing else held it
    held = node.weight
    both.be.run(unit, [node, 0.25])
    assert node.weight == 2.0 and held == 1.75 and node.weight is not held
    store = parse_trace("[p0, f1]\nsetfield(p0, f1, descr=weight)\nfinish()", ns)
    unset = Node()
    both.be.run(both.compile(store)[1], [unset, -0.0])
    assert math.copysign(1.0, unset.weight) == -1.0
    for old in (3, _Float(2.5), float("4.5"), held):
        node.weight = old
        both.be.run(both.compile(store)[1], [node, 6.5])
        assert node.weight == 6.5 and type(node.weight) is float and node.weight is not old
    for args in ([_node(1), 0.5], [Node(), math.nan]):
        both.check(store, args)


def test_reading_a_missing_field_raises_attribute_error(both):
    ns = {"next": FieldDescr("next", REF, Node), "value": FieldDescr("value", INT, Node),
          "x": FieldDescr("x", REF, Plain)}
    for text in ("[p0]\np1 = getfield_r(p0, descr=next)\nfinish(p1)",
                 "[p0]\ni1 = getfield_i(p0, descr=value)\nfinish(i1)",
                 "[p0]\np1 = getfield_r(p0, descr=x)\nfinish(p1)"):
        trace = parse_trace(text, ns)
        obj = Node() if "x)" not in text else Plain()
        both.check(trace, [obj])


def _node(value):
    node = Node()
    node.value, node.next, node.weight = value, None, 0.0
    return node


def test_field_reads_see_writes_by_calls(both):
    def bump(n):
        n.value += 1
        n.next = (n.value,)

    ns = {"value": FieldDescr("value", INT, Node), "next": FieldDescr("next", REF, Node),
          "bump": CallDescr(bump, (REF,), VOID)}
    trace = parse_trace("""
    [p0, i1]
    label(p0, i1)
    i2 = getfield_i(p0, descr=value)
    i3 = int_lt(i2, 50)
    guard_true(i3) [p0, i2, i1]
    p4 = getfield_r(p0, descr=next)
    call_n(p0, descr=bump)
    guard_no_exception() [p0, i1]
    i5 = int_add(i1, 1)
    jump(p0, i5)
    """, ns)
    both.check(trace, lambda: [_node(1), 0])
    node = _node(1)
    both.be.run(both.compile(trace)[1], [node, 0])
    assert node.value == 50 and node.next == (50,)


# --- finalizers ------------------------------------------------------------------------

class Finalized:
    __slots__ = ("n",)
    log = []

    def __del__(self):
        Finalized.log.append(self.n)


FINALIZED_LOOP = """
    [i0]
    label(i0)
    p1 = new_object(descr=Finalized)
    p2 = box_int(i0)
    setfield(p1, p2, descr=n)
    {call}
    i3 = int_add(i0, 1)
    i4 = int_lt(i3, 3000)
    guard_true(i4) [i3]
    jump(i3)
"""


def test_finalizers_wait_in_compiled_code_and_run_at_the_exit():
    """An object whose type has a finalizer, freed inside a loop, waits
    (deferred.py); half the area full, the loop leaves by its CAP exit, and
    release_deferred then finalizes them in the order they died."""
    from backend_x86 import deferred
    from backend_x86.backend import X86Backend
    from tracer.ir.exits import CAP_EXIT
    be = X86Backend()
    ns = {"Finalized": Finalized, "n": FieldDescr("n", REF, Finalized)}
    unit = be.compile(parse_trace(FINALIZED_LOOP.format(call=""), ns))
    del Finalized.log[:]
    number, values = be.run(unit, [0])
    assert number == CAP_EXIT and Finalized.log == []
    assert deferred.waiting() == deferred.CAPACITY // 2 == values[0]
    be.release_deferred()
    assert Finalized.log == list(range(deferred.CAPACITY // 2))
    assert deferred.waiting() == 0
    number, values = be.run(unit, [values[0]])      # on to the end, in chunks
    while number == CAP_EXIT:
        be.release_deferred()
        number, values = be.run(unit, [values[0]])
    be.release_deferred()
    assert Finalized.log == list(range(3000))


def test_finalizers_run_before_a_call_that_may_write():
    """Before each call that may write the heap the objects freed so far are
    finalized: the call sees every one up to its own iteration's."""
    from backend_x86.backend import X86Backend
    be = X86Backend()
    seen = []
    ns = {"Finalized": Finalized, "n": FieldDescr("n", REF, Finalized),
          "look": CallDescr(lambda i: seen.append((i, len(Finalized.log))), (INT,), VOID,
                            EFFECT_ANY, name="look")}
    unit = be.compile(parse_trace(FINALIZED_LOOP.format(
        call="call_n(i0, descr=look)\n    guard_no_exception() [i0]"), ns))
    del Finalized.log[:]
    number, values = be.run(unit, [0])
    be.release_deferred()
    assert seen == [(k, k + 1) for k in range(3000)]
    assert Finalized.log == list(range(3000))


# --- reference counts -----------------------------------------------------------------

def _refcounts(objs):
    return [sys.getrefcount(o) for o in objs]


def test_runs_leave_reference_counts_as_they_were():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    item = "it" + str(len(ns := {}))        # not interned: counts are exact
    probe_a, probe_b, probe_c = object(), [item], ("t", "u")
    ns["K"] = probe_c
    trace = parse_trace("""
    [p0, p1, i2]
    label(p0, p1, i2)
    p3 = getitem_list(p1, 0)
    p4 = new_tuple(p0, p3, ConstPtr(K))
    p5 = getitem_tuple(p4, 0)
    i6 = int_add(i2, 1)
    i7 = int_lt(i6, 1000)
    guard_true(i7) [p5, p0, p0, p4, ConstPtr(K), i6]
    p8 = same_as_r(p5)
    jump(p8, p1, i6)
    """, ns)
    unit = be.compile(trace)
    before = _refcounts([probe_a, probe_b, probe_c, item])
    for _ in range(3):
        n, values = be.run(unit, [probe_a, probe_b, 0])
        assert values[0] is probe_a and values[3] == (probe_a, item, probe_c)
        del values
    n, values = be.run(unit, [probe_a, probe_b, 0], max_iterations=7)
    del values
    gc.collect()
    after = _refcounts([probe_a, probe_b, probe_c, item])
    assert after == before


def test_boxing_a_float_into_a_list_ten_million_times_keeps_memory_flat():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    trace = parse_trace("""
    [f0, p1, i2]
    f3 = float_add(f0, 1.0)
    p4 = box_float(f3)
    setitem_list(p1, 0, p4)
    p5 = box_int(i2)
    setitem_list(p1, 1, p5)
    i6 = int_add(i2, 1)
    i7 = int_lt(i6, 10000000)
    guard_true(i7) [f3, p1, i6]
    jump(f3, p1, i6)
    """)
    unit = be.compile(trace)
    lst = [None, None]
    be.run(unit, [0.0, lst, 9999990])          # warm up the allocators
    gc.collect()
    blocks = sys.getallocatedblocks()
    n, values = be.run(unit, [0.0, lst, 0])
    assert values[2] == 10000000 and lst == [1e7, 9999999]
    del values
    gc.collect()
    assert sys.getallocatedblocks() - blocks < 100
    item = lst[0]
    count = sys.getrefcount(item)
    assert count == 3                       # lst, item and getrefcount's argument


def test_bridges_and_exits_keep_reference_counts():
    """Owned refs live at a guard that are not handed out: the exit leaves
    them for Python, a bridge releases them itself."""
    from backend_x86.backend import X86Backend
    be = X86Backend()
    item = "x" + str(id(be))
    box = [item, (item,)]
    ns = {}
    loop = parse_trace("""
    [p0, i1]
    label(p0, i1, descr=loop)
    p2 = getitem_list(p0, 0)
    p3 = getitem_list(p0, 1)
    p4 = new_tuple(p2, p3)
    i5 = int_and(i1, 7)
    guard_false(i5) [i1, p0, p3, p3]
    i6 = int_add(i1, 1)
    i7 = int_lt(i6, 100)
    guard_true(i7) [p4, i6]
    p8 = getitem_tuple(p4, 0)
    jump(p0, i6)
    """, ns)
    bridge = parse_trace("""
    [i0, p1, p2, p3]
    p4 = new_tuple(p2, p3, p1)
    i5 = int_add(i0, 1)
    jump(p1, i5, descr=loop)
    """, ns)
    unit = be.compile(loop)
    gc.collect()
    before = _refcounts([item, box, box[1]])
    n, values = be.run(unit, [box, 1])
    assert values == (1, box, (item,), (item,))
    del values
    be.attach_bridge(loop.ops[5], bridge)
    n, values = be.run(unit, [box, 1])
    assert values[1] >= 100 and values[0] == (item, (item,))
    del values
    n, values = be.run(unit, [box, 1], max_iterations=20)
    del values
    gc.collect()
    after = _refcounts([item, box, box[1]])
    assert after == before


def test_items_only_looked_at_are_borrowed_and_a_bridge_owns_them():
    """A list item whose uses only look at it, with nothing in between that
    could let it go, is read without a reference (liveness.py, borrowed):
    an exit still hands it out with one, and a bridge from a guard where it
    is live takes one at its start, since the bridge may free its list."""
    from backend_x86.backend import X86Backend
    from backend_x86.compiler import borrowable, calls_out
    from backend_x86.liveness import Liveness
    be = X86Backend()
    ns = {"Float": float}
    loop = parse_trace("""
    [p0, i1, f2]
    label(p0, i1, f2, descr=loop)
    p3 = getitem_list(p0, 0)
    guard_class(p3, ConstPtr(Float)) [p0, i1, f2]
    f4 = unbox_float(p3)
    i5 = int_lt(i1, 0)
    guard_false(i5) [p0, i1, p3]
    f6 = float_add(f2, f4)
    i7 = int_add(i1, 1)
    i8 = int_lt(i7, 100)
    guard_true(i8) [p0, i7, f6]
    jump(p0, i7, f6, descr=loop)
    """, ns)
    lv = Liveness(loop, calls_out, (), borrowable)
    p3 = loop.ops[1]
    assert p3 in lv.borrowed and p3 not in lv.owned
    item = float("2.5")                     # a fresh object: counts are exact
    lst = [item]
    unit = be.compile(loop)
    gc.collect()
    before = sys.getrefcount(item)
    n, values = be.run(unit, [lst, -1, 0.0])    # leaves at guard_false with the item
    assert values == (lst, -1, item) and values[2] is item
    assert sys.getrefcount(item) == before + 1  # the exit's values hold it
    del values
    n, values = be.run(unit, [lst, 1, 0.0])
    assert values == (lst, 100, 2.5 * 99)
    del values
    assert sys.getrefcount(item) == before
    # the bridge empties the list: the item lives on because the bridge took
    # a reference at its start, and its exit hands that one out
    bridge = parse_trace("""
    [p0, i1, p2]
    setitem_list(p0, 0, ConstPtr(Float))
    i3 = int_add(i1, 1000)
    finish(p2, i3)
    """, {"Float": 0.5})
    be.attach_bridge(loop.ops[5], bridge)
    n, values = be.run(unit, [lst, -1, 0.0])
    assert values == (item, 999) and values[0] is item and lst == [0.5]
    assert sys.getrefcount(item) == before      # the list's reference went to values
    del values
    assert sys.getrefcount(item) == before - 1
    # a use that keeps the item, or a call between read and use: owned
    for text in ("[p0]\np1 = getitem_list(p0, 0)\nfinish(p1)",
                 "[p0]\np1 = getitem_list(p0, 0)\np2 = new_list()\nf3 = unbox_float(p1)\n"
                 "finish(f3, p2)",
                 "[p0]\np1 = getitem_list(p0, 0)\nsetitem_list(p0, 0, p0)\n"
                 "f3 = unbox_float(p1)\nfinish(f3)"):
        t = parse_trace(text, {})
        assert not Liveness(t, calls_out, (), borrowable).borrowed, text


def test_a_borrowed_field_outlives_a_bridge_that_overwrites_it():
    from backend_x86.backend import X86Backend
    from backend_x86.compiler import borrowable, calls_out
    from backend_x86.liveness import Liveness
    from tracer.ir.descr import DictItemDescr
    from tracer.ir.values import NULL
    be = X86Backend()
    ns = {"next": FieldDescr("next", REF, Node), "Float": float,
          "g": DictItemDescr.for_key("g")}
    loop = parse_trace("""
    [p0, i1, p5]
    p6 = getfield_r(p5, descr=g)
    guard_nonnull(p6) [p0, i1, p6]
    p2 = getfield_r(p0, descr=next)
    guard_class(p2, ConstPtr(Float)) [p0, i1]
    i3 = int_lt(i1, 0)
    guard_false(i3) [p0, i1, p2]
    f4 = unbox_float(p2)
    finish(f4, p0, p5)
    """, ns)
    lv = Liveness(loop, calls_out, (), borrowable)
    assert loop.ops[0] in lv.borrowed and loop.ops[2] in lv.borrowed
    # a dict released right after the read could take its item with it
    dropped = parse_trace("[p5]\np6 = getfield_r(p5, descr=g)\nguard_nonnull(p6) [p6]\n"
                          "finish()", ns)
    assert not Liveness(dropped, calls_out, (), borrowable).borrowed
    node, value, glob = Node(), float("7.25"), float("1.5")
    node.next = value
    d = {"g": glob}
    unit = be.compile(loop)
    gc.collect()
    before = sys.getrefcount(value), sys.getrefcount(glob)
    assert be.run(unit, [node, 1, d])[1] == (7.25, node, d)
    assert (sys.getrefcount(value), sys.getrefcount(glob)) == before
    n, values = be.run(unit, [node, 1, {}])      # the global is missing: it is handed out
    assert values == (node, 1, NULL)
    del values
    # the bridge overwrites the field: the value lives on in what it returns
    bridge = parse_trace("""
    [p0, i1, p2]
    setfield(p0, ConstPtr(Float), descr=next)
    finish(p2)
    """, {**ns, "Float": None})
    be.attach_bridge(loop.ops[5], bridge)
    n, values = be.run(unit, [node, -1, d])
    assert values == (7.25,) and values[0] is value and node.next is None
    assert (sys.getrefcount(value), sys.getrefcount(glob)) == before
    del values
    assert sys.getrefcount(value) == before[0] - 1


def test_an_unguarded_error_releases_what_the_trace_owned():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    item = "y" + str(id(be))
    ns = {"f": CallDescr(raiser, (INT,), INT, EFFECT_NONE)}
    trace = parse_trace("""
    [p0, i1]
    p2 = new_tuple(p0, p0)
    i3 = call_i(i1, descr=f)
    finish(i3, p2)
    """, ns)
    unit = be.compile(trace)
    before = sys.getrefcount(item)
    for _ in range(3):
        with pytest.raises(KeyError):
            be.run(unit, [item, -5])
    gc.collect()
    after = sys.getrefcount(item)
    assert after == before


# --- call_assembler: compiled code calling compiled code ------------------------

CALLEE = """
[p0]
guard_class(p0, ConstPtr(int)) [p0]
i1 = unbox_int(p0)
i2 = int_lt(i1, 100)
guard_true(i2) [p0, i1]
i3 = int_add(i1, 1)
p4 = box_int(i3)
finish(p4)
"""

CALLER = """
[p0]
p1 = call_assembler_r(p0, descr=callee)
guard_no_exception() [p0]
finish(p1)
"""


def _assembler_descr(backend, unit, leave):
    """What the JIT runtime makes (warmspot.WarmSpot._call_descr), in small."""
    from tracer.ir import AssemblerCallDescr
    from tracer.ir.exits import is_finish_number

    def general(*args):
        number, values = backend.run(unit, list(args))
        return values[0] if is_finish_number(number) else leave(number, values)
    return AssemblerCallDescr(general, unit, leave, [REF], name="callee")


# A reference kept or lost per run shows as 1000 in the counts of the test
# below; a difference of one or two is something else holding the object
# for a moment (the exact assertion failed once, in a run of 1,394 tests,
# and never alone).
SLACK = 2


@pytest.mark.parametrize("backend_name", ["x86", "executor"])
def test_call_assembler_finishes_fast_and_leaves_by_the_slow_path(backend_name):
    from backend_x86.backend import X86Backend
    from tracer.executor import Executor
    be = X86Backend() if backend_name == "x86" else Executor()
    unit = be.compile(parse_trace(CALLEE))
    left = []

    def leave(number, values):
        left.append((be.exits[number], values))
        if values[0] == 666:
            raise KeyError("from the callee")
        return ("deoptimized", values)
    caller = parse_trace(CALLER, {"callee": _assembler_descr(be, unit, leave)})
    code = be.compile(caller)
    assert be.run(code, [41])[1] == (42,)
    assert be.run(code, [1000])[1] == (("deoptimized", (1000, 1000)),)
    assert left[0][0].opnum == parse_trace(CALLEE).ops[3].opnum     # the guard_true
    number, values = be.run(code, [666])
    assert be.exits[number] is caller.ops[1] and values == (666,)
    assert isinstance(be.grab_exception(), KeyError)
    x = 10 ** 30        # a fresh object: its count shows any reference kept or lost
    before = sys.getrefcount(x)
    for _ in range(1000):
        assert be.run(code, [x])[1][0][0] == "deoptimized"
    after = sys.getrefcount(x)      # `left` holds each exit's values
    assert abs(after - (before + 1000)) <= SLACK, after - before
    y = -10 ** 15       # the fast path: a finish, no reference kept
    before = sys.getrefcount(y)
    for _ in range(1000):
        assert be.run(code, [y])[1] == (y + 1,)
    assert abs(sys.getrefcount(y) - before) <= SLACK, sys.getrefcount(y) - before


def test_call_assembler_beyond_the_io_stack_is_a_recursion_error():
    from backend_x86.backend import X86Backend
    from backend_x86.entry import IOStack
    be = X86Backend()
    be._io_stack = IOStack(frames=2)
    unit = be.compile(parse_trace(CALLEE))
    for depth in range(3):      # each unit calls the one before: 3 io frames deep
        unit = be.compile(parse_trace(CALLER, {"callee": _assembler_descr(
            be, unit, lambda n, v: None)}))
        if depth < 1:
            assert be.run(unit, [1])[1] == (2,)
    number, _ = be.run(unit, [1])
    assert isinstance(be.grab_exception(), RecursionError)
    assert be.io_stack.top() == be.io_stack.bottom      # every frame popped


class _Key(str):
    """A key whose comparison with an equal str changes the dict it is in."""

    def __eq__(self, other):
        target = _Key.dict_to_change
        if target is not None:
            _Key.dict_to_change = None
            target["other"] = "changed during the lookup"
        return str.__eq__(self, other)

    __hash__ = str.__hash__
    dict_to_change = None


def test_dict_item_reads_are_cached_by_the_dicts_version(both):
    from tracer.ir.descr import DictItemDescr
    from tracer.ir.values import NULL
    from backend_x86.layout import DICT_VERSION
    ns = {"g": DictItemDescr.for_key("g")}
    trace = parse_trace("[p0]\np1 = getfield_r(p0, descr=g)\nfinish(p1)", ns)
    unit = both.compile(trace)[1]
    d, other = {"g": 1.5, "x": 0}, {"g": "other's"}
    value = object()
    steps = [lambda: None, lambda: d.__setitem__("g", value), lambda: d.__setitem__("x", 1),
             lambda: d.pop("g"), lambda: d.__setitem__("g", "back"), lambda: d.clear()]
    for change in steps:
        change()
        for target in (d, other, d):        # another dict's state never matches d's
            both.check(trace, [target])
            n, (got,) = both.be.run(unit, [target])
            assert got is target.get("g", NULL)
            version = ctypes.c_uint64.from_address(id(target) + DICT_VERSION).value
            cache = unit.dict_caches
            assert cache[0] == version and cache[1] == (0 if got is NULL else id(got))
    # a lookup that changes the dict (a key's __eq__) caches nothing that can match again
    d.clear()
    d[_Key("g")] = "found"
    _Key.dict_to_change = d
    assert both.be.run(unit, [d])[1] == ("found",)
    def version():
        return ctypes.c_uint64.from_address(id(d) + DICT_VERSION).value
    assert "other" in d and unit.dict_caches[0] != version()
    assert both.be.run(unit, [d])[1] == ("found",)
    assert unit.dict_caches[0] == version()


class _Attrs:
    pass


def _placed(n, value):
    """A dict whose key "gk" is in entry n and at the first index its
    lookup tries, whatever the hashes: n keys put in and taken out first
    (a deleted index is where an insertion goes)."""
    d = {f"filler{i}": i for i in range(n)}
    for key in list(d):
        del d[key]
    d["gk"] = value
    return d


def test_a_dict_read_on_a_version_miss_takes_the_entry_found_last_time(both):
    from tracer.ir.descr import DictItemDescr
    from tracer.ir.values import NULL
    from backend_x86.layout import _dict_entry
    from backend_x86.unit import DICT_ENTRY
    ns = {"g": DictItemDescr.for_key("gk")}
    trace = parse_trace("[p0]\np1 = getfield_r(p0, descr=g)\nfinish(p1)", ns)
    unit = both.compile(trace)[1]
    assert unit.dict_caches[DICT_ENTRY] == 2 ** 64 - 1         # nothing remembered yet

    def instance(**attrs):
        obj = _Attrs()
        for name, value in attrs.items():
            setattr(obj, name, value)
        return obj.__dict__                 # split: the class's shared keys
    # (dict, whether the read calls dict_lookup, the entry it then remembers)
    a, b = instance(gk="a's", x=1), instance(gk="b's", x=2)
    lacking = instance(x=3)                 # the shared keys hold gk, its value is NULL
    big = {f"k{i}": i for i in range(200)}  # two-byte indices; gk anywhere
    big["gk"] = "big"
    general = {1: "one", "gk": "general"}
    equal_key = "".join(["g", "k"])
    assert equal_key is not ns["g"].key
    equal = {equal_key: "an equal str, another object"}
    deleted = {"gk": 1, "x": 2}             # the key's first index: a deleted one
    del deleted["gk"]
    widest_absent = {f"k{i}": i for i in range(30000)}     # four-byte indices
    # another key where gk's lookup starts (8 indices): gk is further on
    rival = next(k for k in (f"r{i}" for i in range(1000)) if hash(k) % 8 == hash("gk") % 8)
    collided = {rival: 0, "gk": "past another key"}
    past_deleted = {rival: 0, "gk": "past a deleted index"}
    del past_deleted[rival]
    cases = [(a, True, 0), (b, False, 0), (a, False, 0), (lacking, False, 0), (b, False, 0),
             (_placed(2, "combined"), True, 2), (_placed(4, "moved"), True, 4),
             (big, True, 200), (general, True, None), (equal, True, None),
             ({"x": 1, "y": 2}, True, None), (deleted, True, None),
             (past_deleted, True, 1), (_placed(2, "again"), True, 2), (collided, True, 1),
             (_placed(30000, "widest"), True, 30000), (widest_absent, True, None),
             (a, True, 0)]
    lookups = both.be.runtime.lookups
    for target, looks_up, entry in cases:
        before = lookups.value
        both.check(trace, [target])         # the executor's run, then the unit's
        assert lookups.value - before == looks_up, target
        if entry is not None:
            assert unit.dict_caches[DICT_ENTRY] == entry == _dict_entry(target, "gk")[0]
        n, (got,) = both.be.run(unit, [target])                 # a version hit now
        assert got is target.get("gk", NULL) and lookups.value - before == looks_up
    # deleted and inserted again: another entry, which the next miss finds
    moved = cases[6][0]
    del moved["gk"]
    moved["gk"] = "second"
    for target in (a, moved, a, moved):
        both.check(trace, [target])
        assert both.be.run(unit, [target])[1] == (target["gk"],)
    # (the insertion made a new table: the key is in its entry 0, as in a's)
    assert unit.dict_caches[DICT_ENTRY] == _dict_entry(moved, "gk")[0] == 0
    before = lookups.value
    assert both.be.run(unit, [moved])[1] == ("second",)
    assert both.be.run(unit, [a])[1] == ("a's",) and lookups.value == before
    # a dict changed in place (same version cache miss, same entry): the new value
    b["gk"] = "changed"
    assert both.be.run(unit, [a])[1] == ("a's",)
    assert both.be.run(unit, [b])[1] == ("changed",)


class _Lacking:
    pass


def test_a_key_a_class_s_shared_keys_lack_is_absent_without_a_lookup(both):
    from tracer.ir.descr import DictItemDescr
    from tracer.ir.values import NULL
    from backend_x86.layout import DICT_KEYS, DK_REFCNT
    from backend_x86.unit import DICT_ABSENT_KEYS
    ns = {"g": DictItemDescr.for_key("method_name")}
    trace = parse_trace("[p0]\np1 = getfield_r(p0, descr=g)\nfinish(p1)", ns)
    unit = both.compile(trace)[1]
    lookups = both.be.runtime.lookups

    def instance(**attrs):
        obj = _Lacking()
        for name, value in attrs.items():
            setattr(obj, name, value)
        return obj.__dict__             # split: the class's shared keys
    dicts = [instance(x=i, y=-i) for i in range(4)]
    keys = ctypes.c_ssize_t.from_address(id(dicts[0]) + DICT_KEYS).value
    refs = ctypes.c_ssize_t.from_address(keys + DK_REFCNT).value
    before = lookups.value
    for d in dicts * 2:                 # a version miss each time
        both.check(trace, [d])
        assert both.be.run(unit, [d])[1] == (NULL,)
    assert lookups.value - before == 1                  # the first, which remembers
    assert unit.dict_caches[DICT_ABSENT_KEYS] == keys
    # the keys object is kept: one more reference than the tables sharing it
    assert ctypes.c_ssize_t.from_address(keys + DK_REFCNT).value == refs + 1
    # a combined table that lacks it is looked up each time
    before = lookups.value
    for d in ({"x": 1}, {"y": 2}):
        both.check(trace, [d])
    assert lookups.value - before == 2
    # another instance gets the attribute: the shared keys have a new entry
    found = instance(x=9, method_name="now an attribute")
    for d in dicts[:2] + [found] + dicts[:2]:
        both.check(trace, [d])
        assert both.be.run(unit, [d])[1] == (d.get("method_name", NULL),)


def test_a_modules_dict_is_read_from_the_module_without_a_call(both):
    import types
    from backend_x86.compiler import calls_out
    ns = {"d": FieldDescr("__dict__", REF, types.ModuleType)}
    trace = parse_trace("[p0]\np1 = getfield_r(p0, descr=d)\nfinish(p1)", ns)
    assert not calls_out(trace.ops[0])
    for module in (math, sys, types.ModuleType("fresh")):
        both.check(trace, [module])
        assert both.be.run(both.compile(trace)[1], [module])[1][0] is module.__dict__


def test_a_generator_that_was_never_started_or_has_finished_is_freed_at_once():
    """Freeing a generator runs code only when it is suspended at a yield
    (close() throws GeneratorExit in): one never started (a trace ran its
    guest frame inline, its host body never ran) or finished is freed in
    compiled code at once; a suspended one waits, as other finalizers."""
    from backend_x86 import deferred
    from backend_x86.backend import X86Backend
    from backend_x86.layout import runs_code_when_freed
    log = []

    def gen(k):
        try:
            yield k
        finally:
            log.append(k)

    def suspended(k):
        g = gen(k)
        next(g)
        return g

    def finished(k):
        g = gen(k)
        list(g)
        return g

    be = X86Backend()
    unit = be.compile(parse_trace("""
        [p0, i1, p2]
        label(p0, i1, p2)
        setitem_list(p0, i1, p2)
        i3 = int_add(i1, 1)
        i4 = int_lt(i3, 50)
        guard_true(i4) [i3]
        jump(p0, i3, p2)
    """, {}))
    for make, waits in ((gen, False), (suspended, True), (finished, False)):
        items = [make(k) for k in range(50)]
        assert [runs_code_when_freed(g) for g in items[:1]] == [waits]
        del log[:]
        be.run(unit, [items, 0, None])
        assert items == [None] * 50
        assert deferred.waiting() == (50 if waits else 0) and log == [], make
        be.release_deferred()
        assert deferred.waiting() == 0
        assert log == (list(range(50)) if waits else [])     # the suspended ones' finally


@pytest.mark.parametrize("backend_name", ["x86", "executor"])
def test_host_code_called_from_a_trace_sees_where_the_call_is(backend_name):
    """backend.call_sites(): from inside a call, the guard_no_exception after
    it and its snapshot's values as they are (ints, floats, refs, values in
    registers and in spill slots), for interp.frames' view of the stack."""
    from backend_x86.backend import X86Backend
    from tracer.executor.backend import ExecutorBackend
    be = X86Backend() if backend_name == "x86" else ExecutorBackend()
    seen = []

    def look(x):
        seen.append(be.call_sites())
        return x + 1
    names = ", ".join(f"i{10 + k}" for k in range(12))
    trace = parse_trace(f"""
    [i0, f1, p2, i3, {names}]
    i4 = int_add(i0, 1)
    f5 = float_mul(f1, 2.0)
    i6 = call_i(i4, descr=look)
    guard_no_exception() [i4, f5, p2, i3, i0, {names}]
    i7 = int_lt(i6, i3)
    guard_true(i7) [i6, f5]
    jump(i6, f5, p2, i3, {names})
    """, {"look": CallDescr(look, (INT,), INT)})
    marker = ("marker",)
    before = sys.getrefcount(marker)
    extra = list(range(100, 112))
    number, values = be.run(be.compile(trace), [0, 1.5, marker, 9] + extra)
    assert values == (10, 1.5 * 2 ** 5)
    assert be.call_sites() == []                    # no run is active any more
    guard = next(op for op in trace.ops if op.name == "guard_no_exception")
    expected = []
    i0, f1 = 0, 1.5
    while i0 < 9:
        expected.append([[(guard, (i0 + 1, f1 * 2, marker, 9, i0, *extra))]])
        i0, f1 = i0 + 2, f1 * 2
    assert seen == expected
    del seen[:], expected[:]
    assert sys.getrefcount(marker) == before
