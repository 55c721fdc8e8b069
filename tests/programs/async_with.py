# async with: asynchronous context managers, suppression, contextlib.asynccontextmanager.
import asyncio
import contextlib


class Resource:
    opened = 0

    def __init__(self, name, log, suppress=False):
        self.name = name
        self.log = log
        self.suppress = suppress

    async def __aenter__(self):
        await asyncio.sleep(0)
        Resource.opened += 1
        self.log.append("enter " + self.name)
        return self

    async def __aexit__(self, et, ev, tb):
        self.log.append("exit %s %s" % (self.name, et.__name__ if et else None))
        return self.suppress


@contextlib.asynccontextmanager
async def managed(log, tag):
    log.append("setup " + tag)
    try:
        yield tag.upper()
    except KeyError:
        log.append("handled KeyError in " + tag)
    finally:
        log.append("teardown " + tag)


async def work(n):
    log = []
    total = 0
    for i in range(n):
        async with Resource("r", log) as r:
            total += len(r.name) + i
    return total, len(log), log[:2]


async def main():
    print(await work(3000))
    log = []
    async with Resource("a", log) as a, Resource("b", log) as b:
        log.append("body %s %s" % (a.name, b.name))
    print(log)
    log = []
    async with Resource("s", log, suppress=True):
        raise ValueError("swallowed")
    print(log)
    log = []
    try:
        async with Resource("n", log):
            raise KeyError("passes")
    except KeyError as e:
        print("KeyError", e, log)
    log = []
    async with managed(log, "m") as v:
        log.append("got " + v)
    async with managed(log, "k"):
        raise KeyError("x")
    print(log)
    count = 0
    for i in range(2000):
        async with managed([], "q") as v:
            count += len(v)
    print(count, Resource.opened)
    async with contextlib.AsyncExitStack() as stack:
        rs = [await stack.enter_async_context(Resource(str(i), log)) for i in range(3)]
        print([r.name for r in rs])
    print(log[-3:])


asyncio.run(main())
