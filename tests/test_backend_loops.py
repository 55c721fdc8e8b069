"""x86 backend: loops, the iteration cap, labels, bridges, Ctrl-C, each
run on machine code and on the IR executor."""

import ctypes
import os
import signal
import threading
import time

import pytest

from backend_x86 import supported

pytestmark = pytest.mark.skipif(not supported(), reason="no x86-64 backend on this host")

from tracer.executor import CAP_EXIT  # noqa: E402
from tracer.ir import FLOAT, INT, TraceBuilder  # noqa: E402
from tracer.textform import parse_trace  # noqa: E402


@pytest.fixture
def both():
    from backend_x86.testing import Both
    return Both()


SUM_LOOP = """
[i0, i1, i2]
i3 = int_lt(i0, i1)
guard_true(i3) [i0, i1, i2]
i4 = int_mul_ovf(i0, i0)
guard_no_overflow() [i0, i1, i2]
i5 = int_add_ovf(i2, i4)
guard_no_overflow() [i0, i1, i2]
i6 = int_add(i0, 1)
jump(i6, i1, i5)
"""


def test_loop_runs_until_a_guard_fails(both):
    trace = parse_trace(SUM_LOOP)
    n, values = both.check(trace, [0, 100, 0])
    assert values == (100, 100, sum(i * i for i in range(100)))
    both.check(trace, [3037000499, 3037000502, 0])         # the mul overflows
    assert both.iterations()[0] == both.iterations()[1]


def test_iteration_cap_and_resume_at_the_label(both):
    trace = parse_trace(SUM_LOOP)
    for cap in (1, 4, 9, 10, 11, 1000):
        both.check(trace, [0, 10, 0], max_iterations=cap)
    assert both.iterations()[0] == both.iterations()[1]
    n, values = both.be.run(both.compile(trace)[1], [0, 10, 0], max_iterations=4)
    assert n == CAP_EXIT and values == (4, 10, 14)
    assert both.be.stopped_at is trace.entry_token
    n, values = both.be.run(both.be.stopped_at, values)
    assert values == (10, 10, 285)


def test_long_loop_crosses_many_poll_chunks(both):
    text = """
    [i0, i1]
    i2 = int_lt(i0, i1)
    guard_true(i2) [i0, i1]
    i3 = int_add(i0, 1)
    jump(i3, i1)
    """
    trace = parse_trace(text)
    both.check(trace, [0, 1_000_000])
    both.check(trace, [0, 1_000_000], max_iterations=123_457)
    assert both.iterations()[0] == both.iterations()[1]


def test_infinite_loop_with_cap_and_wrapping(both):
    trace = parse_trace("[i0]\ni1 = int_mul(i0, 3)\njump(i1)")
    both.check(trace, [1], max_iterations=100)
    both.check(trace, [1], max_iterations=100_000)


TWO_LABELS = """
    [i0, i1]
    label(i0, i1, descr=pre)
    i2 = int_add(i1, 1000)
    label(i0, i2, descr=body)
    i3 = int_add(i0, i2)
    i4 = int_lt(i3, 10000)
    guard_true(i4) [i3, i2]
    jump(i3, i2)
"""


def test_preamble_and_peeled_loop_two_labels(both):
    ns = {}
    trace = parse_trace(TWO_LABELS, ns)
    both.check(trace, [0, 1])
    both.check(trace, [0, 5], entry=ns["body"])
    both.check(trace, [0, 5], entry=ns["pre"])


def test_a_loop_label_starts_a_64_byte_line(both):
    # (a small loop body then takes one fetch line per iteration), whatever
    # the preamble's length
    from backend_x86.compiler import LOOP_ALIGNMENT
    for pad in range(0, 8):
        ns = {}
        pre = "".join(f"    i{10 + k} = int_add(i1, {k})\n" for k in range(pad))
        trace = parse_trace(TWO_LABELS.replace("    i2 = int_add", pre + "    i2 = int_add"), ns)
        both.compile(trace)
        assert both.be.label_info(ns["body"]).address % LOOP_ALIGNMENT == 0
        both.check(trace, [0, 1])


def test_jump_back_to_the_first_of_two_labels(both):
    trace = parse_trace("""
    [i0]
    label(i0, descr=a)
    i1 = int_add(i0, 1)
    label(i1, descr=b)
    i2 = int_lt(i1, 5)
    guard_true(i2) [i1]
    jump(i1, descr=a)
    """)
    both.check(trace, [0])


def test_float_and_ref_loop_state(both):
    trace = parse_trace("""
    [f0, i1, p2]
    f3 = float_mul(f0, 1.0000001)
    f4 = float_add(f3, 0.5)
    i5 = int_add(i1, 1)
    i6 = int_lt(i5, 1000)
    guard_true(i6) [f4, i5, p2]
    p7 = box_float(f4)
    jump(f4, i5, p7)
    """)
    both.check(trace, [1.0, 0, None])


def test_values_that_swap_places_every_iteration(both):
    # jump(b, a): the parallel move must break the cycle
    for kind in (INT, FLOAT):
        b = TraceBuilder()
        x, y, n = b.inputs(kind, kind, INT)
        b.label(x, y, n)
        c = b.int_lt(n, 7)
        b.guard_true(c, snapshot=[x, y, n])
        b.jump(y, x, b.int_add(n, 1))
        both.check(b.build(), [1, 2, 0] if kind is INT else [1.5, -2.5, 0])


# --- spilling -------------------------------------------------------------------------

def _many_values_loop(n_int, n_float, steps=50):
    """A loop carrying more values than there are registers, all of them
    changing each iteration, with a guard that sees all of them."""
    b = TraceBuilder()
    ints = b.inputs(*[INT] * n_int)
    floats = b.inputs(*[FLOAT] * n_float)
    counter = b.input(INT)
    b.label(*ints, *floats, counter)
    new_i = [b.int_add(v, k + 1) for k, v in enumerate(ints)]
    new_i = [b.int_xor(v, w) for v, w in zip(new_i, new_i[1:] + new_i[:1])]
    new_f = [b.float_add(v, float(k)) for k, v in enumerate(floats)]
    new_f = [b.float_mul(v, 0.5) for v in new_f]
    c = b.int_add(counter, 1)
    done = b.int_lt(c, steps)
    b.guard_true(done, snapshot=[*new_i, *new_f, c])
    b.jump(*new_i, *new_f, c)
    return b.build()


@pytest.mark.parametrize("n_int,n_float", [(20, 0), (0, 20), (16, 18), (40, 40)])
def test_loops_that_spill(both, n_int, n_float):
    trace = _many_values_loop(n_int, n_float)
    args = list(range(n_int)) + [float(k) / 3 for k in range(n_float)] + [0]
    both.check(trace, args)
    both.check(trace, args, max_iterations=7)


# --- bridges ---------------------------------------------------------------------------

def _loop(ns):
    # counts i0 up to 100, adding even i0 to i1; odd i0 fail the second guard
    return parse_trace("""
    [i0, i1]
    label(i0, i1, descr=loop)
    i2 = int_lt(i0, 100)
    guard_true(i2) [i0, i1]
    i3 = int_and(i0, 1)
    guard_false(i3) [i0, i1]
    i4 = int_add(i1, i0)
    i5 = int_add(i0, 1)
    jump(i5, i4)
    """, ns)


def test_bridge_continues_the_loop(both):
    ns = {}
    loop = _loop(ns)
    bridge = parse_trace("""
    [i0, i1]
    i2 = int_sub(i1, i0)
    i3 = int_add(i0, 1)
    jump(i3, i2, descr=loop)
    """, ns)
    both.check(loop, [0, 0])
    both.attach_bridge(loop.ops[4], bridge)
    assert both.be.has_bridge(loop.ops[4])
    n, values = both.check(loop, [0, 0])
    assert values == (100, sum(i if i % 2 == 0 else -i for i in range(100)))
    both.check(loop, [0, 0], max_iterations=3)
    assert both.iterations()[0] == both.iterations()[1]
    both.ex.detach_bridge(loop.ops[4])
    both.be.detach_bridge(loop.ops[4])
    both.check(loop, [0, 0])


def test_bridge_on_a_bridge_and_bridge_to_finish(both):
    ns = {}
    loop = _loop(ns)
    bridge = parse_trace("""
    [i0, i1]
    i2 = int_eq(i0, 51)
    guard_false(i2) [i1, i0]
    i3 = int_sub(i1, i0)
    i4 = int_add(i0, 1)
    jump(i4, i3, descr=loop)
    """, ns)
    bridge2 = parse_trace("""
    [i0, i1]
    i2 = int_mul(i0, 1000)
    finish(i2, i1, descr=done)
    """, ns)
    both.compile(loop)
    both.attach_bridge(loop.ops[4], bridge)
    both.check(loop, [0, 0])
    both.attach_bridge(bridge.ops[1], bridge2)
    both.check(loop, [0, 0])


def test_bridge_with_duplicate_and_constant_fail_args_and_a_bigger_frame(both):
    ns = {}
    loop = parse_trace("""
    [i0, p1, f2]
    label(i0, p1, f2, descr=loop)
    i3 = int_lt(i0, 50)
    guard_true(i3) [i0, p1, f2]
    i4 = int_and(i0, 3)
    guard_false(i4) [i0, i0, p1, p1, 7, f2, ConstPtr('k'), 2.5]
    i5 = int_add(i0, 1)
    jump(i5, p1, f2)
    """, ns)
    # the bridge holds 30 values at once: it spills beyond the loop's frame
    lines = ["[i0, i1, p2, p3, i4, f5, p6, f7]"]
    names = []
    for k in range(30):
        lines.append(f"i{100 + k} = int_add(i1, {k})")
        names.append(f"i{100 + k}")
    acc = names[0]
    for k, name in enumerate(names[1:]):
        lines.append(f"i{200 + k} = int_xor({acc}, {name})")
        acc = f"i{200 + k}"
    lines.append("i300 = int_add(i0, i4)")
    lines.append("i301 = int_sub(i300, 6)")
    lines.append(f"i302 = int_and({acc}, 0)")
    lines.append("i303 = int_add(i301, i302)")
    lines.append("f304 = float_add(f5, f7)")
    lines.append("i305 = ptr_eq(p2, p3)")
    lines.append("guard_true(i305) [p6, p2]")
    lines.append("jump(i303, p3, f304, descr=loop)")
    bridge = parse_trace("\n".join(lines), ns)
    both.compile(loop)
    both.attach_bridge(loop.ops[4], bridge)
    both.check(loop, [1, ("obj",), 0.25])


# --- Ctrl-C ----------------------------------------------------------------------------

def test_ctrl_c_leaves_a_long_loop_by_a_cap_exit():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    trace = parse_trace("[i0]\ni1 = int_add(i0, 1)\njump(i1)")
    loop = be.compile(trace)
    # A shell's background job starts with SIGINT ignored (and Python keeps
    # it so): the loop would never stop.  Python's own handler, for the test.
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        n, values, exc, _ = _run_on(be, loop, [0])
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, old)
    assert n == CAP_EXIT
    assert isinstance(exc, KeyboardInterrupt)
    assert values[0] > 0 and be.stopped_at is trace.entry_token
    assert be.iterations == values[0]


def _run_on(be, loop, args):
    """Run `loop` (a trace that jumps to its start), entering it again after
    each CAP exit without an exception, as the runtime does: the loop leaves
    after the poll let another thread run (here, the timer's).  (exit,
    values, exception, how many times it was entered again)."""
    n, values = be.run(loop, args)
    exc = be.grab_exception()
    left = 0
    while n == CAP_EXIT and exc is None:
        left += 1
        n, values = be.run(loop, list(values))
        exc = be.grab_exception()
    return n, values, exc, left


def _long_loop():
    """An x86 backend and a loop of 1.5e9 back-edges (about half a second)."""
    from backend_x86.backend import X86Backend
    be = X86Backend()
    return be, be.compile(parse_trace("""
    [i0]
    i1 = int_add(i0, 1)
    i2 = int_lt(i1, 1500000000)
    guard_true(i2) [i1]
    jump(i1)
    """))


def test_a_python_signal_handler_runs_at_a_back_edge():
    be, loop = _long_loop()
    seen = []
    old = signal.signal(signal.SIGUSR1, lambda *a: seen.append(a[0]))
    # the loop runs about half a second: the timer fires inside it even on a
    # loaded machine (300M iterations once ended before a late timer)
    timer = threading.Timer(0.02, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        timer.start()
        n, values, exc, _ = _run_on(be, loop, [0])
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, old)
    # the handler ran (and did not raise), the loop went on to its end
    assert seen == [signal.SIGUSR1] and values == (1500000000,)
    assert exc is None


def test_another_thread_runs_while_a_compiled_loop_runs():
    # A poll that released the GIL every few polls starved a waiting thread:
    # each release woke it before it could ask for the GIL, and the loop took
    # the GIL back first.  Released two switch intervals apart, it is handed
    # over.  The loop then leaves by its CAP exit (the other thread may have
    # written what it keeps in registers) and is entered again.
    be, loop = _long_loop()
    ticks = []
    running = threading.Event()
    done = threading.Event()

    def worker():
        running.set()
        while not done.is_set():
            time.sleep(0.002)
            ticks.append(done.is_set())

    thread = threading.Thread(target=worker)
    thread.start()
    running.wait()
    try:
        n, values, exc, left = _run_on(be, loop, [0])
    finally:
        done.set()
        thread.join()
    during = ticks.count(False)
    assert values == (1500000000,) and exc is None and during >= 5 and left >= 5, \
        (during, left, len(ticks))


def test_a_loop_alone_in_its_program_does_not_leave_to_let_threads_run():
    be, loop = _long_loop()
    n, values = be.run(loop, [0])
    assert values == (1500000000,) and n != CAP_EXIT



# --- reentrancy -------------------------------------------------------------------------

def test_compiled_code_calling_host_code_that_runs_compiled_code(both):
    from tracer.ir import EFFECT_ANY, CallDescr
    inner = parse_trace(SUM_LOOP)
    inner_unit = both.be.compile(inner)
    both.ex.compile(inner)

    def host(n):
        runner = host.runner
        unit = inner_unit if runner is both.be else both.compile(inner)[0]
        exit_n, values = runner.run(unit, [0, n, 0])
        return values[2]

    ns = {"host": CallDescr(host, (INT,), INT, EFFECT_ANY)}
    outer = parse_trace("""
    [i0, i1]
    i2 = int_lt(i0, 20)
    guard_true(i2) [i0, i1]
    i3 = call_i(i0, descr=host)
    guard_no_exception() [i0, i1]
    i4 = int_add(i1, i3)
    i5 = int_add(i0, 1)
    jump(i5, i4)
    """, ns)
    c_ex, c_be = both.compile(outer)
    host.runner = both.ex
    want = both.ex.run(c_ex, [0, 0])
    host.runner = both.be
    got = both.be.run(c_be, [0, 0])
    assert want == got


def test_freed_loop_is_unmapped_and_cannot_run():
    from backend_x86.backend import BackendError, X86Backend
    from backend_x86.memory import CodeBlock
    be = X86Backend()
    ns = {}
    loop = _loop(ns)
    unit = be.compile(loop)
    bridge = be.attach_bridge(loop.ops[4], parse_trace(
        "[i0, i1]\ni2 = int_add(i0, 1)\njump(i2, i1, descr=loop)", ns))
    before = CodeBlock.live_blocks
    be.free(unit)
    assert CodeBlock.live_blocks == before - 2
    assert unit.block.address is None and bridge.block.address is None
    with pytest.raises(BackendError):
        be.run(unit, [0, 0])
    with pytest.raises(BackendError):
        be.run(ns["loop"], [0, 0])


def test_code_memory_is_never_writable_and_executable():
    from backend_x86.backend import X86Backend
    from backend_x86.memory import protection_of
    be = X86Backend()
    unit = be.compile(parse_trace(SUM_LOOP))
    assert protection_of(unit.block.address) == "r-xp"
    assert protection_of(be.runtime.block.address) == "r-xp"
    slots = ctypes.addressof(unit.jump_slots)
    assert "x" not in protection_of(slots)


def test_disassembly_names_the_ops():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    ns = {}
    loop = _loop(ns)
    unit = be.compile(loop)
    be.attach_bridge(loop.ops[4], parse_trace(
        "[i0, i1]\ni2 = int_add(i0, 1)\njump(i2, i1, descr=loop)", ns))
    text = be.disassemble(unit)
    assert "# i3 = int_and(i0, 1)" in text and "# bridge at" in text
    assert "guard failure" in text and "entry stubs" in text
    assert any(line.strip().startswith("0x") and "and " in line for line in text.splitlines())
    lines = text.splitlines()
    # a guard that tests its comparison's flags shares the comparison's block:
    # both ops head it, then its instructions
    k = lines.index("  # i2 = int_lt(i0, 100)")
    assert lines[k + 1].startswith("  # guard_true(i2)") and lines[k + 2].strip().startswith("0x")
    # a failure path is headed by the ops whose block jumps to it
    failures = [j for j, line in enumerate(lines) if line == "# -- guard failure --"]
    assert failures and all(lines[j + 1].startswith("  # from: ") for j in failures)
    assert any(lines[j + 1].startswith("  # from: guard_false(i3)") for j in failures)
    assert any(lines[j + 2].startswith("  # from: guard_true(i2)") for j in failures)


def test_peachpy_is_imported_only_when_code_is_assembled():
    import subprocess
    import sys
    code = ("import sys, backend_x86\n"
            "from backend_x86 import select_backend\n"
            "be = select_backend()\n"
            "assert 'peachpy' not in sys.modules, 'imported too early'\n"
            "from tracer.textform import parse_trace\n"
            "be.compile(parse_trace('[i0]\\ni1 = int_add(i0, 1)\\nfinish(i1)'))\n"
            "assert 'peachpy' in sys.modules\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # no stored templates: the first encoding needs PeachPy
    env = dict(os.environ, PVMX_TEMPLATE_CACHE="off")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)


def test_disassembly_without_capstone_uses_the_listing():
    from backend_x86.backend import X86Backend
    from backend_x86.disasm import disassemble
    be = X86Backend(keep_listing=True)
    unit = be.compile(parse_trace(SUM_LOOP))
    text = disassemble(unit, use_capstone=False)
    assert "# i4 = int_mul_ovf(i0, i0)" in text
    assert "imul " in text and "jo " in text
    assert "<Label" not in text     # jump targets are addresses, as capstone shows them
    assert "# from: guard_no_overflow()" in text
