"""The optimizer in the JIT: loops from real programs, their op counts in
the trace log, and results with every pass on, each off, and none."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tmp_path, source, jit="threshold=50"):
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(source))
    log = tmp_path / "trace.log"
    env = dict(os.environ, PVMX_NO_VENV="1", PVMX_OPT_STRICT="1")
    p = subprocess.run([sys.executable, "-m", "interp", f"--trace-log={log}", "--jit", jit,
                        str(script)], capture_output=True, text=True, cwd=ROOT, env=env,
                       timeout=120)
    expected = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              timeout=60).stdout
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout == expected
    return log.read_text()


def loop_body_counts(log):
    """(ops, guards) of each optimized loop's body, from the log headers."""
    return [(int(a), int(b)) for a, b in re.findall(
        r"\[jit-log-optimized\][^\n]*loop body: (\d+) ops, (\d+) guards", log)]


def loop_body(log):
    text = log.split("[jit-log-optimized]")[1].split("[jit-log-optimized-end]")[0]
    return text.split("[loop])")[-1]


SUM_OF_SQUARES = """
    def f(n):
        total = 0
        for i in range(n):
            total += i * i
        return total
    print(f(3000))
"""

FLOAT_SUM = """
    def f(n):
        total = 0.0
        x = 0.5
        for i in range(n):
            total += x * 1.5
        return total
    print(f(3000))
"""


def test_sum_of_squares_loop_body(tmp_path):
    log = run(tmp_path, SUM_OF_SQUARES)
    (ops, guards), = loop_body_counts(log)
    assert ops <= 8, log
    body = loop_body(log)
    assert "box_int" not in body and "setfield" not in body and "getfield" not in body


def test_float_sum_loop_body(tmp_path):
    log = run(tmp_path, FLOAT_SUM)
    (ops, guards), = loop_body_counts(log)
    assert ops <= 8, log
    assert "box_float" not in loop_body(log)


def test_a_global_stays_known_across_comparisons_of_strs(tmp_path):
    # a comparison of two strs calls out, but only computes: the global read
    # before it is not read again after it, nor in the loop at all
    log = run(tmp_path, """
        LIMIT = "m"
        def f(words):
            n = 0
            for w in words:
                if w < LIMIT:
                    n += 1
                if w == LIMIT:
                    n += 2
            return n
        print(f(["a", "z", "m", "b"] * 500))
    """)
    body = loop_body(log)
    assert "descr=lt)" in body and "dict_LIMIT" not in body, body


@pytest.mark.parametrize("opts", ["", "fold:guards:intbounds:cse:heap:virtualize:dce",
                                  "fold:guards:intbounds:cse:heap:unroll:dce",
                                  "fold:guards:intbounds:cse:virtualize:unroll:dce",
                                  "guards:intbounds:cse:heap:virtualize:unroll"])
def test_results_with_passes_off(tmp_path, opts):
    run(tmp_path, """
        def f(n):
            total = 0
            acc = 0.0
            xs = [1, 2, 3]
            for i in range(n):
                total += i * i
                acc += 0.5 * i
                if i % 7 == 3:
                    total -= xs[i % 3]
            while total > 0:
                total //= 3
                n += 1
            return total, acc, n
        print(f(2000))
        print(f(3))
    """, jit=f"threshold=5,enable_opts={opts}")
