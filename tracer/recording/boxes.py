"""Boxes: what a guest value is while a trace is recorded.

A box holds the concrete host object (execution goes on for real while
tracing) and the IR that stands for it: a `ref` value, and for ints,
floats and bools an unboxed `int`/`float` value, so that arithmetic on
boxes records `int_add_ovf`, not calls.  Python's operators on boxes
record IR ops and guards that hold for the concrete values; branching on a
box (`bool(box)`) records a guard.

The tracer's "low level" is the host's primitive types (DESIGN.md): this
module knows int, float, bool, list and tuple, and records anything else
as a residual call of the host operation.  After an abort, boxes only
compute: every operation unwraps and returns plain values.
"""

import operator

from tracer.optimizer.info import class_may_change
from tracer.ir import (INT, FLOAT, REF, INT64_MIN, INT64_MAX, ConstInt, ConstFloat,
                       ConstPtr, CallDescr, EffectInfo)

_EFFECT_ANY = EffectInfo(may_raise=True, reads_heap=True, writes_heap=True)


_LEARNED = frozenset({"ref", "unboxed", "known_class"})


class Box:
    """A guest value during recording.  `ref` and `unboxed` are IR values or None."""
    __slots__ = ("value", "ref", "unboxed", "known_class", "rec")

    def __init__(self, rec, value, ref=None, unboxed=None, known_class=False):
        init = object.__setattr__
        init(self, "rec", rec)
        init(self, "value", value)
        init(self, "ref", ref)
        init(self, "unboxed", unboxed)
        init(self, "known_class", known_class)

    def __repr__(self):
        return f"<Box {self.value!r}>"

    # -- IR views -------------------------------------------------------------
    def as_ref(self):
        """The ref IR value, boxing an unboxed int/float/bool on demand."""
        if self.ref is None:
            b = self.rec.builder
            v = self.value
            if type(v) is bool:
                self.ref = b.box_bool(self.unboxed)
            elif type(v) is int:
                self.ref = b.box_int(self.unboxed)
            else:
                self.ref = b.box_float(self.unboxed)
            self.known_class = True
        return self.ref

    def guard_class(self):
        if not self.known_class:
            cls = type(self.value)
            self.rec.builder.guard_class(self.ref, ConstPtr(cls))
            self.known_class = True
            if class_may_change(cls):
                self.rec.mutable_classes.append(self)

    def as_int(self):
        """The int64 IR value of an int/bool box (guards its class and range)."""
        if self.unboxed is None:
            self.guard_class()
            if type(self.value) is bool:
                self.unboxed = self.rec.builder.int_is_true(
                    self.rec.builder.ptr_eq(self.ref, ConstPtr(True)))
            else:
                self.rec.builder.guard_int64(self.ref)
                self.unboxed = self.rec.builder.unbox_int(self.ref)
        return self.unboxed

    def as_float(self):
        if type(self.value) is float:
            if self.unboxed is None:
                self.guard_class()
                self.unboxed = self.rec.builder.unbox_float(self.ref)
            return self.unboxed
        return self.rec.builder.cast_int_to_float(self.as_int())

    # -- Python's protocol --------------------------------------------------------
    def __bool__(self):
        return self.rec.truth(self)

    def __index__(self):
        return self.rec.promote(self)

    def __hash__(self):
        return hash(self.rec.promote(self))

    def __getattr__(self, name):
        return self.rec.getattr(self, name)

    def __setattr__(self, name, value):
        # what the box learns later (its ref, its unboxed value, its class);
        # `value` and `rec` never change, so writing them is the interpreter
        # writing a field of the object it stands for
        if name in _LEARNED:
            object.__setattr__(self, name, value)
        else:
            self.rec.setattr(self, name, value)

    def __getitem__(self, key):
        return self.rec.getitem(self, key)

    def __setitem__(self, key, value):
        self.rec.setitem(self, key, value)

    def __delitem__(self, key):
        self.rec.delitem(self, key)

    def __len__(self):
        return self.rec.length(self)

    def __iter__(self):
        return iter(self.rec.unpack(self))

    def __call__(self, *args, **kwargs):
        return self.rec.call(self, args, kwargs)


def _binary(name, native):
    def method(self, other):
        return self.rec.binary(name, native, self, other)

    def rmethod(self, other):
        return self.rec.binary(name, native, other, self)
    return method, rmethod


_BINARY = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "floordiv": operator.floordiv, "mod": operator.mod, "truediv": operator.truediv,
    "and": operator.and_, "or": operator.or_, "xor": operator.xor,
    "lshift": operator.lshift, "rshift": operator.rshift, "pow": pow,
    "matmul": operator.matmul,
    "lt": operator.lt, "le": operator.le, "eq": operator.eq, "ne": operator.ne,
    "gt": operator.gt, "ge": operator.ge,
}
_REFLECTED_COMPARE = {"lt": "gt", "le": "ge", "eq": "eq", "ne": "ne", "gt": "lt", "ge": "le"}

for _name, _native in _BINARY.items():
    _m, _rm = _binary(_name, _native)
    setattr(Box, f"__{_name}__", _m)
    if _name in _REFLECTED_COMPARE:
        continue
    setattr(Box, f"__r{_name}__", _rm)
    # In place: the same IR on numbers (the recorder picks it by name), but a
    # list's += must extend that list, and errors name the `op=` operator.
    setattr(Box, f"__i{_name}__", _binary(_name, getattr(operator, f"i{_name}"))[0])

for _name, _native in {"neg": operator.neg, "pos": operator.pos, "invert": operator.invert,
                       "abs": abs}.items():
    setattr(Box, f"__{_name}__",
            (lambda name, native: lambda self: self.rec.unary(name, native, self))(_name, _native))


def unwrap(x):
    return x.value if type(x) is Box else x


def fits_int64(v):
    return INT64_MIN <= v <= INT64_MAX


def const_of(x):
    """An IR constant for a plain host value."""
    t = type(x)
    if t is int and fits_int64(x):
        return ConstInt(x)
    if t is float:
        return ConstFloat(x)
    return ConstPtr(x)


def residual_descr(fn, nargs, result_kind=REF, effect=_EFFECT_ANY):
    return CallDescr(fn, [REF] * nargs, result_kind, effect)

