"""Descrs: what an op needs beyond its arguments (see the op table's descr
column).  Snapshots, which guards carry, are in `snapshot.py`.

A descr is compared by identity: two field descrs are the same field only
if they are the same object, so whoever creates them (the interpreter's
hints, the text parser's namespace) keeps one per field.
"""

from .kinds import FLOAT, INT, REF, VOID


class Descr:
    __slots__ = ()


class TargetToken(Descr):
    """A label: where a jump goes.  `label` is the label op that defines it,
    set when that op is made (TraceBuilder, parser) or by `bind`.

    `resume`, when set, is the resume data of the loop header at this label
    (a snapshot whose fail args are among the label's arguments): what a
    run that stops at the label's back-edge (a CAP exit: a signal handler
    raised, objects wait for their finalizers) resumes the interpreter
    with.  The runtime gives a loop's first label the header's frame state;
    the optimizer keeps it in step with what it makes of the label's
    arguments, and describes the loop label of a peeled loop the same way
    (its arguments are what the loop keeps, not the frame).

    `short`, on the first label of a peeled loop, is how an entry trace
    that reaches the loop enters its loop label instead (a ShortPreamble,
    tracer/optimizer/short.py), or why it cannot (a str, for the trace log)."""

    __slots__ = ("name", "label", "resume", "short")

    def __init__(self, name=None):
        self.name = name
        self.label = None
        self.resume = None
        self.short = None

    def bind(self, label_op):
        self.label = label_op
        label_op.descr = self
        return self

    def arg_kinds(self):
        return tuple(v.kind for v in self.label.args)

    def __repr__(self):
        return f"<TargetToken {self.name or hex(id(self))}>"


class FieldDescr(Descr):
    """An attribute of an interpreter object.

    `kind` is how the trace sees the attribute.  A host attribute always
    holds an object; an int or float field holds a host int (in int64
    range) or float that getfield_i/f unbox and setfield boxes, so that the
    optimizer can keep it in a register.  `immutable` fields never change
    after the object is built, so reading them is pure.  A field that
    `owns_list` is an array of a virtualizable (`_virtualizable_` names it
    `name[*]`): the list it holds is the object's own, held by no other
    field of any object (the interpreter's promise, as in PyPy), so a write
    to its items touches no other such field's list.
    """

    __slots__ = ("name", "kind", "owner", "immutable", "owns_list")

    def __init__(self, name, kind=REF, owner=None, immutable=False):
        if kind not in (INT, FLOAT, REF):
            raise ValueError(f"field kind must be int, float or ref, not {kind!r}")
        self.name = name
        self.kind = kind
        self.owner = owner          # the class, when known (for the backend)
        self.immutable = immutable
        self.owns_list = name + "[*]" in getattr(owner, "_virtualizable_", ())

    def __repr__(self):
        owner = f"{self.owner.__name__}." if self.owner is not None else ""
        return f"<FieldDescr {owner}{self.name}: {self.kind.name}>"

    def read(self, obj):
        """The field's host value (what getfield reads), for the executor."""
        return getattr(obj, self.name)

    def write(self, obj, value):
        """Store the host value (what setfield writes): the executor and
        deoptimization's pending writes go through this."""
        setattr(obj, self.name, value)


class DictItemDescr(FieldDescr):
    """The item of a host dict at one constant key, seen by the trace as a
    ref field of the dict: getfield_r reads it (NULL when the key is absent,
    without raising), setfield stores it (never NULL).  Module namespaces
    are host dicts; as fields, their items get the heap pass's caching and
    delayed writes, so a global read in a loop costs nothing and a global
    written in a loop lives in a register until the trace exits.

    One descr per key (`for_key`): descrs are compared by identity.
    """

    __slots__ = ("key",)
    _by_key = {}

    def __init__(self, key):
        super().__init__(f"dict_{key}", REF, owner=dict)
        self.key = key

    @classmethod
    def for_key(cls, key):
        d = cls._by_key.get(key)
        if d is None:
            d = cls._by_key[key] = cls(key)
        return d

    def read(self, obj):
        from .values import NULL
        return obj.get(self.key, NULL)

    def write(self, obj, value):
        obj[self.key] = value

    def __repr__(self):
        return f"<DictItemDescr {self.key!r}>"


class NullableFieldDescr(FieldDescr):
    """A ref field that may be unset (a guest `__slots__` member never
    assigned, or deleted): getfield_r reads NULL then, without raising, and
    the trace guards on it; setfield never stores NULL.  The backend reads a
    plain slot in place (other attributes it leaves to the executor)."""

    __slots__ = ()

    def read(self, obj):
        from .values import NULL
        try:
            return getattr(obj, self.name)
        except AttributeError:
            return NULL


class CellContentsDescr(NullableFieldDescr):
    """A closure cell's contents: NULL when the cell is empty (where reading
    `cell_contents` raises ValueError)."""

    __slots__ = ()

    def read(self, obj):
        from .values import NULL
        try:
            return obj.cell_contents
        except ValueError:
            return NULL


_FIELD_DESCRS = {}


def field_descr(cls, name, kind=REF, immutable=False, nullable=False, make=None):
    """The one descr of attribute `name` of `cls` as the trace sees it.

    One per process, not per recording: a bridge replays its loop's pending
    writes and rebuilds its loop's virtuals with the loop's descrs, and the
    heap pass must see those as the fields its own reads name (a per-recorder
    descr made a bridge read a field past a delayed write of it).  Keeps the
    class alive, as compiled traces that name it do."""
    key = (cls, name, kind, immutable, nullable)
    d = _FIELD_DESCRS.get(key)
    if d is None:
        if make is None:
            make = NullableFieldDescr if nullable else FieldDescr
        d = _FIELD_DESCRS[key] = make(name, kind, owner=cls, immutable=immutable)
    return d


class EffectInfo:
    """What a residual call may do (PyPy's effectinfo, in small).
    `lists_only`: what it reads and writes are lists' items and lengths
    (`list.append` on a list), nothing else: no object's field, no
    object's class, no guest code."""

    __slots__ = ("may_raise", "reads_heap", "writes_heap", "elidable", "lists_only")

    def __init__(self, may_raise=True, reads_heap=True, writes_heap=True,
                 elidable=False, lists_only=False):
        self.may_raise = may_raise
        self.reads_heap = reads_heap
        self.writes_heap = writes_heap
        self.elidable = elidable    # same args -> same result, no effect
        self.lists_only = lists_only

    @property
    def is_removable(self):
        return self.elidable or not (self.may_raise or self.writes_heap)

    def __repr__(self):
        flags = [n for n in self.__slots__ if getattr(self, n)]
        return f"<EffectInfo {' '.join(flags) or 'none'}>"


EFFECT_ANY = EffectInfo()
EFFECT_ELIDABLE = EffectInfo(may_raise=False, reads_heap=False,
                             writes_heap=False, elidable=True)
EFFECT_ELIDABLE_CAN_RAISE = EffectInfo(may_raise=True, reads_heap=False,
                                       writes_heap=False, elidable=True)
EFFECT_NONE = EffectInfo(may_raise=False, reads_heap=False, writes_heap=False)
EFFECT_LISTS_ONLY = EffectInfo(lists_only=True)


class CallDescr(Descr):
    """A residual call: the host callable, the kinds it is called with and
    returns (its arguments are the op's arguments), and its effects.

    `arg_kinds` None means any number of arguments of any kind.  In the
    executor int and float arguments are Python ints and floats, refs are
    the objects; the backend boxes/unboxes at the boundary unless it knows a
    native helper for `func`.
    """

    __slots__ = ("func", "arg_kinds", "result_kind", "effect", "name")

    def __init__(self, func, arg_kinds=None, result_kind=REF, effect=EFFECT_ANY,
                 name=None):
        self.func = func
        self.arg_kinds = None if arg_kinds is None else tuple(arg_kinds)
        if result_kind not in (INT, FLOAT, REF, VOID):
            raise ValueError(f"bad result kind {result_kind!r}")
        self.result_kind = result_kind
        self.effect = effect
        self.name = name or getattr(func, "__name__", None)

    def __repr__(self):
        return f"<CallDescr {self.name} -> {self.result_kind.name} {self.effect!r}>"


class AssemblerCallDescr(CallDescr):
    """call_assembler_r's descr: a call of another trace's compiled code (a
    guest function's entry trace), PyPy's call_assembler.

    `func(*args)` is the general path, which the executor takes: it runs the
    callee and returns its result, however the callee's code leaves.  A
    backend may instead enter `compiled` directly and, when it left by a
    finish, take the finish's value; when it left any other way,
    `leave(exit_number, values)` finishes the call (deoptimizing the callee)
    and returns the result or raises."""

    __slots__ = ("compiled", "leave")

    def __init__(self, func, compiled, leave, arg_kinds, name=None):
        super().__init__(func, arg_kinds, REF, EFFECT_ANY, name)
        self.compiled = compiled
        self.leave = leave

    def __repr__(self):
        return f"<AssemblerCallDescr {self.name}>"


class TextLocation(Descr):
    """A debug_merge_point location known only by its text (the parser
    makes these; the interpreter gives its own location objects, printed
    with str())."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"<TextLocation {self.text!r}>"

    def __eq__(self, other):
        return isinstance(other, TextLocation) and other.text == self.text

    def __hash__(self):
        return hash(self.text)


class LazyLocation(TextLocation):
    """A debug_merge_point location whose text is made the first time it
    is asked for, by `make(*args)`: the recorder makes one per guest
    instruction, and without a trace log almost none is ever printed."""

    __slots__ = ("_make", "_args", "_text")

    def __init__(self, make, args):
        self._make = make
        self._args = args
        self._text = None

    @property
    def text(self):
        if self._text is None:
            self._text = self._make(*self._args)
        return self._text


class NamedDescr(Descr):
    """An opaque descr known by its name (e.g. a finish descr in a parsed
    trace)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<NamedDescr {self.name}>"
