# Standard-library imports used from guest code (run natively on the host).
import math
import collections
import heapq
import bisect
import json
import re
import string
import struct
import random
import textwrap
from fractions import Fraction
from decimal import Decimal, getcontext
import importlib


def main():
    print(math.sqrt(2), math.pi, math.gcd(462, 1071), math.factorial(20), math.isqrt(10**20 + 1))
    print(math.floor(-2.5), math.ceil(-2.5), math.copysign(1, -0.0), math.fsum([0.1] * 10))
    c = collections.Counter()
    for i in range(5000):
        c[i % 7 * i % 11] += 1
    print(sorted(c.items())[:5], c.most_common(2))
    dq = collections.deque(maxlen=5)
    for i in range(3000):
        dq.append(i)
        if i % 3 == 0:
            dq.appendleft(-i)
    print(list(dq))
    dd = collections.defaultdict(list)
    for i in range(2000):
        dd[i % 4].append(i)
    print({k: len(v) for k, v in dd.items()})
    Pt = collections.namedtuple("Pt", "x y")
    p = Pt(1, 2)
    print(p, p._replace(x=5), p._asdict(), p.x + p.y)
    od = collections.OrderedDict()
    for k in "zyxabc":
        od[k] = ord(k)
    od.move_to_end("z")
    print(list(od))
    h = []
    for i in range(3000):
        heapq.heappush(h, (i * 7919) % 3001)
    print([heapq.heappop(h) for _ in range(8)], heapq.nsmallest(3, [5, 1, 4, 2]))
    arr = []
    for i in range(2000):
        bisect.insort(arr, (i * 37) % 1009)
    print(arr[:10], bisect.bisect_left(arr, 500), bisect.bisect_right(arr, 500))
    doc = {"name": "pvmx", "n": [1, 2.5, None, True], "nested": {"k": "v"}}
    text = json.dumps(doc, sort_keys=True)
    print(text, json.loads(text) == doc, json.dumps([1, "é"], ensure_ascii=False))
    words = re.findall(r"[a-z]+", "the cat sat on the mat with another cat")
    print(words, re.sub(r"(\w)at", r"\1og", "cat hat bat"), re.split(r"\s*,\s*", "a , b,c"))
    print(string.ascii_lowercase[:5], string.digits, string.Template("$x-$y").substitute(x=1, y=2))
    packed = struct.pack("<iHd", -5, 513, 2.5)
    print(packed, struct.unpack("<iHd", packed), struct.calcsize("<iHd"))
    rng = random.Random(12345)
    print([rng.randint(1, 100) for _ in range(5)], rng.choice("abcdef"))
    print(textwrap.wrap("the quick brown fox jumps over the lazy dog", 12))
    f = Fraction(0)
    for i in range(1, 200):
        f += Fraction(1, i * (i + 1))
    print(f, float(f))
    getcontext().prec = 30
    print(Decimal(1) / Decimal(7), Decimal("0.1") + Decimal("0.2"))
    mod = importlib.import_module("colorsys")
    print(mod.rgb_to_hsv(0.2, 0.4, 0.4))
    from os import path as osp
    print(osp.join("a", "b"), osp.splitext("x.tar.gz"))
    import itertools as it
    print(list(it.islice(it.count(10, 3), 4)))


main()
