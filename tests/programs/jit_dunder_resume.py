# Operators on guest objects in hot loops, their methods inlined into the
# trace: a branch in __add__ that flips mid-loop (the trace leaves from inside
# the method), __add__ returning NotImplemented only sometimes (then the
# reflected method runs), in-place methods, a subclass whose reflected
# method goes first, and an int on the left of a guest object.


class Money:
    __slots__ = ("cents",)

    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            if other.cents > 4000:
                return Money(self.cents + other.cents // 2)     # flips mid-loop
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            if other % 7 == 0:
                return NotImplemented       # then int.__radd__, then TypeError
            return Money(self.cents + other)
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, int):
            return Money(self.cents + 10 * other)
        return NotImplemented

    def __mul__(self, k):
        return Money(self.cents * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Money(-self.cents)


class Euro(Money):
    __slots__ = ()

    def __radd__(self, other):
        return Euro(self.cents + (other.cents if isinstance(other, Money) else other) + 1)


class Acc:
    def __init__(self):
        self.total = 0

    def __iadd__(self, x):
        if x > 3000:
            self.total += 2 * x
            return self
        if x == 1234:
            return NotImplemented           # then __add__
        self.total += x
        return self

    def __add__(self, x):
        a = Acc()
        a.total = self.total - x
        return a


def sums():
    m = Money(0)
    for i in range(6000):
        m = m + Money(i)
        m = 2 * m if i % 1000 == 0 else m
    print("sums", m.cents)


def not_implemented():
    m = Money(1)
    errors = 0
    for i in range(5000):
        try:
            m = m + i
        except TypeError:
            errors += 1
        m = -(-m)
    print("not implemented", m.cents, errors)


def reflected_first():
    e = Euro(0)
    m = Money(5)
    for i in range(5000):
        e = m + e           # Euro.__radd__ first: Euro subclasses Money
        if i % 100 == 0:
            e = Euro(e.cents % 1000)
    print("reflected first", type(e).__name__, e.cents)


def in_place():
    a = Acc()
    for i in range(5000):
        a += i
    print("in place", a.total)


sums()
not_implemented()
reflected_first()
in_place()
