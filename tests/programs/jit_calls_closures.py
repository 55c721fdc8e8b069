# Calls the JIT makes by call_assembler or residual calls, and closures in hot
# loops: a function with a loop of its own called from a loop, recursion, a
# hot branch inside an inlined callee, cells read and written in traces.


def escape(c):
    z = 0.0
    n = 0
    while n < 30:
        z = z * z + c
        if z > 2.0 or z < -2.0:
            break
        n += 1
    return n


def sweep(size):
    total = 0
    for k in range(size):
        total += escape(-2.0 + 2.5 * k / size)
    return total


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def classify(x):
    if x % 3 == 0:
        return x * 2
    return x + 1


def make_counter(step):
    count = 0

    def inc(x):
        nonlocal count
        count += step
        return x + count
    return inc


def closures(n):
    inc = make_counter(3)
    total = 0
    for i in range(n):
        total += inc(i) % 7

    def current():
        return total
    s = 0
    for i in range(n):
        s += current() % 5
        if i == n // 2:
            total += 1
    return total, s


def failing(x):
    k = 0
    for _ in range(3):
        k += 1
    if x == 4000:
        raise ValueError("x is %d" % x)
    return k + x


print(sweep(3000), sweep(2000))
print(fib(18), [fib(k) for k in range(12)])
print(sum(classify(i) for i in range(5000)), sum([classify(i) for i in range(6000)]))
print(closures(6000))
fs = [make_counter(k) for k in range(3)]
t = 0
for i in range(9000):
    t += fs[i % 3](i)
print(t)
acc = 0
for x in range(6000):
    try:
        acc += failing(x)
    except ValueError as e:
        print("caught", e, acc)
print(acc)
