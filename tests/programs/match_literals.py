# match: literal, capture, wildcard, value (dotted), or-patterns, guards, as-patterns.
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Consts:
    ZERO = 0
    LIMIT = 100


def classify(x):
    match x:
        case 0 | 1:
            return "tiny"
        case Consts.LIMIT:
            return "limit"
        case -1:
            return "minus one"
        case 2.5:
            return "two and a half"
        case "hello" | "hi":
            return "greeting"
        case b"raw":
            return "bytes"
        case True:
            return "true"  # unreachable for 1, but reachable? no: True == 1 is matched above
        case None:
            return "none"
        case Color.RED:
            return "red"
        case Color.GREEN | Color.BLUE as c:
            return "color " + c.name
        case int(n) if n < 0:
            return "negative"
        case int(n) if n % 2 == 0:
            return "even"
        case int():
            return "odd"
        case str() as s if len(s) > 3:
            return "long str"
        case other:
            return "other " + type(other).__name__


def bucket(n):
    match n % 6:
        case 0:
            return 10
        case 1 | 2:
            return 20
        case 3 if n > 1000:
            return 30
        case _:
            return 1


def main():
    samples = [0, 1, 100, -1, 2.5, "hello", "hi", b"raw", True, False, None, Color.RED,
               Color.BLUE, -7, 8, 9, "long string", "ab", 3.25, (1,), 2.0]
    for s in samples:
        print(repr(s), "->", classify(s))
    total = 0
    for i in range(6000):
        total += bucket(i)
    print(total)
    counts = {}
    for i in range(3000):
        r = classify(i - 1500)
        counts[r] = counts.get(r, 0) + 1
    print(sorted(counts.items()))


main()
