"""Exceptions raised by calls, or by `raise`, and caught in the same hot loop.

Under the JIT the path such an exception takes is compiled too (a bridge
from the call's guard runs the handler; a `raise` is recorded as its
unwinding), so what a handler sees must be what CPython shows: the
exception and its message, its traceback's line and the frame's locals
there, sys.exc_info(), the exception being handled as the new one's
__context__, exception classes that the handler does not catch, and the
state once the handler is done.
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


class Odd(Exception):
    def __init__(self, k):
        super().__init__(k)
        self.k = k


def guest_raises(n):
    total = 0
    notes = []
    for k in range(n):
        try:
            if k % 5 == 0:
                raise IndexError
            if k % 7 == 0:
                raise ValueError("seven", k)
            if k % 11 == 0:
                raise Odd(k)
            total += k
        except IndexError as e:
            total += 2 + len(e.args)
        except ValueError as e:
            total += e.args[1] % 3
            if k % 49 == 0 and len(notes) < 3:
                notes.append((e.__traceback__.tb_lineno - guest_raises.__code__.co_firstlineno,
                              e.__context__))
        except Odd as e:
            total -= e.k
    return total, notes


def raise_while_handling(n):
    seen = {}
    for k in range(n):
        try:
            try:
                if k % 3:
                    raise KeyError(k)
                raise LookupError
            except KeyError:
                raise TypeError("from a handler")
        except TypeError as e:
            c = type(e.__context__).__name__
            seen[c] = seen.get(c, 0) + 1
        except LookupError as e:
            seen["lookup"] = seen.get("lookup", 0) + (e.__context__ is None)
    return sorted(seen.items())


def raise_from_and_reraise(n):
    out = [0, 0]
    for k in range(n):
        try:
            try:
                raise ValueError(k)
            except ValueError as e:
                if k % 2:
                    raise
                raise KeyError(k) from e
        except ValueError:
            out[0] += 1
        except KeyError as e:
            out[1] += e.__cause__.args[0] == k
    return out


def lookup(d, k):
    try:
        return d[k]
    except KeyError as e:
        return -len(e.args)


def lookup_uncaught(d, k):
    return d[k] * 2


def calls_that_catch(n):
    d = {i: i for i in range(0, 100, 2)}
    total = 0
    caught_outside = 0
    for k in range(n):
        total += lookup(d, k % 100)
        try:
            total += lookup_uncaught(d, k % 100)
        except KeyError as e:
            caught_outside += 1
            total += e.__traceback__.tb_next.tb_lineno - lookup_uncaught.__code__.co_firstlineno
    return total, caught_outside


def check(k):
    if k % 3 == 0:
        raise ValueError("three", k)
    if k % 7 == 0:
        raise KeyError
    return k


def check_deeper(k):
    return check(k) + 1


def raises_in_callees(n):
    total = 0
    lines = set()
    for k in range(n):
        try:
            total += check_deeper(k) if k % 2 else check(k)
        except ValueError as e:
            total -= e.args[1] % 5
            tb = e.__traceback__
            depth = 0
            while tb is not None:
                depth += 1
                lines.add((depth, tb.tb_lineno - check.__code__.co_firstlineno))
                tb = tb.tb_next
        except KeyError as e:
            total += 1 + (e.__context__ is None)
    return total, sorted(lines)


print("key misses", key_misses(3000))
print("raises in callees", raises_in_callees(3000))
print("calls that catch", calls_that_catch(3000))
print("guest raises", guest_raises(3000))
print("raise while handling", raise_while_handling(3000))
print("raise from and reraise", raise_from_and_reraise(2000))
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
