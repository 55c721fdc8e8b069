# list operations: append/extend/insert/pop/remove/index/count/sort/reverse, in-place
# ops, list as stack and queue, nested lists and aliasing, sort stability, copying.


def main():
    lst = []
    for i in range(5000):
        lst.append((i * 13) % 101)
    print(len(lst), sum(lst), lst.count(0), lst.index(50), max(lst), min(lst))
    lst.sort()
    print(lst[:5], lst[-5:], lst[2500])
    lst.sort(reverse=True)
    print(lst[:3])
    lst.reverse()
    print(lst[:3])
    stack = []
    for i in range(4000):
        if i % 3 == 2:
            stack.pop()
        else:
            stack.append(i)
    print(len(stack), stack[-3:], stack.pop(0), stack.pop(-2))
    q = list(range(10))
    q.insert(0, -1)
    q.insert(100, 99)
    q.insert(-1, 98)
    q.remove(5)
    print(q)
    try:
        q.remove(12345)
    except ValueError as e:
        print("ValueError", e)
    try:
        [].pop()
    except IndexError as e:
        print("IndexError", e)
    try:
        q[100]
    except IndexError as e:
        print("IndexError", e)
    a = [1, 2]
    a.extend(range(3, 6))
    a.extend("xy")
    a += (7,)
    a *= 2
    print(a, len(a))
    grid = [[0] * 3 for _ in range(3)]
    alias = [[0] * 3] * 3
    grid[0][0] = 1
    alias[0][0] = 1
    print(grid, alias)
    recs = [("b", 2), ("a", 2), ("c", 1), ("a", 1), ("b", 1)]
    print(sorted(recs, key=lambda r: r[1]), sorted(recs), sorted(recs, key=lambda r: r[0], reverse=True))
    nums = [5, 3, 8, 1]
    copy1 = nums[:]
    copy2 = list(nums)
    copy1.append(0)
    print(nums, copy1, copy2, nums == copy2, nums is copy2)
    print([1, 2] + [3], [0] * 3, [[1]] * 2, [1, 2] < [1, 2, 0], [3] > [2, 9], list("abc"), list(range(3)))
    matrix = [[(r * 7 + c * 3) % 10 for c in range(40)] for r in range(40)]
    total = 0
    for r in range(40):
        row = matrix[r]
        for c in range(40):
            total += row[c] * matrix[c][r]
    print(total)
    bubble = [(i * 37) % 150 for i in range(150)]
    n = len(bubble)
    swaps = 0
    for i in range(n):
        for j in range(n - 1 - i):
            if bubble[j] > bubble[j + 1]:
                bubble[j], bubble[j + 1] = bubble[j + 1], bubble[j]
                swaps += 1
    print(swaps, bubble[:10], bubble == sorted(bubble))
    print([x for x in [3, 1, 2] if x > 1], list(reversed([1, 2, 3])), [1, [2, [3]]][1][1][0])
    e = [None] * 5
    e[2] = e
    print(e, len(e[2][2]))
    print(sum([[1], [2, 3]], []), [1, 2, 3].copy(), [].count(1), [1, 1, 2].index(1, 1))
    cleared = [1, 2]
    cleared.clear()
    print(cleared, [i for i in range(10)][-3::-3])


main()
