# Rich comparisons, reflected comparisons, __eq__/__hash__ in dicts and sets,
# identity vs equality, sorting guest objects, NotImplemented fallbacks.


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, other):
        if isinstance(other, Money):
            return self.cents == other.cents
        if isinstance(other, int):
            return self.cents == other * 100
        return NotImplemented

    def __hash__(self):
        return hash(self.cents)

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return self.cents < other.cents

    def __le__(self, other):
        return self < other or self == other

    def __repr__(self):
        return "M%d" % self.cents


class OnlyEq:
    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        return isinstance(other, OnlyEq) and self.k % 10 == other.k % 10


class KeyObj:
    eq_calls = 0

    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return self.k % 7

    def __eq__(self, other):
        KeyObj.eq_calls += 1
        return self.k == other.k


class Weird:
    def __eq__(self, other):
        return "yes"

    def __ne__(self, other):
        return 0

    def __gt__(self, other):
        return [1]


class AlwaysNaN:
    def __eq__(self, other):
        return False


def main():
    ms = [Money((i * 37) % 500) for i in range(3000)]
    print(Money(100) == 1, 1 == Money(100), Money(5) != Money(5), Money(1) < Money(2), Money(3) > Money(2))
    print(Money(3) >= Money(3), Money(2) <= Money(3), Money(1) == "x", Money(1) != "x")
    print(sorted(ms)[:5], min(ms), max(ms), len(set(ms)), ms.count(Money(37)), ms.index(Money(74)))
    d = {}
    for m in ms:
        d[m] = d.get(m, 0) + 1
    print(len(d), d[Money(0)], Money(200) in d, 2 in d)
    try:
        Money(1) < 5
    except TypeError as e:
        print("TypeError", e)
    try:
        {OnlyEq(1)}
    except TypeError as e:
        print("TypeError", e)
    print(OnlyEq.__hash__, OnlyEq(1) == OnlyEq(11), OnlyEq(1) != OnlyEq(2), [OnlyEq(1)].count(OnlyEq(21)))
    s = set()
    for i in range(2000):
        s.add(KeyObj(i % 50))
    print(len(s), KeyObj.eq_calls > 0)
    w = Weird()
    print(w == 1, w != 1, w > 1, 1 < w, bool(w == w))
    print(w in [w], AlwaysNaN() in [1], (lambda a: a in [a])(AlwaysNaN()))
    nan = float("nan")
    print(nan == nan, nan in [nan], [nan] == [nan], (nan,) == (nan,))
    one = 1
    print(1 == 1.0, one is not None, [1, 2] < [1, 3], (1, 2) < (1, 2, 0), "a" < "b" < "c")
    print([1, 2] == [1, 2], [1, Money(100)] == [1, 1], {1: Money(100)} == {1: 1})
    total = 0
    for i in range(4000):
        a, b = ms[i % 3000], ms[(i * 13) % 3000]
        if a < b:
            total += 1
        elif a == b:
            total += 100
        if a <= b:
            total += 10000
    print(total)
    print(sorted([Money(3), Money(1), Money(2)], reverse=True))


main()
