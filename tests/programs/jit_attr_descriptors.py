# Attribute access through the descriptor protocol in hot loops: properties
# (getter, setter, one whose getter raises into __getattr__), a guest data
# descriptor and a non-data one shadowed by the instance dict, __slots__
# (unset and deleted members), __getattr__ and __getattribute__ fallbacks,
# classmethod and staticmethod, and a property replaced mid-loop.


class Temperature:
    def __init__(self, c):
        self._c = c

    @property
    def f(self):
        return self._c * 9 / 5 + 32

    @f.setter
    def f(self, value):
        self._c = (value - 32) * 5 / 9

    @property
    def kelvin(self):
        return self._c + 273.15


class Positive:
    """A data descriptor: values are clamped at 0."""

    def __set_name__(self, owner, name):
        self.key = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.key, 0)

    def __set__(self, obj, value):
        setattr(obj, self.key, value if value > 0 else 0)


class Lazy:
    """A non-data descriptor: computes once, then the instance dict shadows it."""

    def __init__(self, fn):
        self.fn = fn
        self.calls = 0

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        self.calls += 1
        v = self.fn(obj)
        obj.__dict__[self.fn.__name__] = v
        return v


class Account:
    balance = Positive()

    def __init__(self, n):
        self.n = n

    @Lazy
    def square(self):
        return self.n * self.n


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a


class Fallback:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        if name.startswith("v"):
            return len(name)
        raise AttributeError(name)


class Guarded:
    def __init__(self):
        self.count = 0

    @property
    def risky(self):
        if self.count % 100 == 99:
            raise AttributeError("risky")
        return self.count

    def __getattr__(self, name):
        return -1


class Logged:
    def __init__(self):
        self.x = 5

    def __getattribute__(self, name):
        if name == "x":
            return object.__getattribute__(self, name) + 1
        return object.__getattribute__(self, name)


class Tools:
    base = 10

    @classmethod
    def make(cls, k):
        return cls.base + k

    @staticmethod
    def twice(k):
        return 2 * k


def properties():
    t = Temperature(0.0)
    acc = 0.0
    for i in range(5000):
        acc += t.f
        t.f = t.f + 1.0
        if i == 3000:
            Temperature.kelvin = property(lambda self: -1.0)
        acc += t.kelvin
    print("properties", round(acc, 6), round(t._c, 6))


def descriptors():
    accts = [Account(i) for i in range(7)]
    total = 0
    for i in range(6000):
        a = accts[i % 7]
        a.balance = a.balance + (i % 5) - 2
        total += a.balance + a.square
    print("descriptors", total, Account.square.calls, [a.balance for a in accts])


def slots():
    s = Slotted(1)
    missing = 0
    total = 0
    for i in range(6000):
        try:
            total += s.a + s.b
        except AttributeError as e:
            missing += 1
            if missing == 1:
                print("slot:", e)
        if i == 1000:
            s.b = 2
        if i == 3000:
            del s.b
        if i == 4000:
            s.b = -1
        s.a = i % 10
    print("slots", total, missing)


def fallbacks():
    f = Fallback()
    g = Guarded()
    lg = Logged()
    total = 0
    for i in range(5000):
        total += f.real + f.value + f.vv
        g.count = i
        total += g.risky
        total += lg.x
        if i == 2500:
            f.value = 100
    print("fallbacks", total)
    try:
        f.other
    except AttributeError as e:
        print("fallback error:", e)


def class_and_static():
    total = 0
    for i in range(5000):
        total += Tools.make(i) + Tools.twice(i) + Tools().make(1)
        if i == 2000:
            Tools.base = 20
        if i == 3000:
            Tools.twice = staticmethod(lambda k: 3 * k)
    print("class and static", total)


properties()
descriptors()
slots()
fallbacks()
class_and_static()
