"""The IR executor behind the interface the JIT runtime uses for any backend.

    compile(trace) -> compiled     run(compiled, args) -> (exit_number, values)
    exit_op(exit_number) -> guard  iterations (loop iterations run so far)
"""

from .executor import Executor


class ExecutorBackend:
    name = "executor"

    def __init__(self):
        self.executor = Executor()

    def compile(self, trace):
        return self.executor.compile(trace)

    def run(self, compiled, args):
        return self.executor.run(compiled, args)

    def exit_op(self, number):
        return self.executor.exits[number]

    @property
    def iterations(self):
        return self.executor.iterations
