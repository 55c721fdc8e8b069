"""Resume data: what a guard's snapshot says, and rebuilding state from it.

A snapshot lists, for each live frame (the root frame first), its green
key and every slot of its virtualizable lists, each as one entry:

    ("ref", v)      the host object the ref value v stands for
    ("int", v)      a host int rebuilt from the int64 value v
    ("bool", v)     a host bool from the int 0/1 value v (a compare result)
    ("float", v)    a host float from the double v
    ("const", obj)  the object itself, known when the trace was recorded

`fail_args` are the IR values the exit hands out, each once, in the order
they first appear; deoptimization gets their concrete values in that order.
"""

from tracer.ir import Snapshot, Const, ConstPtr, NULL


class FrameState:
    __slots__ = ("greens", "fields")

    def __init__(self, greens, fields):
        self.greens = greens            # tuple of green values (opaque here)
        self.fields = fields            # tuple of (field name, tuple of entries)


class FrameSnapshot(Snapshot):
    __slots__ = ("frames", "fail_args", "location")

    def __init__(self, frames, location=""):
        self.frames = tuple(frames)
        self.location = location
        seen = set()
        args = []
        for f in self.frames:
            for _, entries in f.fields:
                for kind, v in entries:
                    if kind != "const" and not isinstance(v, Const) and id(v) not in seen:
                        seen.add(id(v))
                        args.append(v)
        self.fail_args = tuple(args)

    def format(self, name_of):
        parts = []
        for f in self.frames:
            fields = []
            for name, entries in f.fields:
                fields.append(name + "=" + " ".join(_fmt(k, v, name_of) for k, v in entries))
            parts.append("; ".join(fields))
        return " | ".join(parts)

    def map_values(self, fn):
        frames = []
        for f in self.frames:
            fields = tuple((name, tuple((k, v if k == "const" else fn(v)) for k, v in entries))
                           for name, entries in f.fields)
            frames.append(FrameState(f.greens, fields))
        return FrameSnapshot(frames, self.location)


def _fmt(kind, v, name_of):
    if kind == "const":
        return f"<{type(v).__name__}>" if not isinstance(v, (int, float, str)) else repr(v)
    s = name_of(v)
    return s if kind == "ref" else f"{kind}:{s}"


def rebuild_entries(snapshot, live_values):
    """Concrete frames: [(greens, {field: [objects]})], from the exit's live values."""
    env = {id(v): x for v, x in zip(snapshot.fail_args, live_values)}
    out = []
    for f in snapshot.frames:
        fields = {}
        for name, entries in f.fields:
            fields[name] = [_rebuild(k, v, env) for k, v in entries]
        out.append((f.greens, fields))
    return out


def _rebuild(kind, v, env):
    if kind == "const":
        return v
    x = v.value if isinstance(v, Const) else env[id(v)]
    if kind == "ref":
        return None if x is NULL else x
    if kind == "int":
        return int(x)
    if kind == "bool":
        return bool(x)
    return float(x)
