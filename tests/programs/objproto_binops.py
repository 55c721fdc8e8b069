# Binary and in-place operators on guest classes: reflected operands, NotImplemented,
# subclass priority for reflected operators, __iadd__ fallback to __add__, unary ops.


class Vec:
    def __init__(self, *c):
        self.c = tuple(c)

    def __add__(self, o):
        if isinstance(o, Vec):
            return Vec(*(a + b for a, b in zip(self.c, o.c)))
        if isinstance(o, (int, float)):
            return Vec(*(a + o for a in self.c))
        return NotImplemented

    def __radd__(self, o):
        if o == 0:
            return self  # makes sum() work
        return self.__add__(o)

    def __sub__(self, o):
        return self + (-o)

    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vec(*(a * k for a in self.c))
        if isinstance(k, Vec):
            return sum(a * b for a, b in zip(self.c, k.c))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, k):
        return Vec(*(a / k for a in self.c))

    def __floordiv__(self, k):
        return Vec(*(a // k for a in self.c))

    def __mod__(self, k):
        return Vec(*(a % k for a in self.c))

    def __pow__(self, k, mod=None):
        return Vec(*(pow(a, k, mod) if mod else a ** k for a in self.c))

    def __matmul__(self, o):
        return ("matmul", self.c, o.c)

    def __neg__(self):
        return Vec(*(-a for a in self.c))

    def __pos__(self):
        return self

    def __abs__(self):
        return sum(abs(a) for a in self.c)

    def __invert__(self):
        return Vec(*reversed(self.c))

    def __and__(self, o):
        return Vec(*(a & b for a, b in zip(self.c, o.c)))

    def __or__(self, o):
        return Vec(*(a | b for a, b in zip(self.c, o.c)))

    def __xor__(self, o):
        return Vec(*(a ^ b for a, b in zip(self.c, o.c)))

    def __lshift__(self, n):
        return Vec(*(a << n for a in self.c))

    def __rshift__(self, n):
        return Vec(*(a >> n for a in self.c))

    def __rsub__(self, o):
        return Vec(*(o - a for a in self.c))

    def __rtruediv__(self, o):
        return Vec(*(o / a for a in self.c))

    def __eq__(self, o):
        return isinstance(o, Vec) and self.c == o.c

    def __hash__(self):
        return hash(self.c)

    def __repr__(self):
        return "Vec%r" % (self.c,)


class Acc:
    def __init__(self):
        self.items = []
        self.iadds = 0

    def __iadd__(self, x):
        self.items.append(x)
        self.iadds += 1
        return self

    def __isub__(self, x):
        self.items.remove(x)
        return self


class Base:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return "Base.add"

    def __radd__(self, o):
        return "Base.radd"

    def __lt__(self, o):
        return "Base.lt"

    def __gt__(self, o):
        return "Base.gt"


class Derived(Base):
    def __radd__(self, o):
        return "Derived.radd"

    def __gt__(self, o):
        return "Derived.gt"


class NoOps:
    pass


class RightOnly:
    def __rmul__(self, o):
        return "rmul(%r)" % (o,)

    def __rpow__(self, o):
        return "rpow(%r)" % (o,)

    def __rlshift__(self, o):
        return "rlshift"

    def __rmatmul__(self, o):
        return "rmatmul"


def main():
    v = Vec(1, 2, 3)
    w = Vec(4, 5, 6)
    print(v + w, v + 1, 1 + v, v - w, 10 - v, v * 2, 3 * v, v * w, v / 2, 12 / v)
    print(v // 2, w % 4, v ** 2, pow(w, 2, 7), v @ w, -v, +v is v, abs(-v), ~v)
    print(v & w, v | w, v ^ w, v << 2, w >> 1, sum([v, w, Vec(1, 1, 1)]))
    acc = Vec(0, 0, 0)
    for i in range(4000):
        acc = acc + Vec(i, -i, 1) * 2
        acc -= Vec(1, 1, 1)
    print(acc)
    a = Acc()
    for i in range(3000):
        a += i % 5
    a -= 0
    print(a.iadds, len(a.items), sum(a.items))
    x = Vec(1)
    y = x
    x += Vec(1)  # no __iadd__: falls back to __add__, rebinding x
    print(x, y, x is y)
    lst = [1]
    alias = lst
    lst += [2]
    print(alias, lst is alias)
    t = (1,)
    t2 = t
    t += (2,)
    print(t, t2)
    b, d = Base(1), Derived(2)
    print(b + d, d + b, b < d, d > b, b > d)
    r = RightOnly()
    print(3 * r, 2 ** r, 1 << r, [1] @ r if False else 5 @ r)
    for expr in (lambda: NoOps() + 1, lambda: 1 - NoOps(), lambda: NoOps() < NoOps(),
                 lambda: Vec(1) + "s", lambda: -NoOps(), lambda: NoOps() @ NoOps()):
        try:
            expr()
        except TypeError as e:
            print("TypeError", e)
    total = 0
    vs = [Vec(i, i + 1) for i in range(100)]
    for i in range(3000):
        total += vs[i % 100] * vs[(i * 7) % 100]
    print(total)


main()
