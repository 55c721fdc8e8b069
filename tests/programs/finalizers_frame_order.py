"""Finalizers of the objects a frame's locals hold, in the order CPython
runs them when the frame ends: a function's return, a generator that
finishes, is closed, or is dropped while suspended, a frame an exception
passed through once the exception is dropped, and the same in hot loops.
CPython clears a frame's locals first to last (and a list's items last to
first); an exception that leaves a generator is freed when dropped, not
by the garbage collector."""

log = []


class Noted:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __del__(self):
        log.append(self.name)


def show(what):
    print(what, log)
    log.clear()


def three_locals():
    a = Noted("a")
    b = Noted("b")
    c = Noted("c")
    return 3


def with_list():
    first = Noted("first")
    items = [Noted("item0"), Noted("item1"), Noted("item2")]
    last = Noted("last")
    return len(items)


def rebinds():
    x = Noted("x1")
    y = Noted("y")
    x = Noted("x2")
    log.append("rebound")
    return y.name


three_locals()
show("return:")
with_list()
show("return with a list:")
rebinds()
show("rebinding:")


def gen(tag):
    p = Noted(tag + "p")
    q = Noted(tag + "q")
    yield 1
    r = Noted(tag + "r")
    yield 2


print(list(gen("done-")))
show("generator finished:")
g = gen("closed-")
next(g)
g.close()
show("generator closed:")
g = gen("dropped-")
next(g)
next(g)
del g
show("generator dropped:")
for v in gen("break-"):
    break
show("after break (the loop still holds it):")
del v
show("after del:")


def raises(tag):
    u = Noted(tag + "u")
    w = Noted(tag + "w")
    raise ValueError(tag)


def catches():
    try:
        raises("caught-")
    except ValueError as e:
        log.append("handling " + str(e))
    log.append("handled")


catches()
show("exception dropped:")


def nested(tag):
    outer = Noted(tag + "outer")
    raises(tag)


try:
    nested("two-")
except ValueError:
    pass
show("through two frames:")

# The same in loops the JIT compiles: each iteration's order, counted.
def in_loop(what, run, expected):
    same = 0
    orders = set()
    for i in range(300):
        log.clear()
        run(i)
        order = tuple(log)
        orders.add(order)
        same += order == expected(i)
    log.clear()
    print(what, same, "of 300;", len(orders), "orders")
    if len(orders) < 5: print(sorted(orders))


def dropped_generator(i):
    h = gen("l%d-" % i)
    next(h)
    del h


def caught(i):
    try:
        raises("e%d-" % i)
    except ValueError:
        pass


in_loop("return:", lambda i: three_locals(), lambda i: ("a", "b", "c"))
in_loop("generator dropped:", dropped_generator, lambda i: ("l%d-p" % i, "l%d-q" % i))
in_loop("exception dropped:", caught, lambda i: ("e%d-u" % i, "e%d-w" % i))

