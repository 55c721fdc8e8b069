# match: sequence, star, mapping (with **rest), class patterns (positional via
# __match_args__, keyword), nested patterns and as-bindings.
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


@dataclass
class Line:
    start: Point
    end: Point


class Circle:
    __match_args__ = ("center", "radius")

    def __init__(self, center, radius):
        self.center = center
        self.radius = radius


def describe(shape):
    match shape:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return "on y axis at %d" % y
        case Point(x, y) if x == y:
            return "diagonal %d" % x
        case Point():
            return "point"
        case Line(Point(x1, y1), Point(x2, y2)) if x1 == x2:
            return "vertical line x=%d len %d" % (x1, abs(y2 - y1))
        case Line(start=Point(y=0) as s, end=e):
            return "line from x-axis %r to %r" % (s, e)
        case Line():
            return "line"
        case Circle(Point(0, 0), r):
            return "centered circle r=%s" % r
        case Circle(radius=r) if r > 10:
            return "big circle"
        case Circle():
            return "circle"
        case _:
            return "unknown"


def seq(cmd):
    match cmd:
        case []:
            return "empty"
        case [x]:
            return "one %r" % (x,)
        case [("go" | "move"), direction]:
            return "move " + direction
        case ["pick", *items] if items:
            return "pick %d items, last %s" % (len(items), items[-1])
        case [first, *_, last] if first == last:
            return "same ends"
        case [int(a), int(b), *rest]:
            return "ints %d %d rest %d" % (a, b, len(rest))
        case (x, y, z):
            return "triple"
        case _:
            return "other"


def mapping(m):
    match m:
        case {"type": "user", "name": str(name), **rest}:
            return "user %s extra %s" % (name, sorted(rest))
        case {"type": "point", "x": x, "y": y}:
            return "point %d,%d" % (x, y)
        case {"items": [*items]}:
            return "items %d" % len(items)
        case {}:
            return "some mapping %d" % len(m)


def evaluate(expr):
    match expr:
        case ("num", n):
            return n
        case ("add", a, b):
            return evaluate(a) + evaluate(b)
        case ("mul", a, b):
            return evaluate(a) * evaluate(b)
        case ("neg", a):
            return -evaluate(a)
        case _:
            raise ValueError(expr)


def main():
    shapes = [Point(0, 0), Point(0, 5), Point(3, 3), Point(1, 2),
              Line(Point(1, 1), Point(1, 9)), Line(Point(4, 0), Point(5, 5)),
              Line(Point(1, 2), Point(3, 4)), Circle(Point(0, 0), 2), Circle(Point(1, 1), 20),
              Circle(Point(1, 1), 1), "nope"]
    for s in shapes:
        print(describe(s))
    cmds = [[], ["x"], ["go", "north"], ("move", "up"), ["pick", "a", "b"], ["pick"],
            [1, 2, 1], [1, 2, 3, 4], ("a", "b", "c"), "str is not a sequence pattern", [1, "x"]]
    for c in cmds:
        print(seq(c))
    maps = [{"type": "user", "name": "ann", "b": 1, "a": 2}, {"type": "point", "x": 1, "y": 2},
            {"items": [1, 2, 3]}, {"items": "abc"}, {}, {"type": "user", "name": 5}]
    for m in maps:
        print(mapping(m))
    expr = ("num", 1)
    for i in range(2, 40):
        expr = ("add", expr, ("mul", ("num", i), ("neg", ("num", i % 3))))
    total = 0
    for _ in range(150):
        total += evaluate(expr)
    print(total)
    tally = {}
    for i in range(4000):
        p = Point(i % 5, (i * 7) % 5) if i % 3 else Line(Point(i % 2, 0), Point(i % 2, i % 4))
        d = describe(p).split()[0]
        tally[d] = tally.get(d, 0) + 1
    print(sorted(tally.items()))


main()
