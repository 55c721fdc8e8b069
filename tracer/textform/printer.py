"""Printing traces in the text form (the grammar is in textform/__init__.py).

Printing normalizes: values are renamed i0, f1, p2, ... in order of
definition (one counter, a kind letter in front), so two traces that differ
only in value identities print the same, and `format_trace` of a parsed
text is that text's normal form.
"""

import ast
import builtins
import math

from ..ir.descr import TargetToken
from ..ir.kinds import FLOAT, INT
from ..ir.optable import OPS, rop
from ..ir.values import NULL, float_to_bits

_CANONICAL_NAN_BITS = float_to_bits(math.nan)
_BUILTIN_NAMES = {id(obj): name for name, obj in vars(builtins).items()
                  if not name.startswith("_") and (isinstance(obj, type) or callable(obj))}


def format_float(x):
    if math.isnan(x):
        bits = float_to_bits(x)
        return "nan" if bits == _CANONICAL_NAN_BITS else f"ConstFloat(bits={bits & 0xFFFFFFFFFFFFFFFF:#x})"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def literal_text(obj):
    """repr(obj) if it reads back as an equal object of the same type."""
    if type(obj) not in (type(None), bool, int, float, complex, str, bytes, tuple):
        return None
    text = repr(obj)
    try:
        back = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if type(back) is not type(obj) or back != obj:
        return None
    return text


def _short_repr(obj):
    """A one-line name for an object constant: classes and functions by name,
    anything else by type and address (a module's globals dict is no line)."""
    if isinstance(obj, type):
        return f"class {obj.__module__}.{obj.__qualname__}"
    name = getattr(obj, "__qualname__", None)
    if isinstance(name, str) and callable(obj):
        return f"{type(obj).__name__} {name}"
    text = repr(obj)
    if len(text) <= 40 and "\n" not in text:
        return text
    return f"{type(obj).__name__} at {id(obj):#x}"


class TracePrinter:
    """Names values and descrs and prints ops.  One printer per trace (or
    per loop with its bridges) keeps value names consistent."""

    def __init__(self, namespace=None, show_exits=False):
        self.names = {}
        self.counter = 0
        self.show_exits = show_exits
        self.by_id = {}
        for name, obj in (namespace or {}).items():
            self.by_id.setdefault(id(obj), name)
        self.token_names = {}

    # -- values ---------------------------------------------------------------
    def define(self, v):
        name = self.names.get(v)
        if name is None:
            name = self.names[v] = f"{v.kind.prefix}{self.counter}"
            self.counter += 1
        return name

    def name_of(self, v):
        if v.is_constant:
            return self.constant(v)
        return self.define(v)

    def constant(self, c):
        if c.kind is INT:
            return str(c.value)
        if c.kind is FLOAT:
            return format_float(c.value)
        return self.ref_text(c.value)

    def ref_text(self, obj):
        if obj is NULL:
            return "NULL"
        text = literal_text(obj)
        if text is None:
            text = self.by_id.get(id(obj)) or _BUILTIN_NAMES.get(id(obj))
        if text is None:
            text = f"<{_short_repr(obj)}>"        # printable, not parseable
        return f"ConstPtr({text})"

    # -- descrs ---------------------------------------------------------------
    def descr_name(self, descr):
        name = self.by_id.get(id(descr))
        if name is not None:
            return name
        if isinstance(descr, TargetToken):
            return self.token_name(descr)
        if isinstance(descr, type):
            return _BUILTIN_NAMES.get(id(descr)) or descr.__name__
        name = getattr(descr, "name", None)
        return name if isinstance(name, str) else f"<{descr!r}>"

    def token_name(self, token):
        name = self.by_id.get(id(token)) or token.name
        if name is None:
            name = self.token_names.get(token)
            if name is None:
                taken = set(self.by_id.values()) | set(self.token_names.values())
                k = len(self.token_names)
                while f"L{k}" in taken:
                    k += 1
                name = self.token_names[token] = f"L{k}"
        return name

    def token_is_named(self, token):
        return id(token) in self.by_id or token.name is not None

    # -- ops ------------------------------------------------------------------
    def format_op(self, op, show_descr=True):
        info = OPS[op.opnum]
        parts = [self.name_of(a) for a in op.args]
        if op.descr is not None and show_descr:
            if info.descr == "location":
                parts.append(repr(str(op.descr)))
            else:
                parts.append("descr=" + self.descr_name(op.descr))
        text = f"{info.name}({', '.join(parts)})"
        if info.has_result:
            text = f"{self.define(op)} = {text}"
        if info.is_guard:
            if op.snapshot is not None:
                text += f" [{op.snapshot.format(self.name_of)}]"
            if self.show_exits and op.exit_number is not None:
                text += f"  # exit {op.exit_number}"
        elif info.is_exit and self.show_exits and op.exit_number is not None:
            text += f"  # exit {op.exit_number}"
        return text

    def format_trace(self, trace):
        ops = trace.ops
        for v in trace.inputargs:
            self.define(v)
        lines = ["[" + ", ".join(self.names[v] for v in trace.inputargs) + "]"]
        labels = [k for k, op in enumerate(ops) if op.opnum == rop.LABEL]
        skip_first = self._label_is_implicit(trace, labels)
        last_label = None
        for k, op in enumerate(ops):
            if op.opnum == rop.LABEL:
                last_label = op
                if k == 0 and skip_first:
                    continue
                named = self.token_is_named(op.descr) or self._jumped_to_explicitly(
                    trace, op.descr)
                lines.append(self.format_op(op, show_descr=named))
            elif op.opnum == rop.JUMP:
                default = last_label is not None and op.descr is last_label.descr
                lines.append(self.format_op(op, show_descr=not default))
            else:
                lines.append(self.format_op(op))
        return "\n".join(lines)

    def _label_is_implicit(self, trace, labels):
        """Is ops[0] the label the parser would insert for this text?"""
        ops = trace.ops
        if labels != [0] or not ops or ops[-1].opnum != rop.JUMP:
            return False
        label = ops[0]
        return (ops[-1].descr is label.descr and not self.token_is_named(label.descr)
                and len(label.args) == len(trace.inputargs)
                and all(a is b for a, b in zip(label.args, trace.inputargs)))

    def _jumped_to_explicitly(self, trace, token):
        last = None
        for op in trace.ops:
            if op.opnum == rop.LABEL:
                last = op.descr
            elif op.opnum == rop.JUMP and op.descr is token and token is not last:
                return True
        return False


def format_trace(trace, namespace=None, show_exits=False):
    """The text form of `trace`.  Descrs and ref constants are printed by
    their name in `namespace` where they have one."""
    return TracePrinter(namespace, show_exits).format_trace(trace)


def format_op(op, printer=None):
    return (printer or TracePrinter()).format_op(op)
