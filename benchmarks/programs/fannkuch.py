"""Classic: fannkuch ("pancake flipping") over all permutations of SIZE items.

For each permutation, repeatedly reverse the prefix whose length is given by
the first element until 0 comes first; report the maximum number of flips and
a checksum that adds the flips of even-numbered permutations and subtracts
those of odd-numbered ones.  List slicing, slice assignment, small ints.
"""

from benchlib import main


def count_flips(perm):
    perm = perm[:]
    flips = 0
    k = perm[0]
    while k:
        perm[:k + 1] = perm[k::-1]
        flips += 1
        k = perm[0]
    return flips


def next_permutation(perm, counts):
    """Advance `perm` in place; False after the last one.

    Rotating the first i+1 items left, with a counter per position deciding
    when to move on to a longer prefix, visits all n! orders exactly once.
    """
    n = len(perm)
    i = 1
    while i < n:
        first = perm[0]
        perm[:i] = perm[1:i + 1]
        perm[i] = first
        counts[i] += 1
        if counts[i] <= i:
            return True
        counts[i] = 0
        i += 1
    return False


def run(n):
    perm = list(range(n))
    counts = [0] * n
    max_flips = checksum = index = 0
    while True:
        flips = count_flips(perm) if perm[0] else 0
        if flips > max_flips:
            max_flips = flips
        checksum += -flips if index & 1 else flips
        index += 1
        if not next_permutation(perm, counts):
            break
    return "%d %d %d" % (index, max_flips, checksum)


if __name__ == "__main__":
    main(run, 8)
