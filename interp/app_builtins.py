"""Builtins that loop over an iterable, written in Python and run as guest code.

CPython's `sum(genexpr)` is a C loop calling the generator's `__next__`.
pvmx's builtin would resume the guest frame from the host once per item,
interpreted, where no trace reaches it: a generator's own loop is left at
every yield, and the builtin's loop is host code.  Written here as guest
code, the builtin's loop is a guest loop: the JIT traces it and runs the
generator's frame inline, as it does for a `for` loop over a generator
(PyPy writes `sum` and others at "app-level" too: app_functional.py).

`interp.builtin_loops` decides when these run instead of the builtin and
gives each generator's code a copy of its own.  Each function here does
what the C builtin does, item by item and in the same order, with the same
comparisons, truth tests and errors; its frame is left out of tracebacks
and of the virtual stack, since the C builtin has none.  Each keeps its
own loop (none calls another's): a loop shared by two builtins would see
the generators of both.
"""

MISSING = object()      # no `default=` given to min() or max()


def sum_(iterable, start):
    for item in iterable:
        start = start + item
    return start


def all_(iterable):
    for item in iterable:
        if not item:
            return False
    return True


def any_(iterable):
    for item in iterable:
        if item:
            return True
    return False


def max_(iterable, key, default):
    # CPython's min_max: the first item is the best so far, then each later
    # one replaces it when it compares greater (so the first of equals wins)
    for best in iterable:
        if key is None:
            for item in iterable:
                if item > best:
                    best = item
            return best
        best_key = key(best)
        for item in iterable:
            k = key(item)
            if k > best_key:
                best, best_key = item, k
        return best
    if default is MISSING:
        raise ValueError("max() arg is an empty sequence")
    return default


def min_(iterable, key, default):
    for best in iterable:
        if key is None:
            for item in iterable:
                if item < best:
                    best = item
            return best
        best_key = key(best)
        for item in iterable:
            k = key(item)
            if k < best_key:
                best, best_key = item, k
        return best
    if default is MISSING:
        raise ValueError("min() arg is an empty sequence")
    return default


def list_(iterable):
    out = []
    for item in iterable:
        out.append(item)
    return out


def tuple_(iterable):
    out = []
    for item in iterable:
        out.append(item)
    return tuple(out)


def set_(iterable):
    out = set()
    for item in iterable:
        out.add(item)
    return out


def frozenset_(iterable):
    out = set()
    for item in iterable:
        out.add(item)
    return frozenset(out)


def sorted_(iterable, key, reverse):
    # sorted() is list() then list.sort(): the items are all taken first,
    # and the sort's own arguments are checked after
    out = []
    for item in iterable:
        out.append(item)
    out.sort(key=key, reverse=reverse)
    return out


def join_(sep, iterable):
    # str.join takes every item first (PySequence_Fast), then checks them
    out = []
    for item in iterable:
        out.append(item)
    return sep.join(out)
