# __init_subclass__, __set_name__, class decorators.


class Plugin:
    plugins = {}

    def __init_subclass__(cls, /, name=None, priority=0, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name or cls.__name__.lower()
        cls.priority = priority
        Plugin.plugins[cls.plugin_name] = cls

    def run(self, x):
        return x


class Doubler(Plugin, name="double", priority=2):
    def run(self, x):
        return x * 2


class Incr(Plugin, priority=1):
    def run(self, x):
        return x + 1


class Square(Incr, name="sq"):
    def run(self, x):
        return super().run(x) ** 2


class Field:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name
        self.private = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, 0)

    def __set__(self, obj, value):
        setattr(obj, self.private, value)


class Record:
    a = Field()
    b = Field()

    def __init__(self, a, b):
        self.a = a
        self.b = b


def add_repr(cls):
    fields = [k for k, v in vars(cls).items() if isinstance(v, Field)]

    def __repr__(self):
        return "%s(%s)" % (cls.__name__, ", ".join("%s=%r" % (f, getattr(self, f)) for f in fields))
    cls.__repr__ = __repr__
    cls.decorated = True
    return cls


def register_in(registry):
    def deco(cls):
        registry.append(cls.__name__)
        return cls
    return deco


REG = []


@register_in(REG)
@add_repr
class Pair:
    left = Field()
    right = Field()

    def __init__(self, l, r):
        self.left = l
        self.right = r


@register_in(REG)
class Replaced:
    pass


def replace_with_instance(cls):
    return cls()


@replace_with_instance
class single:
    value = 7


def main():
    print(sorted((k, v.__name__, v.priority) for k, v in Plugin.plugins.items()))
    order = sorted(Plugin.plugins.values(), key=lambda c: (-c.priority, c.plugin_name))
    x = 1
    total = 0
    for i in range(3000):
        for p in order:
            x = p().run(x) % 10007
        total += x
    print(x, total)
    print(Record.a.name, Record.a.owner, Record.b.private)
    s = 0
    for i in range(4000):
        r = Record(i, i * 2)
        r.a += 1
        s += r.a + r.b
    print(s, vars(r))
    p = Pair(1, "two")
    print(repr(p), Pair.decorated, REG, single.value, type(single).__name__)


main()
