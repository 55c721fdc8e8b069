"""x86 backend against the IR executor on traces hypothesis makes up:
straight-line traces at the int64 and double edges (tracer/testing.py),
and loops carrying many values (spilling), calling out (values crossing
calls), boxing, with guards that fail at random iterations, and bridges."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend_x86 import supported

pytestmark = pytest.mark.skipif(not supported(), reason="no x86-64 backend on this host")

from tracer.ir import (EFFECT_NONE, FLOAT, INT, REF, CallDescr, ConstFloat,  # noqa: E402
                       ConstInt, ConstPtr, TraceBuilder)
from tracer.testing import doubles, int64s, straight_traces, values_of  # noqa: E402

_settings = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                       HealthCheck.data_too_large])


def _both():
    from backend_x86.testing import Both
    return Both(loose_nan=True)     # ops on two nans: either payload


@settings(max_examples=100, **_settings)
@given(st.data())
def test_straight_traces(data):
    trace = data.draw(straight_traces(max_inputs=6, max_ops=24))
    args = data.draw(values_of([v.kind for v in trace.inputargs]))
    _both().check(trace, list(args))


def _mix(x):
    return (x * 0x9E3779B1) & 0xFFFF


def _fmix(x):
    return x * 0.5 + 1.0


MIX = CallDescr(_mix, (INT,), INT, EFFECT_NONE)
FMIX = CallDescr(_fmix, (FLOAT,), FLOAT, EFFECT_NONE)


@st.composite
def loops(draw, max_values=24, max_ops=30):
    """A loop over n ints and m floats and a counter.  Its guards fail at
    some iteration (a bound on the counter, a data-dependent test, an
    overflow); its jump shuffles values between label positions."""
    b = TraceBuilder()
    n_int = draw(st.integers(1, max_values))
    n_float = draw(st.integers(0, max_values // 2))
    n_list = draw(st.integers(0, 3))
    ints = b.inputs(*[INT] * n_int)
    floats = b.inputs(*[FLOAT] * n_float)
    lists = b.inputs(*[REF] * n_list)       # each a list [int, float]
    counter = b.input(INT)
    b.label(*ints, *floats, *lists, counter)
    live = {INT: list(ints) + [counter], FLOAT: list(floats), REF: list(lists)}

    def pick(kind):
        if live[kind] and draw(st.integers(0, 5)):
            return draw(st.sampled_from(live[kind]))
        return ConstInt(draw(int64s())) if kind is INT else ConstFloat(draw(doubles()))

    def snapshot():
        pool = live[INT] + live[FLOAT] + live[REF]
        return draw(st.lists(st.sampled_from(pool), max_size=8)) if pool else []

    limit = draw(st.integers(1, 60))
    done = b.int_lt(counter, limit)
    b.guard_true(done, snapshot=snapshot())
    for _ in range(draw(st.integers(1, max_ops))):
        what = draw(st.sampled_from(["int"] * 4 + ["float"] * 2 + ["ovf", "guard", "div",
                                                                    "call", "box", "shift"]
                                    + (["item", "store", "fitem", "fstore", "tuple"]
                                       if lists else [])))
        if what == "int":
            name = draw(st.sampled_from(["int_add", "int_sub", "int_mul", "int_and", "int_or",
                                         "int_xor", "int_lt", "uint_gt", "int_eq"]))
            live[INT].append(b.emit(name, pick(INT), pick(INT)))
        elif what == "float" and live[FLOAT]:
            name = draw(st.sampled_from(["float_add", "float_sub", "float_mul",
                                         "float_truediv", "float_neg", "float_abs",
                                         "float_sqrt"]))
            unary = name in ("float_neg", "float_abs", "float_sqrt")
            args = [pick(FLOAT) for _ in range(1 if unary else 2)]
            live[FLOAT].append(b.emit(name, *args))
        elif what == "ovf":
            x, y = pick(INT), pick(INT)
            if draw(st.booleans()):         # small operands: overflows only sometimes
                x = b.int_and(x, 0x3FFFFFFF)
            op = b.emit(draw(st.sampled_from(["int_add_ovf", "int_sub_ovf", "int_mul_ovf"])),
                        x, y)
            b.guard_no_overflow(snapshot=[v for v in snapshot() if v is not op])
            live[INT].append(op)
        elif what == "guard":
            # mostly on the counter: fails at a random iteration
            bound = ConstInt(draw(st.integers(0, 80)))
            how = draw(st.sampled_from(["lt", "lt", "ne", "data"]))
            if how == "lt":
                b.guard_true(b.int_lt(counter, bound), snapshot=snapshot())
            elif how == "ne":
                b.guard_false(b.int_eq(counter, bound), snapshot=snapshot())
            else:
                b.guard_true(b.int_ne(pick(INT), bound), snapshot=snapshot())
        elif what == "div":
            y = pick(INT)
            b.guard_false(b.int_is_zero(y), snapshot=snapshot())
            live[INT].append(b.emit(draw(st.sampled_from(["int_py_div", "int_py_mod"])),
                                    pick(INT), y))
        elif what == "shift":
            live[INT].append(b.emit(draw(st.sampled_from(["int_lshift", "int_rshift",
                                                          "uint_rshift"])),
                                    pick(INT), b.int_and(pick(INT), 127)))
        elif what == "call":
            if draw(st.booleans()) or not live[FLOAT]:
                live[INT].append(b.call_i(pick(INT), descr=MIX))
            else:
                live[FLOAT].append(b.call_f(pick(FLOAT), descr=FMIX))
        elif what == "box":
            if draw(st.booleans()) or not live[FLOAT]:
                p = b.box_int(pick(INT))
                live[INT].append(b.unbox_int(p))
            else:
                p = b.box_float(pick(FLOAT))
                live[FLOAT].append(b.unbox_float(p))
        elif what == "item":
            x = b.getitem_list(draw(st.sampled_from(lists)), 0)
            b.guard_class(x, ConstPtr(int), snapshot=snapshot())
            b.guard_int64(x, snapshot=snapshot())
            live[INT].append(b.unbox_int(x))
        elif what == "store":
            b.setitem_list(draw(st.sampled_from(lists)), 0, b.box_int(pick(INT)))
        elif what == "fitem":
            x = b.getitem_list(draw(st.sampled_from(lists)), 1)
            b.guard_class(x, ConstPtr(float), snapshot=snapshot())
            live[FLOAT].append(b.unbox_float(x))
        elif what == "fstore":
            # a box that only the store takes: stored in place when the
            # list alone holds the float there (isel/refs.py)
            b.setitem_list(draw(st.sampled_from(lists)), 1, b.box_float(pick(FLOAT)))
        elif what == "tuple":
            t = b.new_tuple(*[draw(st.sampled_from(live[REF]))
                              for _ in range(draw(st.integers(0, 3)))])
            live[REF].append(t)
            if draw(st.booleans()):
                live[REF].append(b.same_as_r(t))
    new_ints = [draw(st.sampled_from(live[INT])) for _ in ints]
    new_floats = [draw(st.sampled_from(live[FLOAT])) for _ in floats]
    new_lists = [draw(st.sampled_from(lists)) for _ in lists]
    b.jump(*new_ints, *new_floats, *new_lists, b.int_add(counter, 1))
    return b.build()


def _args(data, trace):
    """Arguments for a loop: drawn ints and floats, fresh lists each run."""
    kinds = [v.kind for v in trace.inputargs[:-1]]
    nums = list(data.draw(values_of([k for k in kinds if k is not REF])))
    lists = [k for k in kinds if k is REF]
    seeds = data.draw(st.lists(int64s(), min_size=len(lists), max_size=len(lists)))
    return lambda: nums + [[x, x / 3.0] for x in seeds] + [0]


@settings(max_examples=40, **_settings)
@given(st.data())
def test_random_loops(data):
    trace = data.draw(loops())
    args = _args(data, trace)
    both = _both()
    both.check(trace, args)
    cap = data.draw(st.integers(1, 70))
    both.check(trace, args, max_iterations=cap)
    assert both.iterations()[0] == both.iterations()[1]


@settings(max_examples=25, **_settings)
@given(st.data())
def test_random_loops_with_bridges(data):
    """Bridges from random guards of a random loop, jumping back to it."""
    trace = data.draw(loops(max_values=12, max_ops=16))
    args = _args(data, trace)
    both = _both()
    both.check(trace, args)
    label = trace.ops[0]
    guards = [op for op in trace.ops if op.info.is_guard]
    for guard in data.draw(st.lists(st.sampled_from(guards), max_size=3, unique=True)):
        bridge = _bridge_back(data, guard, label)
        both.attach_bridge(guard, bridge)
        both.check(trace, args, max_iterations=200)
    assert both.iterations()[0] == both.iterations()[1]


def _bridge_back(data, guard, label):
    """A bridge from `guard` that computes a little and jumps back to the
    loop's label with the counter moved on (so the loop terminates)."""
    b = TraceBuilder()
    inputs = b.inputs(*[v.kind for v in guard.snapshot.fail_args])
    pool = {k: [v for v in inputs if v.kind is k] for k in (INT, FLOAT, REF)}
    extra = b.int_add(pool[INT][0], 12345) if pool[INT] else ConstInt(7)
    pool[INT].append(extra)
    lists = [v for a, v in zip(guard.snapshot.fail_args, inputs)
             if a.kind is REF and a in label.args]        # the loop's lists
    out = []
    for v in label.args[:-1]:
        if v.kind is REF:
            # a list the guard handed over, else a new one
            out.append(data.draw(st.sampled_from(lists)) if lists
                       else b.new_list(b.box_int(ConstInt(5))))
        elif pool[v.kind] and data.draw(st.integers(0, 3)):
            out.append(data.draw(st.sampled_from(pool[v.kind])))
        else:
            out.append(ConstInt(data.draw(int64s())) if v.kind is INT
                       else ConstFloat(data.draw(doubles())))
    b.jump(*out, ConstInt(1000), descr=label.descr)
    return b.build()


@pytest.mark.slow
@settings(max_examples=2000, **_settings)
@given(st.data())
def test_random_loops_long(data):
    test_random_loops.hypothesis.inner_test(data)


@pytest.mark.slow
@settings(max_examples=3000, **_settings)
@given(st.data())
def test_straight_traces_long(data):
    test_straight_traces.hypothesis.inner_test(data)


@pytest.mark.slow
@settings(max_examples=1000, **_settings)
@given(st.data())
def test_random_loops_with_bridges_long(data):
    test_random_loops_with_bridges.hypothesis.inner_test(data)

