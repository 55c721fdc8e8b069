# Conway's game of life on a torus with lists of lists, plus a set-based version of
# the same rules; both must agree.


def step_grid(grid):
    h, w = len(grid), len(grid[0])
    new = [[0] * w for _ in range(h)]
    for y in range(h):
        up = grid[(y - 1) % h]
        row = grid[y]
        down = grid[(y + 1) % h]
        for x in range(w):
            l, r = (x - 1) % w, (x + 1) % w
            n = up[l] + up[x] + up[r] + row[l] + row[r] + down[l] + down[x] + down[r]
            if n == 3 or (n == 2 and row[x]):
                new[y][x] = 1
    return new


def step_set(live, w, h):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    k = ((x + dx) % w, (y + dy) % h)
                    counts[k] = counts.get(k, 0) + 1
    return {k for k, n in counts.items() if n == 3 or (n == 2 and k in live)}


def main():
    w, h = 24, 20
    grid = [[1 if (x * 7 + y * 13) % 5 == 0 or (x == 3 and y < 6) else 0 for x in range(w)] for y in range(h)]
    live = {(x, y) for y in range(h) for x in range(w) if grid[y][x]}
    pops = []
    for gen in range(30):
        grid = step_grid(grid)
        live = step_set(live, w, h)
        pop = sum(map(sum, grid))
        assert pop == len(live), (gen, pop, len(live))
        pops.append(pop)
    print(pops)
    for row in grid[:6]:
        print("".join(".#"[c] for c in row))
    print(sorted(live)[:6])


main()
