"""What a guest program sees at exit under pvmx, compared in full with
CPython (stdout, stderr with addresses masked, status): finalizers of
objects alive at exit, their order, finalizers that raise (CPython's
finalization prints those tracebacks without source lines) or delete
globals, and `sys.exit` with finalizers pending."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAMS = {
    "order": """
        class A:
            def __init__(self, n):
                self.n = n
            def __del__(self):
                print("del", self.n)
        x = A("x")
        _u = A("_u")
        y = A("y")
        z = [A("in-list")]
        print("end")
    """,
    "raising": """
        class A:
            def __del__(self):
                raise ValueError("boom in del")
        def f():
            a = A()
        f()
        b = A()
        print("end")
    """,
    "exit_status": """
        import sys
        class A:
            def __init__(self, n):
                self.n = n
            def __del__(self):
                print("del", self.n)
                if self.n == 2:
                    raise ValueError("boom in del")
        a = A(1)
        b = A(2)
        print("exiting")
        sys.exit(3)
    """,
    "deleting_globals": """
        class A:
            def __init__(self, name):
                self.name = name
            def __del__(self):
                g = globals()
                g.pop("b", None)
                print("del", self.name, sorted(k for k in g if not k.startswith("__")))
        a = A("a")
        b = A("b")
        print("end")
    """,
}


def _masked(text):
    return re.sub(r"0x[0-9a-f]+", "0x?", text)


@pytest.mark.parametrize("options", [["--jit", "off"], []], ids=["jit-off", "jit-on"])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_exit_matches_cpython(tmp_path, name, options):
    script = tmp_path / f"{name}.py"
    script.write_text(textwrap.dedent(PROGRAMS[name]))
    cpython = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             timeout=60)
    pvmx = subprocess.run([sys.executable, "-m", "interp", *options, str(script)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=dict(os.environ, PVMX_NO_VENV="1"))
    assert pvmx.stdout == cpython.stdout
    assert _masked(pvmx.stderr) == _masked(cpython.stderr)
    assert pvmx.returncode == cpython.returncode
