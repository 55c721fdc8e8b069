# An int or a float on the left of a guest object: the number's own method
# returns NotImplemented (it only takes ints and floats), and the object's
# reflected method answers.  In hot loops, with every operator, with int
# and float subclasses on the right (their methods do take part), with a
# reflected method that gives up too (TypeError), and in-place operators.


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __rmul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __radd__(self, k):
        return Vec(self.x + k, self.y + k)

    def __rsub__(self, k):
        return Vec(k - self.x, k - self.y)

    def __rtruediv__(self, k):
        return Vec(k / self.x, k / self.y)

    def __rpow__(self, k):
        return Vec(k ** 2, k ** 3)

    def __rlshift__(self, k):
        return ("rlshift", k)

    def __rmod__(self, k):
        return NotImplemented

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)


class Meters(float):
    def __rmul__(self, k):
        return "Meters.__rmul__ %r" % (k,)


class Count(int):
    def __radd__(self, k):
        return "Count.__radd__ %r" % (k,)


def sweep(n):
    v = Vec(1.5, -2.0)
    acc = Vec(0.0, 0.0)
    for i in range(n):
        k = (i % 7) * 0.5 + 1.0
        w = k * v
        w = (i % 3) + w
        w = 10.0 - w
        acc = Vec(acc.x + w.x, acc.y + w.y)
    return acc


print(sweep(3000))
print(2 * Vec(3, 4), 2.5 + Vec(1, 1), 1 - Vec(1, 2), 3.0 / Vec(2.0, 4.0), 2 ** Vec(0, 0))
print(1 << Vec(0, 0), 1.5 * Meters(2.0), 3 + Count(4), 2.0 * Count(3), True * Vec(1, 2))
total = 0
for i in range(2000):
    m = Meters(i) if i % 2 else 1.0
    r = 3 * m
    total += len(r) if isinstance(r, str) else int(r)
print(total)
for bad in (lambda: 5 % Vec(1, 1), lambda: 5.0 @ Vec(1, 1), lambda: 2 & Vec(1, 1)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
x = 4
for i in range(1500):
    x = 4
    x *= Vec(i, 1)
print(x)
