# A `for` loop over a guest generator: once the loop is compiled, the
# generator's frame runs inside the loop's trace from one yield to the next
# and is written back at each yield.  Everything a generator can meet must
# still behave as CPython's: the values it yields changing type mid-stream,
# ints growing past 64 bits, early returns, exceptions raised in its body
# (StopIteration included), try/finally, being closed, thrown into, sent
# to, resumed from inside itself, inspected, consumed partly by one loop and
# then by another, nested in another generator, and suspended inside an
# `except` block.
import sys


def evens(n):
    i = 0
    while i < n:
        yield i + i
        i += 1


def total_of(gen):
    t = 0
    for v in gen:
        t += v
    return t


print(total_of(evens(3000)))
print(total_of(evens(0)), total_of(evens(1)))


def growing(n):
    # int, then big int, then float: the trace's guards fail mid-stream
    x = 1
    for k in range(n):
        yield x
        if k < 60:
            x = x * 3
        elif k < 80:
            x = x / 7.0
        else:
            x = int(x) % 1000 + k


acc = 0
for v in growing(300):
    acc += v
print(acc)


def early(n, stop):
    for k in range(n):
        if k == stop:
            return "done"
        yield k * k


for stop in (0, 5, 700, 2000):
    print(stop, total_of(early(1000, stop)))


def raising(n, bad):
    k = 0
    while True:
        if k == bad:
            raise ValueError("bad %d" % k)
        yield k
        k += 1
        if k >= n:
            return


for bad in (3, 500, 10 ** 6):
    got = 0
    try:
        for v in raising(1000, bad):
            got += v
    except ValueError as e:
        print("caught", e, got)
    else:
        print("finished", got)


def leaks_stop(n):
    for k in range(n):
        if k == n - 1:
            raise StopIteration("inside")
        yield k


try:
    print(total_of(leaks_stop(400)))
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)

log = []


def with_finally(n):
    try:
        for k in range(n):
            yield k
    finally:
        log.append("finally %d" % n)


t = 0
g = with_finally(1000)
for v in g:
    t += v
    if v == 600:
        break
g.close()
print(t, log)
g = with_finally(500)
for v in g:
    if v == 450:
        break
g.close()
print(log, list(g))


def counter(n):
    k = 0
    while k < n:
        got = yield k
        if got is not None:
            k = got
        k += 1


g = counter(2000)
seen = 0
for v in g:
    seen += v
    if v == 700:
        break
print(seen, g.send(1500), next(g))
seen = 0
for v in g:              # the same generator, another loop
    seen += v
print(seen)
g = counter(1000)
for v in g:
    if v == 800:
        try:
            g.throw(KeyError("thrown"))
        except KeyError as e:
            print("throw:", e)
        break
print(list(g))


def self_resuming(n):
    # driven by host code (list.extend through [*g]), not by a compiled loop
    # (list() is one: interp/builtin_loops.py): a generator that a trace
    # resumed inline does not survive resuming itself (tracer/README.md,
    # "Known gaps")
    k = 0
    while k < n:
        if k == n - 3:
            try:
                next(me)
            except ValueError as e:
                yield str(e)
        yield k
        k += 1


me = self_resuming(600)
out = [*me]
print(len(out), out[-4:])


def inspecting(n):
    k = 0
    while k < n:
        yield k
        k += 2


g = inspecting(2000)
s = 0
for v in g:
    s += v
    if v == 1200:
        print(g.gi_running, g.__name__)
        break
print(s, next(g), sum(g))


def outer(n):
    for k in range(n):
        for v in evens(3):
            yield k + v


print(total_of(outer(700)))


def in_except(n):
    for k in range(n):
        try:
            raise IndexError(k)
        except IndexError as e:
            yield (k, sys.exc_info()[1] is e)


pairs = 0
for k, same in in_except(500):
    pairs += k if same else -k
print(pairs)


def exc_info_seen(n):
    for k in range(n):
        yield sys.exc_info()[0]


try:
    raise OSError("outer")
except OSError:
    names = set()
    for t in exc_info_seen(400):
        names.add(t.__name__ if t else None)
print(sorted(names, key=str))
names = set()
for t in exc_info_seen(400):
    names.add(t)
print(names)


def items_and_objects(rows):
    for r in rows:
        yield r[0], r[1]


class Point:
    def __init__(self, x):
        self.x = x


total = 0
for a, b in items_and_objects([(k, Point(k)) if k % 7 else (k, k) for k in range(900)]):
    total += a + (b if type(b) is int else 0)
print(total)
gen_expr_total = 0
for v in (k * 3 for k in range(2000) if k % 5):
    gen_expr_total += v
print(gen_expr_total)
