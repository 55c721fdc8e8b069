# List, set, dict comprehensions and generator expressions, nested, with conditions.


def main():
    n = 3000
    squares = [i * i for i in range(n)]
    print(len(squares), sum(squares), squares[-3:])
    mods = {i % 97 for i in range(n)}
    print(len(mods), min(mods), max(mods))
    inv = {i: i % 13 for i in range(n) if i % 3 == 0}
    print(len(inv), sum(inv.values()), list(inv.items())[:4])
    gen_total = sum(i * 2 for i in range(n) if i & 1)
    print(gen_total)
    matrix = [[r * 10 + c for c in range(6)] for r in range(5)]
    print(matrix)
    transposed = [[row[c] for row in matrix] for c in range(6)]
    print(transposed[2])
    flat = [x for row in matrix for x in row if x % 2 == 0]
    print(flat)
    pairs = [(a, b) for a in range(40) for b in range(a, 40) if (a * b) % 37 == 1]
    print(len(pairs), pairs[:5])
    words = ["apple", "banana", "cherry", "date", "elderberry", "fig"]
    by_len = {len(w): [v for v in words if len(v) == len(w)] for w in words}
    print(sorted(by_len.items()))
    letters = sorted({ch for w in words for ch in w if ch in "aeiou"})
    print(letters)
    nested_gen = list(sum(x for x in range(k)) for k in range(10))
    print(nested_gen)
    cond = [x if x % 3 else -x for x in range(12)]
    print(cond)
    walrus = [y for x in range(20) if (y := x * x % 11) > 5]
    print(walrus)
    # comprehension in a hot loop with a closure over the loop variable
    acc = 0
    for k in range(2000):
        acc += sum([j * k for j in range(3)])
    print(acc)
    # comprehension variable does not leak
    x = "outer"
    _ = [x for x in range(3)]
    print(x)
    # class-scope comprehension sees only the iterable expression of the class scope
    class C:
        base = [1, 2, 3]
        doubled = [v * 2 for v in base]
    print(C.doubled)
    dd = {k: {j: k * j for j in range(3)} for k in range(3)}
    print(dd)
    print(sorted({frozenset((a, b)) for a in range(3) for b in range(3)}, key=sorted))
    it = iter(range(5))
    print([v for v in it], [v for v in it])


main()
