# Zero-argument super(), the __class__ cell, diamond inheritance and the MRO.


class A:
    def __init__(self):
        self.trail = ["A"]

    def who(self):
        return "A"

    def chain(self, n):
        return n + 1

    @classmethod
    def make(cls):
        return cls.__name__


class B(A):
    def __init__(self):
        super().__init__()
        self.trail.append("B")

    def who(self):
        return "B>" + super().who()

    def chain(self, n):
        return super().chain(n) * 2

    @classmethod
    def make(cls):
        return "B:" + super().make()


class C(A):
    def __init__(self):
        super().__init__()
        self.trail.append("C")

    def who(self):
        return "C>" + super().who()

    def chain(self, n):
        return super().chain(n) + 3


class D(B, C):
    def __init__(self):
        super().__init__()
        self.trail.append("D")

    def who(self):
        return "D>" + super().who()

    def chain(self, n):
        return super().chain(n) - 1

    def cls_cell(self):
        return __class__.__name__

    def explicit(self):
        return super(B, self).who()


class E(D):
    pass


def late_method(self):
    return "late"


class WithCellOnly:
    def get(self):
        return __class__

    def via_lambda(self):
        f = lambda: super(WithCellOnly, self).__repr__  # noqa: E731
        return f() is not None


class Left:
    def hello(self):
        return "left"


class Right:
    def hello(self):
        return "right"


class Both(Left, Right):
    def hello(self):
        return super().hello() + "+" + Right.hello(self)


class Mixin:
    def describe(self):
        return "mixin(" + super().describe() + ")"


class Core:
    def describe(self):
        return "core"


class Combined(Mixin, Core):
    pass


def main():
    print([k.__name__ for k in D.__mro__])
    print([k.__name__ for k in E.mro()])
    d = D()
    print(d.trail, d.who(), d.cls_cell(), d.explicit(), D.make(), E.make())
    e = E()
    print(e.cls_cell(), e.who())
    total = 0
    for i in range(4000):
        total += d.chain(i) + e.chain(i % 10)
    print(total)
    print(WithCellOnly().get() is WithCellOnly, WithCellOnly().via_lambda())
    print(Both().hello(), Combined().describe())
    try:
        class Bad(A, D):
            pass
    except TypeError as ex:
        print("TypeError", ex)
    s = 0
    for i in range(3000):
        obj = E() if i % 2 else D()
        s += len(obj.trail) + len(obj.who())
    print(s)
    print(super(D, d).who(), super(C, d).who())


main()
