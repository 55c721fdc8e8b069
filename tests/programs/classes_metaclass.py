# Metaclasses: __new__, __init__, __call__, __prepare__, class-level registries.


class OrderedMeta(type):
    registry = []

    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        d = {}
        d["_prepared_for"] = name
        return d

    def __new__(mcls, name, bases, ns, **kw):
        ns["_fields"] = [k for k in ns if not k.startswith("_")]
        ns["_kw"] = dict(sorted(kw.items()))
        cls = super().__new__(mcls, name, bases, ns)
        mcls.registry.append(name)
        return cls

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.initialized = True

    def __call__(cls, *args, **kwargs):
        inst = super().__call__(*args, **kwargs)
        inst.created_by_meta = True
        return inst

    def __len__(cls):
        return len(cls._fields)

    def __repr__(cls):
        return "<class %s with %d fields>" % (cls.__name__, len(cls._fields))


class Base(metaclass=OrderedMeta, tag="base"):
    zeta = 1
    alpha = 2

    def __init__(self, v):
        self.v = v

    def method(self):
        return self.v


class Child(Base, tag="child", extra=3):
    beta = 3


class Singleton(type):
    _instances = {}

    def __call__(cls, *a):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*a)
        return cls._instances[cls]


class Config(metaclass=Singleton):
    def __init__(self, value):
        self.value = value


class CountingMeta(type):
    def __call__(cls, *a, **k):
        cls.instances = getattr(cls, "instances", 0) + 1
        return super().__call__(*a, **k)


class Point(metaclass=CountingMeta):
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


def main():
    print(OrderedMeta.registry, Base._fields, Child._fields, Child._kw, Base._kw)
    print(Base._prepared_for, Child._prepared_for, Child.initialized)
    print(repr(Base), repr(Child), len(Child), type(Child).__name__)
    total = 0
    for i in range(4000):
        c = Child(i)
        total += c.method() + c.created_by_meta
    print(total)
    a = Config(1)
    b = Config(2)
    print(a is b, a.value, b.value)
    s = 0
    for i in range(5000):
        p = Point(i, -i)
        s += p.x * 2 + p.y
    print(s, Point.instances)
    Dyn = OrderedMeta("Dyn", (Base,), {"q": 1, "r": 2})
    print(Dyn, Dyn._fields, Dyn(5).method(), isinstance(Dyn, OrderedMeta))
    print(isinstance(Child, type), issubclass(OrderedMeta, type), type(type))


main()
