"""CPython's regression tests under pvmx: two small modules here, the full sweep when slow.

See tests/regrtest.py.  The modules run with `--interpret-all`, so the
unittest runner and the test methods are interpreted; one test checks
that this is so by breaking an opcode handler for the test file only.
"""

import os
import subprocess
import sys

import pytest

from tests import regrtest

SMALL = ["test_augassign", "test_unpack"]


@pytest.mark.parametrize("module", SMALL)
def test_small_module(module):
    cpython = regrtest.run(module, "cpython", timeout=300)
    pvmx = regrtest.run(module, "pvmx", timeout=300)
    assert cpython.finished and cpython.passed > 0
    assert pvmx.finished, "pvmx did not finish %s" % module
    assert pvmx.passed >= 0.95 * cpython.passed, regrtest.report({module: (cpython, pvmx)})
    assert pvmx.guest_frames and pvmx.guest_frames > 500, "tests did not run interpreted"


# `+=` on ints subtracts, but only in test_augassign.py's own code: if the test
# methods were run natively (by a host unittest), nothing would fail.
_BROKEN = """
import sys
sys.path.insert(0, %(root)r)
from interp.handlers import HANDLERS
orig = HANDLERS["BINARY_OP"]
def BINARY_OP(frame, stack, arg, pc):
    if arg == 13 and type(stack[-1]) is int and frame.code.filename.endswith("test_augassign.py"):
        stack[-1] = -stack[-1]
    return orig(frame, stack, arg, pc)
HANDLERS["BINARY_OP"] = BINARY_OP
from interp.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _broken_run(*opts):
    env = dict(os.environ, PVMX_NO_VENV="1")
    code = _BROKEN % {"root": regrtest.ROOT}
    p = subprocess.run([sys.executable, "-c", code, "--jit", "off", *opts,
                        "-m", "unittest", "test.test_augassign"],
                       capture_output=True, text=True, timeout=300, env=env)
    return p.returncode, p.stderr


def test_test_methods_are_interpreted():
    status, err = _broken_run("--interpret-all")
    assert status != 0 and "FAILED" in err, err[-2000:]
    # Without --interpret-all the host's unittest runs the test bodies natively.
    status, err = _broken_run()
    assert status == 0 and "OK" in err, err[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("module", regrtest.MODULES)
def test_full_sweep(module):
    cpython = regrtest.run(module, "cpython", timeout=1200)
    pvmx = regrtest.run(module, "pvmx", timeout=1200)
    assert pvmx.finished, "pvmx did not finish %s" % module
    assert pvmx.passed >= 0.95 * cpython.passed, regrtest.report({module: (cpython, pvmx)})
