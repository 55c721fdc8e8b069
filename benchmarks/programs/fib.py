"""Classic: naive doubly recursive Fibonacci.

Nothing but calls, returns, a compare and small-int adds: the cost of a
Python-level call.  SIZE is n.
"""

from benchlib import main


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def run(n):
    return str(fib(n))


if __name__ == "__main__":
    main(run, 25)
