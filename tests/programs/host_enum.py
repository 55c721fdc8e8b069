# enum: Enum, IntEnum, Flag, auto, iteration, lookup by value/name, methods on members.
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

    def mix(self, other):
        return Color((self.value + other.value) % 3 + 1)

    @property
    def lower(self):
        return self.name.lower()


class Priority(enum.IntEnum):
    LOW = 10
    MID = 20
    HIGH = 30


class Perm(enum.Flag):
    R = enum.auto()
    W = enum.auto()
    X = enum.auto()


class Shape(enum.Enum):
    SQUARE = "sq"
    CIRCLE = "ci"
    ALIAS = "sq"

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str) and value.upper() == value:
            return cls(value.lower())
        return None


def main():
    print(list(Color), Color(2), Color["BLUE"], Color.RED.name, Color.RED.value)
    print(repr(Color.GREEN), str(Color.GREEN), Color.GREEN.lower, Color.RED.mix(Color.BLUE))
    counts = {c: 0 for c in Color}
    c = Color.RED
    for i in range(5000):
        c = c.mix(Color(i % 3 + 1))
        counts[c] += 1
    print(counts)
    print(Priority.HIGH > Priority.LOW, Priority.MID + 5, sorted([Priority.HIGH, Priority.LOW]),
          int(Priority.MID), Priority(20) is Priority.MID)
    total = 0
    for i in range(3000):
        p = Priority((i % 3 + 1) * 10)
        total += p * 2 if p >= Priority.MID else p
    print(total)
    rw = Perm.R | Perm.W
    print(rw, Perm.R in rw, Perm.X in rw, bool(Perm.R & Perm.X), list(Perm), rw.value)
    print(Shape.ALIAS is Shape.SQUARE, list(Shape), Shape("CI"), len(Shape.__members__))
    try:
        Color(7)
    except ValueError as e:
        print("ValueError", e)
    try:
        Shape("nope")
    except ValueError as e:
        print("ValueError", e)
    Animal = enum.Enum("Animal", "CAT DOG")
    print(list(Animal), Animal.DOG.value)
    print(isinstance(Color.RED, Color), type(Color.RED).__name__, Color.RED is Color(1))
    print(f"{Color.RED}", f"{Priority.LOW}", format(Priority.LOW, "d"), hash(Color.RED) == hash(Color.RED))
    print({Color.RED: 1, Color.GREEN: 2}[Color.GREEN], sorted(Color, key=lambda m: -m.value))


main()
