"""Micro: integer sum of squares in a range loop, staying within int64.

Isolates int arithmetic (multiply, add) and `for i in range(n)`.  The sum of
i*i below SIZE is below 2**63 while SIZE <= 3_000_000, so a JIT never needs
its overflow path here (micro_int_overflow is the loop that does).
"""

from benchlib import main

LIMIT = 3000000


def run(n):
    if n > LIMIT:
        raise SystemExit("SIZE above %d would overflow int64" % LIMIT)
    total = 0
    for i in range(n):
        total += i * i
    return str(total)


if __name__ == "__main__":
    main(run, 1000000)
