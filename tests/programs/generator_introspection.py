"""What a generator and a coroutine show of themselves: gi_frame (its line
and locals at each yield, None once finished), gi_code, gi_running, read
from inside and outside, in hot loops."""

import os


def counter(n):
    i = 0
    while i < n:
        i += 1
        yield i
    label = "done"
    yield label


def watch(n):
    g = counter(n)
    print("created:", g.gi_code.co_name, g.gi_code.co_firstlineno,
          os.path.basename(g.gi_code.co_filename), g.gi_frame.f_lineno, g.gi_running)
    lines, total = {}, 0
    for value in g:
        f = g.gi_frame
        lines[f.f_lineno] = lines.get(f.f_lineno, 0) + 1
        loc = f.f_locals
        total += loc["i"] + (value if isinstance(value, int) else len(value))
        if f.f_code is not g.gi_code:
            print("a frame of other code")
    print("lines:", sorted(lines.items()), "total:", total)
    print("finished:", g.gi_frame, g.gi_code.co_name)


def self_aware(n):
    box = []

    def body():
        for k in range(n):
            me = box[0]         # the generator itself
            yield me.gi_running, me.gi_frame.f_lineno, me.gi_frame.f_locals["k"] % 3
    g = body()
    box.append(g)
    seen = {}
    for item in g:
        seen[item] = seen.get(item, 0) + 1
    print("self:", sorted(seen.items()))


async def job(x):
    return x * 2


def coroutine_attrs():
    c = job(21)
    print("coroutine:", c.cr_code.co_name, c.cr_frame.f_lineno, c.cr_running)
    try:
        c.send(None)
    except StopIteration as e:
        print("result:", e.value, c.cr_frame)


watch(3000)
self_aware(2000)
coroutine_attrs()
