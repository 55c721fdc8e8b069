# Chained comparisons (evaluation once, short circuit), conditional expressions,
# boolean operators returning operands, identity and membership tests.

CALLS = []


def v(x):
    CALLS.append(x)
    return x


def main():
    print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1 == 1.0, 1 < 2 > 0, 1 != 2 != 1)
    CALLS.clear()
    r = v(1) < v(2) < v(0) < v(5)
    print(r, CALLS)
    CALLS.clear()
    r = v(5) < v(1) < v(10)
    print(r, CALLS)
    a = [1, 2]
    b = a
    print(a is b is not None, 1 in a in [a], 2 not in a, None is None is not False)
    count = 0
    for i in range(6000):
        if 100 <= i < 200 or 1000 < i <= 1500 or i == 5999:
            count += 1
        if 0 < i % 7 < 3 < i % 11:
            count += 10
    print(count)
    print(0 or "x", "" or [] or 0, 1 and 2, 0 and 1 / 0, None or False, [] and 1, "a" and "b" or "c")
    print(not 0, not [1], not None, (1 and 0) or 5)
    xs = []
    for i in range(5000):
        xs.append("neg" if i % 7 - 3 < 0 else "zero" if i % 7 == 3 else "pos")
    print(xs.count("neg"), xs.count("zero"), xs.count("pos"))
    sgn = lambda n: -1 if n < 0 else (0 if n == 0 else 1)  # noqa: E731
    print([sgn(n) for n in (-5, 0, 5)], "yes" if [] else "no", "yes" if [0] else "no")
    t = 0
    for i in range(4000):
        t += i if i % 2 else -i
        t += (i % 3 == 0) and 5 or 1
    print(t)
    x = 5
    print(1 < x < 10, 10 < x < 1, x < 10 < x * 3 < 20, (1 < 2) == True, (1 < 2) < 3)  # noqa: E712
    s = "m"
    print("a" <= s <= "z", "A" <= s <= "Z", [1, 2] < [1, 3] < [2], (1, 2) == (1, 2) != (2, 1))
    try:
        1 < "a" < 3
    except TypeError as e:
        print("TypeError", e)
    print(min(3, 1, 2) < max(1, 2) <= 2, 0.1 + 0.2 > 0.3 > 0.1 * 2)


main()
