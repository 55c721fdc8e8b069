# An uncaught exception raised deep inside nested calls (through a generator, a method,
# a lambda and a comprehension); the last stderr line is the KeyError.


class Store:
    def __init__(self):
        self.data = {i: i * i for i in range(100)}

    def lookup(self, k):
        return self.data[k]


def gen(store, keys):
    for k in keys:
        yield store.lookup(k)


def level3(store, keys):
    return sum(gen(store, keys))


def level2(store, n):
    return [level3(store, range(j, j + 5)) for j in range(n)]


def level1(store):
    f = lambda n: level2(store, n)  # noqa: E731
    total = 0
    for n in (10, 50, 96, 97):
        r = f(n)
        total += sum(r)
        print("n", n, "total", total, flush=True)
    return total


def main():
    s = Store()
    print(sum(s.lookup(i % 100) for i in range(5000)))
    level1(s)


main()
