# dataclasses with guest types: defaults, field(default_factory), order, frozen,
# __post_init__, asdict/astuple, replace, inheritance, slots.
import dataclasses
from dataclasses import dataclass, field


@dataclass
class Point:
    x: int
    y: int = 0

    def norm2(self):
        return self.x * self.x + self.y * self.y


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    tag: str = field(default="", compare=False)


@dataclass
class Bag:
    items: list = field(default_factory=list)
    count: int = field(init=False, default=0)

    def __post_init__(self):
        self.count = len(self.items)


@dataclass
class Point3(Point):
    z: int = 0


@dataclass(slots=True)
class Slotted:
    a: int
    b: float = 1.5


def main():
    p = Point(3, 4)
    print(p, p.norm2(), p == Point(3, 4), p == Point(3, 5), repr(Point(1)))
    total = 0
    for i in range(4000):
        q = Point(i, i % 10)
        total += q.norm2()
        if q == Point(5, 5):
            total += 1000000
    print(total)
    vs = [Version(i % 4, (i * 7) % 5, "t%d" % i) for i in range(50)]
    print(sorted(set(vs))[:5], max(vs), Version(1, 2, "a") == Version(1, 2, "b"))
    try:
        vs[0].major = 9
    except dataclasses.FrozenInstanceError as e:
        print("FrozenInstanceError", e)
    print(hash(Version(1, 2)) == hash(Version(1, 2, "zz")))
    b1, b2 = Bag(), Bag([1, 2, 3])
    b1.items.append(1)
    print(b1, b2, Bag().items)
    p3 = Point3(1, 2, 3)
    print(p3, dataclasses.asdict(p3), dataclasses.astuple(p3), isinstance(p3, Point))
    print(dataclasses.replace(p3, y=20), [f.name for f in dataclasses.fields(Point3)])
    s = Slotted(2)
    print(s, hasattr(s, "__dict__"), Slotted.__slots__)
    acc = 0.0
    for i in range(3000):
        s.a = i
        s.b = s.b * 0.5 + 1
        acc += s.a * s.b
    print(round(acc, 3), dataclasses.is_dataclass(s), dataclasses.is_dataclass(5))
    nested = {"pts": [dataclasses.asdict(Point(i, -i)) for i in range(3)]}
    print(nested)
    Dyn = dataclasses.make_dataclass("Dyn", [("a", int), ("b", str, field(default="x"))])
    print(Dyn(1), Dyn(2, "y").b)


main()
