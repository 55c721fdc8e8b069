# Hot loops whose objects change class: a loop variable holding instances of
# several classes in turn, an instance whose __class__ is reassigned between
# iterations (and by host code, through setattr), classes made in the loop,
# and a class whose metaclass defines attributes of its own.


class Shape:
    sides = 0

    def __init__(self, size):
        self.size = size

    def area(self):
        return 0

    def describe(self):
        return self.sides * 100 + self.area()


class Square(Shape):
    sides = 4

    def area(self):
        return self.size * self.size


class Triangle(Shape):
    sides = 3

    def area(self):
        return self.size * self.size // 2


class Circle(Shape):
    def area(self):
        return 3 * self.size * self.size


def alternating():
    shapes = [Square(2), Triangle(3), Circle(1), Square(5)]
    total = 0
    for i in range(8000):
        s = shapes[i % 4] if i < 6000 else shapes[i % 3]
        total += s.describe() + s.sides
    print("alternating", total)


def reassigned():
    s = Square(3)
    total = 0
    for i in range(6000):
        total += s.describe()
        if i % 1000 == 999:
            s.__class__ = Triangle if type(s) is Square else Square
    print("reassigned", total, type(s).__name__)


def reassigned_by_host():
    s = Square(2)
    kinds = [Square, Triangle, Circle]
    total = 0
    for i in range(6000):
        total += s.area() + s.sides
        if i % 700 == 0:
            setattr(s, "__class__", kinds[(i // 700) % 3])
    print("reassigned by host", total, type(s).__name__)


def classes_made_in_loop():
    total = 0
    for i in range(3000):
        cls = type("K%d" % (i % 5), (Shape,), {"sides": i % 5})
        total += cls(i).describe()
    print("classes made in loop", total)


class Meta(type):
    registry = "meta"

    @property
    def label(cls):
        return cls.__name__.lower()


class WithMeta(metaclass=Meta):
    sides = 6


def metaclass_attrs():
    out = []
    for i in range(3000):
        out.append((WithMeta.sides, WithMeta.label, WithMeta.registry))
        if i == 1500:
            WithMeta.sides = 7
    print("metaclass attrs", out[0], out[-1], len(set(out)))


alternating()
reassigned()
reassigned_by_host()
classes_made_in_loop()
metaclass_attrs()
