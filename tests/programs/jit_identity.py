"""Objects keep their identity through deoptimization.

A float or int the loop boxes and hands out (into a list) is one object:
after a guard fails, the frame's local must be that object, not an equal
one made from its unboxed value (`is`, `in` on NaN, list.index).  And a
tuple a local holds stays that tuple when tracing stops (here at an
exception it cannot record), not an equal copy.
"""


def same_iteration(n):
    kept = []
    checks = []
    for i in range(n):
        x = i * 0.5
        kept.append(x)
        if i % 97 == 96:
            checks.append(kept[-1] is x)
    return checks.count(True), checks.count(False)


def across_iterations(n):
    kept = []
    checks = []
    x = 0.0
    for i in range(n):
        x = x + 0.25
        kept.append(x)
        if i % 89 == 88:
            checks.append(kept[-1] is x)
    return checks.count(True), checks.count(False), kept[-1] is x, kept.index(x)


def nan_in_list(n):
    kept = []
    found = 0
    nan = float("nan")
    for i in range(n):
        x = nan * i
        kept.append(x)
        if i % 101 == 100:
            found += (x in kept) + (kept[-1] is x)
    return found, len(kept)


def big_ints(n):
    kept = []
    k = 10 ** 12
    same = 0
    for i in range(n):
        k = k + i
        kept.append(k)
        if i % 113 == 112:
            same += kept[-1] is k
    return same, kept[-1] is k


def tuple_local_through_aborts(n):
    t = tuple(range(5))
    t0 = t
    nested = (t, [t])
    total = 0
    for i in range(n):
        try:
            total += int("x" if i % 2 else "7")
        except ValueError:
            total -= 1
    return total, t is t0, nested[0] is t, nested[1][0] is t0


for n in (2500, 4000, 6001):
    print("tuple local", n, tuple_local_through_aborts(n))
    print("same iteration", n, same_iteration(n))
    print("across iterations", n, across_iterations(n))
    print("nan in list", n, nan_in_list(n))
    print("big ints", n, big_ints(n))
