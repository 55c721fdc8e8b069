# Items at constant indices of lists whose length changes once the loop is
# compiled: each read guards the row's length, a shorter row leaves at the
# read it lacks (IndexError included), and the bounds the optimizer derived
# from earlier guards (the row's length, the loop index) must not decide a
# later guard the wrong way.


def weigh(rows, n):
    total = 0
    misses = 0
    for k in range(n):
        r = rows[k % len(rows)]
        try:
            total += r[0] + 2 * r[1]
            total += 3 * r[4]
            r[2] = r[2] + 1
        except IndexError:
            misses += 1
    return total, misses


full = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11]]
print(weigh(full, 3000))
mixed = [[1, 2, 3, 4, 5, 6], [1, 2], [5, 6, 7], [9], [], [1, 2, 3, 4, 5]]
print(weigh(mixed, 3000))
print(mixed)
short_late = [[1, 2, 3, 4, 5]] * 2 + [[4, 5, 6]]
for step in range(3):
    print(step, weigh(short_late[:2 + step], 2000))
# tuples too: no writes, the same reads
t_rows = [(1, 2, 3, 4, 5)] * 5 + [(1, 2)]
acc = 0
for k in range(4000):
    t = t_rows[0] if k < 3000 else t_rows[k % 6]
    try:
        acc += t[0] * t[4] - t[1]
    except IndexError:
        acc -= 7
print(acc)
