"""The harness's options and the run settings they make (argparse only, no rich).

`--quick` changes the defaults (small sizes, no warm-up run, one run, two
iterations, a 10 s timeout); options given explicitly override them, so
`--quick --runs 3` is quick sizes with three runs.
"""

import argparse

from benchmarks import catalog, runners, suite

FULL = dict(runs=5, warmup=1, iterations=None, timeout=120.0)   # None: per benchmark
QUICK = dict(runs=1, warmup=0, iterations=2, timeout=10.0)


def parser():
    p = argparse.ArgumentParser(prog="python3 -m benchmarks",
                                description="Run pvmx's benchmarks beside CPython, PyPy and C.")
    p.add_argument("-b", "--bench", metavar="NAMES",
                   help="comma-separated names or globs, e.g. 'nbody,micro_*' (default: all)")
    p.add_argument("--kind", choices=[catalog.CLASSIC, catalog.MICRO], help="only this kind")
    p.add_argument("-r", "--runners", metavar="NAMES",
                   help=f"comma-separated, from {','.join(runners.NAMES)}, or all (default: "
                        f"{','.join(runners.DEFAULT_NAMES)})")
    p.add_argument("--quick", action="store_true",
                   help="small sizes, no warm-up run, 1 run, 2 iterations, 10 s timeout")
    p.add_argument("--runs", type=int, help="measured runs per runner (default 5)")
    p.add_argument("--warmup", type=int, help="warm-up runs per runner (default 1)")
    p.add_argument("--iterations", type=int, help="iterations inside each process (default: 4 for classic programs, "
                        "40 for micro loops)")
    p.add_argument("--size", action="append", default=[], metavar="NAME=N",
                   help="override one benchmark's SIZE (repeatable)")
    p.add_argument("--timeout", type=float, help="seconds per process (default 120)")
    p.add_argument("--json", metavar="FILE", help="also write the results to FILE")
    p.add_argument("--publish", action="store_true",
                   help="write results/latest.json, latest.md, speedup.png and README sections; "
                        "installs PyPy if missing")
    p.add_argument("--from-json", metavar="FILE",
                   help="run nothing: show (and with --publish, publish) a saved results file")
    p.add_argument("--install-pypy", action="store_true", help="apt-get install pypy3 if missing")
    p.add_argument("--strict", action="store_true", help="exit 1 if any cell failed")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return p


def settings_from(args):
    base = QUICK if args.quick else FULL
    sizes = {}
    for item in args.size:
        name, sep, value = item.partition("=")
        if not sep or name not in catalog.BY_NAME or not value.isdigit():
            raise ValueError(f"--size wants NAME=N with a known benchmark name, got {item!r}")
        sizes[name] = int(value)

    def pick(key):
        value = getattr(args, key)
        return base[key] if value is None else value

    settings = suite.Settings(runs=pick("runs"), warmup=pick("warmup"),
                              iterations=pick("iterations"), timeout=pick("timeout"),
                              quick=args.quick, sizes=sizes)
    if settings.runs < 1 or settings.warmup < 0 or (settings.iterations is not None and settings.iterations < 1) or settings.timeout <= 0:
        raise ValueError("need --runs >= 1, --warmup >= 0, --iterations >= 1, --timeout > 0")
    return settings
