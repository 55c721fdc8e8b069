# Guest code that attribute access and instance creation call, inlined into
# traces, leaving the trace in the middle (a guard failing inside it): an
# __init__ whose branch flips, one that raises, one returning a value; a
# property getter and setter whose branches flip; __getattr__ reached only
# sometimes; instances kept in a list and instances that never escape.


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        if x > 2500:
            x = -x              # a branch that flips in the middle of the loop
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)


class Checked:
    def __init__(self, v):
        if v % 1000 == 999:
            raise ValueError("bad %d" % v)
        self.v = v


class Weird:
    def __init__(self, v):
        self.v = v
        if v == 2700:
            return v            # TypeError: __init__() should return None


class Box:
    def __init__(self, v):
        self._v = v

    @property
    def v(self):
        if self._v > 3000:
            return self._v * 2
        return self._v

    @v.setter
    def v(self, value):
        if value < 0:
            value = 0
        self._v = value


class Sparse:
    def __init__(self, i):
        if i % 3 == 0:
            self.extra = i

    def __getattr__(self, name):
        return -1


def creations():
    acc = Vec(0, 0)
    kept = []
    for i in range(5000):
        v = Vec(i, 1)
        acc = acc.add(v)
        if i % 1000 == 0:
            kept.append(v)
    print("creations", acc.x, acc.y, [(k.x, k.y) for k in kept])


def raising_init():
    made = errors = 0
    for i in range(5000):
        try:
            Checked(i)
            made += 1
        except ValueError as e:
            errors += 1
            last = str(e)
    print("raising init", made, errors, last)
    try:
        for i in range(3000):
            Weird(i)
    except TypeError as e:
        print("weird init:", e, i)


def properties():
    b = Box(0)
    total = 0
    for i in range(5000):
        b.v = i - 100
        total += b.v
    print("properties", total, b._v)


def sometimes_missing():
    objs = [Sparse(i) for i in range(30)]
    total = 0
    for i in range(6000):
        total += objs[i % 30].extra
    print("sometimes missing", total)


creations()
raising_init()
properties()
sometimes_missing()
