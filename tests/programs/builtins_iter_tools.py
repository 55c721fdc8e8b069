# zip, enumerate, reversed, range objects, map/filter laziness, iter/next, sorted,
# min/max/sum with start and key, all/any short-circuit, divmod, abs, round, len.


def main():
    a = list(range(3000))
    b = [x * 2 for x in a]
    s = 0
    for i, (x, y) in enumerate(zip(a, b)):
        s += i * x - y
    print(s)
    s = 0
    for i, x in enumerate(reversed(a), start=10):
        s += i ^ x
    print(s)
    print(list(zip()), list(zip("ab", "cde", [1, 2, 3])), list(zip(*[(1, 2), (3, 4), (5, 6)])))
    try:
        list(zip("ab", "c", strict=True))
    except ValueError as e:
        print("ValueError", e)
    r = range(10, 0, -3)
    print(list(r), len(r), r[1], r[-1], 4 in r, 7 in r, r.index(4), list(reversed(r)), r == range(10, 0, -3))
    print(range(5)[1:3], range(0, 10 ** 20, 3)[-1], range(3).count(1), bool(range(0)))
    big = range(-5, 5000, 7)
    tot = 0
    for v in big:
        tot += v
    print(tot, sum(big), max(big), min(big))
    m = map(lambda x: x * x, range(5))
    print(next(m), next(m), list(m), list(m))
    f = filter(lambda x: x % 2, range(10))
    print(list(f))
    it = iter([1, 2, 3])
    print(next(it), list(it), next(it, "end"))
    print(sorted("hello"), sorted([3, 1, 2], reverse=True), sorted({3: 1, 1: 2}))
    print(sum([0.1] * 10), sum(range(10), 100), sum([[1], [2]], []), max([1, 5, 3]), max("abc"), min((4, 2), (4, 1)))
    print(max([], default=0), max(3, 9, key=lambda n: -n), all([]), any([]), all(x < 10 for x in range(5)))
    calls = []

    def check(x):
        calls.append(x)
        return x < 3
    print(all(check(x) for x in range(10)), calls)
    print(divmod(17, 5), divmod(-17, 5), abs(-3.5), abs(-2), round(3.14159, 3), len("héllo"), len(b"h\xc3"))
    print(list(enumerate("ab")), dict(enumerate("xy", 1)), list(reversed("abc")), list(reversed(range(3))))
    print(hex(255), oct(8), bin(5), chr(97), ord("a"), bool(""), bool("0"), int(True), float(3), str(3.0))
    print(isinstance(range(3), range), type(zip()).__name__, type(enumerate([])).__name__, callable(len))
    pairs = list(zip(range(2000), range(2000, 0, -1)))
    acc = 0
    for x, y in pairs:
        acc += min(x, y) * 2 - max(x, y)
    print(acc)
    w = 0
    for idx, ch in enumerate("abcdefghij" * 300):
        if ch in "aeiou":
            w += idx
    print(w)


main()
