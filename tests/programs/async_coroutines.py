# Coroutines driven by asyncio: await chains, gather, tasks, exceptions, queues.
import asyncio


async def square(x):
    await asyncio.sleep(0)
    return x * x


async def sum_squares(n):
    total = 0
    for i in range(n):
        total += await square(i)
    return total


async def pure(n):
    # awaits a coroutine that never suspends: a hot loop of awaits
    async def add(a, b):
        return a + b
    s = 0
    for i in range(n):
        s = await add(s, i)
    return s


async def failing(k):
    await asyncio.sleep(0)
    if k % 3 == 0:
        raise ValueError("bad %d" % k)
    return k


async def producer(q, n):
    for i in range(n):
        await q.put(i)
    await q.put(None)


async def consumer(q, out):
    while True:
        item = await q.get()
        if item is None:
            break
        out.append(item * 2)


class Awaitable:
    def __init__(self, v):
        self.v = v

    def __await__(self):
        yield from asyncio.sleep(0).__await__()
        return self.v + 1


async def main():
    print(await sum_squares(300))
    print(await pure(20000))
    res = await asyncio.gather(*(square(i) for i in range(10)))
    print(res)
    results = await asyncio.gather(*(failing(k) for k in range(7)), return_exceptions=True)
    print([r if isinstance(r, int) else repr(r) for r in results])
    try:
        await asyncio.gather(failing(1), failing(3))
    except ValueError as e:
        print("gather raised", e)
    tasks = [asyncio.create_task(square(i)) for i in range(5)]
    done = [await t for t in tasks]
    print(done)
    q = asyncio.Queue()
    out = []
    await asyncio.gather(producer(q, 2000), consumer(q, out))
    print(len(out), sum(out))
    print(await Awaitable(41))
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.001)
    except asyncio.TimeoutError:
        print("timeout")
    coro = square(3)
    print(type(coro).__name__)
    print(await coro)
    # coroutine driven by hand
    c = sum_squares(3)
    steps = 0
    try:
        while True:
            c.send(None)
            steps += 1
    except StopIteration as e:
        print("manual", steps, e.value)


asyncio.run(main())
