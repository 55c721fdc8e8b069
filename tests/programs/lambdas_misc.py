# Lambdas: as values, defaults, closures, immediately called, in data structures.


def main():
    ops = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "mod": lambda a, b: a % b if b else 0,
        "pow": lambda a, b=2: a ** (b % 4),
    }
    acc = 0
    names = list(ops)
    for i in range(6000):
        name = names[i % len(names)]
        acc = (acc + ops[name](i, i % 7)) % 1000000007
    print(acc)
    print((lambda x, *r, **k: (x, r, sorted(k)))(1, 2, 3, z=1, a=2))
    print((lambda: "no args")())
    print((lambda *, k=5: k * 2)(), (lambda a, /, b: a - b)(10, b=3))
    curry = lambda a: lambda b: lambda c: a * 100 + b * 10 + c  # noqa: E731
    print(curry(1)(2)(3))
    fs = [lambda x, n=n: x ** n for n in range(6)]
    print([f(3) for f in fs])
    y = 10
    g = lambda x: x + y  # noqa: E731
    y = 20
    print(g(1), g.__name__, g.__code__.co_argcount)
    pairs = [(i % 5, -i) for i in range(20)]
    print(sorted(pairs, key=lambda p: (p[0], -p[1]))[:6])
    fact = lambda n: 1 if n <= 1 else n * fact(n - 1)  # noqa: E731
    print(fact(25))
    cond = lambda v: "neg" if v < 0 else ("zero" if v == 0 else "pos")  # noqa: E731
    print([cond(v) for v in (-2, 0, 3)])
    s = 0
    sq = lambda v: v * v  # noqa: E731
    for i in range(5000):
        s += sq(i) - sq(i - 1)
    print(s)


main()
