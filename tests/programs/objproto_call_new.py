# __call__, __new__ vs __init__, caching instances in __new__, __new__ returning
# another type (so __init__ is skipped), immutable subclasses, callable objects in loops.


class Multiplier:
    def __init__(self, k):
        self.k = k
        self.calls = 0

    def __call__(self, x, *rest, scale=1):
        self.calls += 1
        return (x * self.k + sum(rest)) * scale


class Interned:
    _cache = {}
    inits = 0

    def __new__(cls, key):
        if key in cls._cache:
            return cls._cache[key]
        obj = super().__new__(cls)
        obj.key = key
        cls._cache[key] = obj
        return obj

    def __init__(self, key):
        Interned.inits += 1  # runs every time, even for cached objects


class Factory:
    def __new__(cls, kind):
        if kind == "int":
            return 42
        return super().__new__(cls)

    def __init__(self, kind):
        self.kind = kind


class Upper(str):
    def __new__(cls, value):
        return super().__new__(cls, value.upper())

    def shout(self):
        return self + "!"


class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    @property
    def x(self):
        return self[0]

    def __add__(self, o):
        return Point(self[0] + o[0], self[1] + o[1])


class Even(int):
    def __new__(cls, v):
        return super().__new__(cls, v - v % 2)

    def __repr__(self):
        return "Even(%d)" % int(self)


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return self.n


def apply(f, n):
    s = 0
    for i in range(n):
        s += f(i)
    return s


def main():
    m = Multiplier(3)
    print(m(2), m(2, 1, 1), m(2, scale=10), callable(m), callable(Multiplier), callable(5))
    print(apply(m, 5000), m.calls)
    print(apply(lambda v: v % 7, 4000), apply(abs, 3000), apply(Even, 2000))
    a = Interned("a")
    b = Interned("a")
    c = Interned("c")
    print(a is b, a is c, Interned.inits, len(Interned._cache))
    for i in range(3000):
        Interned(i % 10)
    print(Interned.inits, len(Interned._cache))
    f1 = Factory("int")
    f2 = Factory("obj")
    print(f1, type(f2).__name__, f2.kind)
    u = Upper("hello")
    print(u, u.shout(), type(u).__name__, isinstance(u, str), len(u), u.lower())
    p = Point(1, 2)
    q = Point(0, 0)
    for i in range(3000):
        q = q + Point(i % 3, 1)
    print(p, p.x, q, type(q).__name__, q == (3000, 3000) or q)
    e = Even(7)
    print(e, e + 1, type(e + 1).__name__, isinstance(e, int))
    cnt = Counter()
    it = iter(cnt, 2500)
    print(sum(1 for _ in it), cnt.n)
    obj = object.__new__(Multiplier)
    print(hasattr(obj, "k"), type(obj).__name__)
    Multiplier.__init__(obj, 5)
    print(obj(1))
    # calling a class via a variable, and instances as callbacks
    kinds = [Multiplier, Upper, Even]
    print([type(k(4 if k is not Upper else "x")).__name__ for k in kinds])
    try:
        m(1, 2, badkw=3)
    except TypeError as e:
        print("TypeError", e)
    try:
        Interned()
    except TypeError as e:
        print("TypeError", e)


main()
