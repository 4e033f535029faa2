"""Reports of prevention runs: tables, plots and the inputs, in Markdown, CSV,
Excel, standalone HTML and JSON, in Swedish or English.

The content is built once per language (``build_report``) as language-labelled
tables of unformatted numbers; each format renders it (``docs/reports.md``
describes the layout, ``docs/report_schema.json`` the JSON). Every report
leads with the net present value (mean, 90 % interval), the probability of a
net gain and the payback year, then costs, avoided costs by outcome and by
payer, and the benefit–cost ratio; per cohort and per participant; with the
price year and discount rate stated at each table. It states its inputs:
scenario file and SHA-256, seed, draws, sampling method, prevsim version, the
data files (with their SHA-256) and the sources of every uncertain input.

``write_report`` writes into a hidden staging folder that replaces the output
folder only when complete: a failed or interrupted run leaves no partial
output (and an earlier report in that folder untouched).

Example
-------
>>> import tempfile, prevsim
>>> from prevsim.report import write_report
>>> s = prevsim.load_scenario(prevsim.scenario_path("prevention/norrtalje.toml"))
>>> r = prevsim.simulate(s, draws=1000, seed=1)
>>> with tempfile.TemporaryDirectory() as d:
...     out = write_report([r], d + "/rapport", formats=["md", "json"], lang="sv")
...     sorted(p.name for p in out.iterdir())
['.prevsim-report', 'report.json', 'report.md']
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from prevsim import __version__
from prevsim.labels import (MISSING, discount_text, format_general, format_money, format_number,
                            format_share, label, scenario_label, text)
from prevsim.scenario import PAYERS

#: Every output format; plots are written as PNG and/or SVG files in plots/.
FORMATS = ("md", "csv", "xlsx", "html", "json", "png", "svg")
#: The plots of each scenario, in report order.
PLOTS = ("npv", "payback", "by_payer", "by_outcome", "tornado")  # tornado: with uncertain inputs
#: Version of the JSON layout (docs/report_schema.json).
SCHEMA_ID = "prevsim-report/1"
MARKER = ".prevsim-report"


class ReportError(ValueError):
    """A report that cannot be written as asked (an unknown format, an output
    folder that is not a prevsim report): the user's to fix."""

# Unit of each column kind in the JSON (amounts are SEK, unformatted).
KIND_UNIT = {"msek": "SEK", "sek": "SEK", "share": "share", "ratio": "ratio", "year": "year",
             "count": "count", "number": "number", "text": "text"}


# -- the content ------------------------------------------------------------

@dataclass
class Column:
    """A column of a report table. An interval column (``parts`` = the keys of
    its 5th and 95th percentiles) shows as one column "a to b" in Markdown and
    HTML and as two columns in CSV, Excel and JSON."""
    key: str
    label: str
    kind: str  # msek, sek, share, ratio, year, count, number, text
    parts: tuple[str, str] | None = None
    part_labels: tuple[str, str] | None = None


@dataclass
class Table:
    key: str
    title: str
    caption: str
    index_key: str
    index_label: str
    row_keys: list[str]
    row_labels: list[str]
    columns: list[Column]
    data: dict[str, list]  # column key (interval: each part key) -> one value per row

    def flat_columns(self) -> list[tuple[str, str, str]]:
        """(key, label, kind) with interval columns split into their parts."""
        out = []
        for c in self.columns:
            if c.parts:
                out += [(c.parts[0], c.part_labels[0], c.kind), (c.parts[1], c.part_labels[1], c.kind)]
            else:
                out.append((c.key, c.label, c.kind))
        return out


@dataclass
class PlotSpec:
    key: str
    title: str
    make: Callable[[], Any]  # returns a matplotlib Figure


@dataclass
class ScenarioReport:
    stem: str
    title: str
    description: str
    settings_text: str
    meta: dict
    tables: list[Table]
    plots: list[PlotSpec]
    meta_rows: list[tuple[str, str]] = field(default_factory=list)  # (label, value) in the language


@dataclass
class Report:
    lang: str
    overview: Table | None
    scenarios: list[ScenarioReport]


def _sha256(path: str | Path | None) -> str | None:
    if path is None:
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _stem(results, used: set[str]) -> str:
    sc = results.scenario
    if sc.path:
        base = Path(sc.path).stem
    else:  # built in Python: its name (Scenario.from_dict(..., name=...)), made file-safe
        base = re.sub(r"[^\w.-]+", "_", str(getattr(sc._file, "name", "") or "")).strip("._") or "scenario"
    stem, k = base, 2
    while stem in used:
        stem, k = f"{base}_{k}", k + 1
    used.add(stem)
    return stem


def _money_caption(results, unit: str, lang: str) -> str:
    f = results.scenario.facts
    return text("caption.money", lang, unit=label(f"unit.{unit}", lang), price_year=f["price_year"],
                rate=discount_text(f["discount"], lang), start_year=f["start_year"])


def _money_label(key: str, unit: str, price_year: int, lang: str) -> str:
    """A money column's header: its unit when the cells are bare numbers
    (MSEK); SEK cells carry their unit ("12 473 kr"). The price year and the
    discount rate are in the table's caption."""
    return f"{label(key, lang)}, {label('unit.msek', lang)}" if unit == "msek" else label(key, lang)


def _interval(key: str, stem: str, kind: str, lang: str, unit: str | None, price_year: int) -> Column:
    lo, hi = f"{stem}_p5", f"{stem}_p95"
    if unit:
        return Column(key, _money_label(f"col.{key}", unit, price_year, lang), kind, (lo, hi),
                      (_money_label(f"col.{lo}", unit, price_year, lang),
                       _money_label(f"col.{hi}", unit, price_year, lang)))
    return Column(key, label(f"col.{key}", lang), kind, (lo, hi), (label(f"col.{lo}", lang), label(f"col.{hi}", lang)))


def _headline_columns(lang: str, unit: str, price_year: int) -> list[Column]:
    kind = "msek" if unit == "msek" else "sek"
    money = lambda key: Column(key, _money_label(f"col.{key}", unit, price_year, lang), kind)  # noqa: E731
    return [money("npv_mean"), _interval("npv_interval", "npv", kind, lang, unit, price_year),
            Column("p_npv_positive", label("col.p_npv_positive", lang), "share"),
            Column("payback_year_median", label("col.payback_year_median", lang), "year"),
            Column("p_payback", label("col.p_payback", lang), "share"),
            money("pv_costs_mean"), money("pv_benefits_mean"), money("benefits_undiscounted_mean"),
            Column("bcr", label("col.bcr", lang), "ratio")]


def _frame_data(frame, columns: list[Column]) -> dict[str, list]:
    data = {}
    for c in columns:
        for key in (c.parts or (c.key,)):
            data[key] = [None if _missing(v) else v for v in frame[key].tolist()]
    return data


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def summary_table(results, *, lang: str = "en", per: str = "cohort") -> Table:
    """The headline table: one row per perspective, NPV first."""
    s = results.summary(per=per)
    unit = "msek" if per == "cohort" else "sek"
    columns = _headline_columns(lang, unit, results.price_year)
    caption = _money_caption(results, unit, lang)
    if per == "participant":
        caption += " " + label("caption.per_participant", lang)
    return Table("summary" if per == "cohort" else "summary_per_participant",
                 label("table.summary" if per == "cohort" else "table.summary_per_participant", lang),
                 caption, "perspective", label("perspective", lang), list(s.index),
                 [label(f"perspective.{p}", lang) for p in s.index], columns, _frame_data(s, columns))


def payer_table(results, *, lang: str = "en") -> Table:
    t = results.by_payer()
    py = results.price_year
    columns = [Column("pv_costs_mean", _money_label("col.pv_costs_mean", "msek", py, lang), "msek"),
               Column("pv_benefits_mean", _money_label("col.pv_benefits_mean", "msek", py, lang), "msek"),
               Column("net_mean", _money_label("col.net_mean", "msek", py, lang), "msek"),
               _interval("net_interval", "net", "msek", lang, "msek", py)]
    return Table("by_payer", label("table.by_payer", lang),
                 _money_caption(results, "msek", lang) + " " + label("caption.payer", lang),
                 "payer", label("payer", lang), list(t.index), [label(f"payer.{k}", lang) for k in t.index],
                 columns, _frame_data(t, columns))


def outcome_table(results, *, lang: str = "en") -> Table:
    t = results.by_outcome()
    py = results.price_year
    columns = [Column("cases_averted_mean", label("col.cases_averted_mean", lang), "count"),
               _interval("cases_averted_interval", "cases_averted", "count", lang, None, py),
               Column("pv_benefits_mean", _money_label("col.pv_benefits_mean", "msek", py, lang), "msek"),
               _interval("pv_benefits_interval", "pv_benefits", "msek", lang, "msek", py),
               Column("pv_benefits_via_links_mean", _money_label("col.pv_benefits_via_links_mean", "msek", py, lang),
                      "msek")]
    for k in PAYERS:
        columns.append(Column(f"{k}_pv_benefits_mean",
                              f"{text('col.payer_pv_benefits_mean', lang, payer=label(f'payer.{k}', lang))}, "
                              f"{label('unit.msek', lang)}", "msek"))
    return Table("by_outcome", label("table.by_outcome", lang), _money_caption(results, "msek", lang),
                 "outcome", label("outcome", lang), list(t.index),
                 [scenario_label(results.scenario, o, lang) for o in t.index], columns, _frame_data(t, columns))


def cashflow_table(results, *, lang: str = "en") -> Table:
    cf = results.cashflow("society").rename(columns={"net_mean": "net_year_mean"})
    py = results.price_year
    money = lambda key: Column(key, _money_label(f"col.{key}", "msek", py, lang), "msek")  # noqa: E731
    columns = [money("costs_mean"), money("benefits_mean"), money("net_year_mean"),
               money("cumulative_discounted_net_mean"), money("cumulative_discounted_net_p5"),
               money("cumulative_discounted_net_p50"), money("cumulative_discounted_net_p95")]
    return Table("cashflow", label("table.cashflow", lang),
                 _money_caption(results, "msek", lang) + " " + label("caption.cashflow", lang),
                 "year", label("year", lang), [str(y) for y in cf.index], [str(y) for y in cf.index],
                 columns, _frame_data(cf, columns))


def inputs_table(results, *, lang: str = "en") -> Table:
    t = results.scenario.inputs()
    columns = [Column("distribution", label("col.distribution", lang), "text"),
               Column("mean", label("col.mean", lang), "number"),
               Column("sd", label("col.sd", lang), "number"),
               Column("base", label("col.base", lang), "number"),
               Column("unit", label("col.unit", lang), "text"),
               Column("source", label("col.source", lang), "text")]
    data = {}
    for c in columns:
        values = t[c.key].tolist()
        data[c.key] = [("" if v is None else str(v)) if c.kind == "text" else (None if _missing(float(v)) else float(v))
                       for v in values]
    return Table("inputs", label("table.inputs", lang), "", "input", label("col.input_name", lang),
                 [str(n) for n in t.index], [str(n) for n in t.index], columns, data)


def tornado_table(results, *, lang: str = "en", top: int = 10) -> Table:
    """One-way sensitivity of the society NPV (sensitivity.tornado): the
    ``top`` inputs with the largest swing."""
    from prevsim import sensitivity

    t = sensitivity.tornado(results.scenario).head(top)
    columns = [Column("low_value", label("col.low_value", lang), "number"),
               Column("high_value", label("col.high_value", lang), "number"),
               Column("metric_low", label("col.npv_at_low", lang), "msek"),
               Column("metric_high", label("col.npv_at_high", lang), "msek"),
               Column("swing", label("col.swing", lang), "msek")]
    data = {c.key: [float(v) for v in t[c.key]] for c in columns}
    return Table("tornado", label("table.tornado", lang), "", "input", label("col.input_name", lang),
                 [str(n) for n in t.index], [str(n) for n in t.index], columns, data)


def evppi_table(results, *, lang: str = "en", top: int = 10) -> Table | None:
    """EVPPI of each uncertain input on the run's draws (voi.evppi, society
    NPV); None for a run with too few draws to estimate it."""
    import warnings

    from prevsim import voi

    if results.n_draws < 1000 or len(results.scenario.parameters.names) == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the table's check column says the same
        e = voi.evppi(results)
    e = e.sort_values("evppi", ascending=False).head(top)
    columns = [Column("evppi", label("col.evppi", lang), "msek"),
               Column("share_of_evpi", label("col.share_of_evpi", lang), "share"),
               Column("check", label("col.evppi_check", lang), "text")]
    data = {"evppi": [float(v) for v in e["evppi"]], "share_of_evpi": [float(v) for v in e["share_of_evpi"]],
            "check": [str(v) for v in e["check"]]}
    caption = text("caption.evppi", lang, evpi=format_cell(float(e.attrs["evpi"]), "msek", lang),
                   draws=format_number(results.n_draws, lang))
    return Table("evppi", label("table.evppi", lang), caption, "input", label("col.input_name", lang),
                 [str(n) for n in e.index], [str(n) for n in e.index], columns, data)


def overview_table(all_results: Sequence, stems: Sequence[str], *, lang: str = "en", key: str = "overview") -> Table:
    """One row per scenario: the society perspective's headline figures, with
    each scenario's price year and discount rate."""
    rows = [r.summary().loc["society"] for r in all_results]
    money = lambda k: Column(k, f"{label(f'col.{k}', lang)}, {label('unit.msek', lang)}", "msek")  # noqa: E731
    columns = [money("npv_mean"),
               Column("npv_interval", f"{label('col.npv_interval', lang)}, {label('unit.msek', lang)}", "msek",
                      ("npv_p5", "npv_p95"), (f"{label('col.npv_p5', lang)}, {label('unit.msek', lang)}",
                                              f"{label('col.npv_p95', lang)}, {label('unit.msek', lang)}")),
               Column("p_npv_positive", label("col.p_npv_positive", lang), "share"),
               Column("payback_year_median", label("col.payback_year_median", lang), "year"),
               money("pv_costs_mean"), money("pv_benefits_mean"),
               Column("bcr", label("col.bcr", lang), "ratio"),
               Column("price_year", label("meta.price_year", lang), "year"),
               Column("discount", label("meta.discount", lang), "text")]
    data: dict[str, list] = {}
    for c in columns[:-2]:
        for k in (c.parts or (c.key,)):
            data[k] = [None if _missing(float(s[k])) else float(s[k]) for s in rows]
    data["price_year"] = [r.price_year for r in all_results]
    data["discount"] = [discount_text(r.scenario.facts["discount"], lang) for r in all_results]
    caption = text("caption.overview", lang, unit=label("unit.msek", lang))
    return Table(key, label(f"table.{key}", lang), caption, "scenario", label("scenario", lang), list(stems),
                 [r.scenario.title for r in all_results], columns, data)


def _meta(results) -> dict:
    sc = results.scenario
    f = sc.facts
    return {
        "file": str(sc.path) if sc.path else None,
        "sha256": _sha256(sc.path),
        "seed": results.seed,
        "draws": results.n_draws,
        "method": results.method,
        "prevsim_version": __version__,
        "data_files": [{"role": role, "path": str(path), "sha256": _sha256(path)}
                       for role, path in f["data_files"].items()],
        "settings": {"currency": "SEK", "price_year": f["price_year"], "start_year": f["start_year"],
                     "discount": {"from_year": [float(x) for x in f["discount"][0]],
                                  "rate": [float(x) for x in f["discount"][1]]},
                     "timing": f["timing"], "horizon_years": f["horizon"],
                     "entry_years": [int(y) for y in f["entry_years"]]},
    }


def _method_text(results, lang: str) -> str:
    key = f"method.{results.method}"
    from prevsim.labels import LABELS
    return label(key, lang) if key in LABELS else str(results.method)


def settings_text(results, lang: str) -> str:
    """One sentence: price year, discount rate and timing, cohorts, horizon, draws and seed."""
    f = results.scenario.facts
    return text("report.settings", lang, price_year=f["price_year"], rate=discount_text(f["discount"], lang),
                start_year=f["start_year"], timing=label(f"timing.{f['timing']}", lang),
                cohorts=len(f["entry_years"]), first=f["entry_years"][0], last=f["entry_years"][-1],
                horizon=f["horizon"], method=_method_text(results, lang),
                draws=format_number(results.n_draws, lang), seed=results.seed)


def scenario_report(results, stem: str, *, lang: str = "en") -> ScenarioReport:
    """The content of one scenario's section."""
    from prevsim import plots

    sc = results.scenario
    f = sc.facts
    meta = _meta(results)
    settings = settings_text(results, lang)
    meta_rows = [(label("meta.file", lang), meta["file"] or label("meta.built_in_python", lang)),
                 (label("meta.sha256", lang), meta["sha256"] or "–"),
                 (label("meta.seed", lang), str(results.seed)),
                 (label("meta.draws", lang), format_number(results.n_draws, lang)),
                 (label("meta.method", lang), _method_text(results, lang)),
                 (label("meta.version", lang), __version__),
                 (label("meta.price_year", lang), str(f["price_year"])),
                 (label("meta.discount", lang), discount_text(f["discount"], lang)),
                 (label("meta.start_year", lang), str(f["start_year"])),
                 (label("meta.horizon", lang), str(f["horizon"]))]
    for d in meta["data_files"]:
        meta_rows.append((f"{label('meta.data_files', lang)}: {label('data.' + d['role'], lang)}",
                          f"{d['path']} (SHA-256 {d['sha256']})"))
    tables = [summary_table(results, lang=lang), summary_table(results, lang=lang, per="participant"),
              outcome_table(results, lang=lang), payer_table(results, lang=lang),
              cashflow_table(results, lang=lang)]
    if results.scenario.parameters.names:
        tables.append(tornado_table(results, lang=lang))
        voi_table = evppi_table(results, lang=lang)
        if voi_table is not None:
            tables.append(voi_table)
    tables.append(inputs_table(results, lang=lang))
    persp = label("perspective.society", lang).lower()
    plot_specs = [
        PlotSpec("npv", text("plot.npv.title", lang, perspective=persp), lambda: plots.plot_npv(results, lang=lang)),
        PlotSpec("payback", text("plot.payback.title", lang, perspective=persp),
                 lambda: plots.plot_payback(results, lang=lang)),
        PlotSpec("by_payer", label("plot.by_payer.title", lang), lambda: plots.plot_by_payer(results, lang=lang)),
        PlotSpec("by_outcome", label("plot.by_outcome.title", lang), lambda: plots.plot_by_outcome(results, lang=lang)),
    ]
    if results.scenario.parameters.names:
        from prevsim import sensitivity

        plot_specs.append(PlotSpec(
            "tornado", label("plot.tornado.title", lang),
            lambda: sensitivity.plot_tornado(sensitivity.tornado(results.scenario), language=lang, top=10,
                                             scale=1e6, title=label("plot.tornado.title", lang),
                                             xlabel=label("col.npv_society_msek", lang))))
    description = " ".join(str(sc.to_dict().get("description", "")).split())
    return ScenarioReport(stem, sc.title, description, settings, meta, tables, plot_specs, meta_rows)


def build_report(all_results: Sequence, *, lang: str = "en") -> Report:
    """The content of a report on one or more runs (``Results``)."""
    label("report.title", lang)  # checks lang
    used: set[str] = set()
    stems = [_stem(r, used) for r in all_results]
    sections = [scenario_report(r, s, lang=lang) for r, s in zip(all_results, stems)]
    overview = overview_table(all_results, stems, lang=lang) if len(all_results) > 1 else None
    return Report(lang, overview, sections)


# -- formatting cells -------------------------------------------------------

def format_cell(value, kind: str, lang: str) -> str:
    """A cell as text in the number format of ``lang``."""
    if kind == "text":
        return "" if value is None else str(value)
    if _missing(value):
        return label("value.not_within_horizon", lang) if kind == "year" else MISSING
    if kind == "msek":
        return format_number(value / 1e6, lang, decimals=1)
    if kind == "sek":
        return format_money(value, lang, unit="sek")
    if kind == "share":
        return format_share(value, lang)
    if kind == "ratio":
        return format_number(value, lang, decimals=2)
    if kind == "year":
        return str(int(value))
    if kind == "count":
        return format_number(value, lang, decimals=1)
    return format_general(value, lang)


def display_rows(table: Table, lang: str) -> tuple[list[str], list[list[str]]]:
    """Header and text cells for Markdown and HTML (intervals as "a to b")."""
    to = " till " if lang == "sv" else " to "
    header = [table.index_label] + [c.label for c in table.columns]
    rows = []
    for i, row_label in enumerate(table.row_labels):
        cells = [row_label]
        for c in table.columns:
            if c.parts:
                lo, hi = (table.data[k][i] for k in c.parts)
                # "−2 913 till 8 836 kr": the unit once, after the upper end.
                lo_text = format_number(lo, lang) if c.kind == "sek" and not _missing(lo) \
                    else format_cell(lo, c.kind, lang)
                cells.append(f"{lo_text}{to}{format_cell(hi, c.kind, lang)}")
            else:
                cells.append(format_cell(table.data[c.key][i], c.kind, lang))
        rows.append(cells)
    return header, rows


# -- Markdown, CSV, JSON ----------------------------------------------------

def _md_escape(s: str) -> str:
    # Line breaks would end the table row; no-break spaces stay (str.split would eat them).
    return re.sub(r"[ \t\r\n]+", " ", str(s)).strip().replace("|", "\\|")


def markdown_table(table: Table, lang: str) -> str:
    header, rows = display_rows(table, lang)
    aligns = ["---"] + ["---:" if c.kind != "text" else "---" for c in table.columns]
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(_md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def render_markdown(report: Report, *, plot_files: dict[str, list[str]] | None = None) -> str:
    lang = report.lang
    out = [f"# {label('report.title', lang)}", "", label("report.intro", lang), "",
           text("report.generated", lang, version=__version__), ""]
    if report.overview is not None:
        out += _markdown_section(report.overview, lang, "##")
    for s in report.scenarios:
        out += [f"## {s.title}", ""]
        if s.description:
            out += [s.description, ""]
        out += [s.settings_text, ""]
        for t in s.tables[:-1]:
            out += _markdown_section(t, lang, "###")
        pngs = [f for f in (plot_files or {}).get(s.stem, []) if f.endswith(".png")] or \
            [f for f in (plot_files or {}).get(s.stem, []) if f.endswith(".svg")]
        if pngs:
            out += [f"### {label('report.plots', lang)}", ""]
            titles = {p.key: p.title for p in s.plots}
            for f in pngs:
                key = Path(f).stem[len(s.stem) + 1:]
                out += [f"![{titles.get(key, key)}]({f})", ""]
        out += [f"### {label('report.inputs', lang)}", ""]
        out += [f"- {k}: `{v}`" if k in (label("meta.file", lang), label("meta.sha256", lang)) else f"- {k}: {v}"
                for k, v in s.meta_rows]
        out += [""] + _markdown_section(s.tables[-1], lang, "####")
    return "\n".join(out).rstrip() + "\n"


def _markdown_section(table: Table, lang: str, level: str) -> list[str]:
    lines = [f"{level} {table.title}", ""]
    if table.caption:
        lines += [f"*{table.caption}*", ""]
    return lines + [markdown_table(table, lang), ""]


def write_csv(table: Table, path: Path) -> None:
    """Unformatted numbers (SEK, shares as fractions), machine keys as the
    header, the row labels of the report's language in the second column."""
    import csv

    flat = table.flat_columns()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow([table.index_key, "label"] + [k for k, _, _ in flat])
        for i, key in enumerate(table.row_keys):
            w.writerow([key, table.row_labels[i]] + ["" if _missing(table.data[k][i]) else table.data[k][i]
                                                     for k, _, _ in flat])


def _json_table(table: Table) -> dict:
    flat = table.flat_columns()
    return {
        "title": table.title, "caption": table.caption,
        "index": {"key": table.index_key, "label": table.index_label},
        "columns": [{"key": k, "label": lab, "unit": KIND_UNIT[kind], "display": kind} for k, lab, kind in flat],
        "rows": [{"key": key, "label": table.row_labels[i],
                  "values": {k: (None if _missing(table.data[k][i]) else _plain(table.data[k][i])) for k, _, _ in flat}}
                 for i, key in enumerate(table.row_keys)],
    }


def _plain(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


def report_json(report: Report, *, plot_files: dict[str, list[str]] | None = None) -> dict:
    """The report as JSON-ready data (schema: docs/report_schema.json)."""
    return {
        "schema": SCHEMA_ID,
        "prevsim_version": __version__,
        "language": report.lang,
        "overview": _json_table(report.overview) if report.overview is not None else None,
        "scenarios": [{
            "id": s.stem, "title": s.title, "description": s.description,
            "inputs": {k: s.meta[k] for k in ("file", "sha256", "seed", "draws", "method", "prevsim_version",
                                             "data_files")},
            "settings": s.meta["settings"],
            "tables": {t.key: _json_table(t) for t in s.tables},
            "plots": [{"id": p.key, "title": p.title,
                       "files": [f for f in (plot_files or {}).get(s.stem, [])
                                 if Path(f).stem == f"{s.stem}_{p.key}"]} for p in s.plots],
        } for s in report.scenarios],
    }


# -- writing ----------------------------------------------------------------

def _check_formats(formats: Iterable[str] | str | None) -> list[str]:
    if formats is None:
        return list(FORMATS)
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    formats = list(dict.fromkeys(formats))
    if "all" in formats:
        return list(FORMATS)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ReportError(f"format {', '.join(map(repr, unknown)) or '(none)'} is not known; "
                         f"formats are {', '.join(FORMATS)} or all")
    return formats


def _prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise ReportError(f"{out_dir}: the folder exists and is not a prevsim report (no {MARKER}); "
                          "choose a new folder, so that nothing else is replaced")


def write_report(all_results: Sequence, out_dir: str | Path, *, formats: Iterable[str] | str | None = None,
                 lang: str | Sequence[str] = "en", progress: Callable[[str], None] | None = None) -> Path:
    """Writes the report on ``all_results`` (one or more ``Results``) to
    ``out_dir`` and returns its path.

    ``formats``: any of md, csv, xlsx, html, json, png, svg (default all).
    ``lang``: "sv" or "en", or several (e.g. ``["sv", "en"]``), each then in
    its own subfolder. The folder appears complete or not at all; an existing
    folder is replaced only if it holds a prevsim report.
    """
    formats = _check_formats(formats)
    langs = [lang] if isinstance(lang, str) else list(dict.fromkeys(lang))
    for code in langs:
        label("report.title", code)  # checks the language
    all_results = list(all_results)
    if not all_results:
        raise ReportError("write_report: no results to report")
    out_dir = Path(out_dir)
    _prepare_out_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial.", dir=out_dir.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the report is not
        (staging / MARKER).write_text(f"prevsim {__version__} report\n", encoding="utf-8")
        for code in langs:
            folder = staging if len(langs) == 1 else staging / code
            folder.mkdir(exist_ok=True)
            _write_into(folder, build_report(all_results, lang=code), formats, progress)
        _replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_into(folder: Path, report: Report, formats: list[str], progress) -> None:
    plot_files, svgs = _write_plots(report, folder, formats, progress)
    if "md" in formats:
        (folder / "report.md").write_text(render_markdown(report, plot_files=plot_files), encoding="utf-8")
    if "csv" in formats:
        (folder / "csv").mkdir()
        if report.overview is not None:
            write_csv(report.overview, folder / "csv" / "overview.csv")
        for s in report.scenarios:
            for t in s.tables:
                write_csv(t, folder / "csv" / f"{s.stem}_{t.key}.csv")
    if "json" in formats:
        data = report_json(report, plot_files=plot_files)
        (folder / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
                                            + "\n", encoding="utf-8")
    if "xlsx" in formats:
        from prevsim.report_excel import write_workbooks

        write_workbooks(report, folder)
    if "html" in formats:
        from prevsim.report_html import render_html

        (folder / "report.html").write_text(render_html(report, svgs), encoding="utf-8")


def _write_plots(report: Report, staging: Path, formats: list[str], progress) -> tuple[dict, dict]:
    """Draws every plot once: PNG/SVG files (if asked) and the inline SVG for HTML."""
    from prevsim import plots

    files_formats = [f for f in ("png", "svg") if f in formats]
    need_html = "html" in formats
    plot_files: dict[str, list[str]] = {}
    svgs: dict[tuple[str, str], str] = {}
    if not files_formats and not need_html:
        return plot_files, svgs
    if files_formats:
        (staging / "plots").mkdir()
    for s in report.scenarios:
        plot_files[s.stem] = []
        for p in s.plots:
            if progress is not None:
                progress(f"{s.stem}: {p.key}")
            fig = p.make()
            salt = f"{s.stem}-{p.key}"
            svg = plots.svg_text(fig, salt=salt, prolog=True) if "svg" in files_formats or need_html else None
            if "png" in files_formats:
                plots.save(fig, staging / "plots" / f"{s.stem}_{p.key}", ["png"])
                plot_files[s.stem].append(f"plots/{s.stem}_{p.key}.png")
            if "svg" in files_formats:
                (staging / "plots" / f"{s.stem}_{p.key}.svg").write_text(svg, encoding="utf-8")
                plot_files[s.stem].append(f"plots/{s.stem}_{p.key}.svg")
            if need_html:
                svgs[(s.stem, p.key)] = svg[svg.index("<svg"):]
    return plot_files, svgs


def _replace(staging: Path, out_dir: Path) -> None:
    """Moves the finished staging folder to ``out_dir``; an earlier report
    there is moved aside first and removed only after the swap."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
        os.rmdir(old)
        out_dir.replace(old)
    try:
        staging.replace(out_dir)
    except BaseException:
        if old is not None:
            old.replace(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


__all__ = ["FORMATS", "Report", "ReportError", "Table", "build_report", "format_cell", "markdown_table", "overview_table",
           "render_markdown", "report_json", "summary_table", "write_report"]
