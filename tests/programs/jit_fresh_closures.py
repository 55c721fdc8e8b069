"""Closures made afresh at each call of their maker, called in hot loops.

A trace specializes on a closure's code, not on the function object: each
new closure must read its own cells (values, nonlocal writes), globals and
builtins, and deoptimize into the right frame.
"""

SCALE = 3


def adder(k):
    return lambda x: x + k + SCALE


def counter():
    count = 0

    def bump(d):
        nonlocal count
        count += d
        return count
    return bump


def with_defaults(k):
    def f(x, y=10, *, z=1):
        return x * y + k + z
    return f


def run(n, k):
    add = adder(k)
    bump = counter()
    scaled = with_defaults(k)
    total = 0
    for i in range(n):
        total += add(i)
        total += bump(i % 7)
        total += scaled(i) if i % 3 else scaled(i, 2, z=5)
        if i == n - 3:
            total += len(str(add(i)))       # builtins through the closure's frame
    return total, bump(0)


def gen_maker(k):
    def gen(m):
        for j in range(m):
            yield j * k
    return gen


def fails_sometimes(k):
    def f(x):
        if x % 997 == 996:
            raise ValueError(f"bad {x} {k}")
        return x - k
    return f


for rep in range(8):
    print(rep, run(1500 + rep, rep))
    g = gen_maker(rep)
    print(rep, sum(sum(g(3)) for _ in range(400)))
    f = fails_sometimes(rep)
    errors = 0
    acc = 0
    for i in range(2000):
        try:
            acc += f(i)
        except ValueError as e:
            errors += 1
            last = str(e)
    print(rep, acc, errors, last)
