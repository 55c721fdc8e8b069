# set and frozenset operations on ints and tuples (deterministic iteration order is
# never relied on for strings: they are sorted before printing).


def main():
    a = set(range(0, 3000, 3))
    b = set(range(0, 3000, 5))
    print(len(a | b), len(a & b), len(a - b), len(a ^ b), min(a & b), max(a ^ b))
    print(a.issuperset({3, 6}), {3, 6} <= a, {3, 6} < {3, 6}, a.isdisjoint({1, 2}), {1} > set())
    s = set()
    for i in range(6000):
        s.add((i * 31) % 1009)
        if i % 4 == 0:
            s.discard((i * 17) % 1009)
    print(len(s), sum(s))
    s2 = set(s)
    s2 -= {x for x in s2 if x % 2}
    s2 |= {-1, -2}
    s2 &= set(range(-5, 500))
    s2 ^= {0, 1000}
    print(len(s2), sorted(s2)[:8], -1 in s2, 1000 in s2)
    try:
        set().pop()
    except KeyError as e:
        print("KeyError", e)
    try:
        {1}.remove(2)
    except KeyError as e:
        print("KeyError", e)
    fs = frozenset([3, 1, 2])
    print(fs, fs | {4}, type(fs | {4}).__name__, type({4} | fs).__name__, {fs: 1}[frozenset({1, 2, 3})])
    words = set("the quick brown fox jumps over the lazy dog".split())
    print(sorted(words), len(words), sorted(words & {"fox", "cat"}))
    letters = set()
    for w in words:
        letters.update(w)
    print("".join(sorted(letters)), len(letters))
    pairs = {(i % 10, i % 7) for i in range(4000)}
    print(len(pairs), (3, 3) in pairs, sorted(pairs)[:4])
    seen = set()
    dups = 0
    x = 1
    for i in range(5000):
        x = (x * 1103515245 + 12345) % 4096
        if x in seen:
            dups += 1
        seen.add(x)
    print(dups, len(seen))
    print(sorted({1, 2} | {2, 3}), {1, 2}.union([5], (6,)), {1, 2, 3}.intersection([2, 3], {3}),
          {1, 2, 3}.difference([1], [2]), {1, 2}.symmetric_difference([2, 3]))
    print({1, 1.0, True}, {0, False, 0.0, -0.0}, set("aab") == {"a", "b"}, set() == frozenset())
    c = {1, 2, 3}
    d = c.copy()
    d.add(4)
    c.clear()
    print(c, d, set([]) is not set([]))


main()
