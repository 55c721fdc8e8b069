"""The code objects of recording twins, made once and kept on disk.

A twin's code is its original's source rewritten (rewrite.py) and compiled:
parsing and compiling the interpreter's functions cost more than the rest
of tracing a small loop.  So the code objects are kept in one file of the
pvmx cache directory (tracer/diskcache.py), per source file of the
interpreter, and a later process only unmarshals them.

Correctness of a kept entry rests on its key:
- the file's stamp: this format, the Python version (bytecode and marshal
  format), and a digest of the rewriter's own source and of this module's,
  so an edited rewriter makes every entry stale;
- per source file: a digest of the file's bytes as they are now, read on
  first use in each process; an edited file makes its entries stale;
- per function: its name, first line and argument count.
A function whose source is gone or no longer matches gets no code (None),
as before the cache; that answer is kept too.  Each code object is stored
as its own marshal string and unmarshalled when its twin is first made,
and each source file's table of them likewise when the file is first asked
about: the file holds every interpreter function any program traced (in
every checkout that still exists), a program uses a part of them.

On a miss the source is the same bytes the digest was taken of, so a
kept entry always matches the text it is keyed by.  Each function is parsed
alone, from its lines of the file, padded so that line numbers need no
fixing afterwards (tracebacks through twins point at the interpreter's
source).
"""

import marshal
import os
import sys
from types import CodeType

from tracer import diskcache

FORMAT = 3     # 3: each file's table marshalled on its own, and each code object in it
_FILE = "twins-%s.marshal"
_REWRITER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rewrite.py")

# The names a twin's code calls instead of `f(...)` and `a is b` (rewrite.py
# makes the calls; twins.py binds the names in every recording namespace).
CALL = "__jit_call__"
IS = "__jit_is__"


def rewritten_code(fn):
    """A module code object defining `fn` again with rewrite.py's rewrites,
    or None when its source cannot be had or it closes over variables."""
    if fn.__closure__:
        return None
    return CACHE.code(fn)


def _rewrite_tree(tree):
    # the rewriter (and `ast`) only when a twin's code is made
    from tracer.recording.rewrite import rewrite_tree
    return rewrite_tree(tree)


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except (OSError, TypeError):
        return None


class _Source:
    """One source file as read in this process."""
    __slots__ = ("data", "digest", "lines", "defs")

    def __init__(self, data):
        self.data = data
        self.digest = diskcache.digest(data)
        self.lines = None       # decoded lines, on the first miss
        self.defs = None        # first line -> (name, end line, indented), on the first miss


class TwinCode:
    """`code(fn)`: the module code object that defines `fn`'s twin, or None.
    `directory`: where the file is kept; None keeps nothing.  `rewrite`: a
    module tree -> the rewritten tree; `rewriter_source`: the file that
    defines it (part of the stamp)."""

    def __init__(self, directory, rewrite=_rewrite_tree, rewriter_source=_REWRITER):
        self.rewrite = rewrite
        self.rewriter_source = rewriter_source
        # one file per Python build, so that two Pythons sharing a home do
        # not take turns overwriting one file
        tag = f"{sys.implementation.cache_tag}-{diskcache.digest(sys.version.encode())[:4].hex()}"
        self.path = None if directory is None else os.path.join(directory, _FILE % tag)
        self.sources = {}       # filename -> _Source, or None when unreadable
        self.entries = None     # filename -> (source digest, {key: code or None})
        self.stamp = None
        self.hits = 0
        self.misses = 0
        self._dirty = False

    def code(self, fn):
        co = fn.__code__
        filename = co.co_filename
        src = self.sources.get(filename, False)
        if src is False:
            data = _read(filename)
            src = self.sources[filename] = None if data is None else _Source(data)
        if src is None:
            return None
        if self.entries is None:
            self._load()
        entry = self.entries.get(filename)
        if entry is not None and type(entry[1]) is bytes:
            table = _loads(entry[1])
            entry = self.entries[filename] = (entry[0], table if type(table) is dict else {})
        if entry is None or entry[0] != src.digest:
            entry = self.entries[filename] = (src.digest, {})
        key = (fn.__name__, co.co_firstlineno, co.co_argcount)
        table = entry[1]
        if key in table:
            code = table[key]
            if type(code) is bytes:
                code = table[key] = _loads(code)
            if code is None or type(code) is CodeType:
                self.hits += 1
                diskcache.count("twins.hit")
                return code
        self.misses += 1
        diskcache.count("twins.made")
        code = table[key] = _make(fn, src, self.rewrite)
        if not self._dirty and self.path is not None:
            self._dirty = True
            import atexit
            atexit.register(self.save)
        return code

    def _load(self):
        self.stamp = (FORMAT, sys.version, marshal.version,
                      diskcache.digest(b"".join(_read(f) or b"" for f in (
                          self.rewriter_source, __file__))))
        entries = diskcache.load(self.path, self.stamp)
        if type(entries) is not dict or not all(
                type(e) is tuple and len(e) == 2 and type(e[1]) is bytes
                for e in entries.values()):
            entries = {}
        self.entries = entries

    def save(self):
        """Write the entries back (at exit, when this process made any), each
        code object as its own marshal string and each file's table as one
        (tables this process did not open are written as they were read): a
        process unmarshals only the twins it uses.  Files that are gone (a
        deleted checkout) are dropped."""
        if self._dirty:
            payload = {
                filename: (digest, table if type(table) is bytes else marshal.dumps(
                    {k: marshal.dumps(c) if type(c) is CodeType else c
                     for k, c in table.items()}))
                for filename, (digest, table) in self.entries.items()
                if self.sources.get(filename) is not None or os.path.exists(filename)}
            if diskcache.save(self.path, self.stamp, payload):
                diskcache.count("twins.saved")
        self._dirty = False


def _loads(data):
    try:
        return marshal.loads(data)
    except Exception:       # a damaged entry: made again
        return False


def _make(fn, src, rewrite):
    """Parse `fn`'s own lines of `src`, rewrite and compile them; None when
    the source does not define `fn` where its code says."""
    import ast
    co = fn.__code__
    if src.defs is None:
        _index(src, co.co_filename)
    found = src.defs.get(co.co_firstlineno)
    if found is None or found[0] != fn.__name__:
        return None             # a lambda, or the file changed since it was imported
    _, end, indented = found
    first = co.co_firstlineno
    text = "".join(src.lines[first - 1:end])
    # Blank lines put the function at its own line numbers; an indented one
    # (a method, a nested function) goes under `if 1:` on the line before.
    if indented:
        text = "\n" * (first - 2) + "if 1:\n" + text
    else:
        text = "\n" * (first - 1) + text
    try:
        tree = ast.parse(text, co.co_filename)
    except SyntaxError:
        return None
    fdef = tree.body[0].body[0] if indented else tree.body[0]
    if not isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) or fdef.name != fn.__name__ \
            or len(fdef.args.args) != co.co_argcount:
        return None
    if fdef.decorator_list:
        # CPython counts a decorated function from its first decorator's line.
        fdef.lineno = fdef.decorator_list[0].lineno
        fdef.decorator_list = []
    tree = rewrite(ast.Module(body=[fdef], type_ignores=[]))
    return compile(tree, co.co_filename, "exec")


def _index(src, filename):
    """Every def of the file by the first line its code object reports."""
    import ast
    from importlib.util import decode_source
    src.defs = {}
    try:
        text = decode_source(src.data)
        tree = ast.parse(text, filename)
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return
    # Python counts lines by "\n" alone (decode_source made every newline one);
    # str.splitlines would also split at \f, \x1c, \u2028 ...
    src.lines = [line + "\n" for line in text.split("\n")]
    defs = (ast.FunctionDef, ast.AsyncFunctionDef)
    # Statements only (a def is one): ast.walk would visit every expression too.
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, defs):
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            src.defs.setdefault(first, (node.name, node.end_lineno, node.col_offset > 0))
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None)
            if type(inner) is list:
                todo.extend(inner)


CACHE = TwinCode(diskcache.cache_dir(os.environ.get("PVMX_TWIN_CACHE")))
