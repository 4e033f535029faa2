"""Command-line subcommands for sensitivity and value-of-information analysis:
``prevsim tornado``, ``prevsim threshold`` and ``prevsim evppi``.

The main command line adds them with ``add_subcommands(subparsers)``; each
parser stores its handler as ``args.handler``, which returns an exit code
(0 = done). Invalid input raises ``prevsim.ScenarioError`` or ``ValueError``,
which the main command line reports in one line with exit status 2.

SCENARIO is a prevention scenario or a cohort model file (a file with a
``[model]`` table), or the name of a bundled one (``prevention/botkyrka.toml``).
Tables go to standard output, or with ``--out`` to a file whose extension
picks the format: ``.csv``, ``.md``, ``.json`` or ``.txt``.

Example
-------
>>> import argparse
>>> from prevsim import cli_analysis
>>> parser = argparse.ArgumentParser(prog="prevsim")
>>> cli_analysis.add_subcommands(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["threshold", "prevention/botkyrka.toml", "--input", "effect_rd"])
>>> args.handler(args)                                       # doctest: +ELLIPSIS
society NPV = 0 at effect_rd = -0.00206 (base -0.0077); NPV > 0 below it, < 0 above it ...
0
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

import pandas as pd

from prevsim.cli_args import nonnegative_int as _nonnegative_int
from prevsim.cli_args import positive_int as _positive_int

__all__ = ["add_subcommands", "load_any"]

_LANGUAGES = ("en", "sv")


def load_any(text: str):
    """A prevention Scenario or a CohortModel from a file path or a bundled name."""
    from prevsim.errors import ScenarioError
    from prevsim.model_file import load_model, scenario_path
    from prevsim.scenario import load_scenario

    path = Path(text)
    if not path.is_file():
        bundled = None
        # A bundled name: "prevention/botkyrka.toml", or just "botkyrka".
        for name in (text, f"prevention/{text}.toml", f"cohort/{text}.toml"):
            try:
                bundled = Path(scenario_path(name))
                break
            except ValueError:
                continue
        if bundled is None or not bundled.is_file():
            raise ScenarioError("no such file (nor a bundled scenario of that name)", file=text)
        path = bundled
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        data = {}  # the loader reports the problem with its line
    return load_model(path) if "model" in data else load_scenario(path)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be within (0, 1), e.g. 0.05 for the 5th percentile")
    return value


def _metric_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("metric (prevention scenario)")
    g.add_argument("--metric", default="npv",
                   help="npv (default), pv_costs, pv_benefits, bcr, roi, costs_undiscounted, "
                        "benefits_undiscounted, or a column such as payer.state.pv_benefits")
    g.add_argument("--perspective", default="society",
                   help="municipality, public_sector or society (default)")
    g.add_argument("--per", default="cohort", choices=("cohort", "participant"),
                   help="the whole package (default) or per participant")
    c = p.add_argument_group("metric (cohort model): incremental net monetary benefit")
    c.add_argument("--wtp", type=float, default=None, help="willingness to pay per unit of effect (required)")
    c.add_argument("--strategy", default=None, help="strategy compared (required with > 2 strategies)")
    c.add_argument("--comparator", default=None, help="comparator (default: the first strategy)")
    c.add_argument("--effect", default=None, help="effect reward (if the model has several)")


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=None,
                   help="write the table to this file (.csv, .md, .json or .txt) instead of printing it")
    p.add_argument("--language", default="en", choices=_LANGUAGES, help="table labels: en (default) or sv")


def _target_options(args, model) -> dict:
    from prevsim.scenario import Scenario

    if isinstance(model, Scenario):
        if args.wtp is not None or args.strategy or args.comparator or args.effect:
            raise ValueError("--wtp, --strategy, --comparator and --effect apply to cohort models only")
        return dict(metric=args.metric, perspective=args.perspective, per=args.per)
    if args.wtp is None:
        raise ValueError("a cohort model needs --wtp (willingness to pay per unit of effect)")
    return dict(wtp=args.wtp, strategy=args.strategy, comparator=args.comparator, effect=args.effect)


def _markdown(frame: pd.DataFrame) -> str:
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join([str(frame.index.name or "")] + cols) + " |",
             "|" + "---|" * (len(cols) + 1)]
    for index, row in frame.iterrows():
        lines.append("| " + " | ".join([str(index)] + [_cell(v) for v in row]) + " |")
    return "\n".join(lines) + "\n"


def _cell(v) -> str:
    if isinstance(v, float):
        return "" if pd.isna(v) else f"{v:.6g}"
    return str(v)


def _write(frame: pd.DataFrame, out: str | None, notes: list[str]) -> None:
    if out is None:
        with pd.option_context("display.width", 200, "display.max_columns", 50,
                               "display.float_format", "{:.6g}".format):
            print(frame.to_string())
        for note in notes:
            print(note)
        return
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".md", ".json", ".txt"):
        raise ValueError(f"--out is {out!r}, but its extension must be .csv, .md, .json or .txt")
    if suffix == ".csv":
        text = frame.to_csv()
    elif suffix == ".md":
        text = _markdown(frame) + "".join(f"\n{n}\n" for n in notes)
    elif suffix == ".json":
        text = json.dumps({"notes": notes, "table": json.loads(frame.reset_index().to_json(orient="records"))},
                          indent=2, ensure_ascii=False)
    else:
        text = frame.to_string() + "\n" + "".join(f"{n}\n" for n in notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


# -- handlers -------------------------------------------------------------------

def _tornado(args) -> int:
    from prevsim import sensitivity

    model = load_any(args.scenario)
    options = _target_options(args, model)
    table = sensitivity.tornado(model, inputs=args.input or None, low=args.low, high=args.high, **options)
    if args.top:
        table = table.head(args.top)
    if args.plot:
        suffix = Path(args.plot).suffix.lower()
        if suffix not in (".png", ".svg", ".pdf"):
            raise ValueError(f"--plot is {args.plot!r}, but its extension must be .png, .svg or .pdf")
        Path(args.plot).parent.mkdir(parents=True, exist_ok=True)
        from prevsim.scenario import Scenario

        money = isinstance(model, Scenario) and args.metric not in ("bcr", "roi")
        fig = sensitivity.plot_tornado(table, args.plot, language=args.language,
                                       scale=1e6 if money else 1.0, unit="MSEK" if money else "")
        import matplotlib.pyplot as plt

        plt.close(fig)
        print(f"wrote {args.plot}", file=sys.stderr)
    notes = [f"{table.attrs['metric']} at base: {table.attrs['base']:.6g}; inputs at their "
             f"{args.low:g} and {args.high:g} quantiles, the others at base"]
    _write(sensitivity.label_table(table, args.language), args.out, notes)
    return 0


def _threshold(args) -> int:
    from prevsim import sensitivity

    model = load_any(args.scenario)
    options = _target_options(args, model)
    if (args.lower is not None or args.upper is not None) and len(args.input or []) != 1:
        raise ValueError("--lower and --upper apply to one --input")
    if args.input and len(args.input) == 1:
        r = sensitivity.threshold(model, args.input[0], lower=args.lower, upper=args.upper,
                                  brackets=args.brackets, **options)
        if args.out is None:
            print(r.statement())
            return 0
        table = pd.DataFrame([{"input": r.input, "threshold": r.roots[0] if r.roots else float("nan"),
                               "status": r.status, "base_value": r.base_value, "lower": r.lower,
                               "upper": r.upper, "metric_at_lower": r.metric_at_lower,
                               "metric_at_upper": r.metric_at_upper}]).set_index("input")
        _write(sensitivity.label_table(table, args.language), args.out, [r.statement()])
        return 0
    table = sensitivity.thresholds(model, args.input or None, brackets=args.brackets, **options)
    _write(sensitivity.label_table(table, args.language), args.out,
           [f"metric: {table.attrs['metric']} = 0; NaN: no threshold within the range"])
    return 0


def _evppi(args) -> int:
    from prevsim import voi
    from prevsim.cohort import CohortModel
    from prevsim.prevention_results import simulate

    model = load_any(args.scenario)
    groups: list = list(args.input or [])
    for g in args.group or []:
        members = [m.strip() for m in g.split(",") if m.strip()]
        if not members:
            raise ValueError(f"--group {g!r} names no input; give NAME,NAME,...")
        groups.append(members)
    population = None
    given = [args.people_per_year is not None, args.years is not None]
    if any(given):
        if not all(given):
            raise ValueError("--people-per-year and --years go together (with --discount-rate, default 0.03)")
        population = voi.population_size(args.people_per_year, args.years, args.discount_rate)
    options = dict(main_degree=args.main_degree, interaction_degree=args.interaction_degree)
    print(f"sampling {args.draws} draws …", file=sys.stderr)
    if isinstance(model, CohortModel):
        if args.wtp is None:
            raise ValueError("a cohort model needs --wtp (willingness to pay per unit of effect)")
        results = model.simulate(args.draws, seed=args.seed, threads=args.threads)
        table = voi.evppi(results, groups or None, wtp=args.wtp, effect=args.effect,
                          population=population, **options)
    else:
        if args.wtp is not None or args.effect:
            raise ValueError("--wtp and --effect apply to cohort models only")
        results = simulate(model, draws=args.draws, seed=args.seed, threads=args.threads)
        table = voi.evppi(results, groups or None, perspective=args.perspective, metric=args.metric,
                          per=args.per, population=population, **options)
    notes = [f"EVPI (all inputs): {table.attrs['evpi']:.6g} per "
             f"{'participant' if getattr(args, 'per', 'cohort') == 'participant' else 'decision'}"
             + (f"; for the population ({population:.6g} discounted): {table.attrs['evpi_population']:.6g}"
                if population is not None else "")
             + f"; option chosen now: {table.attrs['chosen']}; {table.attrs['draws']} draws, seed {args.seed}"]
    _write(voi.label_table(table, args.language), args.out, notes)
    return 0


def add_subcommands(subparsers) -> None:
    """Adds ``tornado``, ``threshold`` and ``evppi`` to an argparse subparsers object."""
    tornado = subparsers.add_parser(
        "tornado", help="one-way sensitivity analysis: tornado table (and plot)",
        description="Evaluates the metric with each uncertain input at a low and a high value (by "
                    "default its 5th and 95th percentile), the other inputs at their base values, "
                    "and lists the inputs by the swing of the metric (docs/sensitivity.md §2).",
        epilog="examples:\n"
               "  prevsim tornado prevention/botkyrka.toml\n"
               "  prevsim tornado my.toml --perspective municipality --plot out/tornado.png --out out/tornado.csv\n"
               "  prevsim tornado cohort/sick_sicker.toml --wtp 100000 --strategy AB --language sv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    tornado.add_argument("scenario", help="scenario or cohort model file (or a bundled name)")
    tornado.add_argument("--input", action="append", help="an input to vary (repeatable; default: all)")
    tornado.add_argument("--low", type=_fraction, default=0.05, help="low quantile (default 0.05)")
    tornado.add_argument("--high", type=_fraction, default=0.95, help="high quantile (default 0.95)")
    tornado.add_argument("--top", type=_positive_int, default=None, help="show the N largest swings")
    tornado.add_argument("--plot", default=None, help="also draw the tornado plot (.png, .svg or .pdf)")
    _metric_options(tornado)
    _output_options(tornado)
    tornado.set_defaults(handler=_tornado)

    threshold = subparsers.add_parser(
        "threshold", help="the value of an input at which the decision changes (metric = 0)",
        description="Solves for the value of an input at which the metric (default: society NPV; "
                    "for a cohort model the incremental net monetary benefit at --wtp) is 0, the "
                    "other inputs at base, with a bracketing root finder on the input's range (its "
                    "support, or --lower/--upper); says so when there is none "
                    "(docs/sensitivity.md §3).",
        epilog="examples:\n"
               "  prevsim threshold prevention/botkyrka.toml --input effect_rd\n"
               "  prevsim threshold prevention/parenting_programme.toml --input 'interventions.comet.costs[1].amount'\n"
               "  prevsim threshold prevention/norrtalje.toml            # every input, as a table\n"
               "  prevsim threshold cohort/sick_sicker.toml --wtp 100000 --strategy B --input c_trtB",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    threshold.add_argument("scenario", help="scenario or cohort model file (or a bundled name)")
    threshold.add_argument("--input", action="append",
                           help="the input (repeatable; default: every uncertain input)")
    threshold.add_argument("--lower", type=float, default=None, help="lower end of the range searched")
    threshold.add_argument("--upper", type=float, default=None, help="upper end of the range searched")
    threshold.add_argument("--brackets", type=_positive_int, default=8,
                           help="grid intervals used to bracket sign changes (default 8)")
    _metric_options(threshold)
    _output_options(threshold)
    threshold.set_defaults(handler=_threshold)

    evppi = subparsers.add_parser(
        "evppi", help="value of information: EVPI and EVPPI of inputs and groups",
        description="Runs the Monte Carlo simulation and estimates the expected value of partial "
                    "perfect information of each input (or of the given inputs and groups) by "
                    "regression on the draws, with EVPI and an over-fitting check "
                    "(docs/sensitivity.md §5-6).",
        epilog="examples:\n"
               "  prevsim evppi prevention/botkyrka.toml --draws 50000\n"
               "  prevsim evppi my.toml --input effect --group cost_a,cost_b --people-per-year 1200 --years 10\n"
               "  prevsim evppi cohort/sick_sicker.toml --wtp 100000 --out out/evppi.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    evppi.add_argument("scenario", help="scenario or cohort model file (or a bundled name)")
    evppi.add_argument("--input", action="append", help="an input valued on its own (repeatable)")
    evppi.add_argument("--group", action="append", help="a group NAME,NAME,... valued together (repeatable)")
    evppi.add_argument("--draws", type=_positive_int, default=20_000, help="Monte Carlo draws (default 20000)")
    evppi.add_argument("--seed", type=_nonnegative_int, default=20260101, help="random seed")
    evppi.add_argument("--threads", type=_nonnegative_int, default=None,
                       help="worker threads (default: all cores; results do not depend on it)")
    evppi.add_argument("--people-per-year", type=float, default=None,
                       help="people (or packages) concerned per year, for the population value")
    evppi.add_argument("--years", type=_positive_int, default=None, help="decision horizon in years")
    evppi.add_argument("--discount-rate", type=float, default=0.03,
                       help="discount rate over the decision horizon (default 0.03)")
    evppi.add_argument("--main-degree", type=_positive_int, default=5, help="polynomial degree per input (default 5)")
    evppi.add_argument("--interaction-degree", type=_nonnegative_int, default=3,
                       help="total degree of interactions in groups (default 3; 0 = additive)")
    _metric_options(evppi)
    _output_options(evppi)
    evppi.set_defaults(handler=_evppi)
