# Async generators, async for, async comprehensions, asend/athrow/aclose.
import asyncio


async def ticker(n):
    for i in range(n):
        if i % 100 == 0:
            await asyncio.sleep(0)
        yield i


async def evens(agen):
    async for x in agen:
        if x % 2 == 0:
            yield x


async def echo():
    received = []
    try:
        while True:
            v = yield len(received)
            received.append(v)
    except ValueError as e:
        yield "athrow:%s:%d" % (e, len(received))
    finally:
        print("echo finalized", received[-3:])


class AsyncRange:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1


async def main():
    total = 0
    async for v in ticker(5000):
        total += v
    print(total)
    ev = [x async for x in evens(ticker(30))]
    print(ev)
    sq = {x: x * x async for x in ticker(6)}
    print(sq)
    st = {x % 4 async for x in AsyncRange(50)}
    print(sorted(st))
    s = 0
    async for i in AsyncRange(4000):
        s += i * i
    print(s)
    e = echo()
    print(await e.asend(None))
    for i in range(5):
        r = await e.asend(i * 10)
    print(r)
    print(await e.athrow(ValueError("boom")))
    await e.aclose()
    try:
        await e.asend(1)
    except StopAsyncIteration:
        print("closed")
    g = ticker(10)
    print(await g.__anext__(), await anext(g), await anext(g))
    await g.aclose()
    print(await anext(ticker(0), "default"))
    # async comprehension with condition and nested sync loop
    pairs = [(a, b) async for a in ticker(4) for b in range(a) if (a + b) % 2]
    print(pairs)
    # awaiting inside a comprehension
    async def dbl(x):
        return 2 * x
    print([await dbl(x) for x in range(5)])
    print(type(ticker(1)).__name__)


asyncio.run(main())
