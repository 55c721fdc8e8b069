"""The trace log (`--trace-log FILE`) and the summary at exit (`--jit-summary`).

The log follows PyPy's `PYPYLOG=jit-log-opt,jit-backend-dump,jit-summary`:
each loop's recorded and optimized trace in the text form, with
debug_merge_point lines naming the guest location and each guard's
snapshot; each bridge's trace; the machine code of every loop and bridge,
disassembled under the IR ops it came from (`[jit-backend-dump]`, written
as soon as the unit is compiled: so before the loop's `[jit-log-optimized]`,
and in the log even if that code then crashes the process);
aborts with their reason; and a summary of counts and times at exit
(tracer/stats.py names them).
"""

import json
import sys

from tracer.textform import format_trace


class JitLog:
    def __init__(self, path):
        self.path = path
        self.out = sys.stderr if path == "-" else open(path, "w")

    def write(self, text):
        self.out.write(text)
        self.out.flush()

    def trace(self, stage, trace, extra=""):
        ops = [op for op in trace.ops]
        nguards = sum(1 for op in ops if op.info.is_guard)
        labels = [k for k, op in enumerate(ops) if op.info.is_label]
        if len(labels) > 1:
            # an unrolled loop: what runs per iteration is after its last label
            body = [op for op in ops[labels[-1]:] if not op.info.is_label
                    and not op.info.is_final and op.name != "debug_merge_point"]
            extra += (f"; loop body: {len(body)} ops, "
                      f"{sum(1 for op in body if op.info.is_guard)} guards")
            short = getattr(ops[0].descr, "short", None) if ops[0].info.is_label else None
            if isinstance(short, str):
                extra += f"; no short preamble: {short}"
            elif short is not None:
                extra += f"; short preamble: {short.size()} ops to replay"
        self.write(f"[jit-log-{stage}] {trace.name}: {len(ops)} ops, {nguards} guards{extra}\n")
        self.write(format_trace(trace) + "\n")
        self.write(f"[jit-log-{stage}-end]\n")

    def text(self, tag, text):
        self.write(f"[{tag}]\n{text}\n[{tag}-end]\n")

    def watch(self, backend):
        """Dump the machine code of every unit `backend` compiles from now
        on.  A backend without machine code (the IR executor) has no
        `compile_hooks`: nothing to show."""
        hooks = getattr(backend, "compile_hooks", None)
        if hooks is not None:
            hooks.append(lambda unit: self.machine_code(unit, backend.disassemble(unit, False)))

    def machine_code(self, unit, text):
        # the text's first line says what the unit is (kind, address, size)
        self.write(f"[jit-backend-dump] {unit.trace.name}\n{text}\n[jit-backend-dump-end]\n")

    def abort(self, name, reason):
        self.write(f"[jit-abort] {name}: {reason}\n")

    def summary(self, stats):
        d = stats.as_dict()
        lines = ["[jit-summary]"]
        for k, v in d.items():
            if k == "aborts":
                lines.append(f"aborts: {sum(v.values())}")
                lines.extend(f"  {reason}: {n}" for reason, n in sorted(v.items()))
            else:
                lines.append(f"{k}: {v}")
        lines.append("[jit-summary-end]")
        self.write("\n".join(lines) + "\n")

    def close(self):
        if self.out is not sys.stderr:
            self.out.close()


def print_summary_table(stats, file=None):
    """The summary for people: a rich table on stderr."""
    d = stats.as_dict()
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        for k, v in d.items():
            print(f"{k}: {v}", file=file or sys.stderr)
        return
    table = Table(title="pvmx JIT summary")
    table.add_column("what")
    table.add_column("value", justify="right")
    for k, v in d.items():
        if k == "aborts":
            table.add_row("aborts", str(sum(v.values())))
            for reason, n in sorted(v.items()):
                table.add_row(f"  {reason}", str(n))
        else:
            table.add_row(_label(k), str(v))
    Console(file=file or sys.stderr).print(table)


def _label(key):
    """`time_compiling_s` -> `time compiling (s)`."""
    text = key.replace("_", " ")
    return text[:-2] + " (s)" if text.endswith(" s") else text


def write_summary_json(stats, path):
    with open(path, "w") as f:
        json.dump(stats.as_dict(), f, indent=2)
        f.write("\n")
