# Dynamic programming: LCS, edit distance, 0/1 knapsack, coin change, longest
# increasing subsequence, and a 2-D grid path count with big ints.


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            if ai == b[j - 1]:
                cur[j] = prev[j - 1] + 1
            else:
                cur[j] = cur[j - 1] if cur[j - 1] > prev[j] else prev[j]
        prev = cur
    return prev[-1]


def edit_distance(a, b):
    dp = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev_diag, dp[0] = dp[0], i
        for j in range(1, len(b) + 1):
            cur = min(dp[j] + 1, dp[j - 1] + 1, prev_diag + (a[i - 1] != b[j - 1]))
            prev_diag, dp[j] = dp[j], cur
    return dp[-1]


def knapsack(items, cap):
    best = [0] * (cap + 1)
    for w, v in items:
        for c in range(cap, w - 1, -1):
            cand = best[c - w] + v
            if cand > best[c]:
                best[c] = cand
    return best[cap]


def coin_change(coins, target):
    ways = [1] + [0] * target
    for c in coins:
        for t in range(c, target + 1):
            ways[t] += ways[t - c]
    return ways[target]


def lis(seq):
    import bisect
    tails = []
    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def grid_paths(n):
    row = [1] * (n + 1)
    for _ in range(n):
        for j in range(1, n + 1):
            row[j] += row[j - 1]
    return row[n]


def main():
    a = "".join("ACGT"[(i * i + 3) % 4] for i in range(120))
    b = "".join("ACGT"[(i * 7 + 1) % 4] for i in range(110))
    print(lcs(a, b), lcs("kitten", "sitting"), edit_distance("kitten", "sitting"))
    print(edit_distance(a[:80], b[:70]), edit_distance("", "abc"), edit_distance("same", "same"))
    items = [((i * 13) % 23 + 1, (i * 29) % 37 + 1) for i in range(40)]
    print(knapsack(items, 100))
    print(coin_change([1, 2, 5, 10, 20, 50, 100, 200], 1000))
    seq = [(i * 7919) % 1009 for i in range(3000)]
    print(lis(seq))
    print(grid_paths(60), grid_paths(5))


main()
