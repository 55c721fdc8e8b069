# nonlocal variables updated in nested hot loops.


def histogram(data, buckets):
    counts = [0] * buckets
    total = 0
    largest = None

    def add(v):
        nonlocal total, largest
        total += v
        if largest is None or v > largest:
            largest = v
        counts[v % buckets] += 1

    for row in data:
        for v in row:
            add(v)
    return counts, total, largest


def running():
    state = 0
    steps = 0

    def step(x):
        nonlocal state, steps
        steps += 1
        if x % 3 == 0:
            state = state * 2 % 1000003
        elif x % 3 == 1:
            state += x
        else:
            state -= 1
        return state

    out = []
    for i in range(50):
        for j in range(100):
            step(i * j + j)
        out.append(state)
    return out[-5:], steps


def nested_levels():
    a = 0

    def l1():
        b = 0

        def l2():
            nonlocal a, b
            for k in range(1000):
                a += k
                b -= k
            return a + b
        r = 0
        for _ in range(3):
            r += l2()
        return r, b
    res = l1()
    return res, a


def main():
    data = [[(i * 31 + j * 17) % 97 for j in range(60)] for i in range(60)]
    print(histogram(data, 7))
    print(running())
    print(nested_levels())


main()
