"""Classic: all solutions of the n-queens problem, by recursive generators.

Placements are produced by a generator that delegates to itself with
`yield from`, and a generator expression inside `all()` tests each square:
the cost of generator frames, suspension and resumption.  SIZE is n.
"""

from benchlib import main


def placements(n, queens):
    row = len(queens)
    if row == n:
        yield queens
        return
    for col in range(n):
        if all(col != q and abs(col - q) != row - r for r, q in enumerate(queens)):
            yield from placements(n, queens + (col,))


def run(n):
    count = 0
    weight = 0
    for solution in placements(n, ()):
        count += 1
        weight += sum((i + 1) * q for i, q in enumerate(solution))
    return "%d %d" % (count, weight)


if __name__ == "__main__":
    main(run, 7)
