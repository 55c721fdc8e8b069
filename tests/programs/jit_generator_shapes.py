# Generators of every shape a trace may resume inline: closures over their
# locals, methods, *args and defaults, `with` and `try` in their bodies,
# generator expressions, several generators through one `for`, a loop over
# a generator inside a function the loop's trace inlines, and exceptions
# raised by what the generator calls (a dict's missing key) deep in a
# compiled loop.


def scaled(values, factor=3, *extra):
    bonus = sum(extra)
    get = lambda v: v * factor + bonus      # a cell: `factor` and `bonus`
    for v in values:
        yield get(v)
        factor += 0 if v % 5 else 1


t = 0
for v in scaled(range(1000), 2, 1, 1):
    t += v
print(t)


class Tree:
    def __init__(self, n):
        self.items = list(range(n))

    def walk(self, step):
        k = 0
        while k < len(self.items):
            yield self.items[k]
            k += step


tree = Tree(3000)
print(sum(v for v in tree.walk(3)), [v for v in tree.walk(700)])
acc = 0
for v in tree.walk(2):
    acc += v
print(acc)


class Ctx:
    entered = 0

    def __enter__(self):
        Ctx.entered += 1
        return self

    def __exit__(self, *a):
        return False


def with_block(n):
    for k in range(n):
        with Ctx():
            yield k


def with_try(n):
    for k in range(n):
        try:
            if k % 97 == 0:
                raise ArithmeticError(k)
            yield k
        except ArithmeticError:
            yield -1


print(sum(1 for _ in with_block(600)), Ctx.entered)
s = 0
for v in with_try(2000):
    s += v
print(s)


def ga(n):
    for k in range(n):
        yield k


def gb(n):
    k = n
    while k > 0:
        yield k * 10
        k -= 1


def mixed(rounds):
    out = 0
    for r in range(rounds):
        for v in (ga(50) if r % 3 else gb(40)):
            out += v
    return out


print(mixed(90))


def consume(gen):
    t = 0
    for v in gen:
        t += v
    return t


def outer_loop(n):
    # the inner loop over a generator is inlined into this loop's trace
    total = 0
    for k in range(n):
        total += consume(ga(k % 30))
    return total


print(outer_loop(600))


def lookups(table, keys):
    for key in keys:
        yield table[key]


table = {k: k * k for k in range(500)}
keys = list(range(500)) * 4 + [-1]
got = 0
try:
    for v in lookups(table, keys):
        got += v
except KeyError as e:
    print("KeyError", e, got)
g = lookups(table, [1, 2, -5, 3])
try:
    for v in g:
        got += v
except KeyError as e:
    print("KeyError", e, got, list(g))
nums = 0
for v in (x * x for x in range(3000) if x % 7 != 3):
    nums += v
print(nums)
floats = 0.0
for v in (x / 3 for x in range(2000)):
    floats += v
print(round(floats, 6))


def cells(row):
    for c in row:
        yield c * 2


def alternate(n):
    for k in range(n):
        if k % 2:
            yield k
        else:
            yield -k


# a generator per row (its end once per row), and one whose two branches
# alternate: bridges from inside the generator's frame
rows = [list(range(k % 50)) for k in range(1500)]
t = 0
for r in rows:
    for v in cells(r):
        t += v
for v in alternate(20001):
    t += v
print(t)
