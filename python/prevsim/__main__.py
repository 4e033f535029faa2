"""prevsim's command line (``prevsim`` or ``python -m prevsim``).

Examples
--------
    prevsim run                              # every reference scenario into out/report
    prevsim run my.toml --draws 50000 --lang sv --out out/mine
    prevsim run my.toml --format md,xlsx     # only Markdown and Excel
    prevsim validate scenarios/prevention/*.toml
    prevsim compare a.toml b.toml --draws 20000
    prevsim regress                          # compare with the stored reference results
    prevsim demo --draws 100000 --seed 1

Exit status: 0 success; 1 internal failure (a bug: the traceback is printed);
2 invalid input (one line naming the file and key, no traceback); 130
interrupted with Ctrl-C (nothing written).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from prevsim.cli_args import nonnegative_int as _nonnegative_int
from prevsim.cli_args import positive_int as _positive_int

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_SEED = 20260101
DEFAULT_DRAWS = 100_000


class UserError(Exception):
    """Invalid input found by the command line itself (exit status 2)."""


# -- progress ---------------------------------------------------------------

class ProgressBar:
    """A one-line progress bar on a terminal: draws done, rate, time left.

    Called as ``bar(done, total)`` between chunks of draws (see
    ``prevsim.simulate(progress=...)``). It appears only once a run has taken
    ``delay`` seconds (short runs stay quiet) and only on a terminal, unless
    ``enabled=True``; it redraws at most 10 times a second.
    """

    def __init__(self, name: str, *, stream=None, enabled: bool | None = None, delay: float = 1.0,
                 width: int = 24, clock=time.monotonic) -> None:
        self.name, self.stream = name, stream if stream is not None else sys.stderr
        self.enabled = enabled if enabled is not None else bool(getattr(self.stream, "isatty", lambda: False)())
        self.delay, self.width, self.clock = delay, width, clock
        self.start = clock()
        self.last_draw = None
        self.shown = False
        encoding = (getattr(self.stream, "encoding", None) or "").lower().replace("-", "")
        self.full, self.empty = ("█", "░") if encoding == "utf8" else ("#", "-")

    def line(self, done: int, total: int, elapsed: float) -> str:
        share = done / total if total else 1.0
        filled = int(round(self.width * share))
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else float("inf")
        left_text = "done" if done >= total else (f"{left:4.0f} s left" if left < float("inf") else "")
        return (f"{self.name}  [{self.full * filled}{self.empty * (self.width - filled)}] "
                f"{done:>{len(f'{total:,}')},}/{total:,} draws  {rate:,.0f} draws/s  {left_text}")

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self.start
        if elapsed < self.delay and not self.shown:
            return
        if self.shown and done < total and self.last_draw is not None and now - self.last_draw < 0.1:
            return
        self.stream.write("\r" + self.line(done, total, elapsed) + "\x1b[K")
        self.stream.flush()
        self.shown, self.last_draw = True, now

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


# -- arguments --------------------------------------------------------------


def _formats(text: str) -> list[str]:
    from prevsim.report import FORMATS

    items = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in items if f not in FORMATS + ("all",)]
    if unknown or not items:
        raise argparse.ArgumentTypeError(f"{', '.join(map(repr, unknown)) or '(none)'} is not a format; "
                                         f"choose from {', '.join(FORMATS)} or all, separated by commas")
    return items


class _Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    pass


def _simulation_options(p: argparse.ArgumentParser, *, draws: int = DEFAULT_DRAWS) -> None:
    p.add_argument("--draws", type=_positive_int, default=draws, help="Monte Carlo draws per scenario")
    p.add_argument("--seed", type=_nonnegative_int, default=DEFAULT_SEED, help="random seed")
    p.add_argument("--threads", type=_nonnegative_int, default=None,
                   help="worker threads (default: all cores; results do not depend on it)")
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="always show the progress bar (default: on a terminal, for runs over a second)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="never show the progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prevsim", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Monte Carlo cost-benefit analysis of preventive investments for children and "
                    "young people: runs scenario files and writes the reports policymakers read.",
        epilog="examples:\n"
               "  prevsim run                           every reference scenario into out/report\n"
               "  prevsim run my.toml --lang sv --out out/mine\n"
               "  prevsim validate my.toml              check a file without running it\n"
               "  prevsim compare a.toml b.toml         two scenarios side by side\n"
               "  prevsim regress                       re-run the reference scenarios\n"
               "  prevsim COMMAND --help                the options of a command\n\n"
               "exit status: 0 success, 1 internal error, 2 invalid input, 130 interrupted")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="run scenarios and write the report", formatter_class=_Formatter,
        description="Runs each scenario with Monte Carlo draws and writes the report (tables, plots, "
                    "inputs) to the output folder. Every file is checked before anything runs; the "
                    "folder appears only when the whole report is written (an interrupted or failed "
                    "run leaves none), and an existing folder is replaced only if it holds a prevsim "
                    "report. Formats: md (report.md), csv (csv/), xlsx (one workbook per scenario), "
                    "html (report.html, standalone), json (report.json, docs/report_schema.json), "
                    "png and svg (plots/).",
        epilog="examples:\n"
               "  prevsim run                                  all bundled reference scenarios\n"
               "  prevsim run scenarios/prevention/            every .toml in a folder\n"
               "  prevsim run my.toml --draws 50000 --seed 7 --out out/mine\n"
               "  prevsim run my.toml --lang sv --format html,xlsx\n"
               "  prevsim run --lang both                      Swedish and English, in sv/ and en/\n"
               "  prevsim run scenarios/microsim/shared_risk_example.toml --engine microsimulation --draws 200")
    run.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                     help="scenario files or folders of them (default: every bundled reference scenario)")
    _simulation_options(run)
    run.add_argument("--out", default="out/report", help="output folder")
    run.add_argument("--lang", choices=("sv", "en", "both"), default="en",
                     help="language of the report (both: sv/ and en/ subfolders)")
    run.add_argument("--format", type=_formats, default=["all"], metavar="FORMATS",
                     help="comma-separated: md, csv, xlsx, html, json, png, svg, or all")
    run.add_argument("--engine", choices=("cohort", "microsimulation"), default="cohort",
                     help="the cohort model (docs/prevention_model.md) or the individual-level "
                          "microsimulation with the scenario's [microsimulation] section "
                          "(docs/microsimulation.md)")
    run.add_argument("--individuals", type=_positive_int, default=None,
                     help="microsimulation: individuals per cohort class and subgroup (default: "
                          "the scenario's [microsimulation] individuals)")

    validate = sub.add_parser(
        "validate", help="check scenario files without running them", formatter_class=_Formatter,
        description="Reads and checks each file (keys, types, ranges, references, data files) and "
                    "evaluates its central case (every input at its base value), without any Monte "
                    "Carlo run. Prints one line per file; exit status 2 if any is invalid. Cohort "
                    "models (files with a [model] table) are checked too.",
        epilog="examples:\n  prevsim validate my.toml\n  prevsim validate scenarios/prevention/")
    validate.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                          help="files or folders (default: every bundled reference scenario)")

    compare = sub.add_parser(
        "compare", help="run two scenarios and show them side by side", formatter_class=_Formatter,
        description="Runs scenarios A and B with the same seed and draws and prints their headline "
                    "figures (society perspective) side by side, with B − A for the means. With "
                    "--out, also writes the report of both.",
        epilog="examples:\n  prevsim compare scenarios/prevention/botkyrka.toml my_botkyrka.toml\n"
               "  prevsim compare a.toml b.toml --draws 20000 --lang sv --out out/a_vs_b")
    compare.add_argument("a", metavar="A", help="first scenario file")
    compare.add_argument("b", metavar="B", help="second scenario file")
    _simulation_options(compare, draws=20_000)
    compare.add_argument("--lang", choices=("sv", "en"), default="en", help="language of the table")
    compare.add_argument("--out", default=None, help="also write the report of both to this folder")

    regress = sub.add_parser(
        "regress", help="re-run the reference scenarios and compare with the stored results",
        description="Re-runs every bundled prevention scenario (or the files given) and compares "
                    "its central case (to 1e-9 relative) and a fixed-seed Monte Carlo run (to 3 "
                    "Monte Carlo standard errors of the difference) with the stored results in "
                    "scenarios/expected/. Prints the changed quantities; exit status 1 if any "
                    "changed. --update rewrites the stored results instead (docs/regression.md).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  prevsim regress\n  prevsim regress --all\n"
               "  prevsim regress --update --store scenarios/expected")
    regress.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="scenario files (default: all bundled)")
    regress.add_argument("--update", action="store_true", help="rewrite the stored results")
    regress.add_argument("--store", default=None, help="folder of stored results "
                         "(default: the bundled scenarios/expected)")
    regress.add_argument("--all", action="store_true", help="list every quantity, not only changes")

    demo = sub.add_parser(
        "demo", help="sample the demonstration parameter set and print its summary", formatter_class=_Formatter,
        description="Samples the uncertain inputs of a Swedish drug-prevention calculation "
                    "(sources in prevsim/demo.py) and prints their summary.",
        epilog="example:\n  prevsim demo --draws 100000 --seed 1")
    demo.add_argument("--draws", type=_positive_int, default=100_000, help="number of draws")
    demo.add_argument("--seed", type=_nonnegative_int, default=DEFAULT_SEED, help="random seed")
    demo.add_argument("--threads", type=_nonnegative_int, default=None,
                      help="worker threads (default: all cores; results do not depend on it)")

    # Sensitivity and value of information: tornado, threshold, evppi.
    from prevsim import cli_analysis

    cli_analysis.add_subcommands(sub)
    return parser


# -- commands ---------------------------------------------------------------

def _scenario_files(args_paths: list[str]) -> list[Path]:
    from prevsim import regression

    if not args_paths:
        return regression.reference_scenarios()
    files: list[Path] = []
    for text in args_paths:
        p = Path(text)
        if p.is_dir():
            found = sorted(p.glob("*.toml"))
            if not found:
                raise UserError(f"{p}: the folder holds no scenario files (*.toml)")
            files += found
        else:
            files.append(p)
    return files


def _simulate_all(scenarios, args, say) -> list:
    from prevsim.microsimulation import microsimulate
    from prevsim.prevention_results import simulate

    micro = getattr(args, "engine", "cohort") == "microsimulation"
    results = []
    for path, scenario in scenarios:
        say(f"running {path.name}: {scenario.title} ({args.draws:,} draws"
            + (", microsimulation)" if micro else ")"))
        bar = ProgressBar(path.stem, enabled=args.progress)
        try:
            if micro:
                results.append(microsimulate(scenario, draws=args.draws, seed=args.seed, threads=args.threads,
                                             individuals=args.individuals, progress=bar))
            else:
                results.append(simulate(scenario, draws=args.draws, seed=args.seed, threads=args.threads,
                                        progress=bar))
        finally:
            bar.close()
    return results


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _run(args) -> int:
    from prevsim.report import write_report
    from prevsim.scenario import load_scenario

    paths = _scenario_files(args.scenarios)
    scenarios = [(p, load_scenario(p)) for p in paths]  # every file checked before any run
    from prevsim.report import _prepare_out_dir
    _prepare_out_dir(Path(args.out))  # a folder we may not replace: say so before running
    start = time.perf_counter()
    results = _simulate_all(scenarios, args, _say)
    simulated = time.perf_counter()
    langs = ["sv", "en"] if args.lang == "both" else [args.lang]
    out = write_report(results, args.out, formats=args.format, lang=langs if len(langs) > 1 else langs[0])
    done = time.perf_counter()
    _say(f"simulated in {simulated - start:.1f} s, report written in {done - simulated:.1f} s")
    print(f"wrote {out}")
    return EXIT_OK


def _validate(args) -> int:
    import tomllib

    from prevsim.model_file import load_model
    from prevsim.scenario import load_scenario

    bad = 0
    for path in _scenario_files(args.scenarios):
        try:
            try:
                is_model = "model" in tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                is_model = False  # the loader gives the message, with the line
            if is_model:
                model = load_model(path)
                model.evaluate(at="base")
                print(f"ok  {path}: cohort model, {len(model.strategies)} strategies")
            else:
                s = load_scenario(path)
                s.evaluate()
                f = s.facts
                print(f"ok  {path}: {s.title} ({len(f['outcomes'])} outcome(s), "
                      f"{len(f['interventions'])} intervention(s), {len(s.parameters.names)} uncertain inputs)")
        except ValueError as error:  # ScenarioError, or a model check of the C++ core
            bad += 1
            print(f"prevsim: error: {_one_line(error)}", file=sys.stderr)
    if bad:
        print(f"{bad} invalid file(s)", file=sys.stderr)
    return EXIT_INPUT if bad else EXIT_OK


def _compare(args) -> int:
    from prevsim.labels import label
    from prevsim.report import display_rows, overview_table, write_report
    from prevsim.scenario import load_scenario

    paths = [Path(args.a), Path(args.b)]
    scenarios = [(p, load_scenario(p)) for p in paths]
    if args.out:
        from prevsim.report import _prepare_out_dir
        _prepare_out_dir(Path(args.out))
    results = _simulate_all(scenarios, args, _say)
    table = overview_table(results, ["A", "B"], lang=args.lang, key="compare")
    header, rows = display_rows(table, args.lang)
    diff_header = label("col.difference", args.lang)
    lines = [[label("quantity", args.lang), f"A: {paths[0].name}", f"B: {paths[1].name}", diff_header]]
    from prevsim.report import format_cell
    for j, name in enumerate(header[1:], start=1):
        column = table.columns[j - 1]
        diff = ""
        if not column.parts and column.kind in ("msek", "ratio", "share"):
            a, b = table.data[column.key]
            if a is not None and b is not None:
                diff = format_cell(b - a, column.kind, args.lang)
        lines.append([name, rows[0][j], rows[1][j], diff])
    widths = [max(len(r[i]) for r in lines) for i in range(4)]
    print(table.title)
    print(table.caption)
    for i, r in enumerate(lines):
        print("  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if args.out:
        out = write_report(results, args.out, lang=args.lang)
        print(f"wrote {out}")
    return EXIT_OK


def _regress(args) -> int:
    from prevsim import regression

    paths = [Path(p) for p in args.scenarios] or None
    store = Path(args.store) if args.store else None
    if args.update:
        for written in regression.update(paths, store=store):
            print(f"wrote {written}")
        return EXIT_OK
    differences = regression.check(paths, store=store)
    same, changed = regression.summary_counts(differences)
    table = regression.format_table(differences, show_all=args.all)
    if table:
        print(table)
    print(f"{same} quantities unchanged, {changed} changed")
    return 1 if changed else 0


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status (see the module docstring)."""
    args = build_parser().parse_args(argv)
    from prevsim.errors import ScenarioError
    from prevsim.report import ReportError

    try:
        if args.command == "demo":
            from prevsim.demo import main_demo

            print(main_demo(args.draws, args.seed, args.threads))
            return EXIT_OK
        if getattr(args, "handler", None) is not None:
            try:
                return args.handler(args)
            except ValueError as error:  # the analysis commands report bad input as ValueError
                raise UserError(str(error)) from None
        return {"run": _run, "validate": _validate, "compare": _compare, "regress": _regress}[args.command](args)
    except KeyboardInterrupt:
        out = getattr(args, "out", None)
        where = f"; nothing written to {out}" if out else ""
        print(f"\nprevsim: interrupted{where}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (UserError, ScenarioError, ReportError) as error:  # invalid input: one line, no traceback
        print(f"prevsim: error: {_one_line(error)}", file=sys.stderr)
        return EXIT_INPUT
    except (PermissionError, NotADirectoryError, FileExistsError, IsADirectoryError) as error:
        # An output folder that cannot be written.
        print(f"prevsim: error: {_one_line(error)}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as error:  # a bug: the traceback helps whoever fixes it
        import traceback

        traceback.print_exc()
        print(f"prevsim: internal error: {type(error).__name__}: {_one_line(error)} "
              "(this is a bug in prevsim; please report it with the traceback above)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
