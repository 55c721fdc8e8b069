"""The IR executor behind the interface the JIT runtime uses for any backend.

    compile(trace) -> compiled     run(compiled, args) -> (exit_number, values)
    exit_op(exit_number) -> guard  iterations (loop iterations run so far)
    grab_exception() -> the exception behind a failed guard_no_exception
"""

from .executor import Executor


class ExecutorBackend:
    name = "executor"

    def __init__(self):
        self.executor = Executor()

    def compile(self, trace):
        return self.executor.compile(trace)

    def attach_bridge(self, guard, bridge):
        """Compile `bridge` and make `guard` continue into it from now on."""
        return self.executor.attach_bridge(guard, bridge)

    def run(self, compiled, args):
        return self.executor.run(compiled, args)

    def exit_op(self, number):
        return self.executor.exits[number]

    def grab_exception(self):
        """The exception a failing guard_no_exception saw (once)."""
        return self.executor.grab_exception()

    @property
    def iterations(self):
        return self.executor.iterations
