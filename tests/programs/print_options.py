# print() with sep, end, file=sys.stderr, flush; sys.stdout.write; the last stderr line
# is compared by the differential tests.
import io
import sys


def main():
    print("a", "b", "c")
    print("a", "b", "c", sep="")
    print("a", "b", "c", sep=", ", end=".\n")
    print("no newline", end="")
    print(" -> continued")
    print(1, 2.5, None, True, [1], sep=" | ")
    print()
    print("", end="")
    print(*range(10), sep="-", end="!\n")
    print("multi\nline", "text", sep="\n")
    print("to stderr 1", file=sys.stderr)
    sys.stdout.write("written directly\n")
    n = sys.stdout.write("count me")
    print("", n)
    buf = io.StringIO()
    for i in range(3000):
        print(i, i * i, sep=":", end=";", file=buf)
    s = buf.getvalue()
    print(len(s), s[:40], s[-20:])
    for i in range(5):
        print(i, end=" " if i < 4 else "\n", flush=True)
    print("sep None", "end None", sep=None, end=None)
    try:
        print("x", sep=5)
    except TypeError as e:
        print("TypeError", e)
    try:
        print("x", bogus=1)
    except TypeError as e:
        print("TypeError", e)
    out = []
    for i in range(2000):
        out.append(str(i % 10))
    print("".join(out)[:50])
    print("to stderr", "last", sep="+", file=sys.stderr)


main()
