"""The project's own setup: a virtual environment with everything pvmx needs.

`python3 -m interp ...` and `python3 -m tests` call `ensure()` first, so a
fresh clone needs no manual step.  The environment lives in `.venv/` at the
repository root and gets:

- pvmx itself (editable) with rich, six, capstone, pytest and hypothesis
  from PyPI;
- PeachPy from Debian's `python3-peachpy` (PyPI's `peachpy` is a Python 2
  release that does not build), unpacked into site-packages and
  byte-compiled, because without `.pyc` files `import peachpy.x86_64` costs
  about a second.

Stdlib only: this runs before anything is installed.  It is imported on
every start, so what only setting up needs is imported only then.

pvmx is installed in compat editable mode (a plain path in a `.pth` file):
setuptools' default editable finder imports pathlib, re and urllib at every
interpreter start, which cost pvmx's startup more than all of its own
modules together.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
MARKER = os.path.join(VENV, ".pvmx-ready")
PEACHPY_DEB = "python3-peachpy"
PACKAGES = ("interp", "tracer", "backend_x86")      # pvmx's own packages, under ROOT
PVMX_DIRS = tuple(os.path.join(ROOT, d) + os.sep for d in PACKAGES)


def _say(msg):
    print(f"pvmx setup: {msg}", file=sys.stderr, flush=True)


# Bumped when the way the environment is built changes, so old ones are rebuilt.
SETUP_VERSION = 2


def _stamp():
    """What the environment was built from; a change rebuilds it."""
    import hashlib
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    return f"{digest} {sys.version_info[0]}.{sys.version_info[1]} v{SETUP_VERSION}\n"


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ready():
    try:
        with open(MARKER) as f:
            return f.read() == _stamp()
    except OSError:
        return False


def _run(cmd, **kw):
    import subprocess
    return subprocess.run(cmd, check=True, **kw)


def _site_packages():
    import subprocess
    out = subprocess.run(
        [VENV_PYTHON, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True)
    return out.stdout.strip()


def _fetch_peachpy(site):
    """apt-get download python3-peachpy, unpack its module into `site`."""
    import shutil
    import subprocess
    import tempfile
    if os.path.isdir(os.path.join(site, "peachpy")):
        return True
    if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
        _say("apt-get/dpkg-deb not found: no PeachPy, the JIT will use the IR executor")
        return False
    with tempfile.TemporaryDirectory() as tmp:
        def download():
            return subprocess.run(["apt-get", "download", PEACHPY_DEB], cwd=tmp,
                                  capture_output=True, text=True)
        r = download()
        if r.returncode != 0:
            _say("package lists missing or stale: apt-get update")
            subprocess.run(["apt-get", "update"], capture_output=True)
            r = download()
        debs = [n for n in os.listdir(tmp) if n.endswith(".deb")]
        if r.returncode != 0 or not debs:
            _say(f"could not download {PEACHPY_DEB}: {r.stderr.strip()[-300:]}")
            return False
        unpack = os.path.join(tmp, "x")
        _run(["dpkg-deb", "-x", os.path.join(tmp, debs[0]), unpack])
        src = None
        for dirpath, dirnames, _ in os.walk(unpack):
            if "peachpy" in dirnames:
                src = os.path.join(dirpath, "peachpy")
                break
        if src is None:
            _say(f"{PEACHPY_DEB} has no peachpy module")
            return False
        shutil.copytree(src, os.path.join(site, "peachpy"))
    _run([VENV_PYTHON, "-m", "compileall", "-q", os.path.join(site, "peachpy")],
         stdout=subprocess.DEVNULL)
    return True


def ensure():
    """Build `.venv` if it is missing or out of date.  Idempotent and quick when ready."""
    import subprocess
    if ready():
        return
    _say(f"creating the virtual environment in {VENV} (first use only)")
    if not os.path.exists(VENV_PYTHON):
        _run([sys.executable, "-m", "venv", VENV])
    pip = [VENV_PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run(pip + ["--config-settings", "editable_mode=compat", "-e", f"{ROOT}[test]"])
    _fetch_peachpy(_site_packages())
    # pvmx's own .pyc files too, for its startup where the environment says
    # PYTHONDONTWRITEBYTECODE (an edited module is recompiled in memory as usual).
    _run([VENV_PYTHON, "-c", "from interp.setup_env import fresh_bytecode; fresh_bytecode()"],
         cwd=ROOT, stdout=subprocess.DEVNULL)
    with open(MARKER, "w") as f:
        f.write(_stamp())
    _say("ready")


def fresh_bytecode(packages=PACKAGES, root=ROOT):
    """Byte-compile every module of `packages` (folders of `root`) whose `.pyc` is missing or
    stale, and return how many were.  Stale as the importer decides: the
    source's mtime (whole seconds) or size differs from the `.pyc` header's.
    `compileall` compares the mtime only, so a file edited twice within a
    second (a checkout) keeps a `.pyc` the importer rejects; where
    PYTHONDONTWRITEBYTECODE is set, every start then compiles it again
    (8 ms for the optimizer's main module).  Run by the interpreter that
    will import them."""
    import importlib.util
    import py_compile
    compiled = 0
    for package in packages:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, package)):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in filenames:
                if not name.endswith(".py"):
                    continue
                source = os.path.join(dirpath, name)
                cached = importlib.util.cache_from_source(source)
                st = os.stat(source)
                want = (importlib.util.MAGIC_NUMBER + bytes(4)
                        + (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
                        + (st.st_size & 0xFFFFFFFF).to_bytes(4, "little"))
                try:
                    with open(cached, "rb") as f:
                        if f.read(16) == want:
                            continue
                except OSError:
                    pass
                try:
                    py_compile.compile(source, cached, doraise=True,
                                       invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
                    compiled += 1
                except py_compile.PyCompileError:
                    pass    # a syntax error: the import reports it
    return compiled


def reexec_in_venv(module, argv):
    """Set up if needed, then replace this process by the venv's Python."""
    if in_venv() or os.environ.get("PVMX_NO_VENV"):
        return
    try:
        ensure()
    except Exception as e:      # CalledProcessError, OSError: go on without it
        _say(f"setup failed ({e}); running without the virtual environment")
        return
    os.execv(VENV_PYTHON, [VENV_PYTHON, "-m", module, *argv])
