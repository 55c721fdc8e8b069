# Sorting algorithms implemented in guest code: quicksort (recursive), mergesort,
# heapsort, insertion sort, counting sort, all checked against sorted().


def quicksort(a):
    if len(a) <= 1:
        return a
    pivot = a[len(a) // 2]
    return quicksort([x for x in a if x < pivot]) + [x for x in a if x == pivot] + \
        quicksort([x for x in a if x > pivot])


def mergesort(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left, right = mergesort(a[:mid]), mergesort(a[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def heapsort(a):
    a = list(a)
    n = len(a)

    def sift(start, end):
        root = start
        while 2 * root + 1 <= end:
            child = 2 * root + 1
            if child + 1 <= end and a[child] < a[child + 1]:
                child += 1
            if a[root] < a[child]:
                a[root], a[child] = a[child], a[root]
                root = child
            else:
                return
    for start in range((n - 2) // 2, -1, -1):
        sift(start, n - 1)
    for end in range(n - 1, 0, -1):
        a[0], a[end] = a[end], a[0]
        sift(0, end - 1)
    return a


def insertion(a):
    a = list(a)
    for i in range(1, len(a)):
        k = a[i]
        j = i - 1
        while j >= 0 and a[j] > k:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = k
    return a


def counting(a, hi):
    counts = [0] * (hi + 1)
    for x in a:
        counts[x] += 1
    out = []
    for v, c in enumerate(counts):
        out.extend([v] * c)
    return out


def main():
    data = [(i * 7919 + 13) % 2003 for i in range(3000)]
    ref = sorted(data)
    for name, fn in (("quick", quicksort), ("merge", mergesort), ("heap", heapsort)):
        r = fn(data)
        print(name, r == ref, r[:5], r[-3:])
    small = data[:300]
    print("insertion", insertion(small) == sorted(small))
    print("counting", counting(data, 2002) == ref)
    floats = [((i * 37) % 101) / 7.0 - 5 for i in range(1000)]
    print(mergesort(floats) == sorted(floats), heapsort(floats)[:3])
    words = ["w%03d" % ((i * 31) % 500) for i in range(1000)]
    print(quicksort(words)[:4], mergesort(words) == sorted(words))
    mixed = [3, 1.5, True, -2, 0.0, 10 ** 20, -(10 ** 20)]
    print(heapsort(mixed), insertion(mixed))


main()
