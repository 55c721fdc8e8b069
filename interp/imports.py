"""Imports: guest modules are found by the host's import system and executed by pvmx.

A meta-path finder claims Python source files under the guest roots (the
script's folder, or everything with `--interpret-all`); their loader
compiles the source as usual and runs the module body in the interpreter.
Everything else imports natively.  The import statement itself uses the
host's `__import__`, so packages, relative imports and `sys.modules` behave
exactly as in CPython.
"""

import builtins
import importlib.machinery
import os
import sys

from interp import guestcode
from interp.setup_env import PVMX_DIRS

_run_module_code = None     # set by interp.runner: (code object, module globals) -> None
_roots = []
_interpret_all = False


def configure(roots, interpret_all, run_module_code):
    global _roots, _interpret_all, _run_module_code
    _roots = [os.path.realpath(r) + os.sep for r in roots]
    _interpret_all = interpret_all
    _run_module_code = run_module_code
    if not any(isinstance(f, GuestFinder) for f in sys.meta_path):
        # In the path finder's place, after the builtin and frozen finders
        # (which CPython asks first), so that GuestFinder's answer is the
        # path finder's own: one search of sys.path per import, not two.
        finders = sys.meta_path
        at = finders.index(_PathFinder) if _PathFinder in finders else len(finders)
        finders.insert(at, GuestFinder())


def _host_dirs():
    """pvmx's own packages and the installed libraries: never guest by default."""
    dirs = [*PVMX_DIRS, *_library_dirs()]
    return tuple(os.path.realpath(d) + os.sep for d in dirs)


def _library_dirs():
    """The standard library and the site-packages directories: sysconfig's
    stdlib, platstdlib, purelib and platlib, and any other site directory a
    distribution adds (Debian's dist-packages).  Written out rather than
    asked of sysconfig, whose import and scheme expansion cost 4 ms of
    every start."""
    import site
    version = "python%d.%d" % sys.version_info[:2]
    platstdlib = os.path.join(sys.exec_prefix, getattr(sys, "platlibdir", "lib"), version)
    return [os.path.dirname(os.__file__), platstdlib, *site.getsitepackages()]


_HOST_DIRS = _host_dirs()


_real_dirs = {}


def _realpath(path):
    """os.path.realpath, with each directory resolved once: it stats every
    component of the path, and every import asks."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    real = _real_dirs.get(folder)
    if real is None:
        real = _real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def is_guest_path(path):
    if not path or not path.endswith(".py"):
        return False
    real = _realpath(path)
    if real.startswith(_HOST_DIRS[:3]):
        return False
    if _interpret_all:
        return True
    return any(real.startswith(r) for r in _roots) and not real.startswith(_HOST_DIRS)


class GuestLoader(importlib.machinery.SourceFileLoader):
    def exec_module(self, module):
        code = self.get_code(module.__name__)
        if code is None:
            raise ImportError(f"cannot load {module.__name__} from {self.path}")
        _run_module_code(code, module.__dict__)


_PathFinder = importlib.machinery.PathFinder


class GuestFinder:
    """The path finder's search, with source modules on guest paths given a
    guest loader; every other spec is the host's, as the path finder finds it."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        spec = _PathFinder.find_spec(fullname, path, target)
        if spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader \
                and is_guest_path(spec.origin):
            spec.loader = GuestLoader(spec.loader.name, spec.loader.path)
        return spec

    @classmethod
    def invalidate_caches(cls):
        pass


def import_name(frame, name, fromlist, level):
    imp = frame.builtins.get("__import__") if frame.builtins else None
    if imp is None:
        imp = builtins.__import__
    return imp(name, frame.globals, frame.names, fromlist, level)


def import_from(module, name):
    try:
        return getattr(module, name)
    except AttributeError:
        pass
    pkgname = getattr(module, "__name__", None)
    if isinstance(pkgname, str):
        full = f"{pkgname}.{name}"
        if full in sys.modules:
            return sys.modules[full]
    else:
        pkgname = "<unknown module name>"
    path = getattr(module, "__file__", None)
    spec = getattr(module, "__spec__", None)
    if spec is not None and getattr(spec, "_initializing", False):
        raise ImportError(f"cannot import name '{name}' from partially initialized module "
                          f"'{pkgname}' (most likely due to a circular import) ({path})",
                          name=pkgname, path=path)
    if path is None:
        raise ImportError(f"cannot import name '{name}' from '{pkgname}' (unknown location)",
                          name=pkgname, path=path)
    raise ImportError(f"cannot import name '{name}' from '{pkgname}' ({path})",
                      name=pkgname, path=path)


def import_star(frame, module):
    names = getattr(module, "__all__", None)
    d = module.__dict__
    if names is None:
        names = [k for k in d if not k.startswith("_")]
    target = frame.names
    for k in names:
        target[k] = getattr(module, k)


def register_code(code):
    guestcode.register(code)
