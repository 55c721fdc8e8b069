# Assignment expressions (:=) in while, if, comprehensions, and nested scopes.
import re


def chunks(data, size):
    i = 0
    while (chunk := data[i:i + size]):
        yield chunk
        i += size


def main():
    data = list(range(2500))
    total = 0
    n = 0
    for c in chunks(data, 7):
        if (l := len(c)) < 7:
            print("short chunk", l, c)
        total += sum(c)
        n += 1
    print(total, n)
    stack = list(range(3000))
    popped = 0
    while stack and (top := stack.pop()) > 10:
        popped += top
    print(popped, top, len(stack))
    vals = [y for x in range(100) if (y := x * x % 17) > 12]
    print(vals[:10], y)
    pattern = re.compile(r"(\d+)-(\d+)")
    lines = ["1-2", "abc", "30-40", "5-x", "7-8"]
    matched = [(int(m.group(1)), int(m.group(2))) for line in lines if (m := pattern.match(line))]
    print(matched)
    count = 0
    i = 0
    while (i := i + 1) < 5000:
        if (r := i % 13) == 0:
            count += 1
    print(count, i, r)
    print((z := 10), z * 2)
    def f():
        [w := k for k in range(3)]
        return w
    print(f())
    a = [1, 2, 3]
    print(len(a) if (b := sum(a)) > 5 else -1, b)
    totals = []
    acc = 0
    [totals.append(acc := acc + v) for v in range(10)]
    print(totals, acc)


main()
