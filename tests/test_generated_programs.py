"""Guest programs made up by hypothesis, run under pvmx with the JIT, compared with CPython.

Each example is one script of several small functions (and some loops at
module level), each a `for` or `while` loop over range(N) (N 40-300).  The
loops carry up to six int, three float and three int-or-float variables
(many values: spills) through `+ - * / // % << >> & | ^`, comparisons,
`not`, abs/min/max/int/float, if/else, a short nested loop, calls to small
helper functions, a list of 8 ints and floats read and written at computed
indexes, a variable that changes type (int -> float, float -> int, int ->
bool) at some iteration, values that start near 2**63 or -2**63 and cross
it (ramps, shifts, products), and exceptions (a division by `i - k`, a
negative shift count, an explicit raise) at some iteration, caught inside
the loop, around it, or by the driver.  The driver calls every function
twice and prints each result or exception (type and message).

The reference is CPython itself (the script exec'd in this process, stdout
captured); pvmx runs the script with the JIT at low thresholds, on machine
code and on the IR executor: its stdout must be the same and its status 0.
Many functions share one pvmx process because each start costs ~0.2 s.

Ints are kept from growing without bound by a clamp at the end of each
iteration (`if v > C or v < -C: v = v % M`), which is itself a branch on big
ints.  `python3 tests/test_generated_programs.py` prints one random script.
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LOW = "threshold=2,function_threshold=2,trace_eagerness=2"
CONFIGS = {
    "x86-low": ["--jit", LOW],
    "x86-t3": ["--jit", "threshold=3"],
    "executor-low": ["--jit", LOW + ",backend=executor"],
}

# Edge values for int64 arithmetic: near 0, near 2**31, 2**32 and 2**63.
INT_EDGES = [0, 1, -1, 2, 3, 7, -7, 31, 63, 64, 255, 1000003, -1000003,
             2**31 - 1, -2**31, 2**32, 3037000499, -3037000499, 2**62, -2**62,
             2**63 - 1, -2**63, 2**63, -2**63 - 1, 2**64 + 5]
FLOAT_EDGES = [0.0, -0.0, 0.5, -1.5, 0.1, 3.25, 1e-300, -2.5e-8, 1e300, -1e300,
               9.223372036854776e18, 1e16 + 1.0, 7.0, -3.0]
NONZERO_INTS = [1, -1, 2, 3, -3, 7, 10, -10, 64, 255, 1000003, 2**32, -2**40, 2**63 - 1,
                2**63, -2**63]
NONZERO_FLOATS = [0.5, -0.5, 1.5, 3.0, -7.25, 1e-3, 1e10, 0.1]
EXC_TYPES = ["ValueError", "KeyError", "RuntimeError", "ZeroDivisionError"]


INT_VARS = ("a", "b", "c", "d", "u", "v")
NUM_VARS = ("p", "q", "r")   # int at the start; may become float mid-loop
FLOAT_VARS = ("x", "y", "z")


class Gen:
    """Draws one function's source; types are tracked per variable so that
    only operations valid for both int and float touch a variable that may
    change type (a TypeError would end every such program at its change)."""

    def __init__(self, draw, fname, helpers):
        self.draw = draw
        self.fname = fname
        self.helpers = helpers          # [(name, arity, accepts floats, int of ints)]
        self.n = draw(st.integers(40, 300))
        # many values: the register allocator spills some of them
        self.ints = list(INT_VARS[:draw(st.integers(1, 6))])
        self.nums = list(NUM_VARS[:draw(st.integers(0, 3))])
        self.floats = list(FLOAT_VARS[:draw(st.integers(0, 3))])
        self.has_list = draw(st.integers(0, 2)) == 0     # L: 8 ints and floats
        self.lines = []
        self.loop_var = "i"
        self.inner_vars = []            # the loop variable of a nested loop

    # -- expressions ------------------------------------------------------
    def int_const(self):
        d = self.draw
        how = d(st.integers(0, 5))
        if how <= 2:
            return repr(d(st.sampled_from(INT_EDGES)))
        if how == 3:
            # a ramp (`a += 1`) from here crosses 2**63 after a few hundred iterations
            return "%s %d" % (d(st.sampled_from(["2**63 -", "-2**63 +", "2**62 -"])),
                              d(st.integers(0, 400)))
        return repr(d(st.integers(-2**64, 2**64)))

    def float_const(self):
        c = self.draw(st.sampled_from(FLOAT_EDGES))
        return "(%r)" % c if c < 0 or str(c).startswith("-") else repr(c)

    def paren(self, s):
        return "(%s)" % s

    def int_expr(self, depth=0):
        d = self.draw
        leaf = depth >= 2 or not d(st.integers(0, 2))
        if leaf:
            choice = d(st.integers(0, 5))
            if choice <= 2:
                return d(st.sampled_from(self.ints + [self.loop_var] + self.inner_vars))
            if choice == 3:
                return self.int_const()
            return self.loop_var
        kind = d(st.sampled_from(["arith", "arith", "bit", "divc", "shift", "cmp", "neg",
                                  "call", "builtin", "not", "fromfloat"]))
        if kind == "arith":
            op = d(st.sampled_from(["+", "-", "*"]))
            return self.paren("%s %s %s" % (self.int_expr(depth + 1), op,
                                            self.int_expr(depth + 1)))
        if kind == "bit":
            op = d(st.sampled_from(["&", "|", "^"]))
            return self.paren("%s %s %s" % (self.int_expr(depth + 1), op,
                                            self.int_expr(depth + 1)))
        if kind == "divc":
            op = d(st.sampled_from(["//", "%"]))
            return self.paren("%s %s %s" % (self.int_expr(depth + 1), op,
                                            self.paren(repr(d(st.sampled_from(NONZERO_INTS))))))
        if kind == "shift":
            op = d(st.sampled_from(["<<", ">>"]))
            if op == "<<":
                count = repr(d(st.integers(0, 66)))
            elif d(st.booleans()):
                count = repr(d(st.integers(0, 70)))
            else:
                count = "(%s & 63)" % self.loop_var
            return self.paren("%s %s %s" % (self.int_expr(depth + 1), op, count))
        if kind == "cmp":
            return self.paren(self.cond(depth + 1))
        if kind == "neg":
            return self.paren("-" + self.int_expr(depth + 1))
        int_helpers = [h for h in self.helpers if h[3]]
        if kind == "call" and int_helpers:
            name, arity, _, _ = d(st.sampled_from(int_helpers))
            return "%s(%s)" % (name, ", ".join(self.int_expr(depth + 1) for _ in range(arity)))
        if kind == "builtin":
            fn = d(st.sampled_from(["abs", "min", "max"]))
            nargs = 1 if fn == "abs" else 2
            return "%s(%s)" % (fn, ", ".join(self.int_expr(depth + 1) for _ in range(nargs)))
        if kind == "not":
            return self.paren("not " + self.int_expr(depth + 1))
        if kind == "fromfloat" and d(st.integers(0, 2)) == 0:
            # int() of an inf or a nan raises: rare, and part of the test
            return "int(%s)" % self.num_expr(depth + 1)
        return self.int_const()

    def num_expr(self, depth=0):
        """Valid whether the num variables hold ints or floats."""
        d = self.draw
        leaf = depth >= 2 or not d(st.integers(0, 2))
        if leaf:
            pool = self.ints + self.nums + self.floats + [self.loop_var] + self.inner_vars
            choice = d(st.integers(0, 5))
            if choice == 5 and self.has_list:
                return "L[%s]" % self.list_index()
            if choice >= 2:
                return d(st.sampled_from(pool))
            if choice == 3:
                return self.float_const()
            return self.int_const()
        kind = d(st.sampled_from(["arith", "arith", "arith", "divc", "truediv", "neg",
                                  "intish", "cmp", "builtin", "call", "float", "vardiv"]))
        if kind == "arith":
            op = d(st.sampled_from(["+", "-", "*"]))
            return self.paren("%s %s %s" % (self.num_expr(depth + 1), op,
                                            self.num_expr(depth + 1)))
        if kind == "divc":
            op = d(st.sampled_from(["//", "%", "/"]))
            c = d(st.sampled_from(NONZERO_FLOATS + NONZERO_INTS[:8]))
            return self.paren("%s %s %s" % (self.num_expr(depth + 1), op, self.paren(repr(c))))
        if kind == "truediv":
            # i + 1 is never 0: a true division on a value that changes
            return self.paren("%s / (%s + 1)" % (self.num_expr(depth + 1), self.loop_var))
        if kind == "neg":
            return self.paren("-" + self.num_expr(depth + 1))
        if kind == "cmp":
            return self.paren(self.cond(depth + 1))
        if kind == "builtin":
            fn = d(st.sampled_from(["abs", "min", "max"]))
            nargs = 1 if fn == "abs" else 2
            return "%s(%s)" % (fn, ", ".join(self.num_expr(depth + 1) for _ in range(nargs)))
        num_helpers = [h for h in self.helpers if h[2]]
        if kind == "call" and num_helpers:
            name, arity, _, _ = d(st.sampled_from(num_helpers))
            return "%s(%s)" % (name, ", ".join(self.num_expr(depth + 1) for _ in range(arity)))
        if kind == "float":
            return "float(%s)" % self.int_expr(depth + 1)
        if kind == "vardiv":
            # a divisor that may be 0 or 0.0 at some iteration: ZeroDivisionError
            op = d(st.sampled_from(["/", "//", "%"]))
            return self.paren("%s %s %s" % (self.num_expr(depth + 1), op,
                                             self.num_expr(depth + 1)))
        return self.int_expr(depth + 1)

    def list_index(self):
        d = self.draw
        how = d(st.integers(0, 2))
        if how == 0:
            return "%s %% 8" % self.loop_var
        if how == 1:
            return "(%s + %d) %% 8" % (self.loop_var, d(st.integers(1, 7)))
        return "%s & 7" % d(st.sampled_from(self.ints + [self.loop_var]))

    def float_expr(self, depth=0):
        d = self.draw
        if not self.floats or d(st.integers(0, 3)) == 0:
            return self.paren("%s * 0.5" % self.num_expr(depth + 1))
        return self.paren("%s %s %s" % (d(st.sampled_from(self.floats)),
                                        d(st.sampled_from(["+", "-", "*"])),
                                        self.num_expr(depth + 1)))

    def cond(self, depth=0):
        d = self.draw
        op = d(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
        if d(st.booleans()):
            return "%s %s %s" % (self.int_expr(depth + 1), op, self.int_expr(depth + 1))
        # an int beside a float is compared exactly, also beyond 2**53 (traces
        # once converted the int to a double first)
        left, right = self.num_expr(depth + 1), self.num_expr(depth + 1)
        return "%s %s %s" % (left, op, right)

    # -- statements -------------------------------------------------------
    def emit(self, indent, text):
        self.lines.append("    " * indent + text)

    def assign(self, indent):
        d = self.draw
        kind = d(st.sampled_from(["int"] * 3 + (["num"] * 2 if self.nums else [])
                                 + (["float"] * 2 if self.floats else [])
                                 + (["item"] * 2 if self.has_list else [])
                                 # in place: the alias K must see it (traces once made a new list)
                                 + (["extend"] if self.has_list else [])))
        if kind == "extend":
            self.emit(indent, "L += [%s]" % self.num_expr())
            self.emit(indent, "L.pop(0)")
            return
        if kind == "item":
            op = d(st.sampled_from(["=", "=", "+=", "*="]))
            index = self.list_index()
            self.emit(indent, "L[%s] %s %s" % (index, op, self.num_expr()))
            # items are not clamped at the end of the iteration: here
            self.emit(indent, "if L[%s] > 2**80 or L[%s] < -2**80:" % (index, index))
            self.emit(indent + 1, "L[%s] = L[%s] %% 1000003" % (index, index))
            return
        if kind == "int":
            v = d(st.sampled_from(self.ints))
            if d(st.booleans()):
                op = d(st.sampled_from(["+=", "-=", "^=", "|=", "&="]))
                self.emit(indent, "%s %s %s" % (v, op, self.int_expr()))
            else:
                self.emit(indent, "%s = %s" % (v, self.int_expr()))
        elif kind == "num":
            v = d(st.sampled_from(self.nums))
            self.emit(indent, "%s = %s" % (v, self.num_expr()))
        else:
            v = d(st.sampled_from(self.floats))
            self.emit(indent, "%s = %s" % (v, self.float_expr()))

    def at_iteration(self):
        return self.draw(st.integers(0, self.n + 10))

    def statement(self, indent, depth):
        d = self.draw
        kinds = ["assign"] * 4 + ["ramp"] * 2 + ["if", "typechange", "raise", "zerodiv",
                                                 "shiftneg", "print", "break"]
        if not self.inner_vars and depth < 2:
            kinds.append("inner")
        if depth < 2:
            kinds += ["if", "try"]
        kind = d(st.sampled_from(kinds))
        i = self.loop_var
        if kind == "assign":
            self.assign(indent)
        elif kind == "if":
            self.emit(indent, "if %s:" % self.cond())
            self.block(indent + 1, depth + 1, 1, 3)
            if d(st.booleans()):
                self.emit(indent, "else:")
                self.block(indent + 1, depth + 1, 1, 3)
        elif kind == "typechange":
            k = self.at_iteration()
            what = d(st.sampled_from(["tofloat", "toint", "tobool", "tobig"]))
            if what == "tofloat" and self.nums:
                v = d(st.sampled_from(self.nums))
                self.emit(indent, "if %s == %d:" % (i, k))
                self.emit(indent + 1, "%s = %s + 0.25" % (v, v))
            elif what == "toint" and self.nums:
                v = d(st.sampled_from(self.nums))
                self.emit(indent, "if %s >= %d:" % (i, k))
                # int() of an inf or a nan raises: that is part of the test
                self.emit(indent + 1, "%s = int(%s)" % (v, v))
            elif what == "tobool":
                v = d(st.sampled_from(self.ints))
                self.emit(indent, "if %s == %d:" % (i, k))
                self.emit(indent + 1, "%s = %s > %s" % (v, v, self.int_const()))
            else:
                v = d(st.sampled_from(self.ints))
                self.emit(indent, "if %s == %d:" % (i, k))
                self.emit(indent + 1, "%s = %s + %d" % (v, v, d(st.sampled_from([2**63, -2**63,
                                                                                 2**64]))))
        elif kind == "raise":
            k = self.at_iteration()
            exc = d(st.sampled_from(EXC_TYPES))
            self.emit(indent, "if %s == %d:" % (i, k))
            self.emit(indent + 1, "raise %s(%s)" % (exc, self.int_expr()))
        elif kind == "zerodiv":
            k = self.at_iteration()
            v = d(st.sampled_from(self.ints))
            op = d(st.sampled_from(["//", "%"]))
            self.emit(indent, "%s = %s %s (%s - %d)" % (v, self.int_expr(), op, i, k))
        elif kind == "shiftneg":
            k = self.at_iteration()
            v = d(st.sampled_from(self.ints))
            op = d(st.sampled_from(["<<", ">>"]))
            # a negative count from iteration k + 1 on: ValueError
            self.emit(indent, "%s = %s %s ((%d - %s) & 7 if %s <= %d else %d - %s)"
                      % (v, v, op, k, i, i, k, k, i))
        elif kind == "print":
            m = d(st.integers(7, 97))
            pool = self.ints + self.nums + self.floats
            self.emit(indent, "if %s %% %d == %d:" % (i, m, d(st.integers(0, m - 1))))
            self.emit(indent + 1, "print(%r, %s, %s)" % (self.fname, i, ", ".join(
                pool + (["L"] if self.has_list else []))))
        elif kind == "ramp":
            v = d(st.sampled_from(self.ints + self.nums))
            step = d(st.sampled_from(["+= 1", "-= 1", "+= 3", "-= 7", "+= i", "-= i"]))
            self.emit(indent, "%s %s" % (v, step.replace("i", self.loop_var)))
        elif kind == "inner":
            j = "j"
            self.emit(indent, "for %s in range(%d):" % (j, d(st.integers(1, 5))))
            self.inner_vars.append(j)
            for _ in range(d(st.integers(1, 3))):
                self.assign(indent + 1)
            self.inner_vars.pop()
        elif kind == "break":
            self.emit(indent, "if %s == %d:" % (i, self.at_iteration()))
            self.emit(indent + 1, "break")
        elif kind == "try":
            self.emit(indent, "try:")
            self.block(indent + 1, depth + 1, 1, 3)
            exc = d(st.sampled_from(["ZeroDivisionError", "ValueError",
                                     "(ValueError, KeyError, ZeroDivisionError)",
                                     "ArithmeticError", "Exception"]))
            self.emit(indent, "except %s as e:" % exc)
            v = d(st.sampled_from(self.ints))
            self.emit(indent + 1, "%s = %s - 1" % (v, v))
            if d(st.booleans()):
                self.emit(indent + 1, "print(%r, 'caught', %s, type(e).__name__)"
                          % (self.fname, i))

    def block(self, indent, depth, lo, hi):
        for _ in range(self.draw(st.integers(lo, hi))):
            self.statement(indent, depth)

    def clamp(self, indent):
        """Keep ints from growing without bound (and test big-int compares)."""
        d = self.draw
        for v in self.ints + self.nums:
            bound = d(st.sampled_from([2**62, 2**63, 2**64, 2**80]))
            mod = d(st.sampled_from([2**61 - 1, 2**63 + 7, 1000003, 2**64 - 59]))
            self.emit(indent, "if %s > %d or %s < -%d:" % (v, bound, v, bound))
            self.emit(indent + 1, "%s = %s %% %d" % (v, v, mod))

    def function(self, module=False):
        """The function's lines and its N; with `module`, the same loop at
        module level over globals (N constant, results printed)."""
        d = self.draw
        base = 0 if module else 1
        if not module:
            self.emit(0, "def %s(n):" % self.fname)
        for v in self.ints + self.nums:
            self.emit(base, "%s = %s" % (v, self.int_const()))
        for v in self.floats:
            self.emit(base, "%s = %s" % (v, self.float_const()))
        if self.has_list:
            self.emit(base, "L = [%s] * 8" % d(st.sampled_from(["0", "0.0", "1", "-2.5",
                                                                "2**63 - 1"])))
            self.emit(base, "K = L")
        where = "around" if module else d(st.sampled_from(["none", "none", "around"]))
        body_indent = base
        if where == "around":
            self.emit(base, "try:")
            body_indent = base + 1
        n = str(self.n) if module else "n"
        loop = d(st.sampled_from(["for", "for", "while"]))
        if loop == "for":
            self.emit(body_indent, "for i in range(%s):" % n)
        else:
            self.emit(body_indent, "i = 0")
            self.emit(body_indent, "while i < %s:" % n)
        self.block(body_indent + 1, 0, 1, 6)
        self.clamp(body_indent + 1)
        if loop == "while":
            self.emit(body_indent + 1, "i += 1")
        if where == "around":
            exc = "Exception" if module else d(st.sampled_from(
                ["ZeroDivisionError", "ValueError", "ArithmeticError", "Exception"]))
            self.emit(base, "except %s as e:" % exc)
            self.emit(base + 1, "print(%r, 'stopped', type(e).__name__, e)" % self.fname)
        values = ", ".join(self.ints + self.nums + self.floats
                           + (["L"] if self.has_list else [])
                           + (["K is L"] if self.has_list else []))
        if module:
            self.emit(0, "print(%r, %s)" % (self.fname, values))
        else:
            self.emit(1, "return %s," % values)
        return self.lines, self.n


# (body, accepts floats, returns an int for ints): int variables stay ints
HELPER_BODIES = [
    (["return a * 3 - b"], True, True),
    (["if a < b:", "    return a - b", "return (a ^ b) + 1"], False, True),
    (["return (a << 3) | (b & 255)"], False, True),
    (["if a % 2:", "    return a + b", "return a // 3"], True, True),
    (["return -a if a > b else b - 1"], True, True),
    (["return a * 0.5 + b"], True, False),
    (["t = a", "for k in range(3):", "    t = t * 2 - b", "return t"], True, True),
]


@st.composite
def programs(draw, max_functions=6):
    """The source of one script."""
    lines = []
    helpers = []
    for h in range(draw(st.integers(0, 2))):
        body, floats_ok, int_result = draw(st.sampled_from(HELPER_BODIES))
        name = "h%d" % h
        lines.append("def %s(a, b):" % name)
        lines.extend("    " + b for b in body)
        helpers.append((name, 2, floats_ok, int_result))
    calls = []
    for j in range(draw(st.integers(1, max_functions))):
        fname = "f%d" % j
        if draw(st.integers(0, 4)) == 0:
            # a loop at module level: its variables are globals (dict items)
            flines, n = Gen(draw, "m%d" % j, helpers).function(module=True)
            lines.extend(flines)
            continue
        flines, n = Gen(draw, fname, helpers).function()
        lines.extend(flines)
        second = draw(st.sampled_from([n, n // 2 + 1, 5]))
        calls.append((fname, n, second))
    lines.append("")
    lines.append("def run(f, n):")
    lines.append("    try:")
    lines.append("        print(f.__name__, f(n))")
    lines.append("    except Exception as e:")
    lines.append("        print(f.__name__, 'raised', type(e).__name__, e)")
    lines.append("")
    for fname, n, second in calls:
        lines.append("run(%s, %d)" % (fname, n))
        lines.append("run(%s, %d)" % (fname, second))
    return "\n".join(lines) + "\n"


def cpython_output(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "prog.py", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def pvmx_run(source, options, timeout=120):
    """(stdout, stderr, status, summary dict) of the script under pvmx."""
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "prog.py")
        summary = os.path.join(tmp, "summary.json")
        with open(script, "w") as f:
            f.write(source)
        env = dict(os.environ, PVMX_NO_VENV="1", PYTHONHASHSEED="0")
        r = subprocess.run([sys.executable, "-m", "interp", "--jit-summary=json:" + summary,
                            *options, script], capture_output=True, text=True, cwd=ROOT,
                           env=env, timeout=timeout)
        stats = {}
        if os.path.exists(summary):
            with open(summary) as f:
                stats = json.load(f)
        return r.stdout, r.stderr, r.returncode, stats


def check(source, configs, compiled=None):
    expected = cpython_output(source)
    for name in configs:
        out, err, status, stats = pvmx_run(source, CONFIGS[name])
        if status != 0 or out != expected:
            exp, act = expected.splitlines(), out.splitlines()
            diff = next((k for k, (e, a) in enumerate(zip(exp, act)) if e != a),
                        min(len(exp), len(act)))
            pytest.fail("pvmx %s differs from CPython (status %d) at line %d:\n"
                        "  CPython: %s\n  pvmx:    %s\n--- program ---\n%s\n--- stderr ---\n%s"
                        % (" ".join(CONFIGS[name]), status, diff + 1,
                           exp[diff] if diff < len(exp) else "<missing>",
                           act[diff] if diff < len(act) else "<missing>",
                           source, err[-3000:]))
        if compiled is not None:
            compiled.append(stats.get("loops", 0))


_settings = dict(deadline=None, derandomize=True, print_blob=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.filter_too_much])


def test_generated_programs_match_cpython():
    compiled = []

    @settings(max_examples=30, **_settings)
    @given(programs(), st.integers(0, 3))
    def run(source, which):
        configs = ["x86-low", "x86-t3"]
        if which == 0:
            configs.append("executor-low")
        check(source, configs, compiled)

    run()
    # the test is about compiled loops: most scripts must have had some
    assert sum(1 for n in compiled if n > 0) >= len(compiled) // 2, compiled


@pytest.mark.slow
@settings(max_examples=150, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs(max_functions=8), st.integers(0, 2))
def test_generated_programs_match_cpython_many(source, which):
    check(source, ["x86-low", "x86-t3"] if which else ["x86-low", "executor-low"])


if __name__ == "__main__":
    print(programs().example())
