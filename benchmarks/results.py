"""The results document: building it, checking its shape, saving and loading.

One JSON object per suite run (schema "pvmx-bench/1"):

    schema, created          identifier and UTC timestamp
    environment              machine and runner versions (environment.py)
    settings                 runs, warmup, iterations, timeout, quick, sizes
    runners                  [{name, label, command, available, reason}] in order
    benchmarks               [{name, kind, size, iterations, reference, cells}]
      cells[runner]          {status, reason, checksum, wall, steady, rss_mb,
                              speedup, steady_speedup, runs, warmup}
        runs[], warmup[]     {status, wall, rss_kb, checksum, steady, iterations, reason}

Times are seconds, `wall` and `steady` medians over the measured runs,
`rss_mb` the median of the runs' peak RSS, speedups relative to the cpython
cell.  `validate` enforces the rule the tables rely on: a cell that is not
"ok" has no wall, steady or speedup values.
"""

import json
import os

SCHEMA = "pvmx-bench/1"
STATUSES = {"ok", "error", "timeout", "mismatch", "unavailable"}
RUN_STATUSES = {"ok", "error", "timeout"}

NUMBER = (int, float)
OPTIONAL_NUMBER = (int, float, type(None))
OPTIONAL_STR = (str, type(None))

TOP_FIELDS = {"schema": str, "created": str, "environment": dict, "settings": dict,
              "runners": list, "benchmarks": list}
RUNNER_FIELDS = {"name": str, "label": str, "command": (list, type(None)),
                 "available": bool, "reason": OPTIONAL_STR}
BENCH_FIELDS = {"name": str, "kind": str, "size": int, "iterations": int,
                "reference": OPTIONAL_STR, "cells": dict}
CELL_FIELDS = {"status": str, "reason": OPTIONAL_STR, "checksum": OPTIONAL_STR,
               "wall": OPTIONAL_NUMBER, "steady": OPTIONAL_NUMBER, "rss_mb": OPTIONAL_NUMBER,
               "speedup": OPTIONAL_NUMBER, "steady_speedup": OPTIONAL_NUMBER,
               "runs": list, "warmup": list}
RUN_FIELDS = {"status": str, "wall": NUMBER, "rss_kb": int, "checksum": OPTIONAL_STR,
              "steady": OPTIONAL_NUMBER, "iterations": (list, type(None)), "reason": OPTIONAL_STR}
SPEED_FIELDS = ("wall", "steady", "rss_mb", "speedup", "steady_speedup")


def build(created, environment, settings, runners, benchmarks):
    return {
        "schema": SCHEMA,
        "created": created,
        "environment": environment,
        "settings": settings,
        "runners": runners,
        "benchmarks": benchmarks,
    }


def _has_type(value, types):
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool):  # bool is an int to isinstance, not to us
        return bool in types
    return isinstance(value, types)


def _check_fields(obj, fields, where, problems):
    if not isinstance(obj, dict):
        problems.append(f"{where}: not an object")
        return False
    for key, types in fields.items():
        if key not in obj:
            problems.append(f"{where}: missing {key!r}")
        elif not _has_type(obj[key], types):
            problems.append(f"{where}.{key}: unexpected type {type(obj[key]).__name__}")
    return True


def _check_cell(cell, where, reference, problems):
    if not _check_fields(cell, CELL_FIELDS, where, problems):
        return
    status = cell.get("status")
    if status not in STATUSES:
        problems.append(f"{where}.status: unknown {status!r}")
    if status == "ok":
        if cell.get("checksum") != reference:
            problems.append(f"{where}: ok but checksum differs from the reference")
    else:
        for key in SPEED_FIELDS:
            if cell.get(key) is not None:
                problems.append(f"{where}: status {status!r} must not carry {key!r}")
    for kind in ("runs", "warmup"):
        for i, run in enumerate(cell.get(kind) or []):
            if _check_fields(run, RUN_FIELDS, f"{where}.{kind}[{i}]", problems):
                if run.get("status") not in RUN_STATUSES:
                    problems.append(f"{where}.{kind}[{i}].status: unknown {run.get('status')!r}")


def validate(doc):
    """A list of problems with `doc`'s shape; empty when it is a valid document."""
    problems = []
    if not _check_fields(doc, TOP_FIELDS, "doc", problems):
        return problems
    if doc.get("schema") != SCHEMA:
        problems.append(f"doc.schema: expected {SCHEMA!r}, got {doc.get('schema')!r}")
    for i, runner in enumerate(doc.get("runners") or []):
        _check_fields(runner, RUNNER_FIELDS, f"runners[{i}]", problems)
    names = {r.get("name") for r in doc.get("runners") or [] if isinstance(r, dict)}
    for i, bench in enumerate(doc.get("benchmarks") or []):
        where = f"benchmarks[{i}]"
        if not _check_fields(bench, BENCH_FIELDS, where, problems):
            continue
        for runner, cell in (bench.get("cells") or {}).items():
            if runner not in names:
                problems.append(f"{where}.cells: runner {runner!r} is not in doc.runners")
            _check_cell(cell, f"{where}.cells[{runner}]", bench.get("reference"), problems)
    return problems


def save(doc, path):
    """Write `doc` as JSON, atomically (a reader never sees half a file)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def load(path):
    with open(path) as f:
        doc = json.load(f)
    problems = validate(doc)
    if problems:
        raise ValueError(f"{path} is not a valid results file: " + "; ".join(problems[:5]))
    return doc
