# Loop variables whose types change mid-loop: int -> float -> int, int -> bigint -> int,
# int -> str, None -> int, list elements of mixed types, polymorphic call sites.


def main():
    # int -> float -> int
    x = 0
    kinds = []
    for i in range(6000):
        if i == 2000:
            x = float(x)
        elif i == 4000:
            x = int(x)
        x += i % 3
        if i % 1000 == 999:
            kinds.append(type(x).__name__)
    print(x, kinds)
    # int -> bigint -> int
    y = 1
    trail = []
    for i in range(5000):
        y = y * 7 if i % 100 < 40 else y // 5 + 1
        if i % 500 == 39 or i % 500 == 250:
            trail.append((i, y.bit_length()))
    print(y, trail)
    # alternating types every iteration
    vals = [1, 2.5, 3, 4.5, True, 10 ** 20, -7]
    acc = 0
    for i in range(7000):
        acc = acc + vals[i % 7]
    print(repr(acc), type(acc).__name__)
    # variable starts as None, becomes int, then str
    state = None
    out = []
    for i in range(3000):
        if state is None:
            state = 0
        elif isinstance(state, int):
            state += 1
            if state > 1500:
                state = "s"
        else:
            state = state + "x" if len(state) < 20 else "s"
        if i % 300 == 0:
            out.append(state)
    print(out)
    # polymorphic call site: the same expression on different types
    def combine(a, b):
        return a + b
    samples = [(1, 2), (1.5, 2), ("a", "b"), ([1], [2]), ((1,), (2,)), (10 ** 30, 1), (True, False)]
    res = []
    for i in range(3500):
        a, b = samples[i % len(samples)]
        r = combine(a, b)
        if i < len(samples):
            res.append(r)
    print(res)
    # division turning ints into floats in the loop, then floor back
    z = 1000
    for i in range(1, 4000):
        if i % 2:
            z = z / 2 + i
        else:
            z = int(z) // 3 * 2 + i
    print(z, type(z).__name__)
    # counter that overflows machine width then is reset with modulo
    c = 2 ** 62
    hits = 0
    for i in range(5000):
        c += 2 ** 60
        if c >= 2 ** 64:
            c %= 2 ** 63
            hits += 1
    print(c, hits)
    # float that becomes int-valued, compared with ints
    f = 0.0
    eq = 0
    for i in range(4000):
        f += 0.25
        if f == i // 4 + 1 and i % 4 == 3:
            eq += 1
    print(f, eq)
    # bool arithmetic mixed in
    t = 0
    for i in range(3000):
        t += (i % 2 == 0) + (i % 3 == 0) * 2.0
    print(t)


main()
