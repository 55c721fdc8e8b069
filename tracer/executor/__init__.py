"""The IR executor: runs any trace on concrete values with machine code's
exit protocol.  Code generation is in codegen.py, running in executor.py."""

from .codegen import CodegenError
from .executor import (CAP_EXIT, CompiledTrace, Executor, ExecutorError,
                       RunState, execute)

__all__ = ["CAP_EXIT", "CodegenError", "CompiledTrace", "Executor",
           "ExecutorError", "RunState", "execute"]
