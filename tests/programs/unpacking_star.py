# Star-unpacking in assignments and displays, unpacking in for loops, swaps, nested targets.


def main():
    a, b, c = 1, 2, 3
    a, b, c = c, a, b
    print(a, b, c)
    first, *middle, last = range(10)
    print(first, middle, last)
    *init, tail = "hello"
    print(init, tail)
    head, *rest = [1]
    print(head, rest)
    (p, q), [r, *s] = (1, 2), [3, 4, 5]
    print(p, q, r, s)
    x, = [42]
    print(x)
    merged = [*range(3), *"ab", *(5, 6)]
    print(merged)
    st = {*range(3), *[2, 3]}
    print(sorted(st))
    dd = {**{"a": 1}, "b": 2, **{"a": 3}}
    print(dd)
    tup = (*merged[:2], 99)
    print(tup)
    pairs = [(i, i * i, str(i)) for i in range(3000)]
    total = 0
    for i, sq, s in pairs:
        total += sq - i + len(s)
    print(total)
    total = 0
    for (i, sq), s in [((i, i + 1), i) for i in range(2000)]:
        total += i * sq - s
    print(total)
    total = 0
    for first, *rest in [[i, i + 1, i + 2] for i in range(2500)]:
        total += first + len(rest) + rest[-1]
    print(total)
    try:
        u, v = [1, 2, 3]
    except ValueError as e:
        print("ValueError", e)
    try:
        u, v, w = [1, 2]
    except ValueError as e:
        print("ValueError", e)
    try:
        u, *v, w = [1]
    except ValueError as e:
        print("ValueError", e)
    try:
        u, v = 5
    except TypeError as e:
        print("TypeError", e)
    d = {"x": 1, "y": 2}
    k1, k2 = d
    print(k1, k2)
    (k, v), = d.items().__iter__().__next__(),
    print(k, v)
    a = b = c = [0]
    a += [1]
    print(a, b, c, a is c)
    i = 0
    lst = [0, 0, 0]
    i, lst[i] = 1, 5  # i is assigned first
    print(i, lst)
    obj = type("O", (), {})()
    obj.x, obj.y = divmod(47, 5)
    print(obj.x, obj.y)
    print(*range(5), sep=",")
    def f(*args):
        return args
    print(f(*[1, 2], 3, *(4,)))
    g = (n for n in range(3))
    one, two, three = g
    print(one, two, three)
    fib = [0, 1]
    for _ in range(2000):
        *_, m, n = fib
        fib.append(m + n)
        fib = fib[-2:]
    print(fib[-1] % 1000000007)


main()
