# Things a JIT specializes on that change in the middle of hot loops: a global function
# rebound, a class method replaced, an instance's __class__ changed, an instance
# attribute shadowing a class attribute, a class attribute mutated, a module global
# constant changed, a list replaced by a tuple.

SCALE = 2


def f(x):
    return x + 1


def g(x):
    return x * 2


class A:
    bonus = 10

    def val(self, x):
        return x + self.bonus


class B(A):
    def val(self, x):
        return x - self.bonus


def new_val(self, x):
    return x * 3


def main():
    global f, SCALE
    total = 0
    for i in range(6000):
        total += f(i)
        if i == 3000:
            f = g  # rebinding the global called in this loop
    print("global rebind", total)
    f = globals()["g"]
    a = A()
    total = 0
    for i in range(6000):
        total += a.val(i)
        if i == 2000:
            A.val = new_val  # replacing the method on the class
        if i == 4000:
            del A.val  # deleted, then a new function is installed
            A.val = lambda self, x: -x
    print("method replaced", total)
    o = A()
    total = 0
    for i in range(6000):
        total += o.val(i)
        if i == 1500:
            o.__class__ = B
        if i == 3000:
            o.bonus = 1000  # instance attribute shadows the class attribute
        if i == 4500:
            B.bonus = 5  # hidden by the instance attribute: no effect
            del o.bonus  # now B.bonus is visible
    print("class changed", total, type(o).__name__)
    total = 0
    for i in range(5000):
        total += i * SCALE
        if i % 1000 == 999:
            SCALE += 1
    print("global constant", total, SCALE)
    seq = [1, 2, 3]
    total = 0
    for i in range(5000):
        total += seq[i % 3]
        if i == 2500:
            seq = (10, 20, 30)
        if i == 4000:
            seq = "abc"
            break
    print("container type", total, seq)
    counts = {}
    for i in range(4000):
        k = i % 4
        counts[k] = counts.get(k, 0) + 1
        if i == 2000:
            counts = {"fresh": True}
    print("dict replaced", sorted(counts.items(), key=str))
    objs = [A(), B()]
    total = 0
    for i in range(5000):
        total += objs[(i // 1000) % 2].val(i)
        if i == 3500:
            B.val = lambda self, x: 7
    print("polymorphic", total)


main()
