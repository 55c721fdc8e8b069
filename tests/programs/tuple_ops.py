# tuples: packing, comparisons, hashing as dict keys, namedtuple-free records,
# concatenation, count/index, tuples in hot loops.


def minmax(seq):
    lo = hi = seq[0]
    for v in seq:
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    return lo, hi


def main():
    t = (1, 2, 3)
    print(t + (4,), t * 2, t[1:], t.count(2), t.index(3), len(t), 2 in t, () == tuple())
    print((1,), (), tuple("ab"), tuple(range(3)), (1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9))
    pts = [(i % 17, (i * 5) % 13) for i in range(4000)]
    print(minmax(pts), max(pts, key=lambda p: p[0] * p[1]))
    counts = {}
    for p in pts:
        counts[p] = counts.get(p, 0) + 1
    print(len(counts), counts[(0, 0)], sorted(counts.items())[:3])
    acc = (0, 0)
    for i in range(5000):
        acc = (acc[0] + i, acc[1] ^ i)
    print(acc)
    a, b = 0, 1
    for _ in range(3000):
        a, b = b, (a + b) % 1000000007
    print(a, b)
    nested = ((1, (2, 3)), (4, (5, (6,))))
    print(nested[1][1][1][0], len(nested), hash((1, 2)) == hash((1, 2)))
    try:
        t[0] = 5
    except TypeError as e:
        print("TypeError", e)
    try:
        hash((1, [2]))
    except TypeError as e:
        print("TypeError", e)
    try:
        t.index(99)
    except ValueError as e:
        print("ValueError", e)
    mut = ([1],)
    mut[0].append(2)
    print(mut)
    try:
        mut[0] += [3]
    except TypeError as e:
        print("TypeError", e, mut)
    recs = [(name, age, score) for name, age, score in
            zip(("ann", "bob", "cy", "dee"), (30, 25, 30, 22), (88.5, 92.0, 75.25, 92.0))]
    print(sorted(recs, key=lambda r: (-r[2], r[0])), sorted(recs, key=lambda r: (r[1], r[0])))
    total = 0
    for name, age, score in recs * 800:
        total += age * 2 + int(score) + len(name)
    print(total)
    print(tuple(x * x for x in range(5)), tuple([1, 2]) is not None, (1, 2, 3)[::-1], (5,) * 0)
    s = ()
    for i in range(300):
        s += (i,)
    print(len(s), s[-3:], sum(s))


main()
