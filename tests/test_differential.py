"""Differential tests: every program in tests/programs/ under pvmx against CPython.

Each program runs once under CPython (the reference, cached for the session) and
once per pvmx mode; stdout, the last stderr line and the exit status must match.
See tests/difftest.py for how programs are run and compared, and for a command
line that runs the same comparison outside pytest.

    python3 -m tests tests/test_differential.py                 # everything
    python3 -m tests tests/test_differential.py -k gen_         # some programs
    python3 -m tests tests/test_differential.py -k "jit-off"    # one mode
"""

import os

import pytest

from tests import difftest

# pvmx modes: name -> pvmx command-line options.  "stress" makes nearly every
# loop trace and its guards fail, so deoptimization runs all the time.
MODES = {
    "jit-off": ["--jit", "off"],
    "jit": [],
    "stress": ["--jit", "threshold=2,function_threshold=2,trace_eagerness=2"],
    # the IR executor, the backends' oracle, on the same traces
    "executor-stress": ["--jit", "threshold=2,function_threshold=2,trace_eagerness=2,"
                                 "backend=executor"],
}

# (program, mode) pairs pvmx does not run right yet, with the cause; each is
# a strict xfail, so a fix shows.
_FINALIZED_LATE = ("compiled code and the recorder free the objects a frame's locals held "
                   "later than its end, or in another order (the values a loop was entered "
                   "with, an exit's values while deoptimization runs the frames on, a "
                   "generator's frame a trace finished); the interpreter frees them as "
                   "CPython does")
KNOWN_FAILURES = {
    ("finalizers_frame_order", "jit"): _FINALIZED_LATE,
    ("finalizers_frame_order", "stress"): _FINALIZED_LATE,
    ("finalizers_frame_order", "executor-stress"): _FINALIZED_LATE,
}

PROGRAMS = difftest.discover_programs()

_cpython_results = {}


def cpython_reference(name):
    """CPython's result for a program; the same for every mode, so run it once."""
    if name not in _cpython_results:
        _cpython_results[name] = difftest.run_cpython(name)
    return _cpython_results[name]


def test_corpus_present():
    assert len(PROGRAMS) >= 70, PROGRAMS
    for extra in ("args", "stdin"):
        for fn in os.listdir(difftest.PROGRAMS_DIR):
            if fn.endswith("." + extra):
                assert fn[: -len(extra) - 1] in PROGRAMS, "%s has no program" % fn


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("program", PROGRAMS)
def test_program(program, mode, request):
    known = KNOWN_FAILURES.get((program, mode))
    if known:
        request.node.add_marker(pytest.mark.xfail(reason=known, strict=True))
    expected = cpython_reference(program)
    assert not expected.timed_out, "CPython timed out on %s" % program
    # a program that crashes under CPython by accident is a broken test, not a pass
    assert expected.returncode == difftest.EXPECTED_EXIT.get(program, 0), expected.stderr_tail()
    actual = difftest.run_pvmx(program, MODES[mode])
    report = difftest.compare(expected, actual, label="pvmx[%s]" % mode)
    if report is not None:
        pytest.fail(report, pytrace=False)
