"""What the JIT did: counters and times, for the trace log and `--jit-summary`.

Every name the summary shows is made here, in `JitStats.as_dict()`: the
runtime's counters (`JitStats`, kept by warmspot) and, when the backend
makes machine code, its counters (`CodeStats`, kept by the backend:
backend_x86's `X86Backend.stats`).  The trace log, the rich table and the
JSON file all print that dict as it is, so a counter is named once.
"""

from collections import Counter


class CodeStats:
    """Totals over every unit (loop, entry trace or bridge) a machine-code
    backend compiled.  Times are seconds.

    time_compiling   the backend's whole compile() / attach_bridge(): trace
                     verification, instruction selection, register
                     allocation, encoding and loading
    time_encoding    of which: instructions to bytes (the template cache, and
                     PeachPy where a template is made or cannot be used; not
                     the instructions met before, a dictionary lookup each)
    time_loading     of which: laying the sections out, resolving jumps,
                     copying into executable memory (mmap, mprotect),
                     the entry points' ctypes functions
    dict_lookups     dict reads (globals, instance attributes) that no
                     cache in the machine code answered: a counter the code
                     keeps itself, read by `sample()` (the backend sets it)
    """

    sample = None

    def __init__(self):
        self.loops = 0
        self.bridges = 0
        self.time_compiling = 0.0
        self.time_encoding = 0.0
        self.time_loading = 0.0
        self.code_bytes = 0
        self.instructions = 0
        self.encoder_misses = 0         # templates made by PeachPy in this process
        self.dict_lookups = 0

    def add(self, is_bridge, time_compiling, time_encoding, time_loading, code_bytes,
            instructions):
        if is_bridge:
            self.bridges += 1
        else:
            self.loops += 1
        self.time_compiling += time_compiling
        self.time_encoding += time_encoding
        self.time_loading += time_loading
        self.code_bytes += code_bytes
        self.instructions += instructions

    @property
    def units(self):
        return self.loops + self.bridges

    @property
    def time_assembling(self):
        """PeachPy's part of compiling: encoding, then the code into memory."""
        return self.time_encoding + self.time_loading

    def as_dict(self):
        if self.sample is not None:
            self.sample()
        return {k: v for k, v in vars(self).items() if k != "sample"}


class JitStats:
    def __init__(self, backend=None):
        """`backend`: the backend the runtime compiles with; its CodeStats
        (`backend.stats`), when it has them, join the summary."""
        self.backend = getattr(backend, "name", None)
        code = getattr(backend, "stats", None)
        self.code = code if isinstance(code, CodeStats) else None
        self.traces_started = 0
        self.loops = 0
        self.entries = 0                # function entry traces
        self.bridges = 0
        self.assembler_calls = 0        # calls of entry traces that left other than by a finish
        self.aborts = Counter()         # reason -> count
        self.cold_headers = 0           # loop headers given up for good (JitDriver.cold)
        self.cold_entries = 0           # function entries given up for good (.cold_entries)
        self.guard_failures = 0
        self.loop_entries = 0
        self.iterations = 0
        self.time_tracing = 0.0
        self.time_optimizing = 0.0
        self.time_compiling = 0.0       # the runtime's clock around the backend's calls

    def abort(self, reason):
        self.aborts[reason] += 1

    def as_dict(self):
        d = {
            "backend": self.backend,
            "loops": self.loops,
            "entries": self.entries,
            "bridges": self.bridges,
            "traces_started": self.traces_started,
            "aborts": dict(self.aborts),
            "cold_headers": self.cold_headers,
            "cold_entries": self.cold_entries,
            "guard_failures": self.guard_failures,
            "calls_deoptimized": self.assembler_calls,
            "loop_entries": self.loop_entries,
            "iterations_in_traces": self.iterations,
            "time_tracing_s": round(self.time_tracing, 6),
            "time_optimizing_s": round(self.time_optimizing, 6),
            "time_compiling_s": round(self.time_compiling, 6),
        }
        code = self.code
        if code is not None:
            # The backend's own clock: it stops before the compile hooks run,
            # so the trace log's disassembly is not counted as compiling.
            d["time_compiling_s"] = round(code.time_compiling, 6)
            if code.sample is not None:
                code.sample()
            # machine code only: the IR executor has none of these
            d.update({
                "time_assembling_s": round(code.time_assembling, 6),
                "time_encoding_s": round(code.time_encoding, 6),
                "time_loading_s": round(code.time_loading, 6),
                "compiled_units": code.units,
                "code_bytes": code.code_bytes,
                "machine_instructions": code.instructions,
                "dict_lookups": code.dict_lookups,
            })
        return d
