"""Guest calls under the JIT: function entry traces, call_assembler, residual
calls of the interpreter, and bridges that end in the frame's return;
checked against CPython's output, the summary and the trace log."""

import pytest

from tests.test_jit_loops import run

BACKENDS = ["backend=x86", "backend=executor"]


def bridges(log):
    """The recorded bridges of a trace log, each as its text."""
    return [b.split("[jit-log-bridge-end]")[0] for b in log.split("[jit-log-bridge] ")[1:]]

# A function with a loop of its own, called from a hot loop: PyPy's case for
# call_assembler.  Unrolling escape's loop into the caller's trace would
# deoptimize for every other trip count.
ESCAPE = """
    def escape(c):
        z = 0.0
        n = 0
        while n < 40:
            z = z * z + c
            if z > 2.0 or z < -2.0:
                break
            n += 1
        return n

    def run(size):
        total = 0
        for k in range(size):
            total += escape(-2.0 + 2.5 * k / size)
        return total

    for _ in range(3):
        print(run(3000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_function_with_a_loop_is_called_through_its_entry_trace(tmp_path, backend):
    stats, log = run(tmp_path, ESCAPE, "--jit", backend)
    assert stats["entries"] >= 1
    assert stats["aborts"].get("inlined call reaches a compiled loop", 0) >= 1
    caller = [part for part in log.split("[jit-log-optimized] ")[1:]
              if part.startswith("run;")]
    assert caller and "call_assembler_r(" in caller[-1]
    # the callee's loop exits and returns from machine code: bridges that finish
    assert any("finish(" in b for b in bridges(log))


RAISES_IN_CALLEE = """
    import traceback

    def check(x):
        s = 0
        for i in range(5):
            s += i
        if x == 2500:
            raise ValueError("bad %d" % x)
        return s + x

    def run(n):
        total = 0
        for x in range(n):
            try:
                total += check(x)
            except ValueError as e:
                print("caught", e, [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)])
        return total

    print(run(4000))
    print(run(4000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_exception_in_a_called_entry_trace_reaches_the_caller(tmp_path, backend):
    stats, log = run(tmp_path, RAISES_IN_CALLEE, "--jit", backend)
    assert stats["entries"] >= 1 and "call_assembler_r(" in log


RECURSIVE = """
    def fib(n):
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)

    print(fib(22))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_recursive_function_calls_its_own_entry_trace(tmp_path, backend):
    # traced at a call that recurses, as with PyPy's thresholds (with pvmx's
    # it is a leaf: the trace is the base case, and its guard gets a bridge
    # that calls the entry, the next test)
    stats, log = run(tmp_path, RECURSIVE, "--jit",
                     backend + ",threshold=1039,function_threshold=1619,trace_eagerness=200")
    assert stats["entries"] == 2 and stats["aborts"] == {}, stats
    # traced first with no entry trace to call: its calls go through the
    # interpreter; so it is traced again, and calls itself in machine code
    first, second = [e.split("[jit-log-optimized-end]")[0]
                     for e in log.split("[jit-log-optimized] fib;")[1:3]]
    assert "call_r(" in first and "run_function" in first and "finish(" in first
    assert "call_assembler_r(" in second and "run_function" not in second
    # and the calls made by the first one's code run the second's: after
    # that, the interpreter enters compiled code a few times, not per call
    assert stats["loop_entries"] < 500, stats


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_recursive_function_traced_at_its_base_case_recurses_in_a_bridge(tmp_path, backend):
    stats, log = run(tmp_path, RECURSIVE, "--jit", backend)
    first = log.split("[jit-log-optimized] fib;")[1].split("[jit-log-optimized-end]")[0]
    assert "call" not in first and "finish(" in first       # n < 2: return n
    bridge = log.split("[jit-log-optimized bridge] ")[1].split("[jit-log-optimized bridge-end]")[0]
    assert bridge.count("call_assembler_r(") == 2 and "run_function" not in bridge
    assert stats["loop_entries"] < 500, stats


def test_function_threshold_sets_when_a_function_is_traced(tmp_path):
    program = """
        def g(a, b):
            return a * b + 1

        total = 0
        for i in range(60):
            total += g(i, 3)
        print(total)
    """
    stats, _ = run(tmp_path, program, "--jit", "threshold=100000,function_threshold=20")
    assert stats["entries"] == 1
    stats, _ = run(tmp_path, program, "--jit", "threshold=100000,function_threshold=100")
    assert stats["entries"] == 0


DEEP = """
    import sys
    sys.setrecursionlimit(400)

    def down(n):
        k = 0
        while k < 3:
            k += 1
        return down(n + 1) + k

    for attempt in range(3):
        try:
            down(0)
        except RecursionError:
            print("recursion error", attempt)
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_unbounded_recursion_through_compiled_code_is_a_recursion_error(tmp_path, backend):
    run(tmp_path, DEEP, "--jit", f"{backend},threshold=5,function_threshold=5")


BRANCH_IN_CALLEE = """
    def classify(x):
        if x % 3 == 0:
            return x * 2
        else:
            return x + 1

    def run(n):
        total = 0
        for i in range(n):
            total += classify(i)
        return total

    print(run(30000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_hot_guard_inside_an_inlined_call_gets_a_bridge(tmp_path, backend):
    stats, log = run(tmp_path, BRANCH_IN_CALLEE, "--jit", backend)
    # the bridge starts in classify's frame, returns to run's and jumps back
    inlined = [b for b in bridges(log) if b.split("debug_merge_point('")[1].startswith("classify;")]
    assert inlined and "debug_merge_point('run;" in inlined[0] and "jump(" in inlined[0]
    # so the other branch stops deoptimizing after trace_eagerness failures
    assert stats["guard_failures"] < 1000, stats


# check's entry trace runs its `return`; the other branch raises, which no
# bridge records (a class of the guest's: making the instance runs guest
# code).  At every other call that guard fails: the entry trace is thrown
# away rather than deoptimize 10000 times (each costs more than
# interpreting the call).  When it fails at one call in 200, it stays.
RAISES_EVERY_NTH_CALL = """
    class Bad(Exception):
        pass

    def check(i, nth):
        if i % nth == 1:
            raise Bad
        return i

    def run(n, nth):
        total = 0
        for i in range(n):
            try:
                total += check(i, nth)
            except Bad:
                total -= 1
        return total

    print(run(20000, NTH))
"""


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("nth", [2, 200])
def test_an_entry_trace_whose_guard_keeps_failing_without_bridge_is_thrown_away(
        tmp_path, backend, nth):
    stats, _ = run(tmp_path, RAISES_EVERY_NTH_CALL.replace("NTH", str(nth)), "--jit", backend)
    thrown = stats["aborts"].get("entry trace thrown away: a hot guard without bridge", 0)
    if nth == 2:
        # (run's loop is never compiled: its trace aborts at the raise)
        assert stats["entries"] == 1 and stats["loops"] == 0, stats
        assert stats["aborts"].get("bridge: instruction RAISE_VARARGS", 0) >= 1, stats
        assert thrown == 1 and stats["guard_failures"] < 500, stats
        # and the interpreter stops offering check's calls to the JIT
        assert stats["cold_entries"] == 1, stats
    else:
        # run's loop is compiled, with check inlined: the raise deoptimizes it
        assert thrown == 0 and stats["iterations_in_traces"] > 15000, stats


def assert_mostly_compiled(stats, iterations, exits):
    """More than `iterations` back-edges ran in machine code, fewer than
    `exits` guards failed, and no loop or entry trace was thrown away."""
    assert stats["iterations_in_traces"] > iterations and stats["guard_failures"] < exits, stats
    assert not any("thrown away" in reason for reason in stats["aborts"]), stats


# A residual call raises and the loop catches it.  The guard after the call
# exits with the exception; at its trace_eagerness-th exit, a bridge records
# the exception's path: the handler (compiled, the traceback entry made by a
# residual call) and back to the loop.  Where the handler cannot be recorded
# (HANDLER: an f-string, FORMAT_VALUE is not traced), each exception
# deoptimizes and enters the loop again: raising at every other iteration,
# that ran 2.5 times slower than --jit off, and the loop is thrown away; at
# one in seven it stays.  (The iteration traced, the 200th, finds its key.)
KEY_MISSES = """
    def run(n, every):
        d = {i: i for i in range(1000) if i % every}
        total = 0
        for k in range(n):
            try:
                total += d[(k + 1) % 1000]
            except KeyError:
                total -= HANDLER
        return total

    print(run(20000, EVERY))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_path_of_an_exception_caught_in_the_loop_is_a_bridge(tmp_path, backend):
    source = KEY_MISSES.replace("EVERY", "2").replace("HANDLER", "1")
    stats, log = run(tmp_path, source, "--jit", backend)
    assert_mostly_compiled(stats, 19000, 200)
    bridge = [b for b in bridges(log) if "take_exception" in b]
    assert bridge and "_unwinding" in bridge[0], bridges(log)


# The handler is in a function the loop's trace inlined: the bridge starts
# in that frame (rebuilt from the guard's snapshot), runs its handler and
# returns to the loop.
CATCHING_CALLEE = """
    def get(d, k):
        try:
            return d[k]
        except KeyError:
            return -1

    def run(n):
        d = {i: i for i in range(1, 1000, 2)}
        total = 0
        for k in range(n):
            total += get(d, k % 1000)
        return total

    print(run(20000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_exception_caught_in_an_inlined_call_is_a_bridge(tmp_path, backend):
    stats, log = run(tmp_path, CATCHING_CALLEE, "--jit", backend)
    assert_mostly_compiled(stats, 19000, 200)
    assert any("take_exception" in b for b in bridges(log)), bridges(log)


# The inlined function has no handler: the exception leaves its frame (its
# traceback entry made by a residual call) for the loop's handler, and the
# bridge starts there.  The handler reads the callee's traceback entry.
LEAVING_CALLEE = """
    def get2(d, k):
        return d[k] * 2

    def run(n):
        d = {i: i for i in range(1, 1000, 2)}
        total = 0
        for k in range(n):
            try:
                total += get2(d, k % 1000)
            except KeyError as e:
                total -= e.__traceback__.tb_next.tb_lineno
        return total

    print(run(20000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_exception_leaving_an_inlined_call_for_the_loops_handler_is_a_bridge(
        tmp_path, backend):
    stats, log = run(tmp_path, LEAVING_CALLEE, "--jit", backend)
    assert_mostly_compiled(stats, 19000, 200)
    bridge = [b for b in bridges(log) if "take_exception" in b]
    assert bridge and bridge[0].count("_unwinding") == 2, bridges(log)   # callee, loop


# `raise` caught in the frame that raises: recorded as its unwinding (a
# residual call for the traceback entry and the context), in the bridge of
# the guard that chose the raising branch.
GUEST_RAISES = """
    def run(n):
        total = 0
        for k in range(n):
            try:
                if k % 5 == 0:
                    raise IndexError
                if k % 7 == 0:
                    raise ValueError(k)
                total += k
            except IndexError:
                total += 2
            except ValueError as e:
                total -= e.args[0] % 3
        return total

    print(run(20000))
"""


# A raise in an inlined call with no handler, caught by the loop: the
# callee's unwinding is recorded, RaisedOut carries the exception to the
# loop's step, which records its own and goes on in the handler.
RAISES_IN_INLINED_CALL = """
    def check(i):
        if i % 3 == 0:
            raise ValueError(i)
        return i

    def run(n):
        total = 0
        for k in range(n):
            try:
                total += check(k)
            except ValueError as e:
                total -= e.__traceback__.tb_next.tb_lineno
        return total

    print(run(20000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_raise_in_an_inlined_call_caught_by_the_loop_is_recorded(tmp_path, backend):
    stats, log = run(tmp_path, RAISES_IN_INLINED_CALL, "--jit", backend)
    # (a bridge's jump back into the loop is not counted as an iteration)
    assert_mostly_compiled(stats, 12000, 300)
    assert not stats["aborts"], stats
    # check's unwinding (the raise), then run's (the exception arriving), in
    # the loop or in a bridge: whichever path the recorded iteration took
    lines = log.splitlines()
    raised = [k for k, line in enumerate(lines) if "descr=_raised_in_frame" in line]
    assert raised and "descr=_unwinding" in lines[raised[0] + 2], log


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_raise_caught_in_its_frame_is_recorded(tmp_path, backend):
    stats, log = run(tmp_path, GUEST_RAISES, "--jit", backend)
    assert_mostly_compiled(stats, 19000, 300)
    assert not stats["aborts"], stats
    raising = [b for b in bridges(log) if "_raised_in_frame" in b]
    assert len(raising) == 2, bridges(log)      # IndexError, then ValueError


# The loop's header gets hot at its 200th pass, so the iteration recorded
# first parses "x": the exception stops the recording, which is tried again
# at the next pass ("7") rather than after the back-off (which landed on an
# "x" every time: the loop was never compiled).
PARSES = """
    def run(words):
        total = bad = 0
        for w in words:
            try:
                total += int(w)
            except ValueError:
                bad += 1
        return total, bad

    print(run(["12", "x", "7", "3.5", "100"] * 4000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_recording_an_exception_stopped_is_tried_again_at_the_next_pass(tmp_path, backend):
    stats, log = run(tmp_path, PARSES, "--jit", backend)
    assert stats["aborts"] == {"ValueError raised": 1}, stats
    assert stats["loops"] == 1 and stats["iterations_in_traces"] > 19000, stats
    assert any("take_exception" in b for b in bridges(log)), bridges(log)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("every", [2, 7])
def test_a_loop_that_leaves_at_an_exception_every_other_iteration_is_thrown_away(
        tmp_path, backend, every):
    source = KEY_MISSES.replace("EVERY", str(every)).replace("HANDLER", 'len(f"{k}")')
    stats, _ = run(tmp_path, source, "--jit", backend)
    thrown = stats["aborts"].get("loop thrown away: exceptions", 0)
    assert stats["aborts"].get("bridge: instruction FORMAT_VALUE", 0) >= 1, stats
    if every == 2:
        assert thrown == 1 and stats["guard_failures"] < 200, stats
        assert stats["cold_headers"] >= 1, stats
    else:
        assert thrown == 0 and stats["iterations_in_traces"] > 12000, stats


INSTANCE_DICTS = """
    class P:
        def __init__(self, x):
            self.x = x

    def f(n):
        ps = [P(i) for i in range(10)]
        t = 0
        for i in range(n):
            p = ps[i % 10]
            t += p.x
            if i == n // 2:
                ps[3].__dict__["x"] = 100       # a dict made, then changed
                ps[5].x = 7
            if i == n - 50:
                del ps[4].x
        return t

    try:
        print(f(20000))
    except AttributeError as e:
        print("AttributeError", e)
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_instance_attributes_read_through_their_dicts(tmp_path, backend):
    stats, log = run(tmp_path, INSTANCE_DICTS, "--jit", backend)
    assert stats["loops"] >= 1 and "descr=__dict__" in log


VIRTUAL_IN_SNAPSHOT = """
    def pick(p):
        if p[0] > p[1]:
            return p[0]
        return p[1]

    def run(n):
        total = 0
        for i in range(n):
            p = (i % 7, i % 5)      # never allocated in the loop: a virtual
            total += pick(p)
        return total

    print(run(20000))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_guard_whose_snapshot_holds_virtuals_gets_a_bridge(tmp_path, backend):
    stats, log = run(tmp_path, VIRTUAL_IN_SNAPSHOT, "--jit", backend)
    assert stats["bridges"] >= 1 and stats["guard_failures"] < 2000, stats
    assert any("new_tuple(" in b for b in bridges(log))      # the virtual, allocated again


def test_bridges_are_optimized(tmp_path):
    stats, log = run(tmp_path, VIRTUAL_IN_SNAPSHOT)
    recorded = bridges(log)
    optimized = [b.split("[jit-log-optimized bridge-end]")[0]
                 for b in log.split("[jit-log-optimized bridge] ")[1:]]
    assert recorded and len(optimized) == len(recorded)
    # the header line says "<name>: N ops, G guards"
    count = lambda text: int(text.split(": ", 1)[1].split(" ops")[0])
    assert sum(map(count, optimized)) < sum(map(count, recorded)), (recorded, optimized)


# A class attribute written in the loop changes the class's version tag at
# every iteration; each bridge guards on the version it saw, so without a
# limit every iteration would grow the chain by one bridge.
CLASS_COUNTER = """
    class Counter:
        calls = 0

        def __init__(self, k):
            self.k = k

        def get(self):
            Counter.calls += 1
            return self.k

    def run(n):
        objs = [Counter(i) for i in range(5)]
        total = 0
        for i in range(n):
            total += objs[i % 5].get()
        return total

    print(run(3000), Counter.calls)
"""


@pytest.mark.parametrize("repeats", [1, 4])
def test_a_chain_of_bridges_stops_coming_back_to_one_place(tmp_path, repeats):
    stats, log = run(tmp_path, CLASS_COUNTER, "--jit",
                     f"threshold=2,function_threshold=2,trace_eagerness=2,bridge_repeats={repeats}")
    assert stats["aborts"].get("bridge: its chain came back to this place", 0) >= 1, stats
    # a few bridges per place, not one per iteration
    assert 1 <= stats["bridges"] <= 12 * repeats, stats


# A closure made afresh for each call of `run`: the trace specializes on the
# closure's code, not on the function object, and reads the cells from the
# function it is given, so every new closure runs the same loop.
FRESH_CLOSURES = """
    def make_adder(k):
        def add(x):
            return x + k
        return add

    def run(n):
        add = make_adder(3)
        total = 0
        for i in range(n):
            total += add(i)
        return total

    print([run(3000) for _ in range(12)][-1])
"""


def test_fresh_closures_run_one_loop(tmp_path):
    stats, log = run(tmp_path, FRESH_CLOSURES)
    assert stats["loops"] == 1 and stats["bridges"] == 0, stats
    # the loop's end, once per call of run: no deoptimization per closure
    assert stats["guard_failures"] <= 12, stats
    assert stats["iterations_in_traces"] > 11 * 2900, stats
    loop = log.split("[jit-log-optimized]")[1]
    assert "guard_value(p" in loop and "descr=__code__" in loop


COMPREHENSIONS_PER_ROW = """
    def lengths(rows):
        t = 0
        for row in rows:
            t += len([x * 2 for x in row])
        return t

    def sums(rows, k):
        t = 0
        for row in rows:
            t += sum(x * k for x in row)
        return t

    rows = [list(range(n % 30)) + [1] for n in range(4000)]
    print([lengths(rows) for _ in range(3)], [sums(rows, k) for k in range(3)])
"""


def test_a_loop_that_makes_comprehensions_specializes_on_their_code(tmp_path):
    # Each row makes a new list comprehension, generator expression and
    # lambda (MAKE_FUNCTION): the trace guards their code, not the function
    # object, which the next row replaces (a guard on it failed every row:
    # a bridge per row, 130x slower than CPython).
    # The list comprehension's entry trace, recorded with one function
    # object, runs the next ones (jit.interchangeable): the loop calls it
    # from machine code (call_assembler), not from the interpreter each row.
    stats, log = run(tmp_path, COMPREHENSIONS_PER_ROW, "--jit", "threshold=50")
    assert stats["bridges"] < 20 and stats["guard_failures"] < 2000, stats
    assert stats["iterations_in_traces"] > 50000, stats
    lengths = log.split("[jit-log-optimized] lengths;")[1].split("[jit-log-optimized-end]")[0]
    assert "call_assembler_r" in lengths and "run_function" not in lengths, lengths
    assert stats["loop_entries"] < 1000, stats


RECURSION_LIMIT = """
    import sys

    def deep(n):
        if n == 0:
            return 0
        return deep(n - 1) + 1

    for k in range(200):
        deep(30)
    sys.setrecursionlimit(80)
    for n in range(60, 90):
        try:
            deep(n)
        except RecursionError as e:
            print("limit at", n, e)
            break
    sys.setrecursionlimit(1000)
    print(deep(900))
"""


def test_recursion_in_compiled_code_counts_towards_the_recursion_limit(tmp_path):
    # deep's entry trace calls itself by call_assembler: those frames count
    # towards the guest's recursion limit as interpreted ones do (before,
    # compiled recursion went on to 1024 frames whatever the limit)
    stats, _ = run(tmp_path, RECURSION_LIMIT, "--jit", "function_threshold=20")
    assert stats["entries"] >= 1, stats


STACK_FROM_INLINED = """
    import sys

    def who():
        f = sys._getframe(1)
        return f.f_code.co_name, f.f_lineno, f.f_locals.get("i"), f.f_back.f_code.co_name

    def f():
        return [who() for i in range(60)]

    def g(n):
        out = []
        for i in range(n):
            x = i * 2
            out.append(sys._getframe(0).f_locals["x"] + sys._getframe(0).f_lineno)
        return out

    print(f())
    print(g(50))
"""


@pytest.mark.parametrize("backend", ["backend=x86", "backend=executor"])
def test_host_code_sees_the_frames_a_trace_inlined(tmp_path, backend):
    # a residual call from compiled code (sys._getframe) sees the frames the
    # trace inlined (who's caller, the comprehension) and the root frame's
    # line and locals as they are, not as they were when the loop was entered
    stats, _ = run(tmp_path, STACK_FROM_INLINED, "--jit", "threshold=1," + backend)
    assert stats["loops"] >= 2 and stats["iterations_in_traces"] >= 100, stats
