"""Exceptions raised by calls and caught in the same hot loop.

Under the JIT the path such an exception takes is compiled too (a bridge
from the call's guard runs the handler), so what a handler sees must be
what CPython shows: the exception and its message, its traceback's line
and the frame's locals there, sys.exc_info(), the exception being handled
as the new one's __context__, exception classes that the handler does not
catch, and the state once the handler is done.
"""

import sys


def key_misses(n):
    d = {i: i * 2 for i in range(0, 100, 3)}
    total = 0
    for k in range(n):
        try:
            total += d[k % 100]
        except KeyError:
            total -= 1
    return total


def parse_all(words):
    total = bad = 0
    last = None
    for w in words:
        try:
            total += int(w)
        except ValueError as e:
            bad += 1
            last = str(e)
    return total, bad, last, "e" in dir()


def what_the_handler_sees(n):
    d = {k: k for k in range(n) if k % 4}
    seen = []
    for k in range(n):
        try:
            v = d[k]
        except KeyError as e:
            tb = e.__traceback__
            if k % 96 == 0:
                seen.append((tb.tb_lineno - what_the_handler_sees.__code__.co_firstlineno,
                             tb.tb_frame.f_locals.get("k"), tb.tb_next is None,
                             sys.exc_info()[0].__name__, sys.exc_info()[1] is e, e.args))
            v = -1
        seen.append(v) if k % 500 == 1 else None
    return seen, sys.exc_info()


def context_of_nested(n):
    d = {k: k for k in range(0, n, 2)}
    contexts = {}
    for k in range(n):
        try:
            int("x" if k % 3 == 0 else "5")
        except ValueError:
            try:
                d[k]
            except KeyError as e:
                name = type(e.__context__).__name__
                contexts[name] = contexts.get(name, 0) + 1
    return sorted(contexts.items())


def tuple_of_classes(n):
    items = [[1, 2], {}, [3], {0: 5}] * (n // 4)
    got = 0
    missed = 0
    for x in items:
        try:
            got += x[0]
        except (KeyError, IndexError) as e:
            missed += 1 if isinstance(e, KeyError) else 100
    return got, missed


def not_caught_here(n):
    d = {k: k for k in range(n)}
    total = 0
    for k in range(n):
        try:
            total += d[k if k != n - 7 else [k]]
        except KeyError:
            total -= 1
    return total


def subclass_caught(n):
    seq = list(range(10))
    total = 0
    for k in range(n):
        try:
            total += seq[k % 13]
        except LookupError as e:
            total += len(type(e).__name__)
    return total


def unbound_after_handler(n):
    d = {0: 0}
    count = 0
    for k in range(n):
        try:
            d[k % 2]
        except KeyError as err:
            count += 1
        try:
            err
            count += 1000
        except NameError:
            pass
    return count


print("key misses", key_misses(3000))
print("parse", parse_all(["12", "x", "7", "3.5", "100", "-4"] * 500))
seen, after = what_the_handler_sees(2000)
print("handler sees", seen[:6], len(seen), after)
print("context", context_of_nested(3000))
print("tuple of classes", tuple_of_classes(2000))
try:
    print(not_caught_here(2000))
except TypeError as e:
    print("TypeError", e)
print("subclass", subclass_caught(3000))
print("unbound after handler", unbound_after_handler(1000))
print("exc_info after all", sys.exc_info())
