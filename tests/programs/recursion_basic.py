# Recursion: fib, Ackermann (small), mutual recursion, recursive data structures,
# memoized recursion, tree traversal, permutations.


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)


def build(depth, counter):
    if depth == 0:
        counter[0] += 1
        return counter[0]
    return [build(depth - 1, counter), build(depth - 1, counter)]


def tree_sum(t):
    if isinstance(t, int):
        return t
    return sum(tree_sum(c) for c in t)


def depth(t):
    return 0 if isinstance(t, int) else 1 + max(depth(c) for c in t)


def perms(xs):
    if len(xs) <= 1:
        return [xs]
    out = []
    for i in range(len(xs)):
        for p in perms(xs[:i] + xs[i + 1:]):
            out.append([xs[i]] + p)
    return out


def gcd(a, b):
    return a if b == 0 else gcd(b, a % b)


def power_set(s):
    if not s:
        return [[]]
    rest = power_set(s[1:])
    return rest + [[s[0]] + r for r in rest]


def main():
    print([fib(i) for i in range(15)], fib(20))
    print(ack(2, 3), ack(2, 300), ack(3, 4))
    print(is_even(300), is_odd(301), is_even(777))
    moves = []
    hanoi(12, "A", "B", "C", moves)
    print(len(moves), moves[:4], moves[-1])
    t = build(11, [0])
    print(tree_sum(t), depth(t))
    ps = perms([1, 2, 3, 4, 5, 6])
    print(len(ps), ps[0], ps[-1], ps[360])
    print(gcd(2 ** 40, 6 ** 20), sum(gcd(i, 360) for i in range(1, 3000)))
    print(len(power_set(list(range(12)))), power_set([1, 2, 3]))

    def flatten(x):
        return [y for item in x for y in flatten(item)] if isinstance(x, list) else [x]
    print(len(flatten(t)), flatten([[1, [2]], [[3, [4, [5]]]]]))


main()
