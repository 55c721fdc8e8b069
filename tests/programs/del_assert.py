# del of names, attributes, items, slices; assert with and without messages.


class Obj:
    def __init__(self):
        self.a = 1
        self.b = 2


def main():
    x = 5
    del x
    try:
        print(x)  # noqa: F821
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
    o = Obj()
    del o.a
    print(hasattr(o, "a"), o.b, vars(o))
    try:
        del o.a
    except AttributeError as e:
        print("AttributeError", e)
    d = {i: i * i for i in range(10)}
    del d[3], d[5]
    print(d)
    try:
        del d[100]
    except KeyError as e:
        print("KeyError", e)
    lst = list(range(10))
    del lst[0], lst[-1]
    print(lst)
    a, b = 1, 2
    del a, b
    print("a" in locals(), "b" in locals())
    g = {}
    exec("y = 1\ndel y", g)
    print("y" in g)
    total = 0
    for i in range(4000):
        tmp = [i, i + 1, i + 2]
        del tmp[1]
        total += sum(tmp)
        dd = {"k": i}
        del dd["k"]
        total += len(dd)
    print(total)
    for i in range(3000):
        assert i >= 0, "never"
        assert i < 3000
    try:
        assert 1 + 1 == 3, "math is broken: %d" % (1 + 1)
    except AssertionError as e:
        print("AssertionError", e, e.args)
    try:
        assert []
    except AssertionError as e:
        print("AssertionError no message", e.args)
    failures = 0
    for i in range(2000):
        try:
            assert i % 100, i
        except AssertionError as e:
            failures += e.args[0]
    print(failures)

    def f():
        v = 1
        del v
        return "v" in locals()
    print(f())
    glob = 10
    del glob
    print("glob" in dir())


main()
