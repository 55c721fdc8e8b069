# Loops whose hot path changes after many iterations: branches that flip, inner loops
# with varying trip counts, exceptions raised from a hot loop after a while, early
# exits, generators consumed in hot loops, loops that run from different call sites.


def flip_branches(n):
    total = 0
    for i in range(n):
        if i < n // 2:
            total += i
        elif i % 3:
            total -= i // 2
        else:
            total ^= i
    return total


def varying_inner(n):
    total = 0
    for i in range(n):
        for j in range(i % 17):
            total += j * i
    return total


def late_exception(n, bad):
    total = 0
    for i in range(n):
        if i == bad:
            raise OverflowError("at %d" % i)
        total += i * i
    return total


def search(data, target):
    for i, v in enumerate(data):
        if v == target:
            return i
    return -1


def gen_source(n):
    for i in range(n):
        yield i if i % 100 else -i


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def main():
    print(flip_branches(8000), flip_branches(3001))
    print(varying_inner(2000))
    for bad in (2500, 4999, 10 ** 9):
        try:
            print(late_exception(5000, bad))
        except OverflowError as e:
            print("OverflowError", e)
    data = [(i * 7919) % 10007 for i in range(5000)]
    print([search(data, t) for t in (data[0], data[2500], data[-1], -5)])
    total = 0
    for v in gen_source(6000):
        total += v
    print(total)
    print(sum(collatz_steps(n) for n in range(1, 2500)), max(range(1, 3000), key=collatz_steps))
    # same loop function entered with different argument types
    def accumulate(seq, start):
        acc = start
        for x in seq:
            acc = acc + x
        return acc
    print(accumulate(range(3000), 0), accumulate([0.5] * 3000, 0.0), accumulate(["ab"] * 2000, "")[:6],
          len(accumulate([[1]] * 2000, [])), accumulate(range(3000), 2 ** 70))
    # a loop whose exit condition depends on float accumulation
    x = 0.0
    n = 0
    while x < 1000.0:
        x += 0.37
        n += 1
    print(n, repr(x))
    # nested loops where the outer body sometimes skips the inner loop
    hits = 0
    for i in range(3000):
        if i % 5 == 0:
            continue
        for j in range(3):
            if (i + j) % 7 == 0:
                hits += 1
                break
    print(hits)


main()
