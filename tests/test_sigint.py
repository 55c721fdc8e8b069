"""Ctrl-C: SIGINT stops a pvmx process spinning in a loop as it stops CPython.

A guest `while True: i += 1` (in a function, so the JIT compiles it; a
`for` over a huge range with float work; and at module level, all compiled
when the JIT is on) runs until
the test sends SIGINT.  The process must end within a second of the
signal, with CPython's ending: the traceback's last line `KeyboardInterrupt`
and death by SIGINT (returncode -2 here, status 130 in a shell).  CPython
runs the same script the same way for the reference.

For the compiled variants the test waits until the trace log shows the
optimized loop (logged once it is assembled), lets it run a little, and after the exit
checks in the JIT summary that the loop ran in machine code (or in the
executor): the signal then arrived while compiled code was spinning, so it
was seen by the back-edge poll, not by the interpreter.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

IN_FUNCTION = """
    def spin():
        i = 0
        while True:
            i += 1

    print("ready", flush=True)
    spin()
"""

FLOAT_FOR = """
    def spin():
        x = 0.0
        for i in range(10 ** 15):
            x = x * 0.5 + i
        return x

    print("ready", flush=True)
    spin()
"""

MODULE_LEVEL = """
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
"""

JIT_OPTIONS = {
    "x86": [],
    "executor": ["--jit", "backend=executor"],
    "off": ["--jit", "off"],
}


def _default_sigint():
    # A shell's background job inherits SIGINT ignored, and Python keeps an
    # ignored SIGINT ignored: give the child the default disposition so that
    # it installs its KeyboardInterrupt handler as at a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(argv, wait_for=None, settle=0.3, startup_timeout=60, stdout=None):
    """Start argv, wait for its "ready" line (and for `wait_for()` to hold),
    send SIGINT; (returncode, stderr, seconds from the signal to the exit).
    The lines printed after "ready" are appended to `stdout` if given."""
    env = dict(os.environ, PVMX_NO_VENV="1", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=env, start_new_session=True, preexec_fn=_default_sigint)
    try:
        assert proc.stdout.readline() == b"ready\n"
        deadline = time.monotonic() + startup_timeout
        while wait_for is not None and not wait_for():
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the loop was not compiled in time"
            time.sleep(0.05)
        time.sleep(settle)
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        start = time.monotonic()
        os.kill(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("still running 10 s after SIGINT")
        elapsed = time.monotonic() - start
        if stdout is not None:
            stdout.extend(proc.stdout.read().decode().splitlines())
        return proc.returncode, proc.stderr.read().decode(), elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def _last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.fixture(scope="module")
def cpython_reference(tmp_path_factory):
    """CPython's returncode and last stderr line for each script."""
    ref = {}
    tmp = tmp_path_factory.mktemp("ref")
    for name, source in (("in_function", IN_FUNCTION), ("float_for", FLOAT_FOR),
                         ("module_level", MODULE_LEVEL)):
        script = tmp / (name + ".py")
        script.write_text(textwrap.dedent(source))
        status, err, elapsed = interrupt([sys.executable, str(script)])
        ref[name] = (status, _last_line(err))
    return ref


SCRIPTS = {"in_function": IN_FUNCTION, "float_for": FLOAT_FOR, "module_level": MODULE_LEVEL}


@pytest.mark.parametrize("jit", ["x86", "executor", "off"])
@pytest.mark.parametrize("name", ["in_function", "float_for", "module_level"])
def test_sigint_stops_a_spinning_loop_like_cpython(tmp_path, cpython_reference, name, jit):
    script = tmp_path / "spin.py"
    script.write_text(textwrap.dedent(SCRIPTS[name]))
    log = tmp_path / "trace.log"
    summary = tmp_path / "summary.json"
    argv = [sys.executable, "-m", "interp", *JIT_OPTIONS[jit], str(script)]
    compiled = jit != "off"      # module-level loops are traced too (globals are dict items)
    wait_for = None
    if compiled:
        argv[3:3] = ["--trace-log", str(log), "--jit-summary=json:" + str(summary)]

        def wait_for():
            return log.exists() and "[jit-log-optimized-end]" in log.read_text()

    status, err, elapsed = interrupt(argv, wait_for, settle=0.6 if compiled else 0.3)
    ref_status, ref_last = cpython_reference[name]
    assert ref_status == -signal.SIGINT and ref_last == "KeyboardInterrupt"
    assert status == ref_status, err[-2000:]
    assert _last_line(err) == ref_last, err[-2000:]
    assert elapsed < 1.0, "%.2f s from SIGINT to exit" % elapsed
    if compiled:
        stats = json.loads(summary.read_text())
        assert stats["loops"] >= 1
        # the loop never ends by itself: iterations in compiled code mean
        # that the signal was taken there
        assert stats["iterations_in_traces"] > 1000, stats


CAUGHT = """
    def spin():
        i = 0
        try:
            while True:
                i += 1
        except KeyboardInterrupt:
            print("interrupted at", i, flush=True)
            raise

    print("ready", flush=True)
    spin()
"""


@pytest.mark.parametrize("jit", ["x86", "executor"])
def test_sigint_caught_by_the_guest_sees_the_loop_state(tmp_path, jit):
    """The guest's handler sees `i` as it was when the signal came: the
    compiled loop hands its current values back before the exception is
    raised in the frame."""
    script = tmp_path / "spin.py"
    script.write_text(textwrap.dedent(CAUGHT))
    log = tmp_path / "trace.log"
    summary = tmp_path / "summary.json"
    argv = [sys.executable, "-m", "interp", "--trace-log", str(log),
            "--jit-summary=json:" + str(summary), *JIT_OPTIONS[jit], str(script)]

    def wait_for():
        return log.exists() and "[jit-log-optimized-end]" in log.read_text()

    out = []
    status, err, elapsed = interrupt(argv, wait_for, settle=0.6, stdout=out)
    assert status == -signal.SIGINT and _last_line(err) == "KeyboardInterrupt", err[-2000:]
    assert elapsed < 1.0
    assert "<pvmx trace" not in err, err[-2000:]      # no host frames in the guest traceback
    words = out[0].split()
    assert words[:2] == ["interrupted", "at"], out
    count = int(words[2])
    stats = json.loads(summary.read_text())
    # 0.6 s of compiled spinning is far more than 10**5 iterations on either
    # backend; and every iteration run in machine code is in the guest's i
    assert count > 10 ** 5, count
    assert count >= stats["iterations_in_traces"] > 0, (count, stats)


CAUGHT_PEELED = """
    state = [0]

    def spin():
        i = -1
        try:
            for i in range(10 ** 15):
                state[0] += 1
        except KeyboardInterrupt:
            print("interrupted at", i, state[0], type(i).__name__, flush=True)
            raise

    print("ready", flush=True)
    spin()
"""


@pytest.mark.parametrize("jit", ["x86", "executor"])
def test_sigint_in_a_peeled_loop_rebuilds_the_frame(tmp_path, jit):
    """A peeled loop's label holds what the loop keeps (the range's counter
    unboxed, state[0] in a register, its write delayed), not the frame:
    the label's resume data rebuilds `i` and does the delayed write, so the
    handler sees the state of the last iteration run, as under CPython
    (where the back-edge takes the signal after the item is stored)."""
    script = tmp_path / "spin.py"
    script.write_text(textwrap.dedent(CAUGHT_PEELED))
    log = tmp_path / "trace.log"
    argv = [sys.executable, "-m", "interp", "--trace-log", str(log), *JIT_OPTIONS[jit],
            str(script)]

    def wait_for():
        return log.exists() and "[jit-log-optimized-end]" in log.read_text()

    out = []
    status, err, elapsed = interrupt(argv, wait_for, settle=0.6, stdout=out)
    assert status == -signal.SIGINT and _last_line(err) == "KeyboardInterrupt", err[-2000:]
    words = out[0].split()
    assert words[:2] == ["interrupted", "at"] and words[4] == "int", out
    i, stored = int(words[2]), int(words[3])
    assert stored == i + 1 and i > 10 ** 5, out
    assert "[loop]" in log.read_text()      # the loop was peeled
