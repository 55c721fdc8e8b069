"""Where the x86 backend can run, it is the one that runs.

Every backend test is skipped where `backend_x86.supported()` is false, and
a layout check that fails (backend_x86/layout.py) makes it false: without
this test, a wrong check would turn the backend's tests into skips and the
JIT's into runs on the IR executor, all passing."""

import os
import sys

import pytest

from backend_x86.select import select_backend, unsupported_reason

x86_linux = pytest.mark.skipif(
    os.uname().machine.lower() not in ("x86_64", "amd64") or not sys.platform.startswith("linux"),
    reason="not an x86-64 Linux host")


@x86_linux
def test_the_x86_backend_runs_on_an_x86_64_linux_host_with_cpython_3_11():
    if sys.version_info[:2] != (3, 11):
        pytest.skip("the backend reads CPython 3.11's layouts")
    assert unsupported_reason() is None
    from backend_x86.backend import X86Backend
    assert type(select_backend()) is X86Backend


@x86_linux
def test_the_layout_checks_pass_whatever_the_hash_seed():
    # str hashes change with the seed, and the dict checks walk index tables
    import subprocess
    probe = "from backend_x86 import layout; print(layout.LAYOUT_PROBLEM)"
    for seed in range(8):
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": str(seed)}, check=True)
        assert out.stdout.strip() == "None", (seed, out.stdout, out.stderr)
