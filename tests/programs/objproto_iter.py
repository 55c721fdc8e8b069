# Iteration protocol: __iter__/__next__ classes, iterators that are their own iterables,
# __getitem__-based iteration (old sequence protocol), iter(callable, sentinel),
# StopIteration in for loops, reversed() via __reversed__ and __len__/__getitem__.


class Countdown:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return CountdownIter(self.start)

    def __reversed__(self):
        return iter(range(1, self.start + 1))


class CountdownIter:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


class Squares:
    """Only __getitem__: iteration stops on IndexError."""

    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return i * i

    def __len__(self):
        return self.n


class Fib:
    def __init__(self, limit):
        self.a, self.b, self.limit = 0, 1, limit

    def __iter__(self):
        return self

    def __next__(self):
        if self.a > self.limit:
            raise StopIteration
        r = self.a
        self.a, self.b = self.b, self.a + self.b
        return r


class GenIter:
    def __init__(self, data):
        self.data = data

    def __iter__(self):
        for x in self.data:
            yield x * 10


class BadIter:
    def __iter__(self):
        return 5


def main():
    print(list(Countdown(5)), list(reversed(Countdown(4))), sum(Countdown(4000)))
    sq = Squares(3000)
    total = 0
    for v in sq:
        total += v
    print(total, list(reversed(Squares(5))), 16 in Squares(10), 17 in Squares(10))
    print(list(Fib(10 ** 20))[-3:], sum(Fib(10 ** 6)))
    it = iter(Countdown(3))
    print(next(it), next(it), next(it), next(it, "done"), iter(it) is it)
    g = GenIter([1, 2, 3])
    print(list(g), list(g), max(GenIter(range(2000))))
    try:
        iter(BadIter())
    except TypeError as e:
        print("TypeError", e)
    try:
        iter(5)
    except TypeError as e:
        print("TypeError", e)
    a, b, *c = Countdown(6)
    print(a, b, c)
    print(dict(zip(Countdown(3), Squares(3))), sorted(Squares(6), reverse=True))
    # nested iteration over the same iterable object
    cd = Countdown(60)
    pairs = 0
    for x in cd:
        for y in cd:
            if (x * y) % 11 == 1:
                pairs += 1
    print(pairs)
    # an iterator exhausted partially then resumed
    it2 = CountdownIter(5000)
    first = [next(it2) for _ in range(3)]
    rest = 0
    for v in it2:
        rest += v
    print(first, rest)
    # enumerate/zip over guest iterators
    acc = 0
    for i, (p, q) in enumerate(zip(Countdown(3000), Squares(2500))):
        acc += i * p - q % 7
    print(acc)
    m = map(lambda v: v + 1, Squares(4))
    print(next(m), list(m))


main()
