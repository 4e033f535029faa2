"""prevsim's command line.

Examples
--------
    prevsim run                        # every reference scenario into out/report
    prevsim run my.toml --draws 50000 --out out/mine
    prevsim regress                    # compare with the stored reference results
    prevsim demo --draws 100000 --seed 1
"""

from __future__ import annotations

import argparse
import sys


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be >= 1")
    return value


def _nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must be >= 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prevsim",
        description="Monte Carlo simulation of preventive investments for children and young "
                    "people.")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="sample the demonstration parameter set and print its summary",
        description="Samples the uncertain inputs of a Swedish drug-prevention calculation "
                    "(sources in prevsim/demo.py) and prints their summary.",
        epilog="example: prevsim demo --draws 100000 --seed 1")
    demo.add_argument("--draws", type=_positive_int, default=100_000, help="number of draws")
    demo.add_argument("--seed", type=_nonnegative_int, default=20260101, help="random seed")
    demo.add_argument("--threads", type=_nonnegative_int, default=None,
                      help="worker threads (default: all cores; results do not depend on it)")
    run = sub.add_parser(
        "run", help="run prevention scenarios and write a report",
        description="Runs each scenario (default: every bundled reference scenario) with Monte "
                    "Carlo draws and writes report.md and CSV tables to the output folder. The "
                    "folder is replaced only when the whole report is written.",
        epilog="examples: prevsim run; prevsim run my_scenario.toml --draws 50000 --seed 7 --out out/mine")
    run.add_argument("scenarios", nargs="*", help="scenario files (default: all bundled)")
    run.add_argument("--draws", type=_positive_int, default=100_000, help="Monte Carlo draws (default 100000)")
    run.add_argument("--seed", type=_nonnegative_int, default=20260101, help="random seed")
    run.add_argument("--threads", type=_nonnegative_int, default=None,
                     help="worker threads (default: all cores; results do not depend on it)")
    run.add_argument("--out", default="out/report", help="output folder (default out/report)")
    regress = sub.add_parser(
        "regress", help="re-run the reference scenarios and compare with the stored results",
        description="Re-runs every bundled prevention scenario (or the files given) and compares "
                    "its central case (to 1e-9 relative) and a fixed-seed Monte Carlo run (to 3 "
                    "Monte Carlo standard errors of the difference) with the stored results in "
                    "scenarios/expected/. Prints the changed quantities; exit status 1 if any "
                    "changed. --update rewrites the stored results instead (docs/regression.md).",
        epilog="examples: prevsim regress; prevsim regress --all; "
               "prevsim regress --update --store scenarios/expected")
    regress.add_argument("scenarios", nargs="*", help="scenario files (default: all bundled)")
    regress.add_argument("--update", action="store_true", help="rewrite the stored results")
    regress.add_argument("--store", default=None, help="folder of stored results "
                         "(default: the bundled scenarios/expected)")
    regress.add_argument("--all", action="store_true", help="list every quantity, not only changes")
    return parser


def _run(args) -> int:
    from pathlib import Path

    from prevsim import regression
    from prevsim.prevention_results import simulate
    from prevsim.report import write_report
    from prevsim.scenario import load_scenario

    paths = [Path(p) for p in args.scenarios] or regression.reference_scenarios()
    scenarios = [load_scenario(p) for p in paths]  # every file checked before any run
    results = []
    for scenario in scenarios:
        print(f"running {scenario.title} ({args.draws} draws) …", file=sys.stderr)
        results.append(simulate(scenario, draws=args.draws, seed=args.seed, threads=args.threads))
    out = write_report(results, args.out)
    print(f"wrote {out / 'report.md'}")
    return 0


def _regress(args) -> int:
    from pathlib import Path

    from prevsim import regression

    paths = [Path(p) for p in args.scenarios] or None
    store = Path(args.store) if args.store else None
    if args.update:
        for written in regression.update(paths, store=store):
            print(f"wrote {written}")
        return 0
    differences = regression.check(paths, store=store)
    same, changed = regression.summary_counts(differences)
    table = regression.format_table(differences, show_all=args.all)
    if table:
        print(table)
    print(f"{same} quantities unchanged, {changed} changed")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            from prevsim.demo import main_demo

            print(main_demo(args.draws, args.seed, args.threads))
        elif args.command == "run":
            return _run(args)
        elif args.command == "regress":
            return _regress(args)
    except ValueError as error:  # invalid input: one line, no traceback
        print(f"prevsim: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
