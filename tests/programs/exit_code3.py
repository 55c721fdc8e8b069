# Exits with status 3 via sys.exit(3) from inside nested calls and a finally block.
import sys


def work():
    total = 0
    for i in range(5000):
        total += i * i % 7
    return total


def finish(total):
    try:
        print("total", total)
        sys.exit(3)
    finally:
        print("finally runs before exit")


def main():
    t = work()
    try:
        sys.exit(0) if t < 0 else None
    except SystemExit:
        print("never")
    try:
        finish(t)
    except SystemExit as e:
        print("caught SystemExit", e.code, "re-raising")
        raise
    print("not reached")


main()
