"""sys.settrace turned on and off inside hot loops: the trace function sees
the events CPython gives (calls made after it is set, in guest code and in
the stdlib run natively), and none of pvmx's own work (deoptimization,
modules pvmx loads when first needed)."""

import os
import sys

events = []


def tracer(frame, event, arg):
    events.append((event, frame.f_code.co_name, os.path.basename(frame.f_code.co_filename)))
    return tracer


def helper(x):
    y = x * 2
    return y + 1


def switch(on):
    sys.settrace(tracer if on else None)


def loop(n, start, stop):
    total = 0
    for i in range(n):
        total += i
        if i == start:
            sys.settrace(tracer)
        if start <= i < start + 3:
            total += helper(i) + len(os.path.join("a", str(i)))
        if i == stop:
            sys.settrace(None)
    return total


def loop_with_inlined_switch(n):
    total = 0
    for i in range(n):
        switch(i % 1000 == 500)
        total += helper(i) if i % 1000 == 500 else i
    return total


print(loop(3000, 2000, 2004))
print(len(events))
for e in events:
    print(e)
del events[:]
print(loop(4000, 3990, 3999))
print(len(events), events[:4], events[-3:])
del events[:]
print(loop_with_inlined_switch(3000))
print(len(events), sorted(set(events)))
