"""Which modules pvmx interprets (guest) and which it imports natively (host):
interp/imports.py."""

import os
import subprocess
import sys
import sysconfig
import textwrap

from interp import imports

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_library_dirs_cover_sysconfigs_paths():
    mine = {os.path.realpath(d) for d in imports._library_dirs()}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        assert os.path.realpath(sysconfig.get_paths()[key]) in mine, key


def test_a_module_beside_the_script_is_guest_the_stdlib_and_pvmx_are_host(tmp_path, monkeypatch):
    helper = tmp_path / "helper.py"
    helper.write_text("x = 1\n")
    monkeypatch.setattr(imports, "_roots", [os.path.realpath(tmp_path) + os.sep])
    assert imports.is_guest_path(str(helper))
    for host in (os.__file__, sysconfig.__file__, imports.__file__):
        assert not imports.is_guest_path(host), host
    monkeypatch.setattr(imports, "_roots", [os.path.dirname(os.__file__) + os.sep])
    assert not imports.is_guest_path(os.__file__)      # the stdlib stays host under a root
    monkeypatch.setattr(imports, "_interpret_all", True)
    assert imports.is_guest_path(os.__file__) and not imports.is_guest_path(imports.__file__)


def test_a_script_importing_its_own_module_and_the_stdlib(tmp_path):
    (tmp_path / "helper.py").write_text("import json\ndef f(x):\n    return json.dumps(x)\n")
    script = tmp_path / "main.py"
    script.write_text(textwrap.dedent("""
        import sys
        import helper
        print(helper.f([1, 2]), "sysconfig" in sys.modules)
    """))
    env = dict(os.environ, PVMX_NO_VENV="1")
    pvmx = subprocess.run([sys.executable, "-m", "interp", str(script)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)
    cpython = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             timeout=60)
    assert pvmx.returncode == 0, pvmx.stderr[-2000:]
    assert pvmx.stdout == cpython.stdout == "[1, 2] False\n"
