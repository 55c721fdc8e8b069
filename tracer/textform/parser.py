"""Parsing the text form back into a Trace (grammar in textform/__init__.py)."""

import ast
import builtins
import re

from ..ir.descr import (CallDescr, FieldDescr, NamedDescr, TargetToken,
                        TextLocation)
from ..ir.kinds import KIND_BY_PREFIX, REF
from ..ir.optable import OPS, OPS_BY_NAME, rop
from ..ir.snapshot import FlatSnapshot
from ..ir.trace import Trace
from ..ir.values import (CONST_NULL, ConstFloat, ConstInt, ConstPtr, InputArg,
                         new_op)


class ParseError(Exception):
    def __init__(self, message, lineno=None, line=None, col=None):
        self.message = message
        self.lineno = lineno
        self.line = line
        self.col = col
        where = ""
        if lineno is not None:
            where = f"line {lineno}: "
        text = where + message
        if line is not None:
            text += f"\n    {line}"
            if col is not None:
                text += "\n    " + " " * col + "^"
        super().__init__(text)


_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#.*)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<float>(?:\d[\d_]*\.[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+)
  | (?P<int>0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<punct>[()\[\],=|:<>-])
  | (?P<other>.)
""", re.VERBOSE)

_VALUE_NAME = re.compile(r"[ifp]\d\w*\Z")

_DEFAULT_NAMES = {name: obj for name, obj in vars(builtins).items()
                  if not name.startswith("_")}


class _Tokens:
    def __init__(self, line, lineno):
        self.line = line
        self.lineno = lineno
        self.toks = []          # (type, text, col)
        pos = 0
        while pos < len(line):
            # never fails: "other" takes any character, for ConstPtr's
            # literals; the grammar rejects it anywhere else
            m = _TOKEN.match(line, pos)
            kind = m.lastgroup
            if kind == "comment":
                break
            if kind != "ws":
                self.toks.append((kind, m.group(), pos))
            pos = m.end()
        self.i = 0

    def error(self, message, col=None):
        if col is None:
            col = self.toks[self.i][2] if self.i < len(self.toks) else len(self.line)
        return ParseError(message, self.lineno, self.line, col)

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None, len(self.line))

    def next(self):
        tok = self.peek()
        if tok[0] is None:
            raise self.error("unexpected end of line")
        self.i += 1
        return tok

    def accept(self, text):
        if self.peek()[1] == text and self.peek()[0] in ("punct", "name"):
            self.i += 1
            return True
        return False

    def expect(self, text):
        if not self.accept(text):
            if self.at_end():
                raise self.error(f"unexpected end of line (expected {text!r})")
            raise self.error(f"expected {text!r}")

    def at_end(self):
        return self.i >= len(self.toks)

    def expect_end(self, what):
        if not self.at_end():
            kind, text, col = self.peek()
            if kind == "other":
                raise self.error(f"unexpected character {text!r}", col)
            raise self.error(f"unexpected text after {what}", col)


class TraceParser:
    def __init__(self, namespace=None, snapshot_factory=FlatSnapshot):
        self.namespace = {} if namespace is None else namespace
        self.snapshot_factory = snapshot_factory
        self.values = {}
        self.labels = {}            # label name -> TargetToken, in this text
        self.label_ops = []
        self.untargeted_jumps = []  # jumps without descr=, in order
        self.toks = None

    # -- entry ----------------------------------------------------------------
    def parse(self, text, name=None):
        inputargs, ops = [], []
        first = True
        for lineno, line in enumerate(text.splitlines(), 1):
            toks = _Tokens(line.strip(), lineno)
            if toks.at_end():
                continue
            self.toks = toks
            if first and toks.peek()[1] == "[":
                inputargs = self.parse_inputs()
            else:
                if ops and OPS[ops[-1].opnum].is_final:
                    raise toks.error(f"op after {OPS[ops[-1].opnum].name}", 0)
                ops.append(self.parse_op())
            first = False
        self.resolve_jumps(inputargs, ops)
        return Trace(inputargs, ops, name)

    def parse_inputs(self):
        t = self.toks
        t.expect("[")
        args = []
        if not t.accept("]"):
            while True:
                args.append(self.define_input(t.next()))
                if t.accept("]"):
                    break
                t.expect(",")
        t.expect_end("the inputs")
        return args

    def define_input(self, tok):
        kind, text, col = tok
        if kind != "name" or not _VALUE_NAME.match(text):
            raise self.toks.error(f"expected a value name like i0, f1, p2, not {text!r}", col)
        if text in self.values:
            raise self.toks.error(f"{text} is defined twice", col)
        v = self.values[text] = InputArg(KIND_BY_PREFIX[text[0]])
        return v

    # -- ops ------------------------------------------------------------------
    def parse_op(self):
        t = self.toks
        result_name = None
        if t.peek(1)[1] == "=" and t.peek()[0] == "name":
            kind, result_name, col = t.next()
            t.next()
            if not _VALUE_NAME.match(result_name):
                raise t.error(f"a result is named like i3, f4, p5, not {result_name!r}", col)
            if result_name in self.values:
                raise t.error(f"{result_name} is defined twice", col)
        kind, opname, col = t.next()
        info = OPS_BY_NAME.get(opname) if kind == "name" else None
        if info is None:
            raise t.error(f"unknown op {opname!r}", col)
        t.expect("(")
        args, descr = self.parse_args(info)
        snapshot = None
        if t.accept("["):
            if not info.is_guard:
                raise t.error(f"{info.name} is not a guard and takes no snapshot")
            snapshot = self.snapshot_factory(self.parse_value_list("]"))
        t.expect_end("the op")
        if info.arity is not None and len(args) != info.arity:
            raise t.error(f"{info.name} takes {info.arity} arguments, got {len(args)}", col)
        op = new_op(info.opnum, args, None, snapshot)
        op.descr = self.resolve_descr(info, op, descr, col)
        if result_name is not None:
            if not info.has_result:
                raise t.error(f"{info.name} has no result", 0)
            if KIND_BY_PREFIX[result_name[0]] is not info.result:
                raise t.error(f"{info.name} gives {info.result.noun}; "
                              f"{result_name} names {KIND_BY_PREFIX[result_name[0]].noun}", 0)
            self.values[result_name] = op
        return op

    def parse_args(self, info):
        t = self.toks
        args, descr = [], None
        if t.accept(")"):
            return args, descr
        while True:
            if t.peek()[1] == "descr" and t.peek(1)[1] == "=":
                t.next()
                t.next()
                kind, text, col = t.next()
                if kind not in ("name", "string"):
                    raise t.error("expected a descr name", col)
                descr = (kind, text, col)
            elif t.peek()[0] == "string" and info.descr == "location":
                kind, text, col = t.next()
                descr = (kind, text, col)
            else:
                if descr is not None:
                    raise t.error("descr= comes last")
                args.append(self.parse_value())
            if t.accept(")"):
                return args, descr
            t.expect(",")

    def parse_value_list(self, close):
        t = self.toks
        values = []
        if t.accept(close):
            return values
        while True:
            values.append(self.parse_value())
            if t.accept(close):
                return values
            t.expect(",")

    def parse_value(self):
        t = self.toks
        kind, text, col = t.next()
        if kind == "name":
            if _VALUE_NAME.match(text):
                try:
                    return self.values[text]
                except KeyError:
                    raise t.error(f"{text} is not defined", col) from None
            if text in ("inf", "nan"):
                return ConstFloat(float(text))
            if text == "NULL":
                return CONST_NULL
            if text in ("ConstInt", "ConstFloat", "ConstPtr", "ConstClass"):
                return self.parse_const_call(text)
            return ConstPtr(self.lookup(text, col))
        if kind == "punct" and text == "-":
            nkind, ntext, ncol = t.next()
            if nkind == "int":
                return self.int_const(-int(ntext, 0), col)
            if nkind == "float" or ntext == "inf":
                return ConstFloat(-float(ntext))
            raise t.error("expected a number after '-'", ncol)
        if kind == "int":
            return self.int_const(int(text, 0), col)
        if kind == "float":
            return ConstFloat(float(text))
        if kind == "other":
            raise t.error(f"unexpected character {text!r}", col)
        raise t.error(f"expected a value, not {text!r}", col)

    def int_const(self, value, col):
        try:
            return ConstInt(value)
        except ValueError as e:
            raise self.toks.error(str(e), col) from None

    def parse_const_call(self, which):
        t = self.toks
        t.expect("(")
        if which == "ConstInt":
            c = self.parse_value()
            if c.kind is not ConstInt.kind or not c.is_constant:
                raise t.error("ConstInt takes an integer")
        elif which == "ConstFloat":
            if t.peek()[1] == "bits" and t.peek(1)[1] == "=":
                t.next()
                t.next()
                kind, text, col = t.next()
                if kind != "int":
                    raise t.error("bits= takes an integer", col)
                c = ConstFloat.from_bits(_signed64(int(text, 0)))
            else:
                c = self.parse_value()
                if not c.is_constant or c.kind is REF:
                    raise t.error("ConstFloat takes a number")
                c = ConstFloat(c.value)
        else:
            c = ConstPtr(self.parse_ref_literal())
            return c
        t.expect(")")
        return c

    def parse_ref_literal(self):
        """The text up to the matching ')' of ConstPtr(...): a name in the
        namespace, or a Python literal.  Consumes the ')'."""
        t = self.toks
        start_col = t.peek()[2]
        depth = 0
        while True:
            kind, text, col = t.next()
            if kind == "punct" and text in "([":
                depth += 1
            elif kind == "punct" and text in ")]":
                if depth == 0:
                    break
                depth -= 1
        raw = t.line[start_col:col].strip()
        if raw.isidentifier() and raw not in ("None", "True", "False"):
            return self.lookup(raw, start_col)
        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            raise t.error(f"not a name or a Python literal: {raw!r}", start_col) from None

    def lookup(self, name, col):
        if name in self.namespace:
            return self.namespace[name]
        if name in _DEFAULT_NAMES:
            return _DEFAULT_NAMES[name]
        raise self.toks.error(f"{name!r} is not in the namespace", col)

    # -- descrs ---------------------------------------------------------------
    def resolve_descr(self, info, op, descr, col):
        t = self.toks
        if descr is None:
            if info.opnum == rop.LABEL:
                TargetToken().bind(op)
                self.label_ops.append(op)
                return op.descr
            if info.opnum == rop.JUMP:
                self.untargeted_jumps.append((op, len(self.label_ops), t.lineno, t.line))
                return None
            if info.descr in ("field", "call", "class", "location"):
                raise t.error(f"{info.name} needs a descr", col)
            return None
        kind, text, dcol = descr
        if kind == "string":
            if info.descr != "location":
                raise t.error(f"{info.name} takes no text descr", dcol)
            return TextLocation(ast.literal_eval(text))
        where = info.descr
        if where is None:
            return self.opaque(text)
        if where == "target":
            return self.target(info, op, text, dcol)
        if where == "field":
            return self.field(info, op, text, dcol)
        if where == "call":
            d = self.namespace.get(text)
            if not isinstance(d, CallDescr):
                raise t.error(f"{text!r} is not a CallDescr in the namespace", dcol)
            return d
        if where == "class":
            cls = self.lookup(text, dcol)
            if not isinstance(cls, type):
                raise t.error(f"{text!r} is not a class", dcol)
            return cls
        if where == "location":
            return self.namespace.get(text) or TextLocation(text)
        return self.opaque(text)        # "exit"

    def opaque(self, name):
        d = self.namespace.get(name)
        if d is None:
            d = self.namespace[name] = NamedDescr(name)
        return d

    def target(self, info, op, name, col):
        t = self.toks
        if info.opnum == rop.LABEL:
            if name in self.labels:
                raise t.error(f"label {name} is defined twice", col)
            token = self.namespace.get(name)
            if token is not None and not isinstance(token, TargetToken):
                raise t.error(f"{name!r} in the namespace is not a TargetToken", col)
            if token is None or token.label is not None:
                # a token of an earlier trace (say the "before" of an
                # optimizer test) stays with it; this text gets its own
                token = self.namespace[name] = TargetToken(name)
            self.labels[name] = token
            token.bind(op)
            self.label_ops.append(op)
            return token
        token = self.labels.get(name) or self.namespace.get(name)
        if not isinstance(token, TargetToken):
            raise t.error(f"jump to unknown label {name!r}", col)
        return token

    def field(self, info, op, name, col):
        t = self.toks
        if info.opnum == rop.SETFIELD:
            if len(op.args) != 2:
                raise t.error("setfield takes an object and a value", col)
            kind = op.args[1].kind
        else:
            kind = info.result
        d = self.namespace.get(name)
        if d is None:
            d = self.namespace[name] = FieldDescr(name, kind)
        elif not isinstance(d, FieldDescr):
            raise t.error(f"{name!r} in the namespace is not a FieldDescr", col)
        elif d.kind is not kind:
            raise t.error(f"field {name} is {d.kind.name}, used as {kind.name}", col)
        return d

    def resolve_jumps(self, inputargs, ops):
        if not self.untargeted_jumps:
            return
        if not self.label_ops:
            # `[i0, i1] ... jump(...)`: the loop's label is implicit
            label = new_op(rop.LABEL, inputargs)
            TargetToken().bind(label)
            ops.insert(0, label)
            for op, _, _, _ in self.untargeted_jumps:
                op.descr = label.descr
            return
        for op, nlabels, lineno, line in self.untargeted_jumps:
            if nlabels == 0:
                raise ParseError("jump without descr= before any label", lineno, line)
            op.descr = self.label_ops[nlabels - 1].descr


def _signed64(x):
    x &= (1 << 64) - 1
    return x - (1 << 64) if x >= 1 << 63 else x


def parse_trace(text, namespace=None, snapshot_factory=FlatSnapshot, name=None):
    """Parse the text form.  `namespace` maps names to descrs and ref
    constants; descrs the text introduces (labels, fields, finish descrs)
    are added to it, so traces parsed with one namespace share them."""
    return TraceParser(namespace, snapshot_factory).parse(text, name)

