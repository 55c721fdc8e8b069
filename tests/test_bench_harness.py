"""The benchmark harness's own logic (benchmarks/): no real benchmark is run.

Checksum agreement and mismatch detection, medians and speedups, runner and
benchmark selection, scheduling, the results schema, the Markdown output,
and process measurement on one tiny fake program.
"""

import json
import os
import sys

import pytest

from benchmarks import catalog, markdown, measure, results, runners, stats, suite, summary, verdict
from benchmarks.measure import ERROR, OK, TIMEOUT, Run
from benchmarks.options import parser, settings_from
from benchmarks.protocol import ProtocolError, parse_output


def ok_run(checksum="42", wall=1.0, steady=0.25):
    return Run(OK, wall, 10240, checksum, steady, [steady * 2, steady])


def record(runs, warmup=()):
    return {"warmup": list(warmup), "runs": list(runs)}


# -- statistics -----------------------------------------------------------

def test_median_odd_even_and_missing():
    assert stats.median([3.0, 1.0, 2.0]) == 2.0
    assert stats.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert stats.median([None, 5.0]) == 5.0
    assert stats.median([]) is None
    assert stats.median([None]) is None


def test_speedup_is_reference_over_value():
    assert stats.speedup(2.0, 0.5) == 4.0
    assert stats.speedup(1.0, 2.0) == 0.5
    assert stats.speedup(None, 1.0) is None
    assert stats.speedup(1.0, None) is None
    assert stats.speedup(1.0, 0.0) is None


def test_geomean():
    assert stats.geomean([2.0, 8.0]) == pytest.approx(4.0)
    assert stats.geomean([None, 3.0]) == pytest.approx(3.0)
    assert stats.geomean([]) is None


# -- checksums and verdicts ------------------------------------------------

def test_agreeing_runners_are_ok_with_medians_and_speedups():
    ref, cells = verdict.judge({
        "cpython": record([ok_run(wall=w) for w in (2.0, 4.0, 3.0)], [ok_run(wall=9.0)]),
        "pypy": record([ok_run(wall=w, steady=0.05) for w in (1.0, 0.5, 0.75)]),
    })
    verdict.add_speedups(cells)
    assert ref == "42"
    assert cells["cpython"]["status"] == "ok"
    assert cells["cpython"]["wall"] == 3.0  # the warm-up run is not in the median
    assert cells["cpython"]["speedup"] == 1.0
    assert cells["pypy"]["wall"] == 0.75
    assert cells["pypy"]["speedup"] == pytest.approx(4.0)
    assert cells["pypy"]["steady_speedup"] == pytest.approx(5.0)
    assert cells["pypy"]["rss_mb"] == 10.0


def test_checksum_mismatch_is_a_failure_never_a_speed():
    ref, cells = verdict.judge({
        "cpython": record([ok_run("42")]),
        "pvmx": record([ok_run("41", wall=0.001)]),
    })
    verdict.add_speedups(cells)
    assert ref == "42"
    cell = cells["pvmx"]
    assert cell["status"] == verdict.MISMATCH
    assert "'41'" in cell["reason"] and "'42'" in cell["reason"]
    assert cell["wall"] is None and cell["speedup"] is None and cell["steady_speedup"] is None
    assert summary.cell_text("pvmx", cell) == "✗ mismatch"


def test_runs_of_one_runner_that_disagree_are_a_mismatch():
    _, cells = verdict.judge({
        "cpython": record([ok_run("1"), ok_run("1")]),
        "pypy": record([ok_run("1"), ok_run("2")]),
    })
    assert cells["pypy"]["status"] == verdict.MISMATCH
    assert "runs disagree" in cells["pypy"]["reason"]


def test_warmup_checksum_counts_too():
    _, cells = verdict.judge({
        "cpython": record([ok_run("1")]),
        "pypy": record([ok_run("1")], warmup=[ok_run("7")]),
    })
    assert cells["pypy"]["status"] == verdict.MISMATCH


def test_reference_is_majority_when_cpython_failed():
    ref, cells = verdict.judge({
        "cpython": record([Run(ERROR, 0.1, 0, reason="boom")]),
        "pypy": record([ok_run("9")]),
        "c": record([ok_run("9")]),
        "pvmx": record([ok_run("8")]),
    })
    verdict.add_speedups(cells)
    assert ref == "9"
    assert cells["cpython"]["status"] == ERROR and cells["cpython"]["reason"] == "boom"
    assert cells["pypy"]["status"] == "ok" and cells["pypy"]["speedup"] is None
    assert cells["pvmx"]["status"] == verdict.MISMATCH


def test_error_timeout_and_unavailable_cells():
    _, cells = verdict.judge(
        {"cpython": record([ok_run()]),
         "pvmx": record([Run(TIMEOUT, 10.0, 0, reason="timeout after 10 s")])},
        unavailable={"pypy": "pypy3 is not installed"})
    assert cells["pvmx"]["status"] == TIMEOUT and cells["pvmx"]["wall"] is None
    assert cells["pypy"]["status"] == verdict.UNAVAILABLE
    assert cells["pypy"]["reason"] == "pypy3 is not installed"


# -- selection and scheduling ----------------------------------------------

def test_runner_selection_keeps_canonical_order():
    all_r = runners.all_runners("python")
    assert [r.name for r in all_r] == ["cpython", "pvmx-nojit", "pvmx-noopt", "pvmx", "pypy", "c"]
    assert [r.name for r in runners.select("c,cpython", all_r)] == ["cpython", "c"]
    # pvmx-nojit and pvmx-noopt (the interpreter alone, the optimizer comparison)
    # run only when asked for
    assert [r.name for r in runners.select(None, all_r)] == ["cpython", "pvmx", "pypy", "c"]
    assert runners.select("all", all_r) == all_r
    assert [r.name for r in runners.select("pvmx, pvmx-noopt,cpython", all_r)] == [
        "cpython", "pvmx-noopt", "pvmx"]
    with pytest.raises(ValueError, match="unknown runner"):
        runners.select("cpython,jython", all_r)


def test_runner_commands():
    by_name = {r.name: r for r in runners.all_runners("/venv/python")}
    bench = catalog.BY_NAME["micro_int_sum"]
    assert by_name["pvmx-nojit"].command(bench, 10, 2) == [
        "/venv/python", "-m", "interp", "--jit", "off", bench.script, "10", "2"]
    assert by_name["pvmx"].command(bench, 10, 2) == ["/venv/python", "-m", "interp", bench.script, "10", "2"]
    assert by_name["pvmx-noopt"].command(bench, 10, 2) == [
        "/venv/python", "-m", "interp", "--jit", "enable_opts=", bench.script, "10", "2"]
    assert by_name["c"].command(bench, 10, 2, {"micro_int_sum": "/tmp/x"}) == ["/tmp/x", "10", "2"]
    assert not by_name["c"].has_version(catalog.BY_NAME["nbody"])


def test_noopt_runner_turns_every_optimizer_pass_off():
    from interp.cli import parse_args
    from tracer.params import ALL_OPTS
    noopt = {r.name: r for r in runners.all_runners("py")}["pvmx-noopt"]
    # the pvmx command line the runner builds, as pvmx parses it
    opts = parse_args(list(noopt.prefix[3:]) + ["prog.py", "10", "2"])
    assert opts.jit.enable_opts == () and not opts.jit.off
    assert parse_args(["prog.py"]).jit.enable_opts == ALL_OPTS


def test_noopt_runner_from_the_command_line_gets_its_column():
    args = parser().parse_args(["-r", "cpython,pvmx-noopt,pvmx"])
    chosen = runners.select(args.runners, runners.all_runners("py"))
    assert [r.name for r in chosen] == ["cpython", "pvmx-noopt", "pvmx"]
    ref, cells = verdict.judge({"cpython": record([ok_run(wall=2.0, steady=0.5)]),
                                "pvmx-noopt": record([ok_run(wall=4.0, steady=1.0)]),
                                "pvmx": record([ok_run(wall=1.0, steady=0.125)])})
    verdict.add_speedups(cells)
    bench = {"name": "micro_int_sum", "kind": "micro", "size": 10, "iterations": 2,
             "reference": ref, "cells": cells}
    runner_docs = [{"name": r.name, "label": r.label, "command": list(r.prefix),
                    "available": True, "reason": None} for r in chosen]
    env = {"machine": {"cpu": "cpu", "cores": 2, "memory_gb": 1.0, "os": "Linux", "arch": "x86_64"},
           "versions": {r.name: "v" for r in chosen}}
    settings = suite.Settings(runs=1, warmup=0, iterations=2).to_json()
    doc = results.build("2025-01-01T00:00:00Z", env, settings, runner_docs, [bench])
    assert results.validate(doc) == []
    assert doc["benchmarks"][0]["cells"]["pvmx-noopt"]["speedup"] == pytest.approx(0.5)
    headers, rows = summary.comparison(doc)
    assert headers == ["benchmark", "size", "CPython", "pvmx, no optimizer", "pvmx"]
    assert rows[0][1][3:] == ["0.50× (0.50×)", "2.00× (4.00×)"]
    assert "| micro_int_sum | 10 | 2.00 s | 0.50× (0.50×) | 2.00× (4.00×) |" in markdown.render(doc)


def test_unavailable_reasons(tmp_path):
    all_r = {r.name: r for r in runners.all_runners("python", pypy="no-such-pypy")}
    nothing = lambda name: None  # noqa: E731 - a `which` that finds nothing
    assert "interp/__main__.py" in runners.unavailable_reason(all_r["pvmx"], nothing, str(tmp_path))
    assert "pypy3" in runners.unavailable_reason(all_r["pypy"], nothing, str(tmp_path))
    assert "gcc" in runners.unavailable_reason(all_r["c"], nothing, str(tmp_path))
    (tmp_path / "interp").mkdir()
    (tmp_path / "interp" / "__main__.py").write_text("")
    assert runners.unavailable_reason(all_r["pvmx"], nothing, str(tmp_path)) is None
    assert runners.unavailable_reason(all_r["cpython"], nothing, str(tmp_path)) is None


def test_benchmark_selection():
    names = [b.name for b in catalog.select("nbody,micro_int*")]
    assert names == ["nbody", "micro_int_sum", "micro_int_overflow"]
    assert all(b.kind == catalog.MICRO for b in catalog.select(kind=catalog.MICRO))
    with pytest.raises(ValueError, match="no benchmark matches"):
        catalog.select("nbodyy")


def test_catalog_files_exist():
    for bench in catalog.BENCHMARKS:
        assert os.path.exists(bench.script), bench.name
        assert bench.quick_size <= bench.size
    with_c = {b.name for b in catalog.BENCHMARKS if b.c_source}
    assert "micro_int_sum" in with_c and "nbody" not in with_c


def test_schedule_alternates_and_rotates():
    order = suite.schedule(["a", "b", "c"], 4)
    assert [r for _, r in order] == list("abc" "bca" "cab" "abc")
    assert [rep for rep, _ in order] == [0] * 3 + [1] * 3 + [2] * 3 + [3] * 3


def test_options_quick_defaults_and_overrides():
    s = settings_from(parser().parse_args(["--quick"]))
    assert (s.runs, s.warmup, s.iterations, s.quick) == (1, 0, 2, True)
    s = settings_from(parser().parse_args(["--quick", "--runs", "3", "--size", "fib=20"]))
    assert s.runs == 3 and s.size_for(catalog.BY_NAME["fib"]) == 20
    assert s.size_for(catalog.BY_NAME["nbody"]) == catalog.BY_NAME["nbody"].quick_size
    s = settings_from(parser().parse_args([]))
    assert (s.runs, s.warmup) == (5, 1) and s.size_for(catalog.BY_NAME["fib"]) == catalog.BY_NAME["fib"].size
    with pytest.raises(ValueError):
        settings_from(parser().parse_args(["--size", "nope=3"]))
    with pytest.raises(ValueError):
        settings_from(parser().parse_args(["--runs", "0"]))


# -- a suite run with a fake process runner --------------------------------

class FakeProcesses:
    """Stands in for measure.run_once: answers by the command's first word."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def __call__(self, command, timeout, cwd=None):
        self.calls.append(command[0])
        return self.answers[command[0]]()


def test_run_benchmark_alternates_skips_failures_and_judges():
    chosen = [runners.Runner("cpython", "CPython", runners.PYTHON, ("py",)),
              runners.Runner("pvmx", "pvmx", runners.PYTHON, ("py", "-m", "interp")),
              runners.Runner("pypy", "PyPy", runners.PYTHON, ("pypy3",)),
              runners.Runner("c", "C", runners.C)]
    fake = FakeProcesses({
        "py": lambda: ok_run("7", wall=1.0),
        "pypy3": lambda: ok_run("7", wall=0.25),
        "/bin/c": lambda: Run(ERROR, 0.0, 0, reason="segfault"),
    })
    settings = suite.Settings(runs=3, warmup=1, iterations=2)
    seen = []
    entry = suite.run_benchmark(
        catalog.BY_NAME["micro_int_sum"], chosen, settings, binaries={"micro_int_sum": "/bin/c"},
        unavailable={"pvmx": "not there"}, on_run=lambda b, r, run: seen.append((r.name, run)),
        run_once=fake)
    assert fake.calls.count("py") == 4 and fake.calls.count("pypy3") == 4
    assert fake.calls.count("/bin/c") == 1  # not retried after its failure
    assert len(seen) == 4 * 4  # every planned run advances the progress bar
    cells = entry["cells"]
    assert list(cells) == ["cpython", "pvmx", "pypy", "c"]
    assert cells["pypy"]["speedup"] == pytest.approx(4.0)
    assert cells["c"]["status"] == ERROR and cells["c"]["reason"] == "segfault"
    assert cells["pvmx"]["status"] == verdict.UNAVAILABLE
    assert entry["reference"] == "7" and entry["size"] == catalog.BY_NAME["micro_int_sum"].size


# -- the results document ---------------------------------------------------

def make_doc():
    ref, cells = verdict.judge({"cpython": record([ok_run()]), "pvmx": record([ok_run("0")])},
                               unavailable={"pypy": "missing"})
    verdict.add_speedups(cells)
    bench = {"name": "fib", "kind": "classic", "size": 20, "iterations": 2,
             "reference": ref, "cells": cells}
    runner_docs = [{"name": n, "label": n.upper(), "command": ["x"], "available": n != "pypy",
                    "reason": None} for n in ("cpython", "pvmx", "pypy")]
    env = {"machine": {"cpu": "test cpu", "cores": 2, "memory_gb": 1.0, "os": "Linux", "arch": "x86_64"},
           "versions": {"cpython": "CPython 3.11.7", "pvmx": "pvmx 0.1.0", "pypy": None}}
    settings = suite.Settings(runs=1, warmup=0, iterations=2, quick=True).to_json()
    return results.build("2025-01-01T00:00:00Z", env, settings, runner_docs, [bench])


def test_built_document_is_valid_and_round_trips(tmp_path):
    doc = make_doc()
    assert results.validate(doc) == []
    path = str(tmp_path / "r.json")
    results.save(doc, path)
    assert results.load(path) == json.loads(json.dumps(doc))


def test_schema_violations_are_reported():
    doc = make_doc()
    cells = doc["benchmarks"][0]["cells"]
    cells["pvmx"]["speedup"] = 3.0  # a failed cell claiming a speed
    cells["cpython"]["checksum"] = "other"  # ok but not the reference
    cells["cpython"]["runs"][0]["rss_kb"] = True  # a bool is not a number here
    del doc["benchmarks"][0]["size"]
    doc["schema"] = "v0"
    problems = "\n".join(results.validate(doc))
    assert "must not carry 'speedup'" in problems
    assert "differs from the reference" in problems
    assert "rss_kb: unexpected type bool" in problems
    assert "missing 'size'" in problems
    assert "doc.schema" in problems
    assert results.validate([]) == ["doc: not an object"]


def test_load_rejects_invalid_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"schema": "pvmx-bench/1"}')
    with pytest.raises(ValueError, match="not a valid results file"):
        results.load(str(path))


# -- reports -------------------------------------------------------------------

def test_markdown_report_and_readme_splice(tmp_path):
    doc = make_doc()
    text = markdown.render(doc, "speedup.png")
    assert "| benchmark | size | CPYTHON | PVMX | PYPY |" in text
    assert "✗ mismatch" in text and "✗ unavailable" in text
    assert "test cpu" in text and "CPython 3.11.7" in text and "2025-01-01" in text
    assert "![Speedup" in text
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{markdown.START}\nold\n{markdown.END}\noutro\n")
    assert markdown.update_readme(str(readme), doc, str(tmp_path / "results" / "speedup.png"))
    new = readme.read_text()
    assert "old" not in new and new.startswith("intro\n") and new.endswith(f"{markdown.END}\noutro\n")
    assert "(results/speedup.png)" in new
    plain = tmp_path / "OTHER.md"
    plain.write_text("no markers\n")
    assert not markdown.update_readme(str(plain), doc, None)
    with pytest.raises(ValueError):
        markdown.splice("no markers", "x")


def test_geomean_row_counts_failures():
    doc = make_doc()
    _, rows = summary.comparison(doc)
    kind, texts = rows[-1]
    assert kind == "geomean" and texts[0] == "geomean (classic)"
    assert texts[3] == "– [0/1]"  # pvmx: its only cell failed


# -- protocol and process measurement -------------------------------------------

def test_parse_output():
    report = parse_output("hello\nchecksum: 1 2 3\niterations: 0.5 0.25\nsteady: 0.25\n")
    assert (report.checksum, report.steady, report.iterations) == ("1 2 3", 0.25, [0.5, 0.25])
    assert parse_output("checksum: x\n").steady is None
    with pytest.raises(ProtocolError, match="no 'checksum:'"):
        parse_output("steady: 1.0\n")
    with pytest.raises(ProtocolError, match="twice"):
        parse_output("checksum: 1\nchecksum: 2\n")
    with pytest.raises(ProtocolError, match="bad number"):
        parse_output("checksum: 1\nsteady: fast\n")


FAKE_PROGRAM = "import sys; print('checksum: ' + sys.argv[1]); print('steady: 0.001')"


def test_run_once_measures_a_tiny_program():
    run = measure.run_once([sys.executable, "-c", FAKE_PROGRAM, "abc"], timeout=30)
    assert run.status == OK, run.reason
    assert run.checksum == "abc" and run.steady == 0.001
    assert run.wall > 0 and run.rss_kb > 1000  # a Python process takes megabytes


def test_run_once_reports_errors_and_timeouts():
    run = measure.run_once([sys.executable, "-c", "import sys; sys.exit('bad input')"], timeout=30)
    assert run.status == ERROR and "exit status 1" in run.reason and "bad input" in run.reason
    run = measure.run_once([sys.executable, "-c", "print('no checksum')"], timeout=30)
    assert run.status == ERROR and "checksum" in run.reason
    run = measure.run_once([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.3)
    assert run.status == TIMEOUT and run.wall < 10
    run = measure.run_once(["/nonexistent/program"], timeout=1)
    assert run.status == ERROR and "cannot start" in run.reason


def test_micro_loops_run_more_iterations_unless_told():
    micro, classic = catalog.BY_NAME["micro_int_sum"], catalog.BY_NAME["nbody"]
    default = suite.Settings()
    assert default.iterations_for(micro) == 40 and default.iterations_for(classic) == 4
    assert suite.Settings(iterations=3).iterations_for(micro) == 3
    quick = settings_from(parser().parse_args(["--quick"]))
    assert quick.iterations_for(micro) == quick.iterations_for(classic) == 2
    cmd = runners.all_runners("python")[0].command(micro, 10, default.iterations_for(micro))
    assert cmd[-2:] == ["10", "40"]
