"""Micro: attribute reads and writes on an ordinary instance (no __slots__).

Each step reads two attributes and writes two.
"""

from benchlib import main


class Counter(object):
    def __init__(self):
        self.count = 0
        self.step = 0


def run(n):
    c = Counter()
    for i in range(n):
        c.count = c.count + c.step
        c.step = i & 3
    return str(c.count)


if __name__ == "__main__":
    main(run, 1000000)
