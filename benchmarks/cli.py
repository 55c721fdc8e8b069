"""The command line: choose benchmarks, runners and sizes, run, report, publish.

    python3 -m benchmarks                  the full suite, the default runners
    python3 -m benchmarks --quick          small sizes, one run each (< 2 min)
    python3 -m benchmarks --publish        full suite, then write results/latest.*,
                                           the plot and the README section
    python3 -m benchmarks --list           the benchmarks and their sizes

Exit status: 1 when any checksum mismatched (or, with --strict, any cell
failed), 2 for bad arguments, else 0.  A runner that errs or times out is a
result about that runner, not a failure of the harness.
"""

import os
import sys
import tempfile

from benchmarks import (catalog, cbuild, environment, install_pypy, markdown, plot,
                        results, runners, suite, terminal)
from benchmarks.options import parser, settings_from
from benchmarks.verdict import MISMATCH
from interp.setup_env import fresh_bytecode

RESULTS_DIR = os.path.join(catalog.HERE, "results")
LATEST_JSON = os.path.join(RESULTS_DIR, "latest.json")
LATEST_MD = os.path.join(RESULTS_DIR, "latest.md")
PLOT_PNG = os.path.join(RESULTS_DIR, "speedup.png")
READMES = [os.path.join(catalog.HERE, "README.md"), os.path.join(runners.ROOT, "README.md")]


def publish(doc, con):
    results.save(doc, LATEST_JSON)
    image = None
    if plot.ensure_matplotlib(say=con.print):
        image = plot.plot(doc, PLOT_PNG)
    else:
        con.print("[yellow]no plot: matplotlib is not available[/]")
    with open(LATEST_MD, "w") as f:
        f.write(markdown.render(doc, os.path.basename(image) if image else None))
    written = [LATEST_JSON, LATEST_MD] + ([image] if image else [])
    written += [p for p in READMES if markdown.update_readme(p, doc, image)]
    for path in written:
        con.print(f"wrote {os.path.relpath(path, runners.ROOT)}")


def run_suite(benches, chosen, settings, con):
    started = environment.now_utc()
    unavailable = {r.name: reason for r in chosen
                   if (reason := runners.unavailable_reason(r)) is not None}
    entries = []
    with tempfile.TemporaryDirectory(prefix="pvmx-bench-") as build_dir:
        binaries, build_failures = {}, {}
        if any(r.kind == runners.C and r.name not in unavailable for r in chosen):
            binaries, build_failures = cbuild.compile_all(benches, build_dir)
        with terminal.progress_bar(con) as progress:
            task = progress.add_task("starting", total=suite.count_runs(benches, chosen, settings))
            on_run = terminal.reporter(progress, task)
            for bench in benches:
                entries.append(suite.run_benchmark(bench, chosen, settings, binaries,
                                                   build_failures, unavailable, on_run))
                terminal.print_benchmark_line(entries[-1], chosen, progress.console)
    runner_docs = [{"name": r.name, "label": r.label,
                    "command": list(r.prefix) if r.prefix else None,
                    "available": r.name not in unavailable,
                    "reason": unavailable.get(r.name)} for r in chosen]
    return results.build(started, environment.stamp(chosen), settings.to_json(),
                         runner_docs, entries)


def exit_status(doc, strict):
    cells = [c for b in doc["benchmarks"] for c in b["cells"].values()]
    if any(c["status"] == MISMATCH for c in cells):
        return 1
    if strict and any(c["status"] != "ok" for c in cells):
        return 1
    return 0


def main(argv):
    args = parser().parse_args(argv)
    con = terminal.console()
    if args.list:
        terminal.print_catalog(catalog.BENCHMARKS, con)
        return 0
    if args.from_json:
        doc = results.load(args.from_json)
    else:
        try:
            settings = settings_from(args)
            benches = catalog.select(args.bench, args.kind)
            chosen = runners.select(args.runners, runners.all_runners())
        except ValueError as e:
            parser().error(str(e))
        if not benches or not chosen:
            parser().error("nothing to run: no benchmark or no runner selected")
        if any(r.name == "pypy" for r in chosen) and (args.install_pypy or args.publish):
            install_pypy.ensure_pypy(say=con.print)
            chosen = runners.select(args.runners, runners.all_runners())  # pypy3's path
        # pvmx's starts must not recompile a stale module each time (runs
        # inherit PYTHONDONTWRITEBYTECODE, so the warm-up run cannot mend it).
        fresh_bytecode()
        doc = run_suite(benches, chosen, settings, con)
        problems = results.validate(doc)
        if problems:  # a harness bug: say so rather than publish a malformed file
            con.print("[red]results do not match the schema:[/] " + "; ".join(problems[:5]))
            return 1
    if args.json:
        results.save(doc, args.json)
    terminal.print_tables(doc, con)
    if args.publish:
        publish(doc, con)
    return exit_status(doc, args.strict)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
