"""Reports of prevention runs: a Markdown summary and CSV tables per scenario.

The report leads with NPV and P(NPV > 0), states its inputs (scenario file and
its SHA-256, seed, draws, prevsim version, data files) and is written to a
temporary folder that replaces the output folder only when complete, so a
failed or interrupted run leaves no partial output.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from prevsim import __version__
from prevsim.prevention_results import Results

_PERSPECTIVE_LABEL = {"municipality": "Municipality", "public_sector": "Public sector", "society": "Society"}


def _sha256(path: Path | None) -> str:
    if path is None:
        return "(built in Python)"
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _msek(x: float) -> str:
    return "—" if pd.isna(x) else f"{x / 1e6:,.1f}"


def _markdown_table(frame: pd.DataFrame) -> str:
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join([frame.index.name or ""] + cols) + " |",
             "|" + "---|" * (len(cols) + 1)]
    for index, row in frame.iterrows():
        lines.append("| " + " | ".join([str(index)] + [str(v) for v in row]) + " |")
    return "\n".join(lines)


def summary_table(results: Results) -> pd.DataFrame:
    """The headline table: NPV first, then P(NPV > 0), payback, costs, benefits."""
    s = results.summary()
    table = pd.DataFrame({
        "NPV, MSEK (mean)": s["npv_mean"].map(_msek),
        "NPV 90 % interval": [f"{_msek(a)} to {_msek(b)}" for a, b in zip(s["npv_p5"], s["npv_p95"])],
        "P(NPV > 0)": s["p_npv_positive"].map(lambda p: f"{p:.2f}"),
        "payback year (median)": s["payback_year_median"].map(lambda y: "not within horizon" if pd.isna(y) else str(int(y))),
        "PV costs, MSEK": s["pv_costs_mean"].map(_msek),
        "PV avoided costs, MSEK": s["pv_benefits_mean"].map(_msek),
        "avoided costs undiscounted, MSEK": s["benefits_undiscounted_mean"].map(_msek),
        "benefit–cost ratio": s["bcr"].map(lambda r: "—" if pd.isna(r) else f"{r:.2f}"),
    })
    table.index = [_PERSPECTIVE_LABEL[p] for p in table.index]
    table.index.name = "perspective"
    return table


def scenario_section(results: Results) -> str:
    sc = results.scenario
    f = sc.facts
    rate = ", ".join(f"{r:.1%} from year {int(s)}" for s, r in zip(*f["discount"])) if len(f["discount"][0]) > 1 \
        else f"{f['discount'][1][0]:.1%}"
    by_outcome = results.by_outcome()
    outcomes = pd.DataFrame({
        "outcome": by_outcome["label"],
        "cases averted (mean)": by_outcome["cases_averted_mean"].map(lambda x: f"{x:,.1f}"),
        "PV avoided costs, MSEK": by_outcome["pv_benefits_mean"].map(_msek),
        "of which through links": by_outcome["pv_benefits_via_links_mean"].map(_msek),
    }).set_index("outcome")
    payers = results.by_payer()
    payer_table = pd.DataFrame({
        "PV costs, MSEK": payers["pv_costs_mean"].map(_msek),
        "PV avoided costs, MSEK": payers["pv_benefits_mean"].map(_msek),
        "net, MSEK (mean)": payers["net_mean"].map(_msek),
    })
    payer_table.index.name = "payer"
    lines = [
        f"## {sc.title}",
        "",
        f"SEK of {f['price_year']}, discounted at {rate} to {f['start_year']} ({f['timing']}-year timing); "
        f"{len(f['entry_years'])} cohort(s) entering {f['entry_years'][0]}–{f['entry_years'][-1]}, "
        f"horizon {f['horizon']} years. {results.method}, {results.n_draws} draws, seed {results.seed}.",
        "",
        _markdown_table(summary_table(results)),
        "",
        "Avoided costs by outcome (society, present values):",
        "",
        _markdown_table(outcomes),
        "",
        "By payer (the municipality: its own residents):",
        "",
        _markdown_table(payer_table),
        "",
        f"Inputs: `{sc.path if sc.path else sc._file.name}` (SHA-256 {_sha256(sc.path)}); data: "
        + ", ".join(f"`{Path(p).name}`" for p in f["data_files"].values()) + ".",
        "",
    ]
    return "\n".join(lines)


def write_report(all_results: list[Results], out_dir: str | Path) -> Path:
    """Writes report.md and per-scenario CSV tables to ``out_dir`` atomically
    (the folder appears complete or not at all) and returns its path."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        parts = [f"# prevsim report\n\nprevsim {__version__}. Every amount is a present value unless "
                 "stated; intervals are the 5th and 95th percentiles of the Monte Carlo draws.\n"]
        for results in all_results:
            stem = Path(results.scenario.path).stem if results.scenario.path else "scenario"
            parts.append(scenario_section(results))
            results.summary().to_csv(staging / f"{stem}_summary.csv")
            results.by_payer().to_csv(staging / f"{stem}_by_payer.csv")
            results.by_outcome().to_csv(staging / f"{stem}_by_outcome.csv")
            results.cashflow().to_csv(staging / f"{stem}_cashflow_society.csv")
        (staging / "report.md").write_text("\n".join(parts), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.replace(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir
