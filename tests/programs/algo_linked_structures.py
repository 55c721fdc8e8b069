# Guest data structures made of objects: linked list, binary search tree, a chained
# hash table, an LRU cache with a doubly linked list; heavy attribute traffic.


class Node:
    __slots__ = ("val", "next")

    def __init__(self, val, nxt=None):
        self.val = val
        self.next = nxt


class LinkedList:
    def __init__(self):
        self.head = None
        self.size = 0

    def push(self, v):
        self.head = Node(v, self.head)
        self.size += 1

    def reverse(self):
        prev, cur = None, self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev

    def __iter__(self):
        cur = self.head
        while cur is not None:
            yield cur.val
            cur = cur.next


class BST:
    class _N:
        def __init__(self, k):
            self.k = k
            self.l = self.r = None

    def __init__(self):
        self.root = None

    def insert(self, k):
        if self.root is None:
            self.root = BST._N(k)
            return
        n = self.root
        while True:
            if k < n.k:
                if n.l is None:
                    n.l = BST._N(k)
                    return
                n = n.l
            elif k > n.k:
                if n.r is None:
                    n.r = BST._N(k)
                    return
                n = n.r
            else:
                return

    def inorder(self):
        out, stack, n = [], [], self.root
        while stack or n:
            while n:
                stack.append(n)
                n = n.l
            n = stack.pop()
            out.append(n.k)
            n = n.r
        return out

    def height(self, n="root"):
        if n == "root":
            n = self.root
        return 0 if n is None else 1 + max(self.height(n.l), self.height(n.r))


class HashTable:
    def __init__(self, nb=64):
        self.buckets = [[] for _ in range(nb)]
        self.n = 0

    def put(self, k, v):
        b = self.buckets[k % len(self.buckets)]
        for pair in b:
            if pair[0] == k:
                pair[1] = v
                return
        b.append([k, v])
        self.n += 1
        if self.n > 2 * len(self.buckets):
            old = [p for bk in self.buckets for p in bk]
            self.buckets = [[] for _ in range(len(self.buckets) * 2)]
            self.n = 0
            for kk, vv in old:
                self.put(kk, vv)

    def get(self, k, d=None):
        for kk, vv in self.buckets[k % len(self.buckets)]:
            if kk == k:
                return vv
        return d


class LRU:
    class _E:
        __slots__ = ("k", "v", "prev", "next")

    def __init__(self, cap):
        self.cap = cap
        self.map = {}
        self.head = LRU._E()
        self.head.prev = self.head.next = self.head
        self.evictions = 0

    def _unlink(self, e):
        e.prev.next = e.next
        e.next.prev = e.prev

    def _front(self, e):
        e.next = self.head.next
        e.prev = self.head
        self.head.next.prev = e
        self.head.next = e

    def get(self, k):
        e = self.map.get(k)
        if e is None:
            return None
        self._unlink(e)
        self._front(e)
        return e.v

    def put(self, k, v):
        e = self.map.get(k)
        if e is None:
            if len(self.map) >= self.cap:
                last = self.head.prev
                self._unlink(last)
                del self.map[last.k]
                self.evictions += 1
            e = LRU._E()
            e.k = k
            self.map[k] = e
        else:
            self._unlink(e)
        e.v = v
        self._front(e)


def main():
    ll = LinkedList()
    for i in range(3000):
        ll.push(i * i % 1000)
    ll.reverse()
    vals = list(ll)
    print(ll.size, vals[:6], sum(vals))
    t = BST()
    for i in range(3000):
        t.insert((i * 7919) % 4001)
    ino = t.inorder()
    print(len(ino), ino[:5], ino == sorted(ino), t.height())
    ht = HashTable()
    for i in range(4000):
        ht.put((i * 31) % 2500, i)
    print(ht.n, len(ht.buckets), ht.get(31), ht.get(-1, "none"), sum(ht.get(k, 0) for k in range(100)))
    lru = LRU(100)
    hits = 0
    for i in range(6000):
        k = (i * i) % 257
        if lru.get(k) is not None:
            hits += 1
        else:
            lru.put(k, i)
    print(hits, lru.evictions, len(lru.map))


main()
