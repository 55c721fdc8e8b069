# __repr__, __str__, __format__, str()/repr()/format()/print/%-format of guest objects,
# containers showing repr of elements, recursion-safe reprs.


class P:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "P(%r, %r)" % (self.x, self.y)

    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)

    def __format__(self, spec):
        if spec == "polar":
            return "r=%.3f" % ((self.x ** 2 + self.y ** 2) ** 0.5)
        if spec:
            return "(%s, %s)" % (format(self.x, spec), format(self.y, spec))
        return str(self)


class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"


class OnlyStr:
    def __str__(self):
        return "only-str"


class BadRepr:
    def __repr__(self):
        return 5


class Node:
    def __init__(self, v):
        self.v = v
        self.children = []

    def __repr__(self):
        return "Node(%r, %r)" % (self.v, self.children)


def main():
    p = P(3, 4.5)
    print(p, repr(p), str(p), "%s %r" % (p, p), [p], (p,), {"k": p}, {p.x: [p]})
    print(f"{p} {p!r} {p:polar} {p:08.2f}", format(p, "polar"), "{0:>6} {0!r}".format(P(1, 2)))
    print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()], f"{OnlyRepr()}")
    o = OnlyStr()
    print(o, str(o), repr(o).startswith("<__main__.OnlyStr object at"), [o][0] is o)
    try:
        repr(BadRepr())
    except TypeError as e:
        print("TypeError", e)
    try:
        format(OnlyRepr(), "x")
    except TypeError as e:
        print("TypeError", e)
    root = Node(1)
    root.children.append(Node(2))
    root.children[0].children.append(Node(3))
    print(root)
    lst = [1, 2]
    lst.append(lst)
    d = {"a": 1}
    d["self"] = d
    print(lst, d)
    total = 0
    for i in range(3000):
        q = P(i, -i)
        total += len(repr(q)) + len(str(q)) + len(format(q, "polar"))
    print(total)
    parts = []
    for i in range(2000):
        parts.append(f"{P(i % 10, i % 7):d}")
    print(len(",".join(parts)), parts[:3])
    print(repr("quote'\"s"), repr("tab\tnl\n"), repr("é€😀"), ascii("é€"), repr(b"\x00\xff'"))
    print(str(1.0), repr(1e16), str(1e-5), repr(123456789.123456789), repr(-0.0), repr(2**64))
    print(repr(None), repr(True), repr(...), repr(NotImplemented), repr(int), repr(type(None)))
    print(repr([1, "a", 2.5, None, (1,), {1}, frozenset(), set(), {}, b"", bytearray(b"x")]))
    print(repr(range(1, 10, 2)), repr(slice(1, 2)), repr(1 + 2j), repr(complex(0, -1)))


main()
