"""Classic: spectral norm of the infinite matrix A(i, j) = 1/((i+j)(i+j+1)/2 + i + 1).

Power iteration on A^T A truncated to SIZE x SIZE: nested loops of float
multiply-adds with a function call per element.
"""

import math

from benchlib import main


def a_elem(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def times_a(v):
    n = len(v)
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a_elem(i, j) * v[j]
        out.append(s)
    return out


def times_at(v):
    n = len(v)
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a_elem(j, i) * v[j]
        out.append(s)
    return out


def times_ata(v):
    return times_at(times_a(v))


def run(n):
    u = [1.0] * n
    v = u
    for _ in range(10):
        v = times_ata(u)
        u = times_ata(v)
    vbv = vv = 0.0
    for ue, ve in zip(u, v):
        vbv += ue * ve
        vv += ve * ve
    return "%.9f" % math.sqrt(vbv / vv)


if __name__ == "__main__":
    main(run, 100)
