# Closures, cells shared between inner functions, nonlocal.


def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    def reset():
        nonlocal count
        count = start
    return inc, get, reset


def make_adders(n):
    return [lambda x, k=k: x + k for k in range(n)], [lambda x: x + k for k in range(n)]


def compose(*fs):
    def run(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return run


def outer():
    a = 1

    def middle():
        b = 2

        def inner():
            nonlocal a, b
            a += 1
            b += a
            return a * b
        return inner
    return middle()


def main():
    inc, get, reset = make_counter(5)
    for i in range(6000):
        inc(i % 4)
    print(get())
    reset()
    print(get(), inc(), inc(10))
    early, late = make_adders(5)
    print([f(100) for f in early], [f(100) for f in late])
    f = compose(lambda x: x * 2, lambda x: x + 3, abs)
    s = 0
    for i in range(-3000, 3000):
        s += f(i)
    print(s)
    inner = outer()
    vals = [inner() for _ in range(10)]
    print(vals)
    print(inner.__code__.co_freevars, inc.__code__.co_freevars)
    print([c.cell_contents for c in inc.__closure__])
    # a cell created in a loop: each iteration a new cell
    fns = []
    for i in range(4):
        def capture(i=i):
            j = i * 10

            def show():
                return j
            return show
        fns.append(capture())
    print([g() for g in fns])
    # closures over loop variable modified after creation
    acc = []
    x = 0

    def read_x():
        return x
    for x in range(2500):
        acc.append(read_x())
    print(sum(acc), read_x())


main()
