# Host builtins consuming guest generators and calling guest callables:
# sum(gen), list(gen), sorted(key=...), min/max(key=...), map/filter, any/all, dict(gen).


def gen(n):
    for i in range(n):
        yield i * 3 % 7


class Item:
    def __init__(self, name, weight):
        self.name = name
        self.weight = weight

    def __repr__(self):
        return "Item(%s,%d)" % (self.name, self.weight)


def weight_of(item):
    return item.weight


def main():
    print(sum(gen(10000)), sum((x * x for x in range(5000)), 7))
    lst = list(gen(20))
    print(lst, tuple(gen(5)), set(gen(100)), sorted(gen(10), reverse=True))
    data = [(i * 7919) % 1000 for i in range(4000)]
    s1 = sorted(data, key=lambda v: (v % 10, -v))
    print(s1[:8], s1[-3:])
    items = [Item("n%d" % i, (i * 31) % 17) for i in range(3000)]
    by_w = sorted(items, key=weight_of)
    print(by_w[:3], by_w[-2:])
    print(min(items, key=lambda it: (it.weight, it.name)), max(items, key=weight_of))
    m = list(map(lambda x: x * 2 + 1, range(4000)))
    print(sum(m), m[:5])
    m2 = list(map(lambda a, b: a - b, range(3000), range(3000, 0, -1)))
    print(sum(m2))
    f = list(filter(lambda x: x % 13 == 0, range(5000)))
    print(len(f), f[:5], list(filter(None, [0, 1, "", "a", None, [], [0]])))
    print(any(x > 2998 for x in range(3000)), all(x >= 0 for x in gen(3000)))
    d = dict((i, i * i) for i in range(2000) if i % 500 == 0)
    print(d)
    calls = [0]

    def key_counter(v):
        calls[0] += 1
        return -v
    sorted(range(3000), key=key_counter)
    print(calls[0])
    print("".join(map(str, gen(12))), ",".join(x.upper() for x in "abc"))
    it = iter(lambda: calls.append(0) or len(calls), 2500)
    print(sum(1 for _ in it), len(calls))
    print(list(zip(gen(5), map(str, range(5)))), list(enumerate(gen(4), 1)))
    print(max(gen(100)), min((x for x in gen(100) if x), default=None), min([], default="empty"))
    words = "delta alpha charlie bravo echo".split()
    words.sort(key=len)
    print(words, sorted(words, key=lambda w: w[::-1]))
    import functools
    cmp_sorted = sorted(range(20), key=functools.cmp_to_key(lambda a, b: (a % 5 - b % 5) or (b - a)))
    print(cmp_sorted)


main()
