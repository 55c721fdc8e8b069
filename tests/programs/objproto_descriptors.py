# Descriptors: data vs non-data precedence, property, classmethod, staticmethod,
# __set_name__, __delete__, descriptor on the class vs instance dict, functions as
# non-data descriptors (bound methods).


class Typed:
    """Data descriptor with validation."""

    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return "Typed<%s>" % self.name
        return obj.__dict__.get(self.name, self.kind())

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("%s must be %s" % (self.name, self.kind.__name__))
        obj.__dict__[self.name] = value

    def __delete__(self, obj):
        obj.__dict__.pop(self.name, None)
        obj.__dict__["deleted_" + self.name] = True


class Lazy:
    """Non-data descriptor: caches into the instance dict, which then wins."""
    calls = 0

    def __init__(self, fn):
        self.fn = fn

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        Lazy.calls += 1
        v = self.fn(obj)
        obj.__dict__[self.fn.__name__] = v
        return v


class Counter:
    """Non-data descriptor returning a fresh value each time."""

    def __init__(self):
        self.n = 0

    def __get__(self, obj, objtype=None):
        self.n += 1
        return self.n


class Model:
    name = Typed(str)
    size = Typed(int)
    ticks = Counter()

    def __init__(self, name, size):
        self.name = name
        self.size = size

    @Lazy
    def expensive(self):
        return len(self.name) * self.size

    @classmethod
    def build(cls, n):
        return cls("m%d" % n, n)

    @staticmethod
    def helper(x):
        return x * 3

    @property
    def label(self):
        return "%s:%d" % (self.name, self.size)

    def method(self, k):
        return self.size + k


def main():
    m = Model("abc", 5)
    print(m.name, m.size, Model.name, Model.size, m.label)
    try:
        m.size = "big"
    except TypeError as e:
        print("TypeError", e)
    m.__dict__["size"] = 77  # goes through descriptor __get__ since data descriptor wins
    print(m.size)
    del m.size
    print(m.size, m.deleted_size)
    m.size = 5
    print(m.expensive, m.expensive, Lazy.calls, "expensive" in vars(m))
    m.ticks = 100  # non-data descriptor: instance dict wins after assignment
    print(m.ticks, Model.ticks, Model.ticks)
    print(Model.build(7).label, Model.helper(4), m.helper(5), m.build(2).size)
    bm = m.method
    print(bm(1), bm.__self__ is m, bm.__func__ is Model.method, Model.method(m, 2))
    print(type(Model.__dict__["build"]).__name__, type(Model.__dict__["helper"]).__name__,
          type(Model.__dict__["label"]).__name__)
    f = Model.__dict__["method"]
    bound = f.__get__(m, Model)
    print(bound(10), f.__get__(None, Model) is f)
    total = 0
    objs = [Model.build(i) for i in range(50)]
    for i in range(4000):
        o = objs[i % 50]
        o.size = o.size + 1
        total += o.size + o.method(1) + Model.helper(i) + len(o.label)
    print(total)
    fresh = [Model("x" * (i % 5), i) for i in range(2000)]
    print(sum(o.expensive for o in fresh), Lazy.calls)
    class Meta(type):
        @property
        def kind(cls):
            return "kind:" + cls.__name__
    class K(metaclass=Meta):
        pass
    print(K.kind, hasattr(K(), "kind"))
    # property without setter, deleter
    class RO:
        @property
        def v(self):
            return 1
    try:
        RO().v = 2
    except AttributeError as e:
        print("AttributeError", e)
    try:
        del RO().v
    except AttributeError as e:
        print("AttributeError", e)


main()
