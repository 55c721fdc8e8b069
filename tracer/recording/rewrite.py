"""The source of a recording twin: the original function's, with calls and
identity tests routed through the recorder.

Rebinding globals reaches the functions a twin names, but not a callable it
got from data (a handler out of a table, a method out of a class dict), and
`a is b` cannot be overloaded.  So a twin is compiled from its original's
source with two rewrites:

    f(args...)     ->  __jit_call__(f, args...)
    a is b         ->  __jit_is__(a, b)          (and `is not`)

`__jit_call__` sends interpreter functions to their twins, guest-value
callables to a residual call, and everything else straight through;
`__jit_is__` records a guard when a box is involved.  Line numbers are
kept, so a traceback through a twin points at the interpreter's source.
"""

import ast

from tracer.recording import twincode
from tracer.recording.twincode import CALL, IS


class _Rewriter(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        return ast.copy_location(
            ast.Call(func=ast.Name(CALL, ast.Load()), args=[node.func, *node.args],
                     keywords=node.keywords), node)

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Is, ast.IsNot)):
            return node
        call = ast.copy_location(ast.Call(func=ast.Name(IS, ast.Load()),
                                          args=[node.left, node.comparators[0]],
                                          keywords=[]), node)
        if isinstance(node.ops[0], ast.IsNot):
            return ast.copy_location(ast.UnaryOp(ast.Not(), call), node)
        return call


def rewritten_code(fn):
    """A module code object defining `fn` again with the rewrites, or None
    when its source cannot be had or it closes over variables.  Made once
    per function and source text, then kept on disk (twincode.py)."""
    return twincode.rewritten_code(fn)


def rewrite_tree(tree):
    """The rewrites, on a module holding one function definition at its own
    line numbers (twincode.py parses it so)."""
    tree = _Rewriter().visit(tree)
    ast.fix_missing_locations(tree)
    return tree
