"""Test support: run a trace on machine code and on the IR executor and
insist on the same exits and values.  Only tests import this module.

    both = Both()
    both.check(trace, args)                 # compile on both, run, compare
    both.check(trace, args, max_iterations=5)

Values compare as the machine sees them: ints by value, floats by their
bits, refs by identity, except objects the trace made (a boxed int, a new
tuple), which compare by type and contents.  `Both(loose_nan=True)`
takes any two nans as equal: the executor's own result for an op on two
nans depends on which C code CPython runs (isel/floats.py), so traces that
may compute on two nans (random ones) compare that way.
"""

import math

import struct

from tracer.executor import Executor
from tracer.ir import ExitTable, NULL

from .backend import X86Backend


def _bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def same_value(a, b, pairs=None, loose_nan=False):
    """`pairs`: id(x) -> y for objects x of one run that stand for y of the
    other (fresh arguments made for each run)."""
    if a is b or (pairs is not None and pairs.get(id(a)) is b):
        return True
    ta, tb = type(a), type(b)
    if ta is not tb:
        return False
    if ta is float:
        return _bits(a) == _bits(b) or (loose_nan and math.isnan(a) and math.isnan(b))
    if ta in (int, bool, str, bytes):
        return a == b
    if ta in (tuple, list):
        return len(a) == len(b) and all(same_value(x, y, pairs, loose_nan)
                                        for x, y in zip(a, b))
    if ta is slice:
        return same_value((a.start, a.stop, a.step), (b.start, b.stop, b.step), pairs, loose_nan)
    return False


def same_values(xs, ys, pairs=None, loose_nan=False):
    return len(xs) == len(ys) and all(same_value(x, y, pairs, loose_nan)
                                      for x, y in zip(xs, ys))


class Mismatch(AssertionError):
    pass


class Both:
    """An executor and an x86 backend numbering exits in one table."""

    def __init__(self, loose_nan=False):
        self.loose_nan = loose_nan
        self.table = ExitTable()
        self.ex = Executor(self.table)
        self.be = X86Backend(self.table)
        self.compiled = {}

    def compile(self, trace):
        key = id(trace)
        if key not in self.compiled:
            self.compiled[key] = (trace, self.ex.compile(trace), self.be.compile(trace))
        return self.compiled[key][1:]

    def run(self, trace, args, max_iterations=None, entry=None):
        """(executor result, backend result); each is (exit, values, exception)."""
        c_ex, c_be = self.compile(trace)
        results = []
        self.last_args = []
        for runner, compiled in ((self.ex, c_ex), (self.be, c_be)):
            fresh = args() if callable(args) else list(args)
            self.last_args.append(fresh)
            try:
                n, values = runner.run(compiled if entry is None else entry, fresh,
                                       max_iterations=max_iterations)
                exc = runner.grab_exception()
            except Exception as e:                  # an unguarded error
                n, values, exc = "raised", (), e
            results.append((n, values, exc))
        return results

    def check(self, trace, args, max_iterations=None, entry=None, loose_nan=None):
        (n1, v1, e1), (n2, v2, e2) = self.run(trace, args, max_iterations, entry)
        pairs = {id(x): y for x, y in zip(*self.last_args)}
        loose = self.loose_nan if loose_nan is None else loose_nan
        if n1 != n2 or not same_values(v1, v2, pairs, loose) or type(e1) is not type(e2) or (
                e1 is not None and e1.args != e2.args):
            raise Mismatch(f"executor: exit {n1} {v1!r} {e1!r}\n"
                           f"x86:      exit {n2} {v2!r} {e2!r}\n"
                           f"{trace}")
        return n2, v2

    def attach_bridge(self, guard, bridge):
        self.ex.attach_bridge(guard, bridge)
        return self.be.attach_bridge(guard, bridge)

    def iterations(self):
        return self.ex.iterations, self.be.iterations


__all__ = ["Both", "Mismatch", "NULL", "same_value", "same_values"]
