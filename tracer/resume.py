"""Resume data: what a guard's snapshot says, and rebuilding state from it.

A snapshot lists, for each live frame (the root frame first), its green
key and its fields: every slot of its virtualizable's lists, and one
single-entry field per plain red of the driver (see warmspot.py), each
slot as one entry:

    ("ref", v)      the host object the ref value v stands for
    ("int", v)      a host int rebuilt from the int64 value v
    ("bool", v)     a host bool from the int 0/1 value v (a compare result)
    ("float", v)    a host float from the double v
    ("const", obj)  the object itself, known when the trace was recorded
    ("virtual", vi) an object the optimizer removed from the trace (a
                    `VirtualInfo`): deoptimization allocates it, its fields
                    being entries themselves.  One VirtualInfo met twice in
                    a snapshot is one object (identity and cycles kept).

A boxed int or float that the optimizer removed needs no VirtualInfo: it
becomes an ("int", v) / ("float", v) entry of its unboxed value.

A snapshot may also carry **pending writes**: field writes that the
optimizer delayed (PyPy's lazy setfields) and that deoptimization performs
before the interpreter resumes, as `(object entry, FieldDescr, value
entry)` triples.  `rebuild_entries` does them.

`fail_args` are the IR values the exit hands out, each once, in the order
they first appear (frames first, then pending writes); deoptimization gets
their concrete values in that order.
"""

from tracer.ir import Snapshot, Const, NULL


class VirtualInfo:
    """An object that exists only in resume data.

    kind    "tuple", "list" or "object"
    cls     the class of an "object" (made with cls.__new__(cls), as the
            new_object op does)
    fields  tuple of (key, entry): for tuples and lists key is the index
            (items in order), for objects the FieldDescr of the attribute
    """

    __slots__ = ("kind", "cls", "fields")

    def __init__(self, kind, fields, cls=None):
        if kind not in ("tuple", "list", "object"):
            raise ValueError(f"bad virtual kind {kind!r}")
        self.kind = kind
        self.cls = cls
        self.fields = tuple(fields)

    def __repr__(self):
        return f"<VirtualInfo {self.kind} {len(self.fields)} fields>"


class FrameState:
    __slots__ = ("greens", "fields")

    def __init__(self, greens, fields):
        self.greens = greens            # tuple of green values (opaque here)
        self.fields = fields            # tuple of (field name, tuple of entries)


# -- walking entries ------------------------------------------------------------------
def _collect(entry, seen, args, vseen):
    kind, v = entry
    if kind == "const":
        return
    if kind == "virtual":
        if id(v) in vseen:
            return
        vseen.add(id(v))
        for _, e in v.fields:
            _collect(e, seen, args, vseen)
        return
    if not isinstance(v, Const) and id(v) not in seen:
        seen.add(id(v))
        args.append(v)


def _fail_args(entry_lists, pending):
    seen, vseen, args = set(), set(), []
    for entries in entry_lists:
        for e in entries:
            _collect(e, seen, args, vseen)
    for obj, _, value in pending:
        _collect(obj, seen, args, vseen)
        _collect(value, seen, args, vseen)
    return tuple(args)


def map_entry(entry, fn, memo=None):
    """The entry with every IR value v replaced by fn(v) (inside virtuals too);
    the entry itself when fn changes nothing in it."""
    kind, v = entry
    if kind == "const":
        return entry
    if kind == "virtual":
        memo = {} if memo is None else memo
        new = memo.get(id(v))
        if new is None:
            new = memo[id(v)] = VirtualInfo(v.kind, (), v.cls)
            new.fields = tuple((k, map_entry(e, fn, memo)) for k, e in v.fields)
        return ("virtual", new)
    w = fn(v)
    return entry if w is v else (kind, w)


def _map_tuple(items, fn, memo):
    """`items` (a tuple) with fn(x, memo) for each x: the same tuple when
    every item maps to itself, so that snapshots share what did not change."""
    out = None
    for i, x in enumerate(items):
        m = fn(x, memo)
        if out is None:
            if m is x:
                continue
            out = list(items[:i])
        out.append(m)
    return items if out is None else tuple(out)


def format_entry(entry, name_of, memo=None):
    kind, v = entry
    if kind == "const":
        return f"<{type(v).__name__}>" if not isinstance(v, (int, float, str)) else repr(v)
    if kind == "virtual":
        memo = {} if memo is None else memo
        if id(v) in memo:
            return memo[id(v)]
        memo[id(v)] = f"<cycle {v.kind}>"
        if v.kind == "object":
            inner = ", ".join(f"{getattr(k, 'name', k)}={format_entry(e, name_of, memo)}"
                              for k, e in v.fields)
            text = f"{v.cls.__name__}({inner})"
        else:
            inner = ", ".join(format_entry(e, name_of, memo) for _, e in v.fields)
            text = f"({inner})" if v.kind == "tuple" else f"[{inner}]"
        memo[id(v)] = text
        return text
    s = name_of(v)
    return s if kind == "ref" else f"{kind}:{s}"


def _format_pending(pending, name_of):
    return ", ".join(f"{format_entry(o, name_of)}.{d.name}={format_entry(e, name_of)}"
                     for o, d, e in pending)


def _map_pending(pending, fn, memo):
    return tuple((map_entry(o, fn, memo), d, map_entry(e, fn, memo)) for o, d, e in pending)


class FrameSnapshot(Snapshot):
    __slots__ = ("frames", "_fail_args", "location", "pending", "rebuilder")

    def __init__(self, frames, location="", pending=()):
        self.frames = tuple(frames)
        self.location = location
        self.pending = tuple(pending)
        self.rebuilder = 0      # rebuilds so far; then its compiled rebuilder (or False)
        self._fail_args = None

    @property
    def fail_args(self):
        """Made when first asked for: the recorder takes a snapshot at every
        instruction, and most of them never get a guard."""
        args = self._fail_args
        if args is None:
            args = self._fail_args = _fail_args(
                [entries for f in self.frames for _, entries in f.fields], self.pending)
        return args

    def format(self, name_of):
        parts = []
        memo = {}
        for f in self.frames:
            fields = []
            for name, entries in f.fields:
                fields.append(name + "=" + " ".join(format_entry(e, name_of, memo)
                                                    for e in entries))
            parts.append("; ".join(fields))
        text = " | ".join(parts)
        if self.pending:
            text += " || pending: " + _format_pending(self.pending, name_of)
        return text

    def map_values(self, fn):
        return self.map_entries(lambda e, memo: map_entry(e, fn, memo))

    def map_entries(self, fn, pending=None, shared=None, memo=None):
        """A copy with every entry e replaced by fn(e, memo) (memo: one dict
        for the whole snapshot, for virtuals shared between entries; the
        caller's if given), and the pending writes replaced by `pending`
        (already entries) if given.

        Frames are shared where they can be (they are never mutated): where
        fn changes nothing, the copy has this snapshot's own entries, fields
        and frames; and `shared` (a dict the caller keeps across snapshots)
        remembers each frame's last copy, which is taken again when the new
        one has equal entries.  The callers' frames of an inlined call are
        the same in most snapshots of a trace, and each object a compiled
        trace keeps is one more for the cyclic collector to walk."""
        if memo is None:
            memo = {}

        def field(nf, memo):
            name, entries = nf
            mapped = _map_tuple(entries, fn, memo)
            return nf if mapped is entries else (name, mapped)

        frames = []
        for f in self.frames:
            new = _map_tuple(f.fields, field, memo)
            if new is f.fields:
                frames.append(f)
                continue
            if shared is not None:
                last = shared.get(id(f))
                if last is not None and last[0] is f and last[1].fields == new:
                    frames.append(last[1])
                    continue
            state = FrameState(f.greens, new)
            if shared is not None:
                shared[id(f)] = (f, state)
            frames.append(state)
        if pending is None:
            pending = tuple((fn(o, memo), d, fn(e, memo)) for o, d, e in self.pending)
        return FrameSnapshot(frames, self.location, pending)


class EntrySnapshot(Snapshot):
    """A flat list of entries (no frames): what a FlatSnapshot becomes when
    the optimizer must describe a virtual or a pending write in it.  Its text
    form is its fail args, like a FlatSnapshot's, so that optimizer tests
    compare them as text; `describe()` shows the structure."""

    __slots__ = ("entries", "fail_args", "pending")

    def __init__(self, entries, pending=()):
        self.entries = tuple(entries)
        self.pending = tuple(pending)
        self.fail_args = _fail_args([self.entries], self.pending)

    @classmethod
    def from_values(cls, values):
        return cls(((_KIND_NAMES[v.kind.name], v) for v in values))

    def format(self, name_of):
        return ", ".join(name_of(v) for v in self.fail_args)

    def describe(self, name_of):
        memo = {}
        text = ", ".join(format_entry(e, name_of, memo) for e in self.entries)
        if self.pending:
            text += " || pending: " + _format_pending(self.pending, name_of)
        return text

    def map_values(self, fn):
        return self.map_entries(lambda e, memo: map_entry(e, fn, memo))

    def map_entries(self, fn, pending=None, shared=None, memo=None):
        if memo is None:
            memo = {}
        entries = [fn(e, memo) for e in self.entries]
        if pending is None:
            pending = tuple((fn(o, memo), d, fn(e, memo)) for o, d, e in self.pending)
        return EntrySnapshot(entries, pending)


_KIND_NAMES = {"int": "int", "float": "float", "ref": "ref"}


# -- rebuilding -------------------------------------------------------------------------
class _Rebuilder:
    def __init__(self, snapshot, live_values, raw=False):
        self.env = {id(v): x for v, x in zip(snapshot.fail_args, live_values)}
        self.memo = {}
        self.todo = []
        self.raw = raw          # EntrySnapshot of a FlatSnapshot: values as the exit gives them

    def value(self, kind, v):
        if kind == "const":
            return v
        if kind == "virtual":
            return self.virtual(v)
        x = v.value if isinstance(v, Const) else self.env[id(v)]
        if kind == "ref":
            return x if self.raw or x is not NULL else None
        if kind == "int":
            return int(x)
        if kind == "bool":
            return bool(x)
        return float(x)

    def virtual(self, vi):
        obj = self.memo.get(id(vi))
        if obj is not None:
            return obj
        if vi.kind == "tuple":
            # objects and lists are made empty and filled later, so the
            # items of a tuple never lead back to the tuple itself
            obj = tuple(self.value(*e) for _, e in vi.fields)
        else:
            obj = [] if vi.kind == "list" else vi.cls.__new__(vi.cls)
            self.todo.append((obj, vi))
        self.memo[id(vi)] = obj
        return obj

    def finish(self):
        """Fill the objects and lists made so far (and those that makes)."""
        while self.todo:
            obj, vi = self.todo.pop()
            if vi.kind == "list":
                obj.extend(self.value(*e) for _, e in vi.fields)
            else:
                for descr, e in vi.fields:
                    setattr(obj, descr.name, self.value(*e))

    def do_pending(self, pending):
        writes = [(self.value(*o), d, self.value(*e)) for o, d, e in pending]
        self.finish()
        for obj, d, value in writes:
            d.write(obj, value)


def rebuild_entries(snapshot, live_values):
    """Concrete frames: [(greens, {field: [objects]})], from the exit's live
    values.  Materializes virtuals and performs the snapshot's pending writes.

    A guard that keeps failing (a loop's exit until its bridge, a called
    entry trace leaving at each call) gets, at its COMPILE_AFTER-th
    deoptimization, a Python function made for its snapshot that does the
    same with no interpretation of the entries (a third of the time of a
    deoptimization went there); snapshots with virtuals keep the general
    path."""
    fast = getattr(snapshot, "rebuilder", False)
    if type(fast) is int:           # (False, a bool, is not)
        fast = snapshot.rebuilder = (fast + 1 if fast + 1 < COMPILE_AFTER
                                     else _compile_rebuilder(snapshot))
    if callable(fast):
        return fast(live_values)
    rb = _Rebuilder(snapshot, live_values)
    out = _frames(rb, snapshot)
    rb.do_pending(getattr(snapshot, "pending", ()))
    return out


def view_entries(snapshot, live_values):
    """The frames `rebuild_entries` makes, with none of the snapshot's
    pending writes done: what the frames look like while the code is still
    running (virtuals are new objects each time)."""
    rb = _Rebuilder(snapshot, live_values)
    out = _frames(rb, snapshot)
    rb.finish()
    return out


def _frames(rb, snapshot):
    """[(greens, {field: [objects]})] of the snapshot's frames, through `rb`."""
    return [(f.greens, {name: [rb.value(k, v) for k, v in entries] for name, entries in f.fields})
            for f in snapshot.frames]


COMPILE_AFTER = 3


class _HasVirtual(Exception):
    pass


def _compile_rebuilder(snapshot):
    """`rebuild_entries` for this one snapshot as a function of the live
    values, or False when it holds virtuals."""
    where = {id(v): i for i, v in enumerate(snapshot.fail_args)}
    constants = _Rebuilder(snapshot, ())
    ns = {"NULL": NULL}

    def constant(obj):
        name = f"k{len(ns)}"
        ns[name] = obj
        return name

    def expr(entry):
        kind, v = entry
        if kind == "virtual":
            raise _HasVirtual
        if kind == "const" or isinstance(v, Const):
            return constant(constants.value(kind, v))
        x = f"v[{where[id(v)]}]"
        if kind == "ref":
            return f"({x} if {x} is not NULL else None)"
        return f"({x} != 0)" if kind == "bool" else x

    try:
        frames = []
        for f in snapshot.frames:
            fields = ", ".join(f"{name!r}: [{', '.join(expr(e) for e in entries)}]"
                               for name, entries in f.fields)
            frames.append(f"({constant(f.greens)}, {{{fields}}})")
        body = [f"out = [{', '.join(frames)}]"]
        for o, d, e in snapshot.pending:
            body.append(f"{constant(d)}.write({expr(o)}, {expr(e)})")
    except _HasVirtual:
        return False
    src = "def rebuild(v):\n" + "".join(f"    {line}\n" for line in body) + "    return out\n"
    exec(src, ns)
    return ns["rebuild"]


def rebuild_values(snapshot, live_values):
    """The values a flat snapshot (FlatSnapshot or EntrySnapshot) stands
    for, as the unoptimized trace's exit would give them; performs pending
    writes.  For tests that compare a trace's exits before and after
    optimization."""
    if not isinstance(snapshot, EntrySnapshot):
        return list(live_values) if not hasattr(snapshot, "frames") else rebuild_entries(
            snapshot, live_values)
    rb = _Rebuilder(snapshot, live_values, raw=True)
    values = [rb.value(k, v) for k, v in snapshot.entries]
    rb.do_pending(snapshot.pending)
    return values
