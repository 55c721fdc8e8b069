"""pvmx's own modules from one file in its cache, as CPython 3.11 freezes the
modules its own start imports.

A run imports about a hundred of pvmx's modules (the interpreter, then the
tracer and the backend at the first hot loop).  Through the path finder each
costs ~40 us before its code runs: the search of its package's folder, specs
and paths built in Python, a stat, an open and a read of its `.pyc`.
`install()` puts a finder first on `sys.meta_path` that serves them from one
file (`modules-<digest of the checkout's path>.marshal` in pvmx's cache
folder, tracer/diskcache.py): its index read at start, a module's code read
and unmarshalled when it is imported.  A run that compiles a loop starts
about 3 ms sooner (1 ms without the JIT).

Each entry remembers its source's size and modification time, and is used
only while the source still has them (a stat per import, as the `.pyc` check
does); a module missing or stale is imported the usual way and the file is
written again at exit.  Only pvmx's own packages under this checkout are
served; PVMX_CACHE_DIR=off turns it off with every other cache.
"""

import atexit
import marshal
import os
import sys
from importlib.machinery import ModuleSpec

from interp.setup_env import PACKAGES, ROOT
from tracer import diskcache

FORMAT = 1


class ModuleCache:
    """The finder and loader of the cached modules.

    The file: 8 bytes giving the length of a marshalled (stamp, index), the
    index ({module name: (origin, is package, source size, source mtime_ns,
    offset, length)}), then each module's marshalled code at its offset
    after the index.  A process reads the index and, at each import, one
    module's code."""

    def __init__(self, root, path, packages=PACKAGES):
        self.root = root
        self.path = path
        self.packages = packages
        self.stamp = (FORMAT, sys.version, sys.flags.optimize, root)
        self.entries = {}       # module name -> index entry
        self.damaged = {}       # module name -> its entry, once its code was found damaged
        self.fd = None          # the file, kept open: code is read at import
        self.base = 0           # where the code blobs start
        self.dirty = False      # an entry was stale or damaged: written again at exit

    def load(self):
        """Read the index (the code stays in the file until imported)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return
        try:
            diskcache.mark_used(self.path, os.fstat(fd))
            size = int.from_bytes(os.pread(fd, 8, 0), "little")
            stamp, index = marshal.loads(os.pread(fd, size, 8))
            if stamp != self.stamp or type(index) is not dict:
                raise ValueError("stale")
        except Exception:           # damaged or stale: written again at exit
            os.close(fd)
            return
        self.fd, self.base, self.entries = fd, 8 + size, index
        diskcache.count("modules.entries", len(index))

    def _code(self, entry):
        """An entry's marshalled code, or None if the file is cut short."""
        try:
            blob = os.pread(self.fd, entry[5], self.base + entry[4])
        except Exception:
            return None
        return blob if len(blob) == entry[5] else None

    # -- the meta-path finder and loader --------------------------------------
    def find_spec(self, name, path=None, target=None):
        entry = self.entries.get(name)
        if entry is None:
            return None
        if not _fresh(entry):
            del self.entries[name]
            self.dirty = True
            return None
        origin, is_package = entry[0], entry[1]
        spec = ModuleSpec(name, self, origin=origin, is_package=is_package)
        spec.has_location = True        # __file__ and __cached__ as a file's module
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__spec__.name
        entry = self.entries[name]
        try:
            code = marshal.loads(self._code(entry))
            diskcache.count("modules.hit")
        except Exception:           # the file is damaged: compiled, and written again
            # (the module's loader still answers for it: inspect asks for its source)
            self.damaged[name] = self.entries.pop(name)
            self.dirty = True
            code = _compile(entry[0])
        exec(code, module.__dict__)

    def _entry(self, name):
        entry = self.entries.get(name) or self.damaged.get(name)
        if entry is None:
            raise ImportError(f"{name!r} is not served by pvmx's module cache", name=name)
        return entry

    def get_filename(self, name):
        return self._entry(name)[0]

    def get_source(self, name):
        with open(self._entry(name)[0], encoding="utf-8") as f:
            return f.read()

    def is_package(self, name):
        return self._entry(name)[1]

    # -- writing it back ------------------------------------------------------
    def save(self):
        """Write the file again if a module of ours was imported the usual way
        (missing, stale or damaged here): every module of ours now loaded,
        with the fresh entries of modules this process did not import."""
        prefix = os.path.join(self.root, "")
        new = []
        for name, module in list(sys.modules.items()):
            if name in self.entries or name.partition(".")[0] not in self.packages:
                continue
            origin = getattr(module, "__file__", None)
            if origin and origin.endswith(".py") and origin.startswith(prefix):
                new.append((name, origin, hasattr(module, "__path__")))
        if not new and not self.dirty:
            return
        self.dirty = False
        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return
        if not os.access(folder, os.W_OK):
            return          # compiling ~100 modules for nothing at every exit
        blobs = {}      # name -> (origin, is package, size, mtime_ns, code bytes)
        for name, entry in self.entries.items():
            blob = self._code(entry) if _fresh(entry) else None
            if blob is not None:
                blobs[name] = (*entry[:4], blob)
        for name, origin, is_package in new:
            made = _compiled(origin, is_package)
            if made is not None:
                blobs[name] = made
        index, offset = {}, 0
        for name, (*meta, blob) in blobs.items():
            index[name] = (*meta, offset, len(blob))
            offset += len(blob)
        head = marshal.dumps((self.stamp, index))
        if diskcache.write(self.path, [len(head).to_bytes(8, "little"), head,
                                       *(b[-1] for b in blobs.values())]):
            diskcache.count("modules.saved")


def _fresh(entry):
    try:
        st = os.stat(entry[0])
    except OSError:
        return False
    return st.st_size == entry[2] and st.st_mtime_ns == entry[3]


def _compiled(origin, is_package):
    """(origin, is package, size, mtime_ns, marshalled code) of a source as it
    is now, or None."""
    try:
        st = os.stat(origin)        # before the read: an edit meanwhile makes it stale
        code = _compile(origin)
    except Exception:       # unreadable, or mid-edit: imported the usual way next time
        return None
    return (origin, is_package, st.st_size, st.st_mtime_ns, marshal.dumps(code))


def _compile(origin):
    """The code of the source file `origin`, as an import compiles it."""
    with open(origin, "rb") as f:
        return compile(f.read(), origin, "exec", dont_inherit=True)


def install(root=ROOT):
    """Serve pvmx's modules from the cache from now on (once per process).
    Returns the ModuleCache, or None when caching is off."""
    for finder in sys.meta_path:
        if isinstance(finder, ModuleCache):
            return finder
    base = diskcache.cache_dir()
    if base is None:
        return None
    tag = diskcache.digest(root.encode())[:6].hex()
    cache = ModuleCache(root, os.path.join(base, f"modules-{tag}.marshal"))
    cache.load()
    sys.meta_path.insert(0, cache)
    atexit.register(cache.save)
    return cache
