# __slots__: attribute storage, errors, inheritance, slots with defaults via class.


class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class P3(P):
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    def norm1(self):
        return super().norm1() + abs(self.z)


class Loose(P):
    pass  # no __slots__: gets a __dict__


class WithDict:
    __slots__ = ("a", "__dict__")


class Lazy:
    __slots__ = ("value",)

    def get(self):
        try:
            return self.value
        except AttributeError:
            self.value = 99
            return -1


def main():
    total = 0
    pts = [P(i, -i) for i in range(50)]
    for i in range(5000):
        p = pts[i % 50]
        p.x += 1
        total += p.norm1()
    print(total)
    q = P3(1, 2, 3)
    s = 0
    for i in range(3000):
        q.z = i
        s += q.norm1()
    print(s, P3.__slots__, P.__slots__)
    try:
        p.w = 1
    except AttributeError as e:
        print("AttributeError", e)
    print(hasattr(p, "__dict__"), hasattr(Loose(1, 2), "__dict__"))
    lo = Loose(1, 2)
    lo.w = 5
    print(lo.w, lo.norm1(), vars(lo))
    wd = WithDict()
    wd.a = 1
    wd.b = 2
    print(wd.a, wd.b, vars(wd))
    lz = Lazy()
    print(lz.get(), lz.get())
    del lz.value
    print(lz.get(), lz.get())
    try:
        del lz.value
        del lz.value
    except AttributeError as e:
        print("AttributeError", type(e).__name__)
    print(type(P.x).__name__, P.x.__name__)
    p2 = P(3, 4)
    P.x.__set__(p2, 10)
    print(P.x.__get__(p2, P), p2.y)


main()
