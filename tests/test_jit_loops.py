"""The JIT end to end: loops are traced through the interpreter, run from their
traces, and deoptimize correctly; checked on outputs, the trace log and the summary."""

import json
import os
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
