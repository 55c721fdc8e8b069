# itertools with guest callables and guest iterators: accumulate, groupby (key=),
# takewhile/dropwhile, starmap, filterfalse, chain, product, permutations,
# combinations, islice over a guest generator, count/cycle/repeat, zip_longest, tee.
import itertools
import operator


def naturals():
    n = 0
    while True:
        yield n
        n += 1


class Squares:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        for i in range(self.n):
            yield i * i


def main():
    print(list(itertools.accumulate(range(10), lambda a, b: a * 2 + b)))
    print(list(itertools.accumulate([3, 1, 4, 1, 5], max)), list(itertools.accumulate([1, 2, 3], initial=100)))
    data = sorted(((i * 7) % 10, i) for i in range(3000))
    groups = [(k, len(list(g))) for k, g in itertools.groupby(data, key=lambda p: p[0])]
    print(groups)
    words = ["apple", "avocado", "banana", "blueberry", "cherry", "apricot"]
    print([(k, list(g)) for k, g in itertools.groupby(sorted(words), key=lambda w: w[0])])
    print(list(itertools.takewhile(lambda v: v < 30, Squares(100))), sum(itertools.dropwhile(lambda v: v < 1000, Squares(100))))
    print(list(itertools.starmap(lambda a, b: a ** b, [(2, 3), (3, 2), (10, 0)])))
    print(list(itertools.filterfalse(lambda v: v % 3, range(20))))
    print(sum(itertools.islice(naturals(), 100, 5000, 7)), list(itertools.islice(naturals(), 5)))
    print(list(itertools.chain(Squares(4), "ab", [None])), list(itertools.chain.from_iterable([[1], [2, 3]])))
    print(len(list(itertools.product(range(10), repeat=4))), list(itertools.product("ab", [1, 2])))
    print(len(list(itertools.permutations(range(7)))), list(itertools.permutations("abc", 2))[:4])
    print(len(list(itertools.combinations(range(20), 3))), list(itertools.combinations_with_replacement("ab", 2)))
    print(list(itertools.zip_longest("abc", range(5), fillvalue="-")), list(zip(itertools.count(5, 5), "xyz")))
    cyc = itertools.cycle(Squares(3))
    print([next(cyc) for _ in range(7)], list(itertools.repeat("r", 3)))
    a, b = itertools.tee(naturals())
    print([next(a) for _ in range(3)], [next(b) for _ in range(5)], next(a))
    print(list(itertools.compress("abcdef", [1, 0, 1, 0, 1, 1])), list(itertools.pairwise(range(5))))
    total = 0
    for x, y in itertools.product(range(60), range(60)):
        if (x * y) % 7 == 3:
            total += x * 2 - y
    print(total)
    acc = 0
    for i, v in zip(itertools.count(), itertools.accumulate(range(4000), operator.add)):
        acc = (acc + v * i) % 1000000007
    print(acc)
    run = max((len(list(g)), k) for k, g in itertools.groupby((i * i) % 11 < 5 for i in range(3000)))
    print(run)


main()
