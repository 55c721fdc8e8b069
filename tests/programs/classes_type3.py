# type(name, bases, dict) creates classes dynamically.


def init(self, v):
    self.v = v


def area(self):
    return self.v * self.v


Shape = type("Shape", (), {"__init__": init, "area": area, "kind": "shape"})
Square = type("Square", (Shape,), {"kind": "square", "__repr__": lambda s: "Square(%d)" % s.v})


def make_class(n):
    ns = {}
    for i in range(n):
        ns["f%d" % i] = (lambda k: lambda self: k * self.v)(i)
    return type("Gen%d" % n, (Shape,), ns)


def main():
    print(Shape.__name__, Square.__bases__[0].__name__, Square.kind, Shape.kind)
    total = 0
    for i in range(5000):
        sq = Square(i % 100)
        total += sq.area()
    print(total, repr(Square(3)), type(Square(3)) is Square)
    G = make_class(5)
    g = G(3)
    print(G.__name__, [getattr(g, "f%d" % i)() for i in range(5)], isinstance(g, Shape))
    print(type(g).__mro__[1].__name__, G.__qualname__, G.__module__)
    print(type(5), type("s"), type(type), type(Square))
    Meta = type("Meta", (type,), {"tag": "meta"})
    X = Meta("X", (), {})
    print(type(X).__name__, X.tag)
    s = 0
    for i in range(3000):
        K = type("K", (), {"val": i})
        s += K().val
    print(s)


main()
