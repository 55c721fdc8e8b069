# Deep recursion hits RecursionError; the program catches it and only reports that.
import sys


def down(n):
    return down(n + 1) + 1


def bounded(n):
    return 0 if n == 0 else 1 + bounded(n - 1)


class Node:
    def __init__(self, nxt):
        self.nxt = nxt

    def length(self):
        return 1 + (self.nxt.length() if self.nxt else 0)


def main():
    print(bounded(400), sum(bounded(k) for k in range(50)))
    try:
        down(0)
    except RecursionError:
        print("caught RecursionError")
    # the interpreter is still healthy afterwards
    print(bounded(300))
    head = None
    for i in range(200):
        head = Node(head)
    print(head.length())
    for _ in range(3):
        try:
            down(0)
        except RecursionError:
            pass
    print("caught repeatedly, still fine:", bounded(100))
    total = 0
    for i in range(3000):
        total += bounded(i % 20)
    print(total)
    print(sys.getrecursionlimit() >= 1000)


main()
