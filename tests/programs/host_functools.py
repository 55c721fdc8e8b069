# functools with guest callables: lru_cache, cache, reduce, partial, total_ordering,
# wraps, singledispatch, cached_property; contextlib.contextmanager.
import contextlib
import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@functools.lru_cache(maxsize=128)
def slow_square(n):
    return n * n


@functools.total_ordering
class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


@functools.singledispatch
def kind(x):
    return "object"


@kind.register
def _(x: int):
    return "int"


@kind.register(str)
def _(x):
    return "str"


class Data:
    computed = 0

    def __init__(self, n):
        self.n = n

    @functools.cached_property
    def total(self):
        Data.computed += 1
        return sum(range(self.n))


@contextlib.contextmanager
def recording(log, name):
    log.append("open " + name)
    try:
        yield len(log)
    except ValueError as e:
        log.append("error %s" % e)
    else:
        log.append("ok " + name)
    finally:
        log.append("close " + name)


def main():
    print(fib(150), fib.cache_info().hits, fib.cache_info().misses)
    t = 0
    for i in range(5000):
        t += slow_square(i % 100)
    info = slow_square.cache_info()
    print(t, info.hits, info.misses, info.currsize)
    print(functools.reduce(lambda a, b: a * b, range(1, 25)), functools.reduce(lambda a, b: a + b, [], 0))
    print(functools.reduce(lambda acc, x: acc ^ (x * 2654435761 % 2**32), range(5000)))
    p = functools.partial(pow, 2)
    add3 = functools.partial(lambda a, b, c: a * 100 + b * 10 + c, 1, c=3)
    print(p(10), add3(2), add3.args, add3.keywords)
    vs = [Version(1, i % 3, i % 5) for i in range(3000)]
    print(sorted(vs)[:3], max(vs), Version(1, 2) >= Version(1, 1), Version(1) <= Version(1), Version(2) > Version(1, 9))
    print(sum(1 for a, b in zip(vs, vs[1:]) if a <= b))
    print([kind(v) for v in (1, "s", 2.0, True)])
    d = Data(1000)
    acc = 0
    for _ in range(2000):
        acc += d.total
    print(acc, Data.computed)
    log = []
    with recording(log, "a") as n:
        log.append("inside %d" % n)
    with recording(log, "b"):
        raise ValueError("bad")
    try:
        with recording(log, "c"):
            raise KeyError("k")
    except KeyError:
        log.append("propagated")
    print(log)
    total = 0
    for i in range(2000):
        with recording([], "x") as n:
            total += n
    print(total)

    @functools.wraps(fib)
    def wrapper(*a):
        return fib(*a)
    print(wrapper.__name__, wrapper(30))


main()
