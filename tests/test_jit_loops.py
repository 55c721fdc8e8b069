"""The JIT end to end: loops are traced through the interpreter, run from their
traces, and deoptimize correctly; checked on outputs, the trace log and the summary."""

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tmp_path, source, *options):
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ, PVMX_NO_VENV="1")
    summary = tmp_path / "summary.json"
    log = tmp_path / "trace.log"
    pvmx = subprocess.run(
        [sys.executable, "-m", "interp", f"--trace-log={log}", f"--jit-summary=json:{summary}",
         *options, str(script)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    cpython = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             timeout=60)
    assert pvmx.stdout == cpython.stdout, pvmx.stderr[-2000:]
    assert pvmx.returncode == cpython.returncode
    return json.loads(summary.read_text()), log.read_text()


SUM_OF_SQUARES = """
    def f(n):
        total = 0
        for i in range(n):
            total += i * i
        return total
    print(f(20000))
"""


def test_sum_of_squares_is_traced_and_runs_from_its_trace(tmp_path):
    stats, log = run(tmp_path, SUM_OF_SQUARES)
    assert stats["loops"] == 1
    assert stats["iterations_in_traces"] > 15000
    loop = log.split("[jit-log-optimized]")[1]
    for needle in ("guard_class(", "int_mul_ovf(", "guard_no_overflow(", "jump("):
        assert needle in loop
    assert "debug_merge_point('f;" in loop


def _dumps(log):
    """The [jit-backend-dump] sections of a trace log, by the name after the tag."""
    out = {}
    for part in log.split("[jit-backend-dump] ")[1:]:
        name, _, rest = part.partition("\n")
        out[name] = rest.split("[jit-backend-dump-end]")[0]
    return out


def _blocks(dump):
    """(IR op headings, instructions) per block of a unit's hot code."""
    hot = dump.split("# -- hot --\n")[1].split("\n# -- ")[0]
    blocks = []
    for line in hot.splitlines():
        line = line.strip()
        if line.startswith("# "):
            if not blocks or blocks[-1][1]:
                blocks.append(([], []))
            blocks[-1][0].append(line[2:])
        else:
            blocks[-1][1].append(line)
    return blocks


def test_trace_log_shows_the_machine_code_under_its_ir_ops(tmp_path):
    stats, log = run(tmp_path, SUM_OF_SQUARES)
    if stats["backend"] != "x86":
        pytest.skip("no machine code on this host: the IR executor runs traces")
    dumps = _dumps(log)
    assert len(dumps) == stats["compiled_units"] == stats["loops"] == 1
    (name, dump), = dumps.items()
    assert name.startswith("f;") and "FOR_ITER" in name
    assert dump.startswith(f"# loop {name} at 0x")
    # the dump comes with the loop, before its optimized trace
    assert log.index("[jit-backend-dump]") < log.index("[jit-log-optimized]")
    blocks = _blocks(dump)
    # the multiplication's blocks (preamble and peeled body): headed by the
    # op and its overflow guard, their instructions an imul and the jo to
    # the failure path
    mul = [b for b in blocks if any("int_mul_ovf(" in h for h in b[0])]
    assert len(mul) == sum(line.count("int_mul_ovf(")
                           for line in log.split("[jit-log-optimized]")[1].splitlines()) >= 1
    for heads, insns in mul:
        assert any(h.startswith("guard_no_overflow()") for h in heads)
        assert all(i.startswith("0x") and ": " in i for i in insns)
        assert any(": imul " in i for i in insns) and any(": jo 0x" in i for i in insns)
    if importlib.util.find_spec("capstone") is not None:
        assert "qword ptr [" in dump        # capstone's syntax, not the listing's
    # the loop's code size is the summary's
    assert f": {stats['code_bytes']} bytes, {stats['machine_instructions']} instructions" in dump
    assert "# -- guard failure --\n  # from: " in dump


def test_trace_log_without_capstone_shows_the_listing(tmp_path):
    script = tmp_path / "p.py"
    script.write_text(textwrap.dedent(SUM_OF_SQUARES))
    log = tmp_path / "trace.log"
    # capstone hidden: the backend keeps the assembler's listing instead
    boot = ("import sys, runpy; sys.modules['capstone'] = None; "
            f"sys.argv = ['pvmx', '--trace-log', {str(log)!r}, {str(script)!r}]; "
            "runpy.run_module('interp', run_name='__main__')")
    r = subprocess.run([sys.executable, "-c", boot], capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, PVMX_NO_VENV="1"), timeout=120)
    assert r.stdout.strip() == str(sum(i * i for i in range(20000))), r.stderr[-2000:]
    text = log.read_text()
    if "[jit-log-optimized]" in text and "[jit-backend-dump]" not in text:
        pytest.skip("no machine code on this host: the IR executor runs traces")
    (dump,) = _dumps(text).values()
    assert "ptr [" not in dump              # not capstone's syntax: the listing's
    mul = [b for b in _blocks(dump) if any("int_mul_ovf(" in h for h in b[0])]
    assert mul and all(any(": imul " in i for i in insns) for _, insns in mul)


def test_summary_has_machine_code_figures(tmp_path):
    stats, _ = run(tmp_path, SUM_OF_SQUARES)
    if stats["backend"] != "x86":
        pytest.skip("no machine code on this host: the IR executor runs traces")
    assert stats["compiled_units"] == stats["loops"] + stats["bridges"] >= 1
    assert stats["code_bytes"] > 0 and stats["machine_instructions"] > 0
    assert stats["time_encoding_s"] > 0 and stats["time_loading_s"] > 0
    assert stats["time_assembling_s"] == pytest.approx(
        stats["time_encoding_s"] + stats["time_loading_s"], abs=2e-6)
    assert 0 < stats["time_assembling_s"] <= stats["time_compiling_s"]


def test_summary_counts_dict_reads_no_cache_answered(tmp_path):
    # Instances whose dicts are plain (combined) dicts: the method's name,
    # looked up in each instance's dict first, is absent there, and no
    # cache remembers absence in a combined table: a lookup per call.  The
    # attribute is found where it was found last time: no lookup.
    stats, _ = run(tmp_path, """
        class P:
            def __init__(self, v):
                self.__dict__ = {"v": v}
            def get(self):
                return self.v
        objs = [P(i) for i in range(50)]
        total = 0
        for k in range(4000):
            total += objs[k % 50].get()
        print(total)
    """)
    if stats["backend"] != "x86":
        pytest.skip("no machine code on this host: the IR executor runs traces")
    assert 3000 <= stats["dict_lookups"] <= 4100, stats["dict_lookups"]


def test_trace_log_shows_bridges_and_the_text_summary(tmp_path):
    stats, log = run(tmp_path, """
        def f(n):
            t = 0
            for i in range(n):
                if i % 3 == 0:
                    t += i
                else:
                    t -= 1
            return t
        print(f(30000))
    """, "--jit", "threshold=50")
    if stats["backend"] != "x86":
        pytest.skip("no machine code on this host: the IR executor runs traces")
    assert stats["bridges"] >= 1
    dumps = _dumps(log)
    bridges = [d for name, d in dumps.items() if name.startswith("bridge from ")]
    assert len(bridges) == stats["bridges"] and len(dumps) == stats["compiled_units"]
    # a bridge's dump follows its trace, and starts at the bridge's first op
    assert log.index("[jit-log-bridge]") < log.index("[jit-backend-dump] bridge from ")
    assert all(d.startswith("# bridge from ") and _blocks(d)[0][1] for d in bridges)
    summary = log.split("[jit-summary]\n")[1].split("[jit-summary-end]")[0]
    fields = dict(line.split(": ", 1) for line in summary.splitlines() if not line.startswith(" "))
    assert int(fields["compiled_units"]) == stats["compiled_units"]
    assert int(fields["code_bytes"]) == stats["code_bytes"] > 0
    assert float(fields["time_assembling_s"]) > 0


def test_jit_summary_table_has_machine_code_rows(tmp_path):
    script = tmp_path / "p.py"
    script.write_text(textwrap.dedent(SUM_OF_SQUARES))
    r = subprocess.run([sys.executable, "-m", "interp", "--jit-summary", str(script)],
                       capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, PVMX_NO_VENV="1", COLUMNS="100"), timeout=120)
    assert r.stdout.strip() == str(sum(i * i for i in range(20000)))
    rows = {}
    for line in r.stderr.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    assert rows["loops"] == "1"
    if rows["backend"] == "x86":
        assert float(rows["time assembling (s)"]) > 0
        assert int(rows["code bytes"]) > 0 and rows["compiled units"] == "1"


def test_while_loop_over_locals(tmp_path):
    stats, log = run(tmp_path, """
        def f(n):
            total = 0
            i = 0
            while i < n:
                total += i * i
                i += 1
            return total
        print(f(50000))
    """, "--jit", "threshold=7")
    assert stats["loops"] == 1 and stats["iterations_in_traces"] > 49000


def test_type_change_deoptimizes(tmp_path):
    stats, _ = run(tmp_path, """
        def f():
            x = 0
            total = 0
            for i in range(3000):
                x = x + 1 if i < 1500 else x + 0.5
                total = total + x
            return x, total
        print(f())
    """, "--jit", "threshold=3")
    assert stats["guard_failures"] >= 1


def test_type_of_a_value_is_traced(tmp_path):
    # type(x) with one argument: a class guard, not the intrinsic that
    # type(name, bases, ns) needs (which no trace can run)
    stats, log = run(tmp_path, """
        class Sub(int):
            pass
        def f(n):
            acc = 0
            kinds = []
            for i in range(n):
                if i % 500 == 0:
                    acc = float(acc) if type(acc) is int else int(acc)
                    kinds.append(type(acc) is float)
                acc = acc + (i & 3)
            return acc, kinds[-4:], type(Sub(3)) is Sub, type(True), type(type)
        print(f(6000))
        print(type("Made", (object,), {"x": 1}).__qualname__, type("Made", (), {}).__module__)
    """, "--jit", "threshold=50,trace_eagerness=5")
    assert stats["bridges"] >= 2 and not any("not traceable" in k for k in stats["aborts"])
    assert "intrinsics" not in log


def test_class_names_are_read_in_traces(tmp_path):
    # type's own data descriptors (__name__, __qualname__, __doc__) by a
    # residual call of the getter: settable, so never a constant
    stats, _ = run(tmp_path, """
        class A:
            pass
        class B(A):
            \"\"\"B's doc\"\"\"
        names = []
        for i in range(3000):
            x = A() if i % 3 else B()
            if i == 2000:
                B.__name__ = "Renamed"
            names.append(type(x).__name__ + type(x).__qualname__[:1])
            if i % 1000 == 0:
                names.append(B.__doc__)
        print(len(names), names[-5:], names.count("RenamedB"), names.count("AA"))
    """, "--jit", "threshold=50,trace_eagerness=5")
    assert stats["loops"] == 1 and stats["bridges"] >= 1 and not stats["aborts"]


# `acc` is an int for 1000 iterations, then a float for 1000, and so on.
# The loop traced with a float fails its class guard on entry whenever acc
# is an int.  A bridge from that guard, jumping back to the same entry, ran
# each int iteration through the preamble and the bridge (a bridge that
# starts by guarding acc's other class).  A second version of the loop,
# traced for an int, runs them instead (retrace_limit); the only bridges
# left are the phase changes, each into the other version.
TYPE_PHASES = """
    def run(n):
        acc = 0
        for i in range(n):
            if i % 1000 == 0:
                acc = float(acc) if type(acc) is int else int(acc)
            acc = acc + (i & 3)
        return acc
    print(run(200000), run(7))
"""


def first_guards_of_bridges(log):
    """The first guard of each optimized bridge in a trace log."""
    parts = log.split("[jit-log-optimized bridge] ")[1:]
    return [re.search(r"^(guard_\w+)\(", p, re.M).group(1) for p in parts]


@pytest.mark.parametrize("backend", ["backend=x86", "backend=executor"])
def test_a_loop_gets_a_version_for_the_other_class_at_its_entry(tmp_path, backend):
    stats, log = run(tmp_path, TYPE_PHASES, "--jit", backend)
    assert stats["loops"] == 2, stats
    assert stats["iterations_in_traces"] > 190000 and stats["guard_failures"] < 250, stats
    assert first_guards_of_bridges(log) == ["guard_true", "guard_true"], log[-3000:]


def test_retrace_limit_zero_keeps_one_version(tmp_path):
    stats, log = run(tmp_path, TYPE_PHASES, "--jit", "retrace_limit=0")
    assert stats["loops"] == 1, stats
    assert "guard_class" in first_guards_of_bridges(log), log[-3000:]


def test_crossing_int64_in_a_traced_loop(tmp_path):
    run(tmp_path, """
        x = 2 ** 62
        for i in range(20):
            x = x * 2 + i
            print(x)
    """, "--jit", "threshold=2")


def test_exception_inside_a_traced_loop(tmp_path):
    stats, _ = run(tmp_path, """
        d = {}
        misses = 0
        for i in range(3000):
            try:
                d[i % 7] += 1
            except KeyError:
                misses += 1
                d[i % 7] = 1
        print(misses, sorted(d.items()))
    """, "--jit", "threshold=2")


def test_float_accumulation(tmp_path):
    stats, log = run(tmp_path, """
        def f():
            t = 0.0
            for i in range(30000):
                t += i * 0.5
            return t
        print(f())
    """)
    assert stats["loops"] == 1
    assert "float_add(" in log.split("[jit-log-optimized]")[1]


def test_jit_off_traces_nothing(tmp_path):
    script = tmp_path / "p.py"
    script.write_text(textwrap.dedent(SUM_OF_SQUARES))
    r = subprocess.run([sys.executable, "-m", "interp", "--jit", "off", "--trace-log", "-",
                        str(script)], capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, PVMX_NO_VENV="1"))
    assert r.stdout.strip() == str(sum(i * i for i in range(20000)))
    assert "jit-log" not in r.stderr


def test_plain_handlers_are_untouched_by_recording():
    from interp.handlers import HANDLERS
    from tracer.recording.twins import Twins
    twins = Twins(("interp.handlers", "interp.protocol", "interp.calls", "interp.jit"))
    plain = HANDLERS["BINARY_OP"]
    code_before = plain.__code__
    twin = twins.twin(plain)
    assert twin is not plain and plain.__code__ is code_before
    assert "__jit_call__" in twin.__code__.co_names
    assert "__jit_call__" not in plain.__code__.co_names
    assert twin.__code__.co_filename == plain.__code__.co_filename
    assert twin.__code__.co_firstlineno == plain.__code__.co_firstlineno
    assert plain.__globals__["__builtins__"] is not twin.__globals__["__builtins__"]


# -- module namespaces and list iteration -------------------------------------------------

def _peeled_loops(log, name=""):
    """The peeled loop bodies (from the `[loop]` label to the jump) of the
    optimized loops in a trace log (those whose name starts with `name`),
    without debug_merge_points."""
    bodies = []
    for part in log.split("[jit-log-optimized] ")[1:]:
        part = part.split("[jit-log-optimized-end]")[0]
        if "[loop])" not in part or not part.startswith(name):
            continue
        body = part.split("[loop])", 1)[1]
        bodies.append([line for line in body.splitlines()[1:]
                       if line and not line.startswith("debug_merge_point")])
    return bodies


MODULE_FOR = """
    total = 0
    for i in range(100000):
        total += i * i
    print(total)
"""


def test_module_level_for_loop_keeps_its_globals_in_registers(tmp_path):
    stats, log = run(tmp_path, MODULE_FOR)
    assert stats["loops"] == 1 and stats["aborts"] == {}
    assert stats["iterations_in_traces"] > 90000
    # the globals are items of the module's dict, read once in the preamble...
    assert "getfield_r(ConstPtr(<dict" in log and "descr=dict_total" in log
    # ...and in the loop itself neither read, written nor called for
    (body,) = _peeled_loops(log)
    assert body and not [op for op in body if "descr=dict_" in op.split("[")[0]
                         or "call_" in op or op.split(" = ")[-1].startswith("box_")]
    # the writes wait in the guards' resume data
    assert any("pending: " in op and ".dict_total=int:" in op for op in body)


def test_module_level_while_loop(tmp_path):
    stats, log = run(tmp_path, """
        n = 0
        acc = 0.0
        while n < 50000:
            acc += n * 0.5
            n += 1
        print(n, acc)
    """)
    assert stats["loops"] == 1 and stats["iterations_in_traces"] > 45000
    (body,) = _peeled_loops(log)
    assert not [op for op in body if "call_" in op or "getfield" in op]


def test_module_loop_sees_globals_rebound_deleted_and_shadowed(tmp_path):
    # every way the module dict changes under a compiled loop: a function the
    # loop calls writes a global the loop keeps in a register, a global is
    # deleted and bound again, a builtin is shadowed then unshadowed
    stats, _ = run(tmp_path, """
        def bump():
            global count
            count += 1000

        def shadow(on):
            if on:
                globals()["abs"] = lambda v: 7
            else:
                del globals()["abs"]

        count = 0
        hits = 0
        x = 0
        for i in range(20000):
            count += 1
            if i % 1999 == 0:
                bump()
            if i == 5000:
                shadow(True)
            if i == 9000:
                shadow(False)
            hits += abs(-1)
            if i == 12000:
                del x
                x = 0.5
            x += 1
        print(count, hits, x)
    """, "--jit", "threshold=200")
    assert stats["loops"] >= 1 and stats["iterations_in_traces"] > 10000


def test_global_read_in_a_function_loop_is_hoisted(tmp_path):
    stats, log = run(tmp_path, """
        LIMIT = 7
        SCALE = 0.5

        def f(n):
            t = 0.0
            for i in range(n):
                if i % LIMIT == 0:
                    t += SCALE * i
            return t

        print(f(100000))
    """)
    assert stats["loops"] == 1 and stats["iterations_in_traces"] > 80000
    assert "descr=dict_LIMIT" in log and "descr=dict_SCALE" in log
    (body,) = _peeled_loops(log)
    assert not [op for op in body if "getfield" in op or "call_" in op]


def test_code_run_in_another_namespace_stays_interpreted(tmp_path):
    # one code object, two module dicts: the loop compiled for the first
    # must not run (with the first dict baked in) for the second
    stats, _ = run(tmp_path, """
        code = compile("t = 0\\nfor q in range(5000):\\n    t += q + base\\n", "<loop>", "exec")
        for base in (1, 2, 3):
            ns = {"base": base}
            exec(code, ns)
            print(base, ns["t"], ns["q"])
    """)
    assert stats["loops"] >= 1


LIST_SUM = """
    def f(items):
        total = 0.0
        for x in items:
            total += x * 0.25
        return total
    data = list(range(60000))
    print(f(data), f(tuple(data[:30000])))
"""


def test_list_iteration_keeps_the_index_in_a_register(tmp_path):
    stats, log = run(tmp_path, LIST_SUM)
    assert stats["aborts"] == {} and stats["loops"] >= 1
    assert stats["iterations_in_traces"] > 50000
    assert "ListIter" in log
    bodies = _peeled_loops(log)
    assert bodies
    for body in bodies:
        # no residual next(), the index neither read nor written back nor boxed
        assert not [op for op in body if "call_" in op or "getfield" in op
                    or "setfield" in op or op.split(" = ")[-1].startswith("box_")], body
        assert any("getitem_list(" in op or "getitem_tuple(" in op for op in body)


def test_list_changed_while_iterated(tmp_path):
    # the length is read each iteration: a list growing or shrinking under
    # the loop behaves as in CPython, in the trace and after deoptimizing
    stats, _ = run(tmp_path, """
        def grow(n):
            items = [0, 1, 2]
            out = 0
            for x in items:
                out += x
                if len(items) < n:
                    items.append(x + 1)
            return out, len(items)

        def shrink(n):
            items = list(range(n))
            seen = 0
            for x in items:
                seen += 1
                if x % 3 == 0 and items:
                    items.pop()
            return seen, len(items)

        def mixed(n):
            items = [1, 2.5, "s", None, (1,)] * (n // 5)
            kinds = {}
            for x in items:
                kinds[type(x).__name__] = kinds.get(type(x).__name__, 0) + 1
            return sorted(kinds.items())

        print(grow(20000), shrink(20000), mixed(20000))
        for x in []:
            print("never")
    """, "--jit", "threshold=100")
    assert stats["loops"] >= 2


def test_nested_loops_trace_get_iter(tmp_path):
    # the outer loop's path makes the inner loop's iterator: GET_ITER over a
    # range and over a list is recorded (in bridges into the inner loop)
    stats, _ = run(tmp_path, """
        def f(rows, cols):
            t = 0
            for r in rows:
                for c in range(cols):
                    t += r * c
                for c in rows:
                    t -= c
            return t
        print(f(list(range(400)), 300))
    """)
    assert stats["loops"] >= 1
    assert not [reason for reason in stats["aborts"] if "GET_ITER" in reason], stats["aborts"]


def test_a_bridge_makes_the_inner_range_iterator_without_calling_python(tmp_path):
    # Each pass of the outer loop starts the inner loop afresh: the bridge
    # makes its RangeIter from the range's own fields (a new_object and three
    # field writes), not by calling the RangeIter class (a Python frame per row).
    stats, log = run(tmp_path, """
        def f(rows, cols):
            t = 0
            for r in range(rows):
                for c in range(2, cols, 3):
                    t += r ^ c
            return t
        print(f(2000, 100))
    """)
    if stats["backend"] != "x86":
        pytest.skip("no machine code on this host: the IR executor runs traces")
    bridges = [b.split("[jit-log-optimized bridge-end]")[0]
               for b in log.split("[jit-log-optimized bridge] ")[1:]]
    assert bridges and any("new_object(descr=RangeIter)" in b for b in bridges), log
    assert "descr=RangeIter)" not in log.replace("new_object(descr=RangeIter)", ""), log
    assert stats["bridges"] == 1


def test_a_bridge_from_the_inner_loops_exit_records_the_outer_loop(tmp_path):
    # The inner loop's exit guard fails at the inner loop's own header.  A
    # bridge closed there at once would only re-enter the loop's preamble,
    # whose copy of the guard fails in turn: two bridges and twice the
    # deoptimizations where one bridge running the outer loop will do.
    stats, log = run(tmp_path, """
        def f(rows, cols):
            t = 0.0
            for r in range(rows):
                s = 0.0
                for c in range(cols):
                    s += r * 0.5 + c
                t += s
            return t
        print(f(3000, 100))
    """)
    if stats["backend"] != "x86":
        pytest.skip("no machine code on this host: the IR executor runs traces")
    bridges = log.split("[jit-log-bridge] ")[1:]
    assert bridges
    for bridge in bridges:
        ops = bridge.split("[jit-log-bridge-end]")[0]
        assert "debug_merge_point(" in ops, ops
    # one bridge per loop exit, each after trace_eagerness failures (and the
    # exits of the outer loop's iterations before the inner loop was traced)
    assert stats["bridges"] == 1
    assert stats["guard_failures"] <= 200 + 20


def test_a_loop_trace_that_would_leave_its_loop_is_recorded_at_the_next_pass(tmp_path):
    # When the back-edge that makes the inner loop hot is the last of a run,
    # its iterator runs out at the header and the iteration recorded would
    # be the outer loop's; it is recorded at the next back-edge instead.
    # Which back-edge that is depends on the threshold (and on when the
    # runtime starts): one of two thresholds in a row lands on a last one.
    left = 0
    for threshold in (100, 101):
        stats, log = run(tmp_path, """
            def f(n):
                t = 0
                for i in range(n):
                    for j in range(2):
                        t += i ^ j
                return t
            print(f(2000))
        """, "--jit", f"threshold={threshold}")
        left += stats["aborts"].get("left the loop", 0)
        first = log.split("[jit-log-optimized] ")[1].split("[jit-log-optimized-end]")[0]
        assert first.startswith("f;") and "prog.py:5 #" in first.splitlines()[0]
        places = {line.split("prog.py:")[1].split(" ")[0]
                  for line in first.splitlines()[1:] if "debug_merge_point(" in line}
        assert places == {"5", "6"}, places     # nothing of the outer loop (line 4)
    assert left == 1


def test_a_loop_traced_while_a_local_was_unbound_is_traced_again_once_it_is_bound(tmp_path):
    # The inner loop gets hot in the outer loop's first pass, when `text` is
    # still unbound: that trace fits only frames where it is.  Later passes
    # must not stay interpreted.
    stats, log = run(tmp_path, """
        def f(n):
            total = 0
            for start in range(0, n, 1000):
                for i in range(start, start + 1000):
                    total += i
                text = str(total)
            return total, text
        print(f(30000))
    """, "--jit", "threshold=200")
    inner = [part for part in log.split("[jit-log-optimized] ")[1:] if part.startswith("f;")
             and "prog.py:5 #" in part.splitlines()[0]]
    assert len(inner) == 2, stats          # traced again, once
    assert stats["iterations_in_traces"] > 25000, stats


def _loop_body(log, name):
    """The op names of the peeled loop in the optimized trace of the loop named
    `name` (debug_merge_points left out)."""
    for part in log.split("[jit-log-optimized] ")[1:]:
        if part.startswith(name):
            body = part.split("[jit-log-optimized-end]")[0]
            body = body.split("[loop])", 1)[1] if "[loop])" in body else body
            names = [line.split(" = ")[-1].split("(")[0] for line in body.splitlines()
                     if "(" in line]
            return [n for n in names if n != "debug_merge_point"]
    raise AssertionError(f"no optimized loop {name!r} in the log")


def test_attribute_loop_runs_from_its_trace(tmp_path):
    # reads and writes of instance attributes: guarded by the class and its
    # version once, then the heap cache keeps the attributes in registers
    stats, log = run(tmp_path, """
        class Counter:
            def __init__(self):
                self.count = 0
                self.step = 1
        def f(n):
            c = Counter()
            for i in range(n):
                c.count = c.count + c.step
                c.step = i & 3
            return c.count, c.step
        print(f(30000))
    """)
    assert stats["loops"] == 1 and not stats["aborts"], stats["aborts"]
    assert stats["iterations_in_traces"] > 25000
    optimized = log.split("[jit-log-optimized]")[1]
    assert "guard_class(" in optimized and "Counter" in optimized
    assert "dict_count" in optimized and "dict_step" in optimized
    body = _loop_body(log, "f;")
    assert "int_add_ovf" in body
    assert not [op for op in body if op.startswith(("call_", "getfield_", "setfield",
                                                     "guard_class"))], body


def test_method_call_loop_inlines_the_method(tmp_path):
    stats, log = run(tmp_path, """
        class Doubler:
            def twice(self, x):
                return x + x
        class Tripler(Doubler):
            def twice(self, x):
                return 3 * x
        def f(d, n):
            total = 0
            for i in range(n):
                total += d.twice(i)
            return total
        print(f(Doubler(), 30000), f(Tripler(), 30000))
    """)
    assert stats["loops"] >= 1 and not stats["aborts"], stats["aborts"]
    assert stats["iterations_in_traces"] > 50000
    optimized = log.split("[jit-log-optimized]")[1]
    assert "debug_merge_point('twice;" in optimized     # the method's code, inlined
    body = _loop_body(log, "f;")
    assert not [op for op in body if op.startswith("call_") or op == "guard_class"], body


def test_class_attribute_rebound_in_a_traced_loop(tmp_path):
    # the trace guards the class's version: rebinding a class attribute or
    # a method makes it fail, and the interpreter sees the new values
    stats, _ = run(tmp_path, """
        class K:
            rate = 2
            def get(self):
                return self.rate
        def f(n):
            k = K()
            total = 0
            for i in range(n):
                total += k.get() + K.rate
                if i == n // 2:
                    K.rate = 5
                if i == 3 * n // 4:
                    K.get = lambda self: -1
            return total
        print(f(20000))
    """, "--jit", "threshold=200")
    assert stats["loops"] >= 1 and stats["guard_failures"] >= 1


def test_tuple_swap_and_unpack_allocate_nothing(tmp_path):
    stats, log = run(tmp_path, """
        def f(n):
            a, b = 0, 1
            p = (1, 2)
            for i in range(n):
                a, b = b, (a + b) % 1009
                x, y = p
                p = (y, x + i % 3)
            return a, b, p
        print(f(30000))
    """)
    assert stats["loops"] == 1 and not stats["aborts"], stats["aborts"]
    body = _loop_body(log, "f;")
    assert not [op for op in body if op.startswith("call_") or op == "new_tuple"], body


def test_len_and_sqrt_are_ops_not_calls(tmp_path):
    # len() of a list and math.sqrt() of a float are what they mean on the
    # host's types: no call that would flush the delayed writes (the
    # iterator's index stays in a register); sqrt of a negative still raises
    stats, log = run(tmp_path, """
        import math

        def f(xs):
            t = 0.0
            for x in xs:
                t += math.sqrt(x) + len(xs)
            return t

        print(f([i * 0.5 for i in range(30000)]))
        try:
            f([4.0] * 2000 + [-1.0])
        except ValueError as e:
            print("ValueError", e)
    """)
    assert stats["loops"] >= 1
    assert "float_sqrt(" in log and "descr=sqrt" not in log
    bodies = _peeled_loops(log, "f;")
    assert bodies
    for body in bodies:
        assert not [op for op in body if op.split(" = ")[-1].startswith(("call_r(", "call_n("))
                    or "setfield" in op], body
    f_loop = log.split("[jit-log-optimized] f;")[1].split("[jit-log-optimized-end]")[0]
    assert "len_list(" in f_loop and "descr=len)" not in f_loop


def test_str_formatting_of_traced_values(tmp_path):
    # `str % tuple` and `str % value` with traced operands: a residual call
    # of the host operation on the values, not of str.__mod__ on boxes
    stats, _ = run(tmp_path, """
        def f(n):
            out = []
            for i in range(n):
                s = "%s:%d" % ("k", i) if i % 2 else "%05.1f" % (i / 3)
                out.append(s)
            return out[-3:], len(out)
        print(f(5000))
    """)
    assert stats["loops"] >= 1


SLICES = """
    def run(n):
        xs = list(range(10))
        d = {i: i for i in range(n)}
        total = 0
        for i in range(n):
            k = i % 10
            xs = xs[k:] + xs[:k]
            xs[:2] = xs[1::-1]
            del d[i]
            total += xs[0] + len(xs[::3])
        return total, xs, len(d)

    print(run(5000))
"""


def test_loops_with_slices_and_deletions_are_traced(tmp_path):
    stats, log = run(tmp_path, SLICES)
    assert stats["loops"] >= 1 and stats["aborts"] == {}, stats
    assert stats["iterations_in_traces"] > 4000, stats
    assert "descr=slice" in log.split("[jit-log-optimized]")[1]


GENERATOR_LOOPS = """
    def evens(n):
        i = 0
        while i < n:
            yield i + i
            i += 1

    def run(n):
        total = 0
        for v in evens(n):
            total += v
        return total

    print(run(30000))
"""


def test_loop_headers_whose_tracing_keeps_failing_go_cold(tmp_path):
    # a generator's own loop is not traced (YIELD_VALUE in the frame a trace
    # starts in): it aborts, backs off, and after the last try the
    # interpreter stops offering its header to the JIT.  Here host code (a
    # `map` that `sum` drives) runs it: no guest loop consumes it.
    source = GENERATOR_LOOPS.replace("""for v in evens(n):
            total += v
        return total""", "return sum(map(abs, evens(n)))")
    stats, log = run(tmp_path, source, "--jit", "threshold=3")
    assert stats["loops"] == 0 and stats["cold_headers"] == 1, stats
    assert stats["aborts"] == {"instruction YIELD_VALUE": 6}, stats    # _Failed.MAX_ABORTS


def test_a_loop_over_a_generator_runs_the_generator_in_its_trace(tmp_path):
    # The loop consuming the generator is compiled with the generator's
    # frame resumed inline: read from the heap, run to its yield, written
    # back; no call per item.
    stats, log = run(tmp_path, GENERATOR_LOOPS, "--jit", "threshold=3")
    assert stats["loops"] == 1 and stats["iterations_in_traces"] > 25000, stats
    optimized = log.split("[jit-log-optimized]")[1].split("[jit-log-optimized-end]")[0]
    body = optimized.split("[loop])")[1]
    assert "heap=" in body                      # the generator's frame in resume data
    assert not any(line.split(" = ")[-1].startswith(("call", "guard_no_exception"))
                   for line in body.split("\n")), body
    assert "setitem_list" in body               # its local `i`, written back
    # the generator's own loop aborted while the consumer's was being made
    assert set(stats["aborts"]) <= {"instruction YIELD_VALUE"}, stats


ROW_GENERATORS = """
    def cells(row):
        for c in row:
            yield c * 2

    def run(rows):
        t = 0
        for r in rows:
            for v in cells(r):
                t += v
        return t

    print(run([list(range(k % 50)) for k in range(3000)]))
"""


def test_a_generator_per_row_gets_bridges_from_inside_its_frame(tmp_path):
    # Each row's generator is made by a residual call and resumed inline;
    # its end (a guard in its own frame, once per row) gets a bridge that
    # records it to its return, writes its frame back and ends the inner
    # loop, instead of deoptimizing 3000 times or being traced again
    # without the generator inline.
    stats, log = run(tmp_path, ROW_GENERATORS)
    assert stats["bridges"] >= 1, stats
    assert stats["guard_failures"] < 1000, stats
    assert set(stats["aborts"]) <= {"instruction YIELD_VALUE"}, stats
    bridges = log.split("[jit-log-optimized bridge]")[1:]
    assert any("heap=" in b.split("[jit-log-optimized bridge-end]")[0] and "replace_items" in b
               for b in bridges), log[-3000:]


OVERFLOWING_TOTAL = """
    def run(n):
        total = 2 ** 63 - (n // 2 - 1) * (n // 2) * (n - 1) // 6
        for i in range(n):
            total += i * i
        return total

    print(run(40000))
"""


def test_a_loop_whose_total_overflows_settles_on_its_big_int_path(tmp_path):
    # Past 2**63 the loop's int64 guards fail at every iteration.  The bridge
    # from the overflow check enters the loop's body; the one from the
    # guard its short preamble adds (at the header) must jump to the
    # preamble, whose own guard then gets one bridge for the big-int path:
    # a bridge per iteration entering the body again made a chain of new
    # guards, each failing (25000 deoptimizations, 30 times slower).
    stats, log = run(tmp_path, OVERFLOWING_TOTAL)
    assert stats["guard_failures"] < 500, stats
    assert stats["bridges"] <= 4, stats
    assert not stats["aborts"], stats


def test_a_trace_the_backend_refuses_leaves_the_loop_interpreted(tmp_path):
    # More live locals than an exit can hand out (backend_x86.entry.MAX_IO):
    # the machine-code backend refuses the trace; the program must not see it.
    n = 1100
    source = "def f(k):\n"
    source += "".join(f"    v{i} = {i}\n" for i in range(n))
    source += ("    t = 0\n    for i in range(k):\n        t += i + v7\n"
               f"    return t + v{n - 1}\nprint(f(3000))\n")
    stats, log = run(tmp_path, source)
    assert stats["loops"] == 0
    refused = [reason for reason in stats["aborts"] if reason.startswith("the backend failed")]
    assert refused and "Unsupported" in refused[0]


def test_an_input_float_keeps_its_identity_through_a_deopt(tmp_path):
    """A real float the loop takes in (a label input) or reads (a list item)
    and unboxes: at a deopt the frame gets the object back, not an equal
    one (`nan in kept` compares by identity first)."""
    stats, _ = run(tmp_path, """
        def f():
            x = float('nan')
            kept = [x]
            items = [float('nan') for _ in range(7)]
            s = 0.0
            for i in range(3000):
                y = items[i % 7]
                s = s + x * 0.0 + y * 0.0
                if i % 500 == 499:
                    print(x in kept, kept[0] is x, y in items, y is items[i % 7])
        f()
    """)
    assert stats["loops"] >= 1 and stats["guard_failures"] >= 1


@pytest.mark.xfail(strict=True, reason="an int object the loop takes in and unboxes is "
                   "rebuilt from its value at a deopt (unbox_in_snapshots): identity "
                   "lost, see the optimizer README")
def test_an_input_int_keeps_its_identity_through_a_deopt(tmp_path):
    run(tmp_path, """
        def f():
            x = int("1000000")
            kept = [x]
            t = 0
            for i in range(3000):
                t = t + x * 0
                if i % 500 == 499:
                    print(kept[0] is x)
        f()
    """)


def test_a_finalizer_sees_the_writes_of_the_iteration_that_made_its_object(tmp_path):
    """Each object dies in the next iteration, inside the compiled loop (its
    deallocation runs `__del__`): the write of its attribute, which the heap
    pass delays, must be done by then, not carried into the next iteration."""
    stats, _ = run(tmp_path, """
        class Node:
            def __init__(self, i):
                self.i = i
            def __del__(self):
                if not hasattr(self, "i"):
                    print("finalized without its attribute")
        def f():
            for i in range(3000):
                node = Node(i)
            return node.i
        print(f())
    """)
    assert stats["loops"] >= 1 and stats["iterations_in_traces"] >= 1000


def test_objects_seen_while_recording_die_when_the_guest_drops_them(tmp_path):
    """A trace's recorder kept boxes (for `__class__` assignments) after the
    trace was done, and through them objects of the recorded iteration:
    their finalizers ran at exit instead of when the guest dropped them.
    (The finalizer writes only what the loop never reads: a `__del__` that
    changes what the trace caches is a known gap, see the optimizer README.)"""
    stats, _ = run(tmp_path, """
        finalized = []
        class Counted:
            def __init__(self, value):
                self.value = value
            def __del__(self):
                finalized.append(self.value)
        def temporaries(count):
            total = 0
            for i in range(count):
                total += Counted(i).value
            return total
        for rep in range(6):
            for k in range(50):
                temporaries(300)
            print(rep, len(finalized))
    """)
    assert stats["loops"] >= 1 and stats["iterations_in_traces"] >= 10000


BUILTIN_LOOPS = """
    def stats(data):
        return (sum(x * x for x in data), max(x % 97 for x in data), any(x < 0 for x in data),
                len(",".join(str(x) for x in data)))

    data = list(range(20000))
    print([stats(data) for _ in range(3)])
"""


def test_builtins_over_generators_run_as_compiled_guest_loops(tmp_path):
    # sum/max/any of a generator expression run their app-level versions
    # (interp/app_builtins.py), one copy per generator expression, each
    # compiled as a loop whose body resumes the generator inline: no call
    # per item (but join's str() and list.append, which leave the
    # generator's stack known).  With the JIT off they are the builtins.
    stats, log = run(tmp_path, BUILTIN_LOOPS, "--jit", "threshold=50")
    headers = re.findall(r"\[jit-log-optimized\] (\w+);\S*app_builtins\.py", log)
    assert sorted(headers) == ["any_", "join_", "max_", "sum_"], headers
    assert stats["iterations_in_traces"] > 200000, stats
    join = log.split("[jit-log-optimized] join_;")[1].split("[jit-log-optimized-end]")[0]
    assert join.split("[loop])")[-1].count("getitem_list") == 1      # data[i] only
    for name in ("any_", "max_", "sum_"):
        block = log.split(f"[jit-log-optimized] {name};")[1].split("[jit-log-optimized-end]")[0]
        body = block.split("[loop])")[-1]
        assert "call_" not in body, (name, body)
        assert "heap=" in body                  # the generator's frame in resume data
    # tracebacks and the virtual stack leave the app-level frames out
    failing = BUILTIN_LOOPS.replace("x % 97", "x % (x - 19999)")
    script = tmp_path / "fail.py"
    script.write_text(textwrap.dedent(failing))
    env = dict(os.environ, PVMX_NO_VENV="1")
    pvmx = subprocess.run([sys.executable, "-m", "interp", "--jit", "threshold=50", str(script)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    cpython = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             timeout=60)
    assert "ZeroDivisionError" in cpython.stderr and "app_builtins" not in pvmx.stderr
    assert pvmx.stderr == cpython.stderr and pvmx.returncode == cpython.returncode == 1


THREAD_WRITES_FLAG = """
    import threading, time

    def spin(done):
        i = 0
        while not done[0]:      # read once in the loop's preamble
            i += 1
        return i > 0

    def run(delay):
        done = [False]
        def setter():
            time.sleep(delay)
            done[0] = True
        t = threading.Thread(target=setter)
        t.start()
        ok = spin(done)
        t.join()
        return ok

    print(run(0.2), run(0.05))
"""


@pytest.mark.parametrize("backend", ["backend=x86", "backend=executor"])
def test_a_compiled_loop_sees_what_another_thread_writes(tmp_path, backend):
    # The loop keeps done[0] in a register (nothing in its body can write
    # it), and used to spin forever: another thread runs only when the
    # loop's poll releases the GIL, and its write was never read again.
    # Now the loop leaves after any release that let another thread run.
    stats, _ = run(tmp_path, THREAD_WRITES_FLAG, "--jit", "threshold=1," + backend)
    assert stats["loops"] >= 1 and stats["iterations_in_traces"] > 1000, stats


SIGNAL_WRITES_FLAG = """
    import os, signal

    seen = []
    def handler(signum, frame):
        seen.append(frame.f_code.co_name)     # the guest's frame, as CPython passes it
        done[0] = True

    def spin(done):
        i = 0
        while not done[0]:      # read once in the loop's preamble
            i += 1
        return i > 0

    signal.signal(signal.SIGALRM, handler)
    print(signal.getsignal(signal.SIGALRM) is handler)
    for delay in (0.2, 0.05):
        done = [False]
        signal.setitimer(signal.ITIMER_REAL, delay)
        print(spin(done))

    def work():
        os.kill(os.getpid(), signal.SIGALRM)
        return seen[-1]
    print(work(), signal.signal(signal.SIGALRM, signal.SIG_DFL) is handler)
"""


@pytest.mark.parametrize("backend", ["backend=x86", "backend=executor"])
def test_a_compiled_loop_sees_what_a_signal_handler_writes(tmp_path, backend):
    # The handler runs inside the loop's poll; the loop used to go on with
    # the flag it had read, forever.  Handlers are wrapped so that loops
    # leave after one ran, and so that they get the guest's frame (they got
    # one of pvmx's).
    stats, _ = run(tmp_path, SIGNAL_WRITES_FLAG, "--jit", "threshold=1," + backend)
    assert stats["loops"] >= 1 and stats["iterations_in_traces"] > 1000, stats


def test_a_bridge_chain_unrolling_an_inlined_calls_compiled_loop_makes_the_loop_call_it(tmp_path):
    # mandelbrot at threshold=400: the column loop inlines escape_time while
    # its `while` has no machine code yet (its first recordings leave it), so
    # bridges unroll one more step each until the chain limit; once the
    # `while` is compiled, every point past the unrolled steps deoptimized
    # (33,000 guard failures; 0.5 s a picture instead of 2 ms).  The column
    # loop must be traced again, calling escape_time instead.
    script = os.path.join(ROOT, "benchmarks", "programs", "mandelbrot.py")
    summary = tmp_path / "summary.json"
    env = dict(os.environ, PVMX_NO_VENV="1")
    outputs = [subprocess.run(command + [script, "200", "2"], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120)
               for command in ([sys.executable],
                               [sys.executable, "-m", "interp", "--jit", "threshold=400",
                                f"--jit-summary=json:{summary}"])]
    checksums = [[ln for ln in p.stdout.splitlines() if ln.startswith("checksum")]
                 for p in outputs]
    assert checksums[0] and checksums[1] == checksums[0], outputs[1].stderr[-2000:]
    stats = json.loads(summary.read_text())
    assert any("bridge chain unrolls" in reason for reason in stats["aborts"]), stats["aborts"]
    assert stats["guard_failures"] < 3000, stats["guard_failures"]
