"""Recording twins and residual calls: the call a trace makes is to the
interpreter's function itself, never to its recording twin (which would run
the recorder's wrappers at every call of the compiled code)."""

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


def test_a_residual_call_of_an_interpreter_function_calls_the_original(tmp_path):
    path = tmp_path / "pvmx_twin_probe.py"
    path.write_text(textwrap.dedent(SOURCE))
    sys.path.insert(0, str(tmp_path))
    try:
        import pvmx_twin_probe as mod
        twins = Twins(["pvmx_twin_probe"])
        handler = twins.twin(mod.handler)
        assert handler is not mod.handler       # a twin was made
        rec = Recorder(100)
        twins_mod._CURRENT[0] = rec
        try:
            box = rec.box_input(21, rec.builder.input("ref"))
            result = handler(box)
        finally:
            twins_mod._CURRENT[0] = None
        assert result.value == 42
        calls = [op for op in rec.builder.ops if op.opnum == rop.CALL_R]
        assert len(calls) == 1
        assert calls[0].descr.func is mod.helper        # not twins.twin(mod.helper)
        assert isinstance(calls[0].descr.func, types.FunctionType)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("pvmx_twin_probe", None)


LAZY_SOURCE = """
    def double(x):
        return x + x

    def never_called(x):
        return x - 1

    def handler(x):
        return double(x) + 1
"""


def test_a_twin_is_made_at_its_first_call_not_with_its_namespace(tmp_path):
    # making a module's recording namespace must not rewrite every function
    # the module names (it made 259 twins for spectral_norm, 42 of them used)
    path = tmp_path / "pvmx_twin_lazy.py"
    path.write_text(textwrap.dedent(LAZY_SOURCE))
    sys.path.insert(0, str(tmp_path))
    try:
        import pvmx_twin_lazy as mod
        twins = Twins(["pvmx_twin_lazy"])
        handler = twins.twin(mod.handler)
        assert set(twins.twins) == {mod.handler}
        rec = Recorder(100)
        twins_mod._CURRENT[0] = rec
        try:
            box = rec.box_input(21, rec.builder.input("int"))
            result = handler(box)
        finally:
            twins_mod._CURRENT[0] = None
        assert result.value == 43
        # double ran as its twin (its addition was recorded), never_called has none
        assert set(twins.twins) == {mod.handler, mod.double}
        names = [op.name for op in rec.builder.ops]
        assert names.count("int_add_ovf") == 2, names
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("pvmx_twin_lazy", None)
