# Generators: iteration, return values via StopIteration, state, infinite generators.


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done:%d" % n


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out


def pipeline(src):
    evens = (x for x in src if x % 2 == 0)
    squares = (x * x for x in evens)
    return squares


def windows(seq, k):
    buf = []
    for x in seq:
        buf.append(x)
        if len(buf) > k:
            buf.pop(0)
        if len(buf) == k:
            yield tuple(buf)


def gen_with_finally(log):
    try:
        yield 1
        yield 2
    finally:
        log.append("finally")


def main():
    g = count_up(3)
    print(next(g), next(g), next(g))
    try:
        next(g)
    except StopIteration as e:
        print("StopIteration", e.value, e.args)
    print(next(g, "exhausted"))
    total = 0
    for v in count_up(20000):
        total += v
    print(total)
    print(take(15, fib()))
    print(sum(pipeline(range(10000))))
    ws = 0
    for w in windows(range(5000), 3):
        ws += w[0] * w[2] - w[1]
    print(ws)
    log = []
    for v in gen_with_finally(log):
        if v == 1:
            break
    print(log)
    g2 = gen_with_finally(log)
    print(list(g2), log)
    gens = [count_up(k) for k in range(5)]
    print([list(x) for x in gens], [list(x) for x in gens])
    # generator expression scoping: the first iterable is evaluated immediately
    n = 5
    ge = (i * n for i in range(n))
    n = 100
    print(list(ge))
    # a generator that yields from inside nested loops with try/except
    def grid(w, h):
        for y in range(h):
            for x in range(w):
                try:
                    if (x * y) % 7 == 3:
                        raise ValueError(x)
                    yield x * y
                except ValueError as e:
                    yield -e.args[0]
    print(sum(grid(80, 60)))
    fg = fib()
    for _ in range(300):
        big = next(fg)
    print(big)
    print(type(count_up(1)).__name__, count_up.__name__)


main()
