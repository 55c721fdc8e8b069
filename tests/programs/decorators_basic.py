# Function decorators: plain, with arguments, stacked, functools.wraps, on methods.
import functools

CALLS = {}


def counted(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        CALLS[fn.__name__] = CALLS.get(fn.__name__, 0) + 1
        return fn(*args, **kwargs)
    return wrapper


def scale(factor):
    def deco(fn):
        def wrapper(*args):
            return fn(*args) * factor
        wrapper.factor = factor
        return wrapper
    return deco


def trace_order(tag, log):
    def deco(fn):
        log.append("decorate " + tag)

        def wrapper(x):
            log.append("enter " + tag)
            r = fn(x)
            log.append("leave " + tag)
            return r
        return wrapper
    return deco


LOG = []


@trace_order("outer", LOG)
@trace_order("inner", LOG)
def ident(x):
    LOG.append("body")
    return x


@counted
@scale(3)
def square(x):
    """Square it."""
    return x * x


@counted
def add(a, b=1):
    return a + b


def memo(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper


@memo
def collatz_len(n):
    if n == 1:
        return 1
    return 1 + collatz_len(n // 2 if n % 2 == 0 else 3 * n + 1)


class Registry:
    def __init__(self):
        self.items = []

    def register(self, fn):
        self.items.append(fn.__name__)
        return fn


reg = Registry()


@reg.register
def alpha():
    return "a"


@reg.register
def beta():
    return "b"


def main():
    total = 0
    for i in range(5000):
        total += square(i % 50) + add(i) + add(i, b=2)
    print(total, sorted(CALLS.items()))
    print(square.__name__, square.__doc__, square.__wrapped__.__name__,
          square.__wrapped__.factor)
    print(ident(5), LOG)
    best = max(range(1, 3000), key=collatz_len)
    print(best, collatz_len(best), len(collatz_len.cache))
    print(reg.items, alpha(), beta())


main()
