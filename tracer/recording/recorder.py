"""The recorder: IR for what the interpreter's own code does with boxes.

Owns the trace being built, the snapshot of the virtualizable state at the
current instruction boundary (every guard recorded before the next
boundary carries it), the trace limit, and the rules for recording host
operations on boxes: int64 arithmetic with overflow guards, float
arithmetic, comparisons, identity, list/tuple items, fields, residual calls.
"""

import math
import operator

from tracer.ir import (INT, REF, VOID, TraceBuilder, ConstInt, ConstPtr, CallDescr,
                       DictItemDescr, EFFECT_ELIDABLE_CAN_RAISE,
                       EFFECT_LISTS_ONLY, EffectInfo)
from tracer.ir.descr import field_descr
from tracer.hints import NotTraceable
from tracer.recording.boxes import Box, unwrap, fits_int64, const_of

_EFFECT_ANY = EffectInfo(may_raise=True, reads_heap=True, writes_heap=True)
_ABSENT = object()

# Values whose builtin operations run no Python code and read no object
# that can change: a host operation or a builtin below on them alone is
# elidable (the heap pass keeps what it knows across it, CSE shares it, a
# call on constants folds).  Exact types only: a subclass may define dunders.
_VALUE_TYPES = frozenset({int, float, complex, str, bytes, bool, type(None)})
_PURE_ON_VALUES = frozenset({
    abs, bool, chr, divmod, float, format, hash, int, len, max, min, ord, repr, round, str,
    operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
    operator.mod, operator.pow, operator.lshift, operator.rshift, operator.and_,
    operator.or_, operator.xor, operator.matmul, operator.neg, operator.pos,
    operator.invert, operator.not_, operator.lt, operator.le, operator.eq, operator.ne,
    operator.gt, operator.ge, operator.contains, operator.getitem, operator.concat,
    operator.iadd, operator.isub, operator.imul, operator.itruediv, operator.ifloordiv,
    operator.imod, operator.ipow, operator.ilshift, operator.irshift, operator.iand,
    operator.ior, operator.ixor, operator.imatmul, operator.iconcat})
# Methods of a list that touch nothing but the list: they store what they
# are given without calling anything on it, and free nothing (no finalizer).
# (Not insert: its index may be an object with a guest __index__.)
_LISTS_ONLY = frozenset({list.append})


AbortTrace = NotTraceable      # raised only at instruction boundaries


# int64 ops with an overflow check, and the ops that need no check.
_INT_OVF = {"add": "int_add_ovf", "sub": "int_sub_ovf", "mul": "int_mul_ovf"}
_INT_PURE = {"and": "int_and", "or": "int_or", "xor": "int_xor"}
_EXACT_FLOAT_INT = 2 ** 53     # every int up to this converts to a double exactly

_INT_CMP = {"lt": "int_lt", "le": "int_le", "eq": "int_eq", "ne": "int_ne",
            "gt": "int_gt", "ge": "int_ge"}
_FLOAT_OPS = {"add": "float_add", "sub": "float_sub", "mul": "float_mul"}
_FLOAT_CMP = {"lt": "float_lt", "le": "float_le", "eq": "float_eq", "ne": "float_ne",
              "gt": "float_gt", "ge": "float_ge"}


class _RecordingBuilder(TraceBuilder):
    """The recorder's TraceBuilder: tells it when a call that may write the heap is emitted."""

    def __init__(self, rec, name=None, default_snapshot=None):
        super().__init__(name=name, default_snapshot=default_snapshot)
        self.rec = rec

    def emit(self, op, *args, descr=None, snapshot=None):
        result = super().emit(op, *args, descr=descr, snapshot=snapshot)
        if result.info.is_call and result.has_side_effects() and self.rec is not None:
            self.rec.forget_classes()
        return result


class Recorder:
    def __init__(self, trace_limit, name=None):
        self.builder = _RecordingBuilder(self, name=name, default_snapshot=self._snapshot)
        self.mutable_classes = []       # boxes whose known class `__class__ =` may change
        self.trace_limit = trace_limit
        self.snapshot = None            # resume data for guards of the current instruction
        self.snapshot_source = None     # makes it from the frames as they are (hints.resume_here)
        self.active = True
        self.abort_reason = None
        self.retry_soon = 0             # the abort says the try this many passes on may close
        self.exception_abort = False    # an exception stopped it (hints.exception_raised)
        # () -> a function that undoes it: puts plain values into the traced
        # frames while a residual call runs (the runtime's; None: nothing to do)
        self.show_plain_values = None

    # -- state ----------------------------------------------------------------------
    def _snapshot(self):
        return self.snapshot

    def abort(self, reason):
        """Stop recording; execution goes on with plain values.  Reported at the next boundary."""
        if self.active:
            self.active = False
            self.abort_reason = reason

    def release(self):
        """The trace is over (closed or aborted): let go of the boxes kept
        for `forget_classes`, and through them of the guest's objects, so
        that those die when the guest drops them, as in CPython (a
        finalizer runs then, not at exit).  And the builder lets go of the
        recorder: that cycle made every recording (its ops, snapshots and
        the guest objects its constants are) wait for the cyclic collector,
        whose collection then walked and freed thousands of objects."""
        self.mutable_classes = []
        self.builder.rec = None
        self.builder.default_snapshot = None

    def forget_classes(self):
        """A call that may write the heap was recorded: it may have assigned
        `__class__` of any object whose class allows it, so the classes the
        trace knew of those must be guarded again (the optimizer forgets
        them too)."""
        for box in self.mutable_classes:
            box.known_class = False
        self.mutable_classes = []

    def check_limit(self):
        if len(self.builder.ops) > self.trace_limit:
            self.abort("trace too long")

    def new_box(self, value, ref=None, unboxed=None, known_class=False):
        return Box(self, value, ref, unboxed, known_class)

    def constant_box(self, value):
        """A box on a constant of the trace, so that operations on it are
        recorded (a class attribute's list: its items are not constants)."""
        return Box(self, value, ConstPtr(value), known_class=True)

    def box_input(self, value, ref):
        return Box(self, value, ref)

    def ref_of(self, x):
        """The ref IR value of a box or a plain value (a constant)."""
        if type(x) is Box:
            return x.as_ref()
        return ConstPtr(x)

    def _int_of(self, x):
        if type(x) is Box:
            return x.as_int()
        return ConstInt(int(x))

    def _float_of(self, x):
        if type(x) is Box:
            return x.as_float()
        from tracer.ir import ConstFloat
        return ConstFloat(float(x))

    # -- control ----------------------------------------------------------------------
    def truth(self, box):
        v = box.value
        if not self.active:
            return bool(v)
        t = type(v)
        b = self.builder
        if t is bool or t is int:
            if t is int and not fits_int64(v):
                return self._residual_truth(box)
            i = box.as_int()
            cond = i if t is bool and box.unboxed is not None and box.ref is None else b.int_is_true(i)
            r = bool(v)
            (b.guard_true if r else b.guard_false)(cond)
            return r
        if t is float:
            r = bool(v)
            c = b.float_ne(box.as_float(), const_of(0.0))
            (b.guard_true if r else b.guard_false)(c)
            return r
        if v is None:
            b.guard_value(box.as_ref(), ConstPtr(None))
            return False
        if t is list or t is tuple:
            # its length, read inline (and known for a list the trace made),
            # rather than a call of bool
            n = self.length_unpromoted(box).as_int()
            r = bool(v)
            (b.guard_true if r else b.guard_false)(b.int_is_true(n))
            return r
        return self._residual_truth(box)

    def _residual_truth(self, box):
        r = bool(box.value)
        res = self.builder.call_i(box.as_ref(), descr=CallDescr(
            bool, [REF], INT, self._effect_on(bool, (box,))))
        self.builder.guard_no_exception()
        (self.builder.guard_true if r else self.builder.guard_false)(res)
        return r

    def promote(self, x):
        """A concrete value the trace depends on: guard_value makes it a constant."""
        if type(x) is not Box:
            return x
        v = x.value
        if self.active:
            if type(v) is int and fits_int64(v):
                self.builder.guard_value(x.as_int(), ConstInt(v))
            else:
                self.builder.guard_value(x.as_ref(), ConstPtr(v))
        return v

    def is_(self, a, b):
        """Identity of guest values: a guard, and the concrete answer."""
        va, vb = unwrap(a), unwrap(b)
        r = va is vb
        if self.active and (type(a) is Box or type(b) is Box):
            if type(b) is Box:
                a, b = b, a
            if type(b) is bool and type(a.value) is bool and a.unboxed is not None:
                # `x is True` / `x is False` on a compare result: either answer
                # follows from the 0/1 value itself, so both tests record the
                # same guard (the second one is then known)
                (self.builder.guard_true if a.value else self.builder.guard_false)(a.unboxed)
                return r
            c = self.builder.ptr_eq(self.ref_of(a), self.ref_of(b))
            (self.builder.guard_true if r else self.builder.guard_false)(c)
        return r

    def type_of(self, x):
        if type(x) is not Box:
            return type(x)
        if self.active:
            x.guard_class()
        return type(x.value)

    # -- arithmetic ----------------------------------------------------------------
    def binary(self, name, native, a, b):
        va, vb = unwrap(a), unwrap(b)
        result = native(va, vb)
        if not self.active:
            return result
        ta, tb = type(va), type(vb)
        bld = self.builder
        if ta in (int, bool) and tb in (int, bool) and fits_int64(va) and fits_int64(vb):
            if name in _INT_CMP:
                return self.new_box(result, unboxed=bld.emit(_INT_CMP[name], self._int_of(a),
                                                             self._int_of(b)), known_class=True)
            if name in _INT_OVF and type(result) is int:
                op = bld.emit(_INT_OVF[name], self._int_of(a), self._int_of(b))
                if fits_int64(result):
                    bld.guard_no_overflow()
                    return self.new_box(result, unboxed=op, known_class=True)
                bld.guard_overflow()
                return self._residual_binary(native, a, b, result)
            if name in _INT_PURE and ta is int and tb is int:
                return self.new_box(result, unboxed=bld.emit(_INT_PURE[name], self._int_of(a),
                                                             self._int_of(b)), known_class=True)
            if name in ("floordiv", "mod") and vb != 0 and ta is int and tb is int:
                ib = self._int_of(b)
                if type(b) is Box:
                    bld.guard_true(bld.int_ne(ib, ConstInt(0)))
                if name == "floordiv":
                    op = bld.int_py_div_ovf(self._int_of(a), ib)
                    bld.guard_no_overflow()
                else:
                    op = bld.int_py_mod(self._int_of(a), ib)
                return self.new_box(result, unboxed=op, known_class=True)
        if (ta is float or tb is float) and ta in (int, float) and tb in (int, float) \
                and (ta is float or fits_int64(va)) and (tb is float or fits_int64(vb)):
            if name in _FLOAT_CMP:
                if not (self._exact_as_float(a) and self._exact_as_float(b)):
                    return self._residual_binary(native, a, b, result)
                return self.new_box(result, unboxed=bld.emit(
                    _FLOAT_CMP[name], self._float_of(a), self._float_of(b)), known_class=True)
            if name in _FLOAT_OPS:
                return self.new_box(result, unboxed=bld.emit(
                    _FLOAT_OPS[name], self._float_of(a), self._float_of(b)), known_class=True)
            if name == "truediv" and vb != 0:
                fb = self._float_of(b)
                if type(b) is Box:
                    bld.guard_true(bld.float_ne(fb, const_of(0.0)))
                return self.new_box(result, unboxed=bld.float_truediv(self._float_of(a), fb),
                                    known_class=True)
        return self._residual_binary(native, a, b, result)

    def _exact_as_float(self, x):
        """CPython compares an int with a float exactly, so a float comparison
        may stand for it only while the int converts exactly: within 2**53 of
        zero.  A boxed int is guarded to stay there."""
        v = unwrap(x)
        if type(v) is float:
            return True
        if not -_EXACT_FLOAT_INT <= v <= _EXACT_FLOAT_INT:
            return False
        if type(x) is Box:
            bld = self.builder
            i = self._int_of(x)
            bld.guard_true(bld.int_le(i, ConstInt(_EXACT_FLOAT_INT)))
            bld.guard_true(bld.int_ge(i, ConstInt(-_EXACT_FLOAT_INT)))
        return True

    def _effect_on(self, fn, args):
        """What a residual call of host `fn` on `args` may do: only touch
        the list it is a method of (_LISTS_ONLY, on an exact list); nothing
        but compute (maybe raise) when `fn` is a builtin operation and the
        arguments are values (_VALUE_TYPES); their classes are guarded;
        anything otherwise."""
        if fn in _LISTS_ONLY and args and type(unwrap(args[0])) is list:
            if type(args[0]) is Box:
                args[0].guard_class()
            return EFFECT_LISTS_ONLY
        if fn not in _PURE_ON_VALUES or any(type(unwrap(a)) not in _VALUE_TYPES for a in args):
            return _EFFECT_ANY
        for a in args:
            if type(a) is Box:
                a.guard_class()
        return EFFECT_ELIDABLE_CAN_RAISE

    def _residual_binary(self, native, a, b, result):
        ref = self.builder.call_r(self.ref_of(a), self.ref_of(b), descr=CallDescr(
            native, [REF, REF], REF, self._effect_on(native, (a, b))))
        self.builder.guard_no_exception()
        return self.new_box(result, ref=ref)

    def unary(self, name, native, a):
        va = unwrap(a)
        result = native(va)
        if not self.active:
            return result
        t = type(va)
        if t is int and name == "neg" and fits_int64(result):
            op = self.builder.int_sub_ovf(ConstInt(0), a.as_int())
            self.builder.guard_no_overflow()
            return self.new_box(result, unboxed=op, known_class=True)
        if t is float and name == "neg":
            return self.new_box(result, unboxed=self.builder.float_neg(a.as_float()),
                                known_class=True)
        ref = self.builder.call_r(a.as_ref(), descr=CallDescr(
            native, [REF], REF, self._effect_on(native, (a,))))
        self.builder.guard_no_exception()
        return self.new_box(result, ref=ref)

    # -- containers and fields -----------------------------------------------------
    def new_tuple(self, items):
        values = tuple(unwrap(v) for v in items)
        if not self.active:
            return values
        return self.new_box(values, ref=self.builder.new_tuple(*[self.ref_of(v) for v in items]),
                            known_class=True)

    def getitem(self, box, key):
        v = box.value
        k = unwrap(key)
        result = v[k]
        if not self.active:
            return result
        t = type(v)
        bld = self.builder
        if (t is list or t is tuple) and type(k) is int:
            box.guard_class()
            ik = self._int_of(key)
            length = (bld.len_list if t is list else bld.len_tuple)(box.as_ref())
            if k < 0:
                bld.guard_true(bld.int_lt(ik, ConstInt(0)))
                ik = bld.int_add(ik, length)
            else:
                bld.guard_true(bld.int_ge(ik, ConstInt(0)))
            bld.guard_true(bld.int_lt(ik, length))
            ref = (bld.getitem_list if t is list else bld.getitem_tuple)(box.as_ref(), ik)
            return self.new_box(result, ref=ref)
        ref = bld.call_r(box.as_ref(), self.ref_of(key), descr=CallDescr(
            operator.getitem, [REF, REF], REF, self._effect_on(operator.getitem, (box, key))))
        bld.guard_no_exception()
        return self.new_box(result, ref=ref)

    def setitem(self, box, key, value):
        v = box.value
        k = unwrap(key)
        if not self.active:
            v[k] = unwrap(value)
            return
        t = type(v)
        bld = self.builder
        if t is list and type(k) is int:
            box.guard_class()
            ik = self._int_of(key)
            length = bld.len_list(box.as_ref())
            if k < 0:
                bld.guard_true(bld.int_lt(ik, ConstInt(0)))
                ik = bld.int_add(ik, length)
            else:
                bld.guard_true(bld.int_ge(ik, ConstInt(0)))
            bld.guard_true(bld.int_lt(ik, length))
            v[k] = unwrap(value)
            bld.setitem_list(box.as_ref(), ik, self.ref_of(value))
            return
        bld.call_n(box.as_ref(), self.ref_of(key), self.ref_of(value),
                   descr=CallDescr(operator.setitem, [REF, REF, REF], VOID, _EFFECT_ANY))
        v[k] = unwrap(value)
        bld.guard_no_exception()

    def delitem(self, box, key):
        """`del box[key]`: a residual call, whatever the container."""
        if self.active:
            self.builder.call_n(box.as_ref(), self.ref_of(key),
                                descr=CallDescr(operator.delitem, [REF, REF], VOID, _EFFECT_ANY))
        del box.value[unwrap(key)]
        if self.active:
            self.builder.guard_no_exception()

    def length(self, box):
        """len() of a list or tuple as a constant of the trace: a guard fixes it."""
        n = self.length_unpromoted(box)
        if type(n) is not Box:
            return n
        self.builder.guard_value(n.as_int(), ConstInt(n.value))
        return n.value

    def length_unpromoted(self, box):
        """len() of a list or tuple as a traced int (no guard on its value)."""
        v = box.value
        n = len(v)
        if not self.active:
            return n
        t = type(v)
        if t is list or t is tuple:
            box.guard_class()
            op = (self.builder.len_list if t is list else self.builder.len_tuple)(box.as_ref())
            return self.new_box(n, unboxed=op, known_class=True)
        self.abort(f"len() of {t.__name__}")
        return n

    # -- dict items (module namespaces) ------------------------------------------------
    def dict_get(self, d, key, default):
        """A dict item at a constant key, as a field of the dict (DictItemDescr):
        getfield_r, then a guard on whether the key was there."""
        key = self.promote(key)
        dv = unwrap(d)
        result = dv.get(key, _ABSENT)
        if self.active and type(dv) is not dict:
            self.abort(f"item of a {type(dv).__name__} as a dict item")
        if not self.active:
            return default if result is _ABSENT else result
        bld = self.builder
        op = bld.getfield_r(self.ref_of(d), descr=DictItemDescr.for_key(key))
        if result is _ABSENT:
            bld.guard_isnull(op)
            return default
        bld.guard_nonnull(op)
        return self.new_box(result, ref=op)

    def dict_set(self, d, key, value):
        key = self.promote(key)
        dv = unwrap(d)
        if self.active and type(dv) is not dict:
            self.abort(f"item of a {type(dv).__name__} as a dict item")
        if self.active:
            self.builder.setfield(self.ref_of(d), self.ref_of(value),
                                  descr=DictItemDescr.for_key(key))
        dv[key] = unwrap(value)

    def unpack(self, box):
        v = box.value
        if not self.active:
            return list(v)
        n = self.length(box) if type(v) in (list, tuple) else None
        if n is None:
            self.abort(f"iterating over {type(v).__name__}")
            return list(v)
        return [self.getitem(box, i) for i in range(n)]

    def _field(self, cls, name):
        # `_immutable_fields_` (as in RPython): never written after
        # __init__, so a read survives calls in the heap cache
        immutable = name in getattr(cls, "_immutable_fields_", ())
        return field_descr(cls, name, REF, immutable)

    def getattr(self, box, name):
        v = box.value
        result = getattr(v, name)
        if not self.active:
            return result
        t = type(v)
        if name.startswith("__") or not hasattr(t, "__slots__") or name not in _all_slots(t):
            # Only fields of interpreter objects (slots) are heap fields.
            self.abort(f"attribute {name} of {t.__name__}")
            return result
        box.guard_class()
        ref = self.builder.getfield_r(box.as_ref(), descr=self._field(t, name))
        return self.new_box(result, ref=ref)

    def setattr(self, box, name, value):
        v = box.value
        t = type(v)
        if self.active and hasattr(t, "__slots__") and name in _all_slots(t):
            box.guard_class()
            self.builder.setfield(box.as_ref(), self.ref_of(value), descr=self._field(t, name))
        elif self.active:
            self.abort(f"setting attribute {name} of {t.__name__}")
        setattr(v, name, unwrap(value))

    def call(self, box, args, kwargs):
        fn = self.promote(box)
        return self.residual_call(fn, args, kwargs)

    def residual_call(self, fn, args, kwargs=None):
        """A host call the trace cannot see into: the concrete result, boxed as a new ref."""
        cargs = [unwrap(a) for a in args]
        ckw = {k: unwrap(v) for k, v in (kwargs or {}).items()}
        if not self.active:
            return fn(*cargs, **ckw)
        if ckw:
            self.abort(f"keyword call of {getattr(fn, '__name__', fn)}")
            return fn(*cargs, **ckw)
        # Host builtins whose meaning on the host's primitive types is an op:
        # no call, and nothing the heap pass must forget or flush for it.
        if len(cargs) == 1 and type(args[0]) is Box:
            if fn is len and type(cargs[0]) in (list, tuple):
                return self.length_unpromoted(args[0])
            if fn is math.sqrt and type(cargs[0]) is float and cargs[0] >= 0.0:
                return self._native_sqrt(args[0], cargs[0])
        refs = [self.ref_of(a) for a in args]
        op = self.builder.call_r(*refs, descr=CallDescr(fn, [REF] * len(refs), REF,
                                                       self._effect_on(fn, args)))
        result = self.call_host(fn, cargs)
        self.builder.guard_no_exception()
        return self.new_box(result, ref=op)

    def call_host(self, fn, args):
        """fn(*args), the host code of a residual call, which may look at the
        frames being recorded (sys._getframe(1).f_locals): they hold plain
        values meanwhile."""
        shown = self.show_plain_values
        if shown is None:
            return fn(*args)
        restore = shown()
        try:
            return fn(*args)
        finally:
            restore()

    def _native_sqrt(self, arg, x):
        """math.sqrt of a float >= 0 (or -0.0) is IEEE's square root, which
        touches no object and cannot fail: the op float_sqrt on the unboxed
        float (sqrtsd; no call, so nothing is spilled around it).  A negative
        or nan argument (ValueError, or nan) leaves by the guard."""
        f = self._float_of(arg)
        self.builder.guard_true(self.builder.float_ge(f, const_of(0.0)))
        op = self.builder.float_sqrt(f)
        return self.new_box(math.sqrt(x), unboxed=op, known_class=True)

    def elidable_call(self, fn, args):
        """A pure function: promote the arguments, compute now, the result is a constant."""
        return fn(*[self.promote(a) for a in args])


def _all_slots(t):
    out = set()
    for k in t.__mro__:
        s = k.__dict__.get("__slots__", ())
        out.update((s,) if isinstance(s, str) else s)
    return out
