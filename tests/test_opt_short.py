"""Short preambles: entry traces that reach a peeled loop enter its loop
label, with only the ops that make its arguments and guards for what it
assumes of them (tracer/optimizer/short.py); bridges jump to its first
label."""

import re

from tracer.executor import Executor
from tracer.ir import OPS, FlatSnapshot, rop
from tracer.optimizer import optimize
from tracer.optimizer.short import ShortPreamble
from tracer.optimizer.testing import structure, tag_guards
from tracer.params import ALL_OPTS
from tracer.resume import rebuild_values
from tracer.textform import parse_trace

from tests.test_opt_jit import run
from tests.test_opt_unroll import RANGE_LOOP, Iter


# for cur in range(stop): acc += 1.5  (test_opt_unroll's range loop,
# accumulating a float: the iterator and the float in the frame)
FLOAT_LOOP = RANGE_LOOP.split("    guard_class(p1, ConstPtr(int))")[0] + """
    guard_class(p1, ConstPtr(float)) [p0, p1]
    f9 = unbox_float(p1)
    f10 = float_add(f9, 1.5)
    p11 = box_float(f10)
    jump(p0, p11)
"""

# an entry trace that has the float unboxed and reaches the loop's header
ENTRY = """
    [p0, f1]
    label(p0, f1, descr=ENTRY)
    f2 = float_mul(f1, 2.0)
    p3 = box_float(f2)
    jump(p0, p3, descr=LOOP)
"""


def _loop(text=FLOAT_LOOP):
    ns = {"Iter": Iter}
    recorded = tag_guards(parse_trace(text, ns))
    first = recorded.ops[0].descr if recorded.ops[0].opnum == rop.LABEL else None
    if first is None:       # the parser made no label: the runtime's traces have one
        from tracer.ir import TargetToken, new_op
        from tracer.ir.trace import Trace
        label = TargetToken("loop").bind(new_op(rop.LABEL, list(recorded.inputargs))).label
        jump = recorded.ops[-1]
        jump.descr = label.descr
        recorded = Trace(recorded.inputargs, [label] + recorded.ops, recorded.name)
        first = label.descr
    first.resume = FlatSnapshot(tuple(recorded.inputargs))     # the loop header
    loop = optimize(recorded, ALL_OPTS, strict=True)
    ns["LOOP"] = loop.ops[0].descr
    return loop, ns


def _run(ex, compiled, args):
    """How a run left: the guard's tag (or the header's resume) and the
    values rebuilt from its resume data."""
    n, values = ex.run(compiled, list(args), max_iterations=10000)
    op = ex.exits[n]
    assert OPS[op.opnum].is_guard
    return structure(rebuild_values(op.snapshot, values))


def test_an_entry_trace_enters_the_loop_label_with_a_short_preamble():
    loop, ns = _loop()
    token = loop.ops[0].descr
    assert isinstance(token.short, ShortPreamble) and token.short.target.label in loop.ops
    raw = parse_trace(ENTRY, ns)
    entry = optimize(raw, ALL_OPTS, strict=True)
    jump = entry.ops[-1]
    assert jump.descr is token.short.target             # the loop label, not the first
    # a bridge (no label of its own) jumps to the first label, unless the
    # runtime says it is a path through one iteration of the loop
    bridge = ENTRY.replace("label(p0, f1, descr=ENTRY)", "")
    as_bridge = optimize(parse_trace(bridge, ns), ALL_OPTS, strict=True)
    assert as_bridge.ops[-1].descr is token
    inside = optimize(parse_trace(bridge, ns), ALL_OPTS, strict=True, into_loop_label=True)
    assert inside.ops[-1].descr is token.short.target
    names = [OPS[op.opnum].name for op in entry.ops]
    # the float the entry computed goes in unboxed; the iterator's fields
    # are read, after a guard on its class (the entry does not know it)
    assert "box_float" not in names and "unbox_float" not in names
    assert names.count("guard_class") == 3 and names.count("getfield_r") == 2
    assert "guard_nonnull" not in names         # guard_class fails on NULL too
    assert any(a is entry.ops[0] or a in entry.inputargs for a in jump.args)


def test_entering_at_the_loop_label_exits_as_entering_at_the_first():
    for stop in (0, 1, 5):
        for acc in (0.25, -1.0):
            loop, ns = _loop()
            ex = Executor()
            ex.compile(loop)
            short = ex.compile(optimize(parse_trace(ENTRY, ns), ALL_OPTS, strict=True))
            plain = ex.compile(parse_trace(ENTRY, ns))       # jumps to the first label
            a = _run(ex, short, [Iter(0, stop), acc])
            b = _run(ex, plain, [Iter(0, stop), acc])
            assert a == b, (stop, acc, a, b)


def test_what_the_entry_trace_does_not_know_is_guarded_to_the_loop_header():
    loop, ns = _loop()
    ex = Executor()
    ex.compile(loop)
    short = ex.compile(optimize(parse_trace(ENTRY, ns), ALL_OPTS, strict=True))
    # not an Iter: the short preamble's guard fails, with the header's values
    n, values = ex.run(short, ["not an iterator", 1.0], max_iterations=100)
    assert structure(rebuild_values(ex.exits[n].snapshot, values)) == \
        structure(["not an iterator", 2.0])


def test_an_entry_the_loop_assumptions_cannot_hold_for_jumps_to_the_first_label():
    loop, ns = _loop()
    # the accumulator is an int here: the loop's unboxing cannot be fed
    entry = optimize(parse_trace("""
        [p0, i1]
        label(p0, i1, descr=ENTRY)
        p2 = box_int(i1)
        jump(p0, p2, descr=LOOP)
    """, ns), ALL_OPTS, strict=True)
    assert entry.ops[-1].descr is loop.ops[0].descr


def test_no_short_preamble_when_the_loop_leaves_out_a_write_it_repeats():
    # the peeled iteration drops `p0.stop = p3` (the field holds it): on
    # another entry it might not
    loop, _ = _loop("""
        [p0, i1]
        p3 = getfield_r(p0, descr=stop)
        setfield(p0, p3, descr=stop)
        i2 = int_add(i1, 1)
        i4 = int_lt(i2, 100)
        guard_true(i4) [p0, i2]
        jump(p0, i2)
    """)
    assert loop.ops[0].descr.short == "the loop leaves out a write as redundant"


# for cur in range(stop): acc += scale + 5, with `scale` in the frame: the
# loop keeps `scale + 5` (an overflow-checked add) as a live-in
INVARIANT_CHECKED_ADD = """
    [p0, p1, p2]
    guard_class(p0, ConstPtr(Iter)) [p0, p1, p2]
    p3 = getfield_r(p0, descr=cur)
    p4 = getfield_r(p0, descr=stop)
    guard_class(p3, ConstPtr(int)) [p0, p1, p2]
    guard_int64(p3) [p0, p1, p2]
    i5 = unbox_int(p3)
    guard_class(p4, ConstPtr(int)) [p0, p1, p2]
    guard_int64(p4) [p0, p1, p2]
    i6 = unbox_int(p4)
    i7 = int_lt(i5, i6)
    guard_true(i7) [p0, p1, p2]
    i8 = int_add_ovf(i5, 1)
    guard_no_overflow() [p0, p1, p2]
    p9 = box_int(i8)
    setfield(p0, p9, descr=cur)
    guard_class(p1, ConstPtr(int)) [p0, p1, p2]
    guard_int64(p1) [p0, p1, p2]
    i10 = unbox_int(p1)
    guard_class(p2, ConstPtr(int)) [p0, p1, p2]
    guard_int64(p2) [p0, p1, p2]
    i11 = unbox_int(p2)
    i12 = int_add_ovf(i11, 5)
    guard_no_overflow() [p0, p1, p2]
    i13 = int_add_ovf(i10, i12)
    guard_no_overflow() [p0, p1, p2]
    p14 = box_int(i13)
    jump(p0, p14, p2)
"""

CHECKED_ENTRY = """
    [p0, i1, p2]
    label(p0, i1, p2, descr=ENTRY)
    p3 = box_int(i1)
    jump(p0, p3, p2, descr=LOOP)
"""


def test_a_checked_op_is_replayed_with_its_overflow_guard():
    loop, ns = _loop(INVARIANT_CHECKED_ADD)
    token = loop.ops[0].descr
    assert isinstance(token.short, ShortPreamble), token.short
    entry = optimize(parse_trace(CHECKED_ENTRY, ns), ALL_OPTS, strict=True)
    assert entry.ops[-1].descr is token.short.target
    names = [OPS[op.opnum].name for op in entry.ops]
    # `scale` is not known to be small: the add is checked, to the header
    assert "int_add_ovf" in names and "guard_no_overflow" in names
    for scale in (3, -7, 2 ** 63 - 3, 2 ** 63 - 6):
        for stop in (0, 4):
            loop, ns = _loop(INVARIANT_CHECKED_ADD)
            ex = Executor()
            compiled = ex.compile(loop)
            short = ex.compile(optimize(parse_trace(CHECKED_ENTRY, ns), ALL_OPTS, strict=True))
            plain = ex.compile(parse_trace(CHECKED_ENTRY, ns))
            b = _run(ex, plain, [Iter(0, stop), 10, scale])
            n, values = ex.run(short, [Iter(0, stop), 10, scale], max_iterations=10000)
            snapshot = ex.exits[n].snapshot
            a = structure(rebuild_values(snapshot, values))
            if a != b:
                # the overflow guard the short preamble added failed: the
                # interpreter goes on at the loop header, as the first label
                # would from the header's values
                header = rebuild_values(snapshot, values)
                assert len(header) == 3, a      # the header's values, no guard tag
                a = _run(ex, compiled, header)
            assert a == b, (scale, stop, a, b)


def test_a_checked_op_the_ranges_prove_needs_no_guard():
    loop, ns = _loop(INVARIANT_CHECKED_ADD)
    entry = optimize(parse_trace("""
        [p0, i1, i2]
        label(p0, i1, i2, descr=ENTRY)
        i3 = int_and(i2, 255)
        p4 = box_int(i1)
        p5 = box_int(i3)
        jump(p0, p4, p5, descr=LOOP)
    """, ns), ALL_OPTS, strict=True)
    assert entry.ops[-1].descr is loop.ops[0].descr.short.target
    names = [OPS[op.opnum].name for op in entry.ops]
    assert "guard_no_overflow" not in names and "int_add" in names


PROGRAM = """
    def series(x, terms):
        total = 0.0
        k = 1
        while k < terms:
            total = total + x / k - total * 0.001
            k += 1
        return total

    acc = 0.0
    for i in range(3000):
        acc += series(i * 0.5, 12)
    print("%.6f" % acc)
"""


def test_an_entry_trace_enters_the_loop_label_in_a_real_program(tmp_path):
    # series' entry trace (made when the outer loop calls it often) reaches
    # the while loop's header after its first iteration: it jumps to the
    # loop label, not to the preamble
    log = run(tmp_path, PROGRAM, "threshold=50")
    entries = [block for block in log.split("[jit-log-optimized")
               if block.startswith("] series") and "#0 " in block.split("\n")[0]]
    assert entries, "no entry trace for series"
    jumps = [line for block in entries for line in block.split("\n")
             if line.startswith("jump(")]
    assert any("[loop])" in line for line in jumps), jumps
    # the loop's header in the log says what its short preamble replays
    assert re.search(r"\[jit-log-optimized\] series;[^\n]*loop body: \d+ ops, \d+ guards; "
                     r"short preamble: \d+ ops to replay", log), log[:2000]
    # traced in another order (the entry first, bridges into the loop), the
    # same output
    run(tmp_path, PROGRAM, "threshold=2,function_threshold=2,trace_eagerness=2")


POLYMORPHIC = """
    class Small:
        def weight(self, x):
            return x & 7

    class Large:
        def weight(self, x):
            return (x & 31) + 2

    def run(shapes, n):
        total = 0
        for i in range(n):
            for shape in shapes:
                total += shape.weight(i)
        return total

    print(run([Small(), Large(), Large()] * 10, 300))
"""


def test_bridges_through_one_iteration_enter_the_loop_label(tmp_path):
    # The inner loop is traced with a Large; a Small fails its class guard,
    # and that guard's bridge runs the rest of the iteration and jumps back:
    # to the loop label (the `shape` the loop had, a Large, is only in its
    # resume data; `(i & 31) + 2`, invariant, is replayed).  The bridge from
    # the inner loop's exit goes round the outer loop: the first label.
    log = run(tmp_path, POLYMORPHIC, "threshold=50,trace_eagerness=20")
    bridges = [block for block in log.split("[jit-log-optimized bridge]")[1:]]
    assert bridges
    jumps = [line for block in bridges for line in block.split("[jit-log-optimized bridge-end]")[0]
             .split("\n") if line.startswith("jump(")]
    assert any(line.endswith("[loop])") for line in jumps), jumps
    assert any(line.endswith("FOR_ITER)") for line in jumps), jumps


GENERATOR_MAX = """
    def peak(data):
        return max(x % 1000 for x in data)

    data = list(range(30000))
    print([peak(data) for _ in range(3)])
"""


def test_a_bridge_inside_a_loop_over_a_generator_enters_the_loop_label(tmp_path):
    # max()'s app-level loop, traced while each item beat the best so far,
    # runs the generator inline; the usual path (not greater) is a bridge.
    # Its short preamble makes what the loop label takes: the generator's
    # frame again (an elidable call, replayed; `frame is None`, decided in
    # the preamble, guarded), its stack's length where it yields (guarded),
    # the generator's local `x` the previous step wrote (read and unboxed);
    # writing that local does not make the loop read the generator's stack
    # again (the frame's lists are its own: FieldDescr.owns_list).  The
    # bridge takes the frame from its guard's resume data instead of calling
    # guest_frame_of per item (the loop passes it on unchanged).
    log = run(tmp_path, GENERATOR_MAX, "threshold=50,trace_eagerness=20")
    header = re.search(r"\[jit-log-optimized\] max_;[^\n]*", log).group(0)
    assert re.search(r"loop body: \d+ ops, \d+ guards; short preamble: \d+ ops to replay",
                     header), header
    body = log.split(header)[1].split("[jit-log-optimized-end]")[0].split("[loop])")[-1]
    assert "getitem_list" in body and body.count("getitem_list") == 1, body    # data[i] only
    bridges = log.split("[jit-log-optimized bridge]")[1:]
    jumps = [line for block in bridges for line in block.split("[jit-log-optimized bridge-end]")[0]
             .split("\n") if line.startswith("jump(")]
    assert jumps and all(line.endswith("[loop])") for line in jumps), jumps
    assert not any("call_pure" in block.split("[jit-log-optimized bridge-end]")[0]
                   for block in bridges), bridges
