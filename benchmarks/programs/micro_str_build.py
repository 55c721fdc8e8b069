"""Micro: building a string from many small pieces.

The idiomatic way: `str(i)` pieces appended to a list and joined, in chunks
of 1000 so that memory stays flat.  (`s += piece` is avoided: it is linear on
CPython only thanks to an in-place refcount trick and quadratic on PyPy.)
The checksum folds the characters of each chunk without `hash()`, which is
randomised per process.
"""

from benchlib import main

CHUNK = 1000


def fold(text, acc):
    for ch in text[::97]:
        acc = (acc * 31 + ord(ch)) & 0xFFFFFFFF
    return acc


def run(n):
    length = 0
    acc = 0
    for start in range(0, n, CHUNK):
        parts = []
        for i in range(start, min(start + CHUNK, n)):
            parts.append(str(i))
        text = "-".join(parts)
        length += len(text)
        acc = fold(text, acc)
    return "%d %d" % (length, acc)


if __name__ == "__main__":
    main(run, 1000000)
