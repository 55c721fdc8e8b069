"""Host code that looks at the stack from inside hot loops: sys._getframe,
inspect, warnings and logging see each frame's code, line and locals as they
are, including frames a trace inlined and frames of an entry trace called
from a loop."""

import inspect
import logging
import os
import sys
import warnings


def here():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno


def caller_locals():
    return dict(sys._getframe(1).f_locals)


def chain():
    names = []
    f = sys._getframe(1)
    while f is not None:
        names.append(f.f_code.co_name)
        f = f.f_back
    return names


def own_lines(n):
    out = []
    for i in range(n):
        x = i * 2
        out.append(sys._getframe(0).f_lineno)
        y = x + 1
    return sum(out), out[:3], y


def own_locals(n):
    total = 0
    for i in range(n):
        seen = sys._getframe().f_locals
        total += seen["i"] + len(seen)
    return total


def inlined_callers(n):
    where = {}
    for i in range(n):
        key = here()
        where[key] = where.get(key, 0) + 1
        if i % 3 == 0:
            key = here()
            where[key] = where.get(key, 0) + 1
    return sorted(where.items())


def step(k, acc):
    loc = caller_locals()
    return acc + loc["k"] * 0 + len(loc) + k


def inlined_locals(n):
    acc = 0
    for k in range(n):
        acc = step(k, acc)
    return acc


def leaf():
    return chain()


def middle(i):
    return leaf() if i % 2 else chain()


def depths(n):
    seen = {}
    for i in range(n):
        key = tuple(middle(i))
        seen[key] = seen.get(key, 0) + 1
    return sorted(seen.items())


def currentframe_back(n):
    total = 0
    for i in range(n):
        total += inspect.currentframe().f_locals["i"]
        total += len(inspect.currentframe().f_back.f_code.co_name)
    return total


def with_loop(m):
    # a function with a loop of its own: called from a hot loop, it runs by
    # its entry trace
    s = 0
    for j in range(m):
        s += j
    return s, chain()[:3], sys._getframe(0).f_lineno


def entry_calls(n):
    out = {}
    for i in range(n):
        s, names, line = with_loop(i % 5)
        key = (tuple(names), line)
        out[key] = out.get(key, 0) + s
    return sorted(out.items())


def warn_lines(n):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i in range(n):
            warnings.warn("w%d" % (i % 4), stacklevel=1)
            if i % 7 == 0:
                warnings.warn("seven", UserWarning, stacklevel=2)
    lines = {}
    for w in caught:
        key = (os.path.basename(w.filename), w.lineno, str(w.message))
        lines[key] = lines.get(key, 0) + 1
    return sorted(lines.items())


class Keep(logging.Handler):
    def __init__(self):
        super().__init__()
        self.seen = {}

    def emit(self, record):
        key = (record.funcName, record.lineno, record.getMessage()[:3])
        self.seen[key] = self.seen.get(key, 0) + 1


def log_callers(n):
    log = logging.getLogger("frames_seen")
    keep = Keep()
    log.addHandler(keep)
    log.setLevel(logging.INFO)
    log.propagate = False
    for i in range(n):
        log.info("row %d", i)
        if i % 5 == 0:
            log.warning("five %d", i)
    log.removeHandler(keep)
    return sorted(keep.seen.items())


def gen_names(n):
    def items():
        for i in range(n):
            yield i, sys._getframe(0).f_code.co_name, sys._getframe(1).f_code.co_name
    names = {}
    for i, mine, theirs in items():
        names[(mine, theirs)] = names.get((mine, theirs), 0) + i
    return sorted(names.items())


def module_level_view(n):
    total = 0
    for i in range(n):
        total += sys._getframe(1).f_lineno
    return total


print("own_lines", own_lines(3000))
print("own_locals", own_locals(3000))
print("inlined_callers", inlined_callers(3000))
print("inlined_locals", inlined_locals(3000))
print("depths", depths(3000))
print("currentframe_back", currentframe_back(2000))
print("entry_calls", entry_calls(3000))
print("warn_lines", warn_lines(3000))
print("log_callers", log_callers(3000))
print("gen_names", gen_names(3000))
print("module_level_view", module_level_view(2000))

total = 0
for i in range(3000):
    f = sys._getframe()
    total += f.f_lineno + (f.f_locals["i"] == i)
print("module loop", total)
