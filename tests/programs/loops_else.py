# while/else and for/else, break/continue in nested loops, loop over changing ranges,
# prime search with for/else, while True with break.


def primes_upto(n):
    out = []
    for k in range(2, n):
        for d in out:
            if d * d > k:
                out.append(k)
                break
            if k % d == 0:
                break
        else:
            out.append(k)
    return out


def find_pair(target, limit):
    i = 0
    while i < limit:
        j = i
        while j < limit:
            if i * i + j * j == target:
                break
            j += 1
        else:
            i += 1
            continue
        return (i, j)
    else:
        return None


def main():
    ps = primes_upto(8000)
    print(len(ps), ps[:10], ps[-3:])
    print(find_pair(5525, 100), find_pair(3, 100), find_pair(1000000, 1001))
    n = 0
    while n < 5000:
        n += 3
    else:
        print("while else ran", n)
    n = 0
    while True:
        n += 7
        if n > 4000:
            break
    else:
        print("never")
    print("broke at", n)
    for i in range(0):
        print("never")
    else:
        print("empty for: else runs")
    count = 0
    for i in range(100):
        for j in range(100):
            if j > i:
                break
            if (i + j) % 3 == 0:
                continue
            count += 1
        else:
            count += 1000
    print(count)
    k = 0
    hits = 0
    while k < 6000:
        k += 1
        if k % 2:
            continue
        if k % 1000 == 0:
            hits += 100
        hits += 1
    print(k, hits)
    res = []
    for word in ["apple", "sky", "rhythm", "queue"]:
        for ch in word:
            if ch in "aeiou":
                res.append((word, ch))
                break
        else:
            res.append((word, None))
    print(res)
    total = 0
    i = 0
    while i < 3000:
        i += 1
        try:
            if i % 5 == 0:
                continue
            if i == 2901:
                break
        finally:
            total += 1
    else:
        total = -1
    print(total, i)


main()
