# Builtins that loop over a guest generator (sum, any, all, min, max, list,
# tuple, set, frozenset, sorted, str.join): with the JIT on they run as
# app-level guest loops that a trace compiles with the generator inline
# (interp/builtin_loops.py).  Results, errors, tracebacks, the order items
# are taken in and what a generator sees of its caller must stay CPython's.

import traceback


def totals(rows):
    out = []
    for row in rows:
        out.append((sum(x * x for x in row), sum((x / 2 for x in row), 0.5),
                    any(x > 40 for x in row), all(x % 7 for x in row),
                    max((x % 13 for x in row), default=-1), min((-x for x in row), default=None)))
    return out


rows = [list(range(k, k + 30)) for k in range(60)] + [[], [3], [2 ** 62, 2 ** 62]]
for t in totals(rows):
    print(t)

# the items change type half way: ints, then floats, then big ints
mixed = list(range(300)) + [0.5 * k for k in range(300)] + [2 ** 64 + k for k in range(300)]
for _ in range(4):
    print(sum(v for v in mixed), max(v for v in mixed), min(v - 1 for v in mixed))
print(sum((v for v in mixed), 1.5), sum(([v] for v in range(5)), []))

# collections built from generators
for n in (0, 1, 7, 200):
    print(len(list(k for k in range(n))), tuple(k % 3 for k in range(n))[:5],
          sorted(set(k % 11 for k in range(n))), sorted(frozenset(k % 4 for k in range(n))),
          sorted((k * 7 % 10 for k in range(n)), reverse=True)[:4],
          sorted((str(k) for k in range(n)), key=len)[:3],
          ",".join(str(k) for k in range(min(n, 12))))

# keys and defaults
words = ["pear", "fig", "banana", "kiwi", "apple", "date"] * 40
print(max((w for w in words), key=len), min((w for w in words), key=lambda w: (len(w), w)),
      max((w for w in []), default="none"), min((w for w in words), key=None))
print(max((k % 5 for k in range(100)), default=-1), min((k for k in ()), default=-1))

# ties keep the first, as the C loop does
pairs = [(k % 3, k) for k in range(50)]
print(max((p for p in pairs), key=lambda p: p[0]), min((p for p in pairs), key=lambda p: p[0]))


class Loud:
    def __init__(self, v):
        self.v = v

    def __gt__(self, other):
        log.append(("gt", self.v, other.v))
        return self.v > other.v

    def __lt__(self, other):
        log.append(("lt", self.v, other.v))
        return self.v < other.v

    def __bool__(self):
        log.append(("bool", self.v))
        return self.v != 3


log = []
print(max(Loud(v) for v in [1, 5, 2, 5, 4]).v, min(Loud(v) for v in [4, 2, 9, 2]).v,
      any(Loud(v) for v in [0, 1]), all(Loud(v) for v in [1, 3, 4]))
print(log)

# errors: what the builtin raises, and what the generator raises
for bad in (lambda: sum((x for x in "ab"), ""), lambda: sum(x for x in ["a"]),
            lambda: max(x for x in []), lambda: min((x for x in []), key=len),
            lambda: max(x for x in [1, "a"]), lambda: ",".join(x for x in ["a", 1]),
            lambda: sorted((x for x in [2, 1]), key=1), lambda: sorted((x for x in [1]), cmp=1),
            lambda: sum(1 // x for x in [2, 1, 0]), lambda: list(next(iter([])) for x in [1]),
            lambda: max((x for x in [1]), foo=1), lambda: any((x for x in [1]), [2])):
    try:
        print("ok", bad())
    except Exception as e:
        print(type(e).__name__, e)


def nested(data):
    return sum(sum(1 for c in str(v) if c == "1") for v in data)


print([nested(range(k * 50)) for k in range(6)])


def failing(data):
    return sum(100 // v for v in data)


for data in ([5, 2, 1] * 100, [5, 0, 1]):
    try:
        print(failing(data))
    except ZeroDivisionError:
        print(traceback.format_exc().replace(__file__, "<here>"))


# a generator partly consumed, then handed to a builtin; one passed twice
g = (k * k for k in range(10))
print(next(g), next(g), sum(g), sum(g), list(g))


def evens(n):
    for k in range(n):
        if k % 2 == 0:
            yield k
    yield -1


print([sum(evens(n)) for n in range(0, 300, 37)], max(evens(500)), sorted(evens(9)))
print(all(v < 1000 for v in evens(2000)), any(v == 1998 for v in evens(2000)))

# a generator resumed while a builtin runs it
def reentrant():
    yield 1
    yield next(gen)


gen = reentrant()
try:
    print(sum(gen))
except ValueError as e:
    print("ValueError", e)
