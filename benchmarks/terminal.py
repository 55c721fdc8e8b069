"""What the harness shows on the terminal: a progress bar, then rich tables.

Failures are printed as they happen (above the progress bar) so a long run
shows trouble early; the comparison table colours failures red and speedups
above 1× green.
"""

import sys

from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Table

from benchmarks import summary


def console():
    # Piped output (CI logs, files) would otherwise wrap at 80 columns.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 150)


def print_catalog(benchmarks, con):
    table = Table(title="Benchmarks", header_style="bold")
    for h in ("name", "kind", "size", "quick size", "C", "what it exercises"):
        table.add_column(h, justify="right" if "size" in h else "left")
    for b in benchmarks:
        table.add_row(b.name, b.kind, str(b.size), str(b.quick_size),
                      "yes" if b.c_source else "", escape(b.what))
    con.print(table)


def progress_bar(con):
    return Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=con)


def reporter(progress, task):
    """The on_run callback of suite.run_benchmark: advance, report failures."""
    def on_run(bench, runner, run):
        progress.update(task, advance=1, description=f"{bench.name} · {runner.name}")
        if run is not None and run.status != "ok":
            reason = ((run.reason or "").splitlines() or [""])[0][:150]
            progress.console.print(f"[red]✗ {bench.name} · {runner.name}: {run.status}[/] {escape(reason)}")
    return on_run


def print_benchmark_line(entry, runners, con):
    """One line per finished benchmark, so piped output (CI logs) shows progress too."""
    parts = [f"{r.name} {_style(summary.cell_text(r.name, entry['cells'][r.name]))}"
             for r in runners if r.name in entry["cells"]]
    con.print(f"[bold]{entry['name']}[/]: " + " · ".join(parts))


def _style(text):
    if text.startswith(summary.FAIL_PREFIX):
        return f"[red]{text}[/]"
    try:
        value = float(text.split("×")[0])
    except ValueError:  # seconds, n/a, empty
        return text
    return f"[green]{text}[/]" if value > 1 else text


def print_tables(doc, con):
    headers, rows = summary.comparison(doc)
    table = Table(title="Speedup over CPython: whole process (steady state)", header_style="bold")
    for i, h in enumerate(headers):
        table.add_column(h, justify="left" if i == 0 else "right")
    for kind, texts in rows:
        styled = [texts[0], texts[1]] + [_style(t) for t in texts[2:]]
        table.add_row(*styled, style="bold" if kind == "geomean" else None,
                      end_section=kind == "geomean")
    con.print(table)
    failed = summary.failures(doc)
    if failed:
        con.print("[bold red]Failures[/] (no speed is reported for these):")
        for bench, runner, status, reason in failed:
            con.print(f"  {bench} · {runner}: [red]{status}[/] {escape(reason[:200])}")
