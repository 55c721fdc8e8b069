# Reads stdin with input() until EOFError, and sys.stdin for the rest; see input_stdin.stdin.
import sys


def main():
    n = int(input())
    rows = []
    for _ in range(n):
        rows.append([int(x) for x in input().split()])
    print("rows", rows)
    name = input("name? ")
    print()
    print("hello,", name)
    rest = []
    while True:
        try:
            line = input()
        except EOFError:
            break
        if line == "STOP":
            break
        rest.append(line)
    print("rest", rest)
    tail = sys.stdin.read()
    print("tail", repr(tail))
    total = 0
    for i in range(5000):
        r = rows[i % len(rows)]
        total += r[i % len(r)]
    print(total)
    try:
        input()
    except EOFError as e:
        print("EOFError", repr(str(e)))


main()
