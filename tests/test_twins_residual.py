"""Recording twins and residual calls: the call a trace makes is to the
interpreter's function itself, never to its recording twin (which would run
the recorder's wrappers at every call of the compiled code); and a twin is
made when it is first called, not with its module's recording namespace."""

import contextlib
import importlib
import sys
import textwrap
import types

from tracer.ir import rop
from tracer.recording import twins as twins_mod
from tracer.recording.recorder import Recorder
from tracer.recording.twins import Twins

SOURCE = """
    from tracer.hints import residual_call

    def helper(x):
        return x * 2

    def handler(x):
        return residual_call(helper, (x,))
"""

LAZY_SOURCE = """
    def double(x):
        return x + x

    def never_called(x):
        return x - 1

    def handler(x):
        return double(x) + 1
"""


@contextlib.contextmanager
def _probe_module(tmp_path, name, source):
    """`source` imported as module `name`, with Twins tracing it."""
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(name), Twins([name])
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def _record(fn, value, kind):
    """fn (a twin) run on a box of `value` (an input of `kind`) by a fresh
    recorder: (its result, the recorder)."""
    rec = Recorder(100)
    twins_mod._CURRENT[0] = rec
    try:
        return fn(rec.box_input(value, rec.builder.input(kind))), rec
    finally:
        twins_mod._CURRENT[0] = None


def test_a_residual_call_of_an_interpreter_function_calls_the_original(tmp_path):
    with _probe_module(tmp_path, "pvmx_twin_probe", SOURCE) as (mod, twins):
        handler = twins.twin(mod.handler)
        assert handler is not mod.handler       # a twin was made
        result, rec = _record(handler, 21, "ref")
        assert result.value == 42
        calls = [op for op in rec.builder.ops if op.opnum == rop.CALL_R]
        assert len(calls) == 1
        assert calls[0].descr.func is mod.helper        # not twins.twin(mod.helper)
        assert isinstance(calls[0].descr.func, types.FunctionType)


def test_a_twin_is_made_at_its_first_call_not_with_its_namespace(tmp_path):
    # making a module's recording namespace must not rewrite every function
    # the module names (it made 259 twins for spectral_norm, 42 of them used)
    with _probe_module(tmp_path, "pvmx_twin_lazy", LAZY_SOURCE) as (mod, twins):
        handler = twins.twin(mod.handler)
        assert set(twins.twins) == {mod.handler}
        result, rec = _record(handler, 21, "int")
        assert result.value == 43
        # double ran as its twin (its addition was recorded), never_called has none
        assert set(twins.twins) == {mod.handler, mod.double}
        names = [op.name for op in rec.builder.ops]
        assert names.count("int_add_ovf") == 2, names
