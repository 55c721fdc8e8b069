# globals(), locals(), vars(), dir() on guest objects and frames.

GLOBAL_A = 1
GLOBAL_B = "two"


def show_locals(x, y=2):
    z = x + y
    loc = locals()
    return sorted(loc.items())


def modify_globals():
    g = globals()
    g["CREATED"] = 123
    g["GLOBAL_A"] += 10
    return "CREATED" in g


class Obj:
    cls_attr = 5

    def __init__(self):
        self.a = 1
        self.b = [2]

    def method(self):
        return sorted(vars(self))


def main():
    print(show_locals(1), show_locals(5, y=7))
    print(modify_globals(), CREATED, GLOBAL_A)  # noqa: F821
    g = globals()
    print(sorted(k for k in g if k.startswith("GLOBAL")), g["GLOBAL_B"], g is globals())
    o = Obj()
    print(vars(o), o.method(), "cls_attr" in vars(Obj), "cls_attr" in dir(o), "method" in dir(o))
    vars(o)["c"] = 3
    print(o.c, o.__dict__ is vars(o))
    total = 0
    for i in range(3000):
        total += len(locals())
        t = i  # noqa: F841
    print(total)
    acc = 0
    for i in range(4000):
        acc += globals()["GLOBAL_A"]
    print(acc)

    def inner():
        q = 1
        return sorted(locals())
    print(inner())
    w = 10

    def closure():
        return sorted(locals().items()) + [w]  # w is a free variable, shows in locals()
    print(closure())
    try:
        vars(5)
    except TypeError as e:
        print("TypeError", e)
    import math
    print(len([n for n in vars(math) if n == "pi"]), sorted(dir(Obj()))[-3:])
    print(type(globals()).__name__, type(locals()).__name__, "main" in globals())


main()
