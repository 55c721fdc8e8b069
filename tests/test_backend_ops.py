"""x86 backend, op by op: every op of the table on machine code and on the
IR executor, at the int64 and double edges, as inputs and as constants."""

import itertools
import math
import struct

import pytest

from backend_x86 import supported

pytestmark = pytest.mark.skipif(not supported(), reason="no x86-64 backend on this host")

from tracer.ir import (FLOAT, INT, INT64_MAX, INT64_MIN, NULL, OPS, OPS_BY_NAME, REF,  # noqa: E402
                       ConstFloat, ConstInt, TraceBuilder)
from tracer.textform import parse_trace  # noqa: E402

MIN, MAX = INT64_MIN, INT64_MAX
INTS = (0, 1, -1, 2, -7, 63, 64, 100, MAX, MIN, MAX - 1, MIN + 1, 1 << 31, -(1 << 31),
        (1 << 32) - 1, 3037000500, -3037000500, 0x123456789)


def _f(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


# nans with payloads (quiet, signalling, negative): with two nan operands
# which payload comes out depends on the operand order
FLOATS = (0.0, -0.0, 1.5, -2.25, math.inf, -math.inf, math.nan, 5e-324,
          1.7976931348623157e308, 9.223372036854775808e18, -9.223372036854775808e18,
          9.223372036854774784e18, 2.0 ** 53 + 1, -0.5, _f(0x7FF8000000000001),
          _f(0xFFF8000000000002), _f(0x7FF0000000000003), _f(0xFFF0000000000004))


@pytest.fixture
def both():
    from backend_x86.testing import Both
    return Both()


def _const(kind, v):
    return ConstInt(v) if kind is INT else ConstFloat(v)


def one_op(name, args, as_constants, guard=None):
    b = TraceBuilder()
    info = OPS_BY_NAME[name]
    vals = []
    for a, kind in zip(args, info.arg_kinds):
        vals.append(_const(kind, a) if as_constants else b.input(kind))
    op = b.emit(name, *vals)
    if info.is_ovf:
        b.emit(guard or "guard_no_overflow", snapshot=[v for v in vals if not v.is_constant])
    b.finish(op) if info.has_result else b.finish()
    return b.build()


def _arg_sets(info):
    pools = [INTS if k is INT else FLOATS for k in info.arg_kinds]
    if info.arity == 1:
        return [(x,) for x in pools[0]]
    pairs = list(itertools.product(pools[0], pools[1]))
    if info.name in ("int_py_div", "int_py_mod", "int_py_div_ovf"):
        pairs = [(x, y) for x, y in pairs if y != 0]
    if "shift" in info.name:
        pairs = [(x, y & 127) for x, y in pairs] + [(x, n) for x in (1, -1, MAX, MIN, 3)
                                                    for n in (0, 1, 62, 63, 64, 65, 127, 1000)]
    return pairs


ARITH = [info.name for info in OPS
         if info.arity and info.result in (INT, FLOAT) and not info.is_call
         and all(k in (INT, FLOAT) for k in info.arg_kinds) and info.descr is None]


def test_every_op_has_code():
    from backend_x86.compiler import _DISPATCH
    missing = [info.name for info in OPS if _DISPATCH[info.opnum] is None]
    assert missing == []


def _sample(arg_sets, n=40):
    """Every n-th argument set and the first ones: constants need a
    compile per set, so fewer of them."""
    step = max(1, len(arg_sets) // n)
    return arg_sets[:8] + arg_sets[8::step]


def _two_nans(args):
    return sum(1 for a in args if isinstance(a, float) and math.isnan(a)) == 2


@pytest.mark.parametrize("name", ARITH)
def test_arithmetic_op(both, name):
    """Exact bits, except an op on two nans: the IR does not say which nan
    comes out (SSE gives the first; CPython either, see isel/floats.py)."""
    info = OPS_BY_NAME[name]
    arg_sets = _arg_sets(info)
    trace = one_op(name, arg_sets[0], False)
    for args in arg_sets:
        both.check(trace, list(args), loose_nan=_two_nans(args))
    for args in _sample(arg_sets):
        both.check(one_op(name, args, True), [], loose_nan=_two_nans(args))


@pytest.mark.parametrize("guard", ["guard_no_overflow", "guard_overflow"])
@pytest.mark.parametrize("name", [i.name for i in OPS if i.is_ovf])
def test_overflow_op_with_its_guard(both, name, guard):
    info = OPS_BY_NAME[name]
    arg_sets = _arg_sets(info)
    trace = one_op(name, arg_sets[0], False, guard)
    for args in arg_sets:
        both.check(trace, list(args))
    for args in _sample(arg_sets):
        both.check(one_op(name, args, True, guard), [])


def test_overflow_guard_may_hand_out_the_wrapped_result(both):
    b = TraceBuilder()
    x, y = b.inputs(INT, INT)
    r = b.int_mul_ovf(x, y)
    b.guard_overflow(snapshot=[x, y])
    b.finish(r)
    trace = b.build()
    for args in ((MAX, 2), (3, 4), (MIN, -1)):
        both.check(trace, list(args))
    b = TraceBuilder()
    x, y = b.inputs(INT, INT)
    r = b.int_py_div_ovf(x, y)
    b.guard_overflow(snapshot=[r, x])
    b.finish(r)
    trace = b.build()
    for args in ((MIN, -1), (7, -2), (MIN, 3)):
        both.check(trace, list(args))


COMPARISONS = [i.name for i in OPS if i.is_comparison]
CMP_ARGS = {INT: [(1, 2), (2, 1), (3, 3), (-1, 0), (MIN, MAX), (MAX, MIN), (0, -1)],
            FLOAT: [(1.0, 2.0), (2.0, 1.0), (-0.0, 0.0), (math.nan, 1.0), (1.0, math.nan),
                    (math.nan, math.nan), (math.inf, math.inf)],
            REF: [(NULL, NULL), (NULL, None), (None, None)]}


@pytest.mark.parametrize("kept", [False, True], ids=["fused", "value-kept"])
@pytest.mark.parametrize("guard", ["guard_true", "guard_false"])
@pytest.mark.parametrize("name", COMPARISONS)
def test_comparison_feeding_a_guard(both, name, guard, kept):
    info = OPS_BY_NAME[name]
    kind = info.arg_kinds[0]
    for pair in CMP_ARGS[kind]:
        args = pair[:info.arity]
        b = TraceBuilder()
        inputs = b.inputs(*[kind] * info.arity)
        cmp = b.emit(name, *inputs)
        b.emit(guard, cmp, snapshot=[cmp] if kept else inputs)
        b.finish(*inputs)
        both.check(b.build(), list(args))


def test_comparisons_against_constants_both_ways(both):
    for name in ("int_lt", "int_ge", "uint_lt", "uint_gt", "int_eq"):
        for c in (0, 5, -5, MAX, MIN, 1 << 40):
            for swap in (False, True):
                b = TraceBuilder()
                (x,) = b.inputs(INT)
                cmp = b.emit(name, *((ConstInt(c), x) if swap else (x, ConstInt(c))))
                b.finish(cmp)
                trace = b.build()
                for v in (0, 5, -5, MAX, MIN, 1 << 40, 7):
                    both.check(trace, [v])


# --- guards -------------------------------------------------------------------------

def test_guards_exit_with_their_snapshot_values(both):
    text = """
    [i0, f1, p2]
    i3 = int_gt(i0, 10)
    guard_false(i3) [p2, i0, f1, 7, -0.0, NULL, 1.5, ConstPtr(None), 1152921504606846976]
    guard_nonnull(p2) [i0]
    guard_class(p2, ConstPtr(tuple)) [p2, i3]
    i4 = len_tuple(p2)
    guard_value(i4, 2) [i4, p2]
    f5 = float_mul(f1, 2.0)
    guard_value(f5, 0.0) [f5]
    finish(i0, f5, p2)
    """
    trace = parse_trace(text)
    for args in ([11, 0.0, (1, 2)], [5, 0.0, NULL], [5, 0.0, [1, 2]], [5, 0.0, (1, 2, 3)],
                 [5, -0.0, (1, 2)], [5, 0.0, (1, 2)], [5, math.nan, (1, 2)]):
        both.check(trace, args)


def test_guard_value_and_class_on_refs(both):
    obj = object()
    ns = {"obj": obj}
    trace = parse_trace("""
    [p0, p1]
    guard_value(p0, ConstPtr(obj)) [p0]
    guard_class(p1, ConstPtr(int)) [p1]
    finish()
    """, ns)
    for args in ([object(), 1], [obj, True], [obj, 1], [obj, NULL], [obj, 2 ** 70]):
        both.check(trace, args)


@pytest.mark.parametrize("value", [0, 1, -1, True, False, 2 ** 30, 2 ** 60, 2 ** 62, 2 ** 63 - 1,
                                   2 ** 63, -2 ** 63, -2 ** 63 - 1, 2 ** 64, -2 ** 90, 2 ** 90,
                                   -(2 ** 60) - 5, 3 << 60, -(3 << 60), 7 << 60, -(8 << 60),
                                   -5, 2 ** 30 - 1, -(2 ** 30), 2 ** 60 - 1, -(2 ** 60) + 1,
                                   (1 << 63) - (1 << 30), -(1 << 63) + 1])
def test_guard_int64_and_unbox_int(both, value):
    trace = parse_trace("""
    [p0]
    guard_int64(p0) [p0]
    i1 = unbox_int(p0)
    finish(i1)
    """)
    both.check(trace, [value])


def test_guard_isnull_nonnull_and_constant_guards(both):
    trace = parse_trace("""
    [p0, i1]
    guard_isnull(p0) [p0]
    guard_true(1) [i1]
    guard_false(0) [i1]
    guard_value(5, 5) [i1]
    guard_nonnull(ConstPtr(None)) [i1]
    finish(i1)
    """)
    for args in ([None, 5], [NULL, 6]):
        both.check(trace, args)
    for text in ("[i0]\nguard_true(0) [i0]\nfinish()", "[i0]\nguard_value(3, 4) [i0]\nfinish()", "[i0]\nguard_isnull(ConstPtr(1)) [i0]\nfinish()"):
        both.check(parse_trace(text), [9])


# --- boxes, tuples, lists ----------------------------------------------------------

@pytest.mark.parametrize("x", INTS)
def test_box_and_unbox_int(both, x):
    trace = parse_trace("""
    [i0]
    p1 = box_int(i0)
    i2 = unbox_int(p1)
    p3 = box_bool(i0)
    finish(p1, i2, p3)
    """)
    both.check(trace, [x])


def test_a_boxed_small_int_is_cpythons_own(both):
    import sys
    trace = parse_trace("""
    [i0, f1]
    p2 = box_int(i0)
    f3 = float_add(f1, f1)
    p4 = box_float(f3)
    finish(p2, p4, f1)
    """)
    unit = both.compile(trace)[1]
    for x in (-6, -5, -1, 0, 1, 255, 256, 257, 1 << 40, MIN, MAX):
        both.check(trace, [x, 1.5])
        small = int(str(x))
        count = sys.getrefcount(small)
        n, values = both.be.run(unit, [x, 1.5])
        same = values[0] is small
        del values
        after = sys.getrefcount(small)      # not in an assert: pytest holds on to operands
        assert same == (-5 <= x <= 256) and after == count, x


@pytest.mark.parametrize("x", FLOATS)
def test_box_and_unbox_float(both, x):
    trace = parse_trace("""
    [f0]
    p1 = box_float(f0)
    f2 = unbox_float(p1)
    finish(p1, f2)
    """)
    both.check(trace, [x])


def test_tuples_and_lists(both):
    text = """
    [p0, i1, p2]
    i2 = len_list(p0)
    i3 = uint_lt(i1, i2)
    guard_true(i3) [p0, i1]
    p4 = getitem_list(p0, i1)
    p5 = box_int(i2)
    setitem_list(p0, i1, p5)
    p6 = new_tuple(p4, p5, p2)
    p7 = new_tuple()
    p8 = new_list(p4, p2)
    p9 = new_list()
    i10 = len_tuple(p6)
    p11 = getitem_tuple(p6, 1)
    p12 = getitem_tuple(p6, i1)
    p13 = getitem_list(p8, 0)
    setitem_list(p0, 0, p13)
    finish(p6, p7, p8, p9, i10, p11, p12, p0)
    """
    trace = parse_trace(text)
    for i in (0, 1, 2, 3, -1):
        both.check(trace, lambda i=i: [["a", "b", "c"], i, ("t",)])


class _Float(float):
    pass


def test_a_float_stored_over_a_float_only_its_list_holds_takes_its_place(both):
    # a[i] += f: box_float right before the setitem_list that stores the box
    text = """
    [p0, i1, f2]
    p3 = getitem_list(p0, i1)
    guard_class(p3, ConstPtr(float)) [p0]
    f4 = unbox_float(p3)
    f5 = float_add(f4, f2)
    p6 = box_float(f5)
    setitem_list(p0, i1, p6)
    finish(f5)
    """
    trace = parse_trace(text)
    both.check(trace, lambda: [[float("1.25"), float("2.5")], 1, 0.5])
    lst = [float("1.25"), float("2.5")]
    before = id(lst[1])
    both.be.run(both.compile(trace)[1], [lst, 1, 0.5])
    assert lst == [1.25, 3.0] and id(lst[1]) == before     # in place: nothing else held it
    held = lst[1]
    both.be.run(both.compile(trace)[1], [lst, 1, 0.5])
    assert lst == [1.25, 3.5] and held == 3.0 and lst[1] is not held


class _Int(int):
    pass


def test_an_int_stored_over_an_int_only_its_list_holds_takes_its_place(both):
    # a[i] = (a[i - 1] + a[i]) & 1023: box_int right before the setitem_list
    text = """
    [p0, i1, i2]
    p3 = box_int(i2)
    setitem_list(p0, i1, p3)
    finish()
    """
    trace = parse_trace(text)
    unit = both.compile(trace)[1]
    lst = [int("1000"), int("700")]
    before = id(lst[1])
    both.be.run(unit, [lst, 1, 999])
    assert lst == [1000, 999] and id(lst[1]) == before      # in place: nothing else held it
    held = lst[1]
    both.be.run(unit, [lst, 1, 555])
    assert lst == [1000, 555] and held == 999 and lst[1] is not held
    # a small int is CPython's shared one; values of other sizes or signs,
    # and items that are not exact one-digit ints, are replaced
    items = (lambda: int("300"), lambda: int(str(1 << 31)), lambda: int("-700"),
             lambda: _Int(300), lambda: True, lambda: "s")
    for value in (5, 256, -3, -1000, 1 << 30, 1 << 40, (1 << 30) - 1, 257):
        for make in items:
            lst = [0, make()]               # the list alone holds the item
            both.be.run(unit, [lst, 1, value])
            assert lst[1] == value and type(lst[1]) is int
            if -5 <= value <= 256:
                assert lst[1] is value
        both.check(trace, lambda value=value: [[0, int("400")], 1, value])
    shared = int("4000")
    lst = [shared, shared]
    both.be.run(unit, [lst, 1, 999])
    assert shared == 4000 and lst == [4000, 999]


def test_a_float_stored_over_other_items_replaces_them(both):
    import sys
    text = """
    [p0, i1, f2]
    p3 = box_float(f2)
    setitem_list(p0, i1, p3)
    finish()
    """
    trace = parse_trace(text)
    shared = float("7.5")
    for item in (10 ** 30, _Float(2.0), shared, "s", float("nan")):
        both.check(trace, lambda item=item: [[0, item], 1, -0.0])
    lst = [0, shared, _Float(3.0)]
    count = sys.getrefcount(shared)
    for i in (1, 2):
        both.be.run(both.compile(trace)[1], [lst, i, 4.0])
    assert lst == [0, 4.0, 4.0] and shared == 7.5 and sys.getrefcount(shared) == count - 1
    assert type(lst[2]) is float


def test_constant_refs_and_same_as(both):
    text = """
    [p0, i1, f2]
    p3 = same_as_r(p0)
    p4 = same_as_r(ConstPtr('const'))
    i5 = same_as_i(i1)
    f6 = same_as_f(f2)
    i7 = ptr_eq(p3, p0)
    i8 = ptr_ne(p4, NULL)
    p9 = new_tuple(p3, p4, ConstPtr(None), ConstPtr('const'))
    finish(p3, p4, i5, f6, i7, i8, p9, ConstPtr('const'), NULL, 3.5)
    """
    both.check(parse_trace(text), [[1], 9, -0.0])
    both.check(parse_trace(text), [None, 9, math.nan])


def test_a_compare_kept_only_in_its_guards_snapshot_is_fused(both):
    """The recorder keeps a compare's bool on the guest stack of the guard's
    snapshot, with debug_merge_points in between: the branch tests the
    flags and the exit hands out the bool the failing guard implies."""
    from tracer.ir import TextLocation
    for guard in ("guard_true", "guard_false"):
        b = TraceBuilder()
        x, y = b.inputs(INT, INT)
        c = b.int_lt(x, y)
        b.debug_merge_point(descr=TextLocation("f.py:1 #1 COMPARE_OP"))
        b.debug_merge_point(descr=TextLocation("f.py:1 #2 POP_JUMP"))
        b.emit(guard, c, snapshot=[x, c, y, c])
        b.finish(x)
        trace = b.build()
        for args in ((1, 2), (2, 1), (5, 5)):
            both.check(trace, list(args))
    unit = both.be.units[-1]
    assert "setl" not in both.be.disassemble(unit)
