"""The JIT's disk caches (tracer/diskcache.py): recording twins' code
(tracer/recording/twincode.py) is made once and reused, never from a stale
or damaged file; a whole pvmx run uses it on the second run.  The x86
template store has its own tests in test_backend_parts.py."""

import importlib.util
import os
import subprocess
import sys
import textwrap
import time

import pytest

from tracer import diskcache
from tracer.recording import twincode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MODULE = '''\
def helper(x):
    return x + 1


def traced(x, y):
    if y is None:
        return helper(x)
    return helper(x) * {factor}


class Holder:
    def method(self, x):
        return traced(x, None)


@staticmethod
def decorated(a):
    return helper(a)


square = lambda v: v * v
'''


def _module(path, factor=2):
    path.write_text(MODULE.format(factor=factor))
    name = f"h6mod_{abs(hash((str(path), factor)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _twin(code, fn, calls):
    """Run the twin defined by `code`, recording the calls it routes."""
    def jit_call(f, *args):
        calls.append(f.__name__)
        return f(*args)
    ns = dict(vars(sys.modules[fn.__module__]) if fn.__module__ in sys.modules else {})
    ns.update({twincode.CALL: jit_call, twincode.IS: lambda a, b: a is b})
    scope = {}
    exec(code, ns, scope)
    return scope[fn.__name__]


def test_twin_code_is_kept_and_reused(tmp_path):
    mod = _module(tmp_path / "m.py")
    cache_dir = tmp_path / "cache"
    first = twincode.TwinCode(str(cache_dir))
    code = first.code(mod.traced)
    assert code is not None and first.misses == 1 and first.hits == 0
    first.save()
    assert os.listdir(cache_dir)

    second = twincode.TwinCode(str(cache_dir))
    again = second.code(mod.traced)
    assert second.hits == 1 and second.misses == 0
    # what comes back is the same code, and it routes calls through __jit_call__
    assert again.co_consts[0].co_code == code.co_consts[0].co_code
    calls = []
    twin = _twin(again, mod.traced, calls)
    twin.__globals__["helper"] = mod.helper
    assert twin(3, 1) == 8 and calls == ["helper"]
    # line numbers are the source's (tracebacks through a twin point at it)
    assert again.co_consts[0].co_firstlineno == mod.traced.__code__.co_firstlineno
    assert {ln for *_, ln in again.co_consts[0].co_lines() if ln} >= {6, 7, 8}


def test_twins_are_unmarshalled_one_by_one_and_gone_files_dropped(tmp_path):
    mod = _module(tmp_path / "m.py")
    gone = _module(tmp_path / "gone.py", factor=3)
    other = _module(tmp_path / "other.py", factor=5)
    cache_dir = tmp_path / "cache"
    first = twincode.TwinCode(str(cache_dir))
    first.code(mod.traced)
    first.code(mod.helper)
    first.code(gone.traced)
    first.code(other.traced)
    first.save()
    (tmp_path / "gone.py").unlink()
    second = twincode.TwinCode(str(cache_dir))
    assert second.code(mod.traced) is not None and second.hits == 1
    table = second.entries[str(tmp_path / "m.py")][1]
    kinds = {key[0]: type(code).__name__ for key, code in table.items()}
    assert kinds == {"traced": "code", "helper": "bytes"}      # helper: not asked for yet
    # a file nothing was asked about yet: its table is still marshalled
    assert type(second.entries[str(tmp_path / "other.py")][1]) is bytes
    second.code(mod.helper)
    second._dirty = True
    second.save()
    third = twincode.TwinCode(str(cache_dir))
    third._load()
    assert sorted(third.entries) == [str(tmp_path / "m.py"), str(tmp_path / "other.py")]
    assert third.code(other.traced) is not None and third.hits == 1


def test_methods_decorated_functions_and_lambdas(tmp_path):
    mod = _module(tmp_path / "m.py")
    cache = twincode.TwinCode(None)
    method = cache.code(mod.Holder.method)
    assert method is not None
    assert method.co_consts[0].co_firstlineno == mod.Holder.method.__code__.co_firstlineno
    deco = cache.code(mod.decorated.__func__)
    assert deco.co_consts[0].co_firstlineno == mod.decorated.__func__.__code__.co_firstlineno
    assert cache.code(mod.square) is None          # no def of its own: no twin code
    assert cache.code(mod.square) is None and cache.hits == 1   # and that answer is kept


def test_an_edited_source_is_not_served_stale(tmp_path):
    cache_dir = str(tmp_path / "cache")
    old = _module(tmp_path / "m.py", factor=2)
    c = twincode.TwinCode(cache_dir)
    assert 2 in c.code(old.traced).co_consts[0].co_consts
    c.save()
    new = _module(tmp_path / "m.py", factor=7)     # same names, same lines, new body
    c = twincode.TwinCode(cache_dir)
    code = c.code(new.traced)
    assert c.misses == 1 and c.hits == 0
    assert 7 in code.co_consts[0].co_consts and 2 not in code.co_consts[0].co_consts


def test_another_python_or_rewriter_makes_entries_stale(tmp_path, monkeypatch):
    cache_dir = str(tmp_path / "cache")
    mod = _module(tmp_path / "m.py")
    rewriter = tmp_path / "rewriter.py"
    rewriter.write_text("# version 1\n")
    c = twincode.TwinCode(cache_dir, rewriter_source=str(rewriter))
    c.code(mod.traced)
    c.save()
    c = twincode.TwinCode(cache_dir, rewriter_source=str(rewriter))
    c.code(mod.traced)
    assert c.hits == 1
    rewriter.write_text("# version 2\n")
    c = twincode.TwinCode(cache_dir, rewriter_source=str(rewriter))
    c.code(mod.traced)
    assert c.hits == 0 and c.misses == 1
    c.save()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    c = twincode.TwinCode(cache_dir, rewriter_source=str(rewriter))
    c.code(mod.traced)
    assert c.hits == 0 and c.misses == 1


@pytest.mark.parametrize("damage", [b"", b"\x00not marshal" * 20, "truncate", "wrong shape"])
def test_a_damaged_file_is_ignored(tmp_path, damage):
    cache_dir = str(tmp_path / "cache")
    mod = _module(tmp_path / "m.py")
    c = twincode.TwinCode(cache_dir)
    want = c.code(mod.traced)
    c.save()
    path = c.path
    if damage == "truncate":
        data = open(path, "rb").read()
        damage = data[:len(data) // 2]
    elif damage == "wrong shape":
        c.entries = {f: ("digest", ["not", "a", "dict"]) for f in c.entries}
        assert diskcache.save(path, c.stamp, c.entries)
        damage = open(path, "rb").read()
    with open(path, "wb") as f:
        f.write(damage)
    c = twincode.TwinCode(cache_dir)
    got = c.code(mod.traced)
    assert c.misses == 1 and got.co_consts[0].co_code == want.co_consts[0].co_code
    c.save()                                    # and the file is whole again
    c = twincode.TwinCode(cache_dir)
    c.code(mod.traced)
    assert c.hits == 1


def test_an_unwritable_cache_falls_back_to_computing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    mod = _module(tmp_path / "m.py")
    c = twincode.TwinCode(str(blocker / "cache"))
    assert c.code(mod.traced) is not None
    c.save()                                    # silently nothing
    assert not diskcache.save(str(blocker / "cache" / "x"), 1, 2)
    assert diskcache.load(str(blocker / "cache" / "x"), 1) is None


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("PVMX_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert diskcache.cache_dir() == os.path.join(str(tmp_path), "pvmx")
    monkeypatch.setenv("PVMX_CACHE_DIR", str(tmp_path / "mine"))
    assert diskcache.cache_dir() == str(tmp_path / "mine")
    assert diskcache.cache_dir("off") is None
    monkeypatch.setenv("PVMX_CACHE_DIR", "off")
    assert diskcache.cache_dir() is None and diskcache.cache_dir(str(tmp_path)) == str(tmp_path)


def _age(path, days):
    t = time.time() - days * 86400
    os.utime(path, (t, t))


def test_a_write_prunes_cache_files_unused_for_a_month(tmp_path):
    for name, days in [("old.marshal", 40), ("recent.marshal", 10), ("notes.txt", 40),
                       ("dead.marshal.4242.tmp", 40), ("live.marshal.4243.tmp", 0)]:
        (tmp_path / name).write_bytes(b"x")
        _age(tmp_path / name, days)
    assert diskcache.save(str(tmp_path / "new.marshal"), 1, 2)
    assert sorted(os.listdir(tmp_path)) == ["live.marshal.4243.tmp", "new.marshal",
                                            "notes.txt", "recent.marshal"]


def test_a_read_marks_its_file_used(tmp_path):
    path = str(tmp_path / "used.marshal")
    assert diskcache.save(path, "stamp", {"k": 1})
    _age(path, 40)
    assert diskcache.load(path, "stamp") == {"k": 1}
    assert time.time() - os.stat(path).st_mtime < 3600
    _age(path, 40)
    assert diskcache.load(path, "another stamp") is None     # read, even if stale
    assert diskcache.save(str(tmp_path / "other.marshal"), 1, 2)
    assert os.path.exists(path)


LOOP = textwrap.dedent('''\
    def f(n):
        total = 0
        for i in range(n):
            total += i * i
        return total
    print(f(5000))
''')


def _pvmx(tmp_path, cache, *args):
    env = dict(os.environ, PVMX_CACHE_DIR=str(cache), PVMX_CACHE_STATS="1")
    env.pop("PVMX_TWIN_CACHE", None)
    env.pop("PVMX_TEMPLATE_CACHE", None)
    p = subprocess.run([sys.executable, "-m", "interp", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.startswith("pvmx cache:")]
    if not lines:
        return p.stdout, None       # tracer.diskcache was never imported
    counts = dict(item.split("=") for item in lines[-1].split()[2:] if "=" in item)
    return p.stdout, {k: int(v) for k, v in counts.items()}


def test_a_second_run_takes_twins_and_templates_from_the_cache(tmp_path):
    prog = tmp_path / "loop.py"
    prog.write_text(LOOP)
    cache = tmp_path / "cache"
    out1, first = _pvmx(tmp_path, cache, "--jit", "threshold=50", str(prog))
    assert out1 == f"{sum(i * i for i in range(5000))}\n"
    assert first.get("twins.made", 0) > 0 and first.get("twins.saved") == 1
    out2, second = _pvmx(tmp_path, cache, "--jit", "threshold=50", str(prog))
    assert out2 == out1
    assert second.get("twins.made", 0) == 0 and second["twins.hit"] >= first["twins.made"]
    assert "twins.saved" not in second
    if first.get("templates.made"):           # the x86 backend ran: its templates too
        assert second.get("templates.made", 0) == 0 and second["templates.hit"] > 0


def test_pvmx_c_pass_imports_no_jit(tmp_path):
    # no loop in the guest code: the JIT starts at a program's first back-edge
    code = ("import sys; print(sorted(filter(lambda m: m.startswith(('backend_x86', "
            "'tracer.recording', 'tracer.warmspot', 'tracer.optimizer', 'peachpy')), "
            "list(sys.modules))))")
    out, counts = _pvmx(tmp_path, tmp_path / "cache", "-c", code)
    assert out == "[]\n"
    assert not any(k.startswith(("twins.", "templates.", "runtime.")) for k in counts)


# -- pvmx's own modules from one file (interp/modulecache.py) ----------------

def test_a_second_run_imports_pvmx_from_the_module_file(tmp_path):
    prog = tmp_path / "loop.py"
    prog.write_text(LOOP + "import sys\n"
                    "print(type(sys.modules['tracer.optimizer'].__spec__.loader).__name__)\n"
                    "try:\n    import tracer.no_such_module\nexcept ImportError:\n"
                    "    print('not there')\n")
    cache = tmp_path / "cache"
    out1, first = _pvmx(tmp_path, cache, "--jit", "threshold=50", str(prog))
    assert out1.split("\n")[1] == "SourceFileLoader"
    assert first.get("modules.saved") == 1 and "modules.hit" not in first
    assert [f for f in os.listdir(cache) if f.startswith("modules-")]
    out2, second = _pvmx(tmp_path, cache, "--jit", "threshold=50", str(prog))
    assert out2 == out1.replace("SourceFileLoader", "ModuleCache")
    # a module that is not there is not a reason to write the file again
    assert second["modules.hit"] > 50 and "modules.saved" not in second


PKG = {"__init__.py": "WHO = 'package'\n", "mod.py": "VALUE = {value}\n"}


def _package(root, value):
    pkg = root / "cachedpkg"
    pkg.mkdir(exist_ok=True)
    for name, text in PKG.items():
        (pkg / name).write_text(text.format(value=value))


def _import_fresh(root, cache_file):
    """cachedpkg.mod imported in this process through a new ModuleCache,
    which then saves (as at exit)."""
    from interp.modulecache import ModuleCache
    cache = ModuleCache(str(root), str(cache_file), packages=("cachedpkg",))
    cache.load()
    for name in ("cachedpkg", "cachedpkg.mod"):
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, cache)
    sys.path.insert(0, str(root))
    try:
        import cachedpkg.mod
        served = cachedpkg.mod.__spec__.loader is cache
        cache.save()
        return served, cachedpkg.mod
    finally:
        sys.meta_path.remove(cache)
        sys.path.remove(str(root))
        for name in ("cachedpkg", "cachedpkg.mod"):
            sys.modules.pop(name, None)


def test_module_cache_serves_fresh_code_only(tmp_path):
    _package(tmp_path, 1)
    cache_file = tmp_path / "cache" / "modules.marshal"
    served, mod = _import_fresh(tmp_path, cache_file)
    assert mod.VALUE == 1 and not served
    served, mod = _import_fresh(tmp_path, cache_file)
    assert mod.VALUE == 1 and served
    assert mod.__file__ == str(tmp_path / "cachedpkg" / "mod.py")
    assert mod.__spec__.loader.get_source("cachedpkg.mod") == "VALUE = 1\n"
    import inspect
    assert inspect.getsource(mod) == "VALUE = 1\n"
    _package(tmp_path, 22)                      # edited: another size
    served, mod = _import_fresh(tmp_path, cache_file)
    assert mod.VALUE == 22 and not served
    served, mod = _import_fresh(tmp_path, cache_file)
    assert mod.VALUE == 22 and served
    mod_py = tmp_path / "cachedpkg" / "mod.py"
    _package(tmp_path, 33)                      # same size, touched later
    os.utime(mod_py, ns=(os.stat(mod_py).st_mtime_ns + 10**9,) * 2)
    served, mod = _import_fresh(tmp_path, cache_file)
    assert mod.VALUE == 33 and not served


@pytest.mark.parametrize("damage", [b"", b"\x05" + b"\x00" * 7 + b"junk", "truncate", "scribble"])
def test_a_damaged_module_file_is_ignored(tmp_path, damage):
    _package(tmp_path, 1)
    cache_file = tmp_path / "modules.marshal"
    _import_fresh(tmp_path, cache_file)
    data = cache_file.read_bytes()
    if damage == "truncate":
        damage = data[:-20]             # the index is whole, a module's code is not
    elif damage == "scribble":
        damage = data[:-20] + b"\xff" * 20
    cache_file.write_bytes(damage)
    served, mod = _import_fresh(tmp_path, cache_file)
    assert mod.VALUE == 1
    # its loader still answers for it (what inspect asks when the file is gone)
    assert mod.__spec__.loader.get_source("cachedpkg.mod") == "VALUE = 1\n"
    served, mod = _import_fresh(tmp_path, cache_file)        # written whole again
    assert mod.VALUE == 1 and served
