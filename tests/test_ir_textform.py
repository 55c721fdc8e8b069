"""The text form: printing, parsing back, normalization, parse errors."""

import math
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracer.ir import (CONST_NULL, FLOAT, INT, NULL, REF, CallDescr, ConstFloat,
                       ConstInt, ConstPtr, FieldDescr, FlatSnapshot, GuardOp,
                       NamedDescr, TargetToken, TextLocation, TraceBuilder,
                       float_to_bits, rop)
from tracer.testing import straight_traces
from tracer.textform import (ParseError, assert_same_trace, format_trace,
                             parse_trace, same_trace)


def norm(text):
    return textwrap.dedent(text).strip()


def round_trip(text, namespace=None):
    """Parse then print; the printed form must be a fixed point."""
    ns = {} if namespace is None else namespace
    printed = format_trace(parse_trace(text, ns), ns)
    assert format_trace(parse_trace(printed, ns), ns) == printed
    return printed


def assert_round_trips(text, namespace=None):
    assert round_trip(text, namespace) == norm(text)


# --- round trips of normalized text --------------------------------------------

def test_the_example_loop():
    assert_round_trips("""
        [i0, i1, p2]
        i3 = int_lt(i0, i1)
        guard_true(i3) [i0, i1, p2]
        i4 = int_mul_ovf(i0, i0)
        guard_no_overflow() [i0, i1, p2]
        i5 = int_add(i0, 1)
        jump(i5, i1, p2)
    """)


def test_constants_of_every_kind():
    ns = {"thing": object()}
    assert_round_trips("""
        [i0, f1, p2]
        i3 = int_add(i0, -5)
        i4 = int_sub(9223372036854775807, -9223372036854775808)
        f5 = float_add(f1, 1.5)
        f6 = float_mul(f5, -0.0)
        f7 = float_sub(inf, -inf)
        f8 = float_add(nan, 1e+16)
        f9 = float_add(ConstFloat(bits=0x7ff8000000000123), 5e-324)
        i10 = ptr_eq(p2, NULL)
        i11 = ptr_eq(p2, ConstPtr(thing))
        i12 = ptr_eq(p2, ConstPtr(int))
        i13 = ptr_eq(p2, ConstPtr(12345678901234567890))
        i14 = ptr_eq(p2, ConstPtr('text'))
        i15 = ptr_eq(p2, ConstPtr((1, 'a', None)))
        i16 = ptr_eq(p2, ConstPtr(None))
        i17 = ptr_eq(p2, ConstPtr(True))
        i18 = ptr_eq(p2, ConstPtr(-7))
        finish(i3, i4, f6, f7, f8, f9, i10, i11, i12, i13, i14, i15, i16, i17, i18)
    """, ns)


def test_constant_spellings_normalize():
    ns = {"thing": object()}
    trace = parse_trace("""
        [i0, p1]
        i2 = int_add(i0, ConstInt(-3))
        f3 = float_add(ConstFloat(2), ConstFloat(-inf))
        i4 = ptr_eq(p1, thing)
        i5 = ptr_eq(p1, ConstClass(list))
        i6 = int_add(0x10, 1_000)
        finish(i2, f3, i4, i5, i6)
    """, ns)
    assert format_trace(trace, ns) == norm("""
        [i0, p1]
        i2 = int_add(i0, -3)
        f3 = float_add(2.0, -inf)
        i4 = ptr_eq(p1, ConstPtr(thing))
        i5 = ptr_eq(p1, ConstPtr(list))
        i6 = int_add(16, 1000)
        finish(i2, f3, i4, i5, i6)
    """)
    assert trace.ops[2].args[1].value is ns["thing"]
    assert trace.ops[3].args[1].value is list


def test_parsed_constants_have_the_right_values():
    trace = parse_trace("""
        []
        finish(-0.0, nan, ConstFloat(bits=0xfff8000000000000), NULL, 5, ConstPtr(5), ConstPtr(b'x'))
    """)
    a = trace.ops[0].args
    assert isinstance(a[0], ConstFloat) and math.copysign(1, a[0].value) == -1
    assert math.isnan(a[1].value)
    assert a[2].bits == -(1 << 63) + (0xfff8000000000000 - (1 << 63))
    assert a[3] is CONST_NULL or a[3].value is NULL
    assert a[4] == ConstInt(5) and a[5].kind is REF and a[5].value == 5
    assert a[6].value == b"x"


def test_names_are_renumbered_in_order_of_definition():
    trace = parse_trace("""
        [i7, p3]
        i99 = int_add(i7, 1)   # comment
        # a comment line

        f2 = cast_int_to_float(i99)
        finish(f2, p3)
    """)
    assert format_trace(trace) == norm("""
        [i0, p1]
        i2 = int_add(i0, 1)
        f3 = cast_int_to_float(i2)
        finish(f3, p1)
    """)


def test_guard_snapshots_with_constants_and_empty_and_missing():
    assert_round_trips("""
        [i0, p1]
        guard_true(i0) [i0, 5, -1.5, NULL, p1, i0]
        guard_false(i0) []
        guard_value(i0, 3)
        guard_nonnull(p1) [p1]
        finish()
    """)
    trace = parse_trace("[i0]\nguard_true(i0)\nfinish()")
    assert trace.ops[0].snapshot is None


def test_implicit_label():
    trace = parse_trace("[i0]\ni1 = int_add(i0, 1)\njump(i1)")
    label = trace.ops[0]
    assert label.opnum == rop.LABEL and label.args == trace.inputargs
    assert trace.ops[-1].descr is label.descr and label.descr.label is label
    assert format_trace(trace) == "[i0]\ni1 = int_add(i0, 1)\njump(i1)"


def test_explicit_anonymous_first_label_is_normalized_away():
    trace = parse_trace("[i0]\nlabel(i0)\ni1 = int_add(i0, 1)\njump(i1)")
    assert format_trace(trace) == "[i0]\ni1 = int_add(i0, 1)\njump(i1)"


def test_named_labels_and_two_label_loops():
    assert_round_trips("""
        [i0, i1]
        label(i0, i1, descr=preamble)
        i2 = int_add(i1, 1)
        label(i0, i2, descr=loop)
        i3 = int_add(i0, i2)
        jump(i3, i2)
    """)
    # a jump to the first of two labels names it; an unnamed one gets a name
    assert_round_trips("""
        [i0]
        label(i0, descr=top)
        i1 = int_add(i0, 1)
        label(i1)
        jump(i1, descr=top)
    """)
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    first = b.label(i0)
    i1 = b.int_add(i0, 1)
    b.label(i1)
    b.jump(i1, descr=first.descr)
    assert format_trace(b.build()) == norm("""
        [i0]
        label(i0, descr=L0)
        i1 = int_add(i0, 1)
        label(i1)
        jump(i1, descr=L0)
    """)


def test_bridge_jumps_to_a_label_of_another_trace():
    ns = {}
    loop = parse_trace("[i0]\nlabel(i0, descr=loop)\ni1 = int_add(i0, 1)\njump(i1)", ns)
    assert isinstance(ns["loop"], TargetToken) and ns["loop"].label is loop.ops[0]
    assert format_trace(loop, ns) == "[i0]\nlabel(i0, descr=loop)\ni1 = int_add(i0, 1)\njump(i1)"
    bridge_text = "[i0, i1]\ni2 = int_sub(i0, i1)\njump(i2, descr=loop)"
    bridge = parse_trace(bridge_text, ns)
    assert bridge.ops[-1].descr is ns["loop"]
    assert format_trace(bridge, ns) == bridge_text
    assert format_trace(bridge) == bridge_text        # the token knows its name


def test_descrs_by_name():
    ns = {
        "helper": CallDescr(len, (REF,), INT),
        "Cls": type("Cls", (), {}),
        "value": FieldDescr("value", INT),
    }
    assert_round_trips("""
        [p0, f1]
        debug_merge_point('f.py:3 #12 BINARY_OP')
        debug_merge_point('it\\'s "quoted"')
        i2 = call_i(p0, descr=helper)
        guard_no_exception() [p0]
        p3 = new_object(descr=Cls)
        setfield(p3, i2, descr=value)
        setfield(p3, f1, descr=ratio)
        i4 = getfield_i(p3, descr=value)
        p5 = getfield_r(p3, descr=next)
        finish(i4, p5, descr=done)
    """, ns)
    assert ns["ratio"].kind is FLOAT and ns["next"].kind is REF
    assert isinstance(ns["done"], NamedDescr)


def test_field_descrs_are_shared_through_the_namespace():
    ns = {}
    a = parse_trace("[p0]\ni1 = getfield_i(p0, descr=x)\nfinish(i1)", ns)
    b = parse_trace("[p0]\ni1 = getfield_i(p0, descr=x)\nfinish(i1)", ns)
    assert a.ops[0].descr is b.ops[0].descr is ns["x"]
    with pytest.raises(ParseError, match="field x is int, used as ref"):
        parse_trace("[p0]\np1 = getfield_r(p0, descr=x)\nfinish(p1)", ns)


def test_location_text_descr():
    trace = parse_trace("[]\ndebug_merge_point('a.py:1 #0 NOP')\nfinish()")
    assert trace.ops[0].descr == TextLocation("a.py:1 #0 NOP")
    # an interpreter's own location object prints with str()

    class Loc:
        def __str__(self):
            return "code 'f' at #4"
    b = TraceBuilder()
    b.debug_merge_point(descr=Loc())
    b.finish()
    assert format_trace(b.build()) == "[]\ndebug_merge_point(\"code 'f' at #4\")\nfinish()"


def test_show_exits_prints_exit_numbers_as_comments():
    from tracer.executor import Executor
    trace = parse_trace("[i0]\nguard_true(i0) [i0]\nfinish(i0)")
    Executor().compile(trace)
    n0, n1 = trace.ops[0].exit_number, trace.ops[1].exit_number
    text = format_trace(trace, show_exits=True)
    assert text == f"[i0]\nguard_true(i0) [i0]  # exit {n0}\nfinish(i0)  # exit {n1}"
    assert format_trace(parse_trace(text)) == format_trace(trace)


def test_builder_traces_print():
    b = TraceBuilder()
    i0, f1, p2 = b.inputs(INT, FLOAT, REF)
    i3 = b.int_add(i0, 1)
    b.guard_true(i3, snapshot=[i0, p2])
    f4 = b.float_add(f1, 0.5)
    b.finish(i3, f4, p2)
    assert format_trace(b.build()) == norm("""
        [i0, f1, p2]
        i3 = int_add(i0, 1)
        guard_true(i3) [i0, p2]
        f4 = float_add(f1, 0.5)
        finish(i3, f4, p2)
    """)


def test_unprintable_ref_constant_is_printed_but_marked():
    b = TraceBuilder()
    obj = object()
    b.finish(ConstPtr(obj))
    text = format_trace(b.build())
    assert text.startswith("[]\nfinish(ConstPtr(<<object object at")
    with pytest.raises(ParseError):
        parse_trace(text)
    assert format_trace(b.build(), {"obj": obj}) == "[]\nfinish(ConstPtr(obj))"


def test_same_trace_is_equality_up_to_renaming():
    a = "[i0]\ni1 = int_add(i0, 1)\njump(i1)"
    b = "[i5]\ni9 = int_add(i5, 1)\njump(i9)"
    c = "[i5]\ni9 = int_add(i5, 2)\njump(i9)"
    assert same_trace(a, b)
    assert not same_trace(a, c)
    assert_same_trace(parse_trace(a), b)
    with pytest.raises(AssertionError, match="traces differ"):
        assert_same_trace(parse_trace(a), c)


def test_richer_snapshot_factory():
    class Frames(FlatSnapshot):
        __slots__ = ()

        def format(self, name_of):
            return "frame: " + FlatSnapshot.format(self, name_of)
    trace = parse_trace("[i0]\nguard_true(i0) [i0, 5]\nfinish()", snapshot_factory=Frames)
    assert isinstance(trace.ops[0].snapshot, Frames)
    assert format_trace(trace) == "[i0]\nguard_true(i0) [frame: i0, 5]\nfinish()"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(straight_traces())
def test_random_traces_round_trip(trace):
    text = format_trace(trace)
    back = parse_trace(text)
    assert format_trace(back) == text
    assert len(back.ops) == len(trace.ops)
    for a, b in zip(trace.ops, back.ops):
        assert a.opnum == b.opnum
        for x, y in zip(a.args, b.args):
            if x.is_constant:
                assert x == y       # floats by bits: nan, -0.0 survive
    for a, b in zip(trace.guards(), back.guards()):
        assert len(a.snapshot.fail_args) == len(b.snapshot.fail_args)


@given(st.floats(allow_nan=True, allow_infinity=True)
       | st.integers(0, (1 << 64) - 1).map(lambda b: ConstFloat.from_bits(
           b - (1 << 64) if b >= 1 << 63 else b).value))
def test_every_float_constant_round_trips_bitwise(x):
    b = TraceBuilder()
    b.finish(ConstFloat(x))
    back = parse_trace(format_trace(b.build()))
    assert back.ops[0].args[0].bits == float_to_bits(x)


# --- parse errors -----------------------------------------------------------------

@pytest.mark.parametrize("text,message", [
    ("[i0]\ni1 = int_frobnicate(i0)\nfinish()", "unknown op 'int_frobnicate'"),
    ("[i0]\ni1 = int_add(i0, i9)\nfinish()", "i9 is not defined"),
    ("[i0]\ni0 = int_add(i0, 1)\nfinish()", "i0 is defined twice"),
    ("[i0, i0]\nfinish()", "i0 is defined twice"),
    ("[i0]\np1 = int_add(i0, 1)\nfinish()", "int_add gives an int; p1 names a ref"),
    ("[i0]\ni1 = int_add(i0)\nfinish()", "int_add takes 2 arguments, got 1"),
    ("[i0]\nfinish()\ni1 = int_add(i0, 1)", "op after finish"),
    ("[i0]\ni1 = int_add(i0, 1) [i0]\nfinish()", "not a guard"),
    ("[p0]\ni1 = setfield(p0, 1, descr=x)\nfinish()", "setfield has no result"),
    ("[]\nfinish(ConstInt(9223372036854775808))", "does not fit in int64"),
    ("[]\nfinish(99999999999999999999)", "does not fit in int64"),
    ("[]\nfinish(ConstInt(1.5))", "ConstInt takes an integer"),
    ("[]\nfinish(ConstPtr(no_such_thing))", "'no_such_thing' is not in the namespace"),
    ("[]\nfinish(no_such_thing)", "'no_such_thing' is not in the namespace"),
    ("[]\nfinish(ConstPtr(1 +))", "not a name or a Python literal"),
    ("[i0]\ni1 = call_i(i0, descr=nothing)\nfinish()", "not a CallDescr"),
    ("[i0]\ni1 = call_i(i0)\nfinish()", "call_i needs a descr"),
    ("[i0]\njump(i0, descr=nowhere)", "jump to unknown label 'nowhere'"),
    ("[i0]\nlabel(i0, descr=a)\nlabel(i0, descr=a)\njump(i0)", "label a is defined twice"),
    ("[i0]\ni1 = int_add(i0, 1) $\nfinish()", "unexpected character '$'"),
    ("[i0]\ni1 = int_add(i0, 1\nfinish()", "unexpected end of line"),
    ("[i0]\ni1 = int_add(descr=x, i0)\nfinish()", "descr= comes last"),
    ("[x0]\nfinish()", "expected a value name"),
    ("[i0]\nq = int_add(i0, 1)\nfinish()", "a result is named like i3"),
    ("[i0]\ni1 = int_add(i0, 1) garbage\nfinish()", "unexpected text after the op"),
    ("[i0] extra\nfinish()", "unexpected text after the inputs"),
    ("[]\np0 = new_object(descr=len)\nfinish()", "'len' is not a class"),
    ("[]\nfinish(-abc)", "expected a number after '-'"),
    ("[]\nfinish(,)", "expected a value"),
])
def test_parse_errors(text, message):
    with pytest.raises(ParseError) as info:
        parse_trace(text)
    assert message in str(info.value)
    assert info.value.lineno is not None


def test_parse_error_points_at_the_place():
    with pytest.raises(ParseError) as info:
        parse_trace("[i0]\n\n   i1 = int_add(i0, i7)\nfinish()")
    e = info.value
    assert e.lineno == 3 and e.line == "i1 = int_add(i0, i7)" and e.col == 17
    assert str(e).splitlines()[-1].index("^") == 4 + 17


def test_guards_are_guard_ops():
    trace = parse_trace("[i0]\nguard_true(i0) [i0]\nfinish()")
    assert isinstance(trace.ops[0], GuardOp)
    assert trace.ops[0].snapshot.fail_args == (trace.inputargs[0],)


def test_before_and_after_texts_with_named_labels_share_a_namespace():
    ns = {}
    text = "[i0]\nlabel(i0, descr=loop)\ni1 = int_add(i0, 1)\njump(i1)"
    before = parse_trace(text, ns)
    after = parse_trace(text, ns)
    assert before.ops[0].descr is not after.ops[0].descr
    assert before.ops[0].descr.label is before.ops[0]
    assert ns["loop"] is after.ops[0].descr          # the latest definition
    assert_same_trace(before, after, ns)
    # a token made beforehand and not yet bound is used as it is
    ns2 = {"loop": TargetToken("loop")}
    trace = parse_trace(text, ns2)
    assert trace.ops[0].descr is ns2["loop"]


def test_a_lazy_location_is_made_once_when_printed_and_reads_as_its_text():
    from tracer.ir.descr import LazyLocation
    made = []

    def printable(code, pc):
        made.append(pc)
        return f"{code}:1 #{pc} LOAD_FAST"

    b = TraceBuilder()
    i0, = b.inputs(INT)
    b.label(i0)
    b.debug_merge_point(descr=LazyLocation(printable, ("f", 4)))
    b.jump(i0)
    trace = b.build()
    assert made == []                   # nothing asked for its text yet
    text = format_trace(trace)
    assert "debug_merge_point('f:1 #4 LOAD_FAST')" in text
    format_trace(trace)
    assert made == [4]                  # made once
    location = trace.ops[1].descr
    assert location == TextLocation("f:1 #4 LOAD_FAST") and str(location) == location.text
    assert hash(location) == hash(TextLocation("f:1 #4 LOAD_FAST"))
    assert_same_trace(parse_trace(text), trace)
