"""Reports: the generated files opened and their content checked — the Excel
workbook read back with pandas, the JSON against its schema, the Swedish number
format, the HTML holding every table and plot (and rendered by headless
Chromium), the CSV tables, the plots; the labels table."""

from __future__ import annotations

import doctest
import importlib
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import prevsim
from prevsim import labels
from prevsim.labels import SV_GROUP, SV_MINUS, format_money, format_number, format_share
from prevsim.report import PLOTS, write_report

REPO = Path(__file__).parents[2]
SCHEMA = json.loads((REPO / "docs" / "report_schema.json").read_text(encoding="utf-8"))
TABLES = ["summary", "summary_per_participant", "by_outcome", "by_payer", "cashflow", "tornado", "evppi", "inputs"]


@pytest.fixture(scope="module")
def runs():
    names = ["botkyrka", "kiva_anti_bullying"]
    return [prevsim.simulate(prevsim.load_scenario(prevsim.scenario_path(f"prevention/{n}.toml")),
                             draws=3000, seed=11) for n in names]


@pytest.fixture(scope="module")
def report_sv(runs, tmp_path_factory):
    return write_report(runs, tmp_path_factory.mktemp("sv") / "rapport", lang="sv")


@pytest.fixture(scope="module")
def report_en(runs, tmp_path_factory):
    return write_report(runs[:1], tmp_path_factory.mktemp("en") / "report", lang="en")


# -- labels and number formats ---------------------------------------------

@pytest.mark.parametrize("name", ["prevsim.labels", "prevsim.plots", "prevsim.report"])
def test_module_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_every_label_has_both_languages_with_the_same_placeholders():
    for key, (en, sv) in labels.LABELS.items():
        assert en.strip() and sv.strip(), key
        assert sorted(re.findall(r"{(\w+)}", en)) == sorted(re.findall(r"{(\w+)}", sv)), key


def test_every_label_the_code_asks_for_exists():
    source = "".join((REPO / "python" / "prevsim" / f).read_text(encoding="utf-8")
                     for f in ("report.py", "report_html.py", "report_excel.py", "plots.py", "__main__.py"))
    used = set(re.findall(r"""(?:label|text)\(\s*["']([a-z_]+\.[a-z_0-9.]+)["']""", source))
    assert used and not (used - labels.LABELS.keys())


def test_swedish_number_format():
    # Thousands: NO-BREAK SPACE; decimal comma; MINUS SIGN; unit after a space.
    assert format_money(1234567, "sv") == f"1{SV_GROUP}234{SV_GROUP}567\u00a0kr"
    assert format_money(1234567, "sv") == "1\u00a0234\u00a0567\u00a0kr"  # looks like "1 234 567 kr"
    assert format_money(-1234567.4, "sv") == f"{SV_MINUS}1{SV_GROUP}234{SV_GROUP}567\u00a0kr"
    assert format_money(67_950_000, "sv", unit="msek") == "68,0\u00a0mnkr"
    assert format_number(-0.04, "sv", decimals=1) == "0,0"  # never "−0,0"
    assert format_number(1234.5, "sv", decimals=2) == "1\u00a0234,50"
    assert format_share(0.8234, "sv") == "82\u00a0%"
    # English for comparison.
    assert format_money(-1234567, "en") == "-1,234,567\u00a0SEK"
    assert format_number(1234.5, "en", decimals=2) == "1,234.50"
    assert format_number(float("nan"), "sv") == "–"
    with pytest.raises(ValueError, match="lang is 'de', but must be one of 'sv', 'en'"):
        format_number(1, "de")


def test_scenario_labels_in_swedish_and_english():
    s = prevsim.load_scenario(prevsim.scenario_path("prevention/kiva_anti_bullying.toml"))
    assert labels.scenario_label(s, "bullying_victimisation", "sv") == "Utsatt för mobbning"
    assert labels.scenario_label(s, "bullying_victimisation", "en") == "Bullied at school"
    built = prevsim.Scenario.from_dict(s.to_dict())
    assert labels.scenario_label(built, "mental_ill_health", "sv").startswith("Psykisk ohälsa")


# -- the Swedish report ----------------------------------------------------

def test_swedish_markdown_uses_swedish_labels_and_number_format(report_sv, runs):
    md = (report_sv / "report.md").read_text(encoding="utf-8")
    for words in ["# prevsim-rapport", "Översikt av scenarierna (samhället)", "Sammanfattning, alla kohorter",
                  "Sammanfattning per deltagare", "Nettonuvärde (medel), mnkr", "Sannolikhet för nettovinst",
                  "Återbetalningsår (median)", "Nyttokostnadskvot", "Kostnader och undvikta kostnader per betalare",
                  "Undvikta kostnader per utfall (samhället)", "Utsatt för mobbning", "Saknar gymnasieexamen",
                  "Regionen", "Staten", "Samhället", "Kommunen", "2019 års priser", "diskonterade med 3\u00a0%",
                  "Frö", "Dragningar", "SHA-256", "Datafiler"]:
        assert words in md, words
    for english in ["Net present value", "Summary", "Probability of a net gain", "Society"]:
        assert english not in md
    # The society NPV of Botkyrka, in MSEK with a decimal comma and (if
    # negative) a minus sign, as the summary row shows it.
    npv = runs[0].summary().loc["society", "npv_mean"] / 1e6
    shown = f"{abs(npv):,.1f}".replace(",", SV_GROUP).replace(".", ",")
    assert re.search(rf"\| Samhället \| {'−' if npv < 0 else ''}{re.escape(shown)} \|", md)
    # Per participant: whole kronor with their unit, "12 345 kr".
    per = runs[0].summary(per="participant").loc["society", "npv_mean"]
    assert format_money(per, "sv") in md
    assert re.search(r"\d{1,3}(?:\u00a0\d{3})+\u00a0kr", md)
    assert re.search(r"−\d", md) and not re.search(r"\| -\d", md)  # minus sign, not hyphen
    assert not re.search(r"\d,\d{3},\d", md)  # no English thousands separators


def test_json_report_matches_its_schema_and_the_results(report_sv, report_en, runs):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for folder in (report_sv, report_en):
        data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, errors[0]
    data = json.loads((report_sv / "report.json").read_text(encoding="utf-8"))
    assert data["language"] == "sv" and data["prevsim_version"] == prevsim.__version__
    assert [s["id"] for s in data["scenarios"]] == ["botkyrka", "kiva_anti_bullying"]
    bot = data["scenarios"][0]
    assert bot["inputs"]["seed"] == 11 and bot["inputs"]["draws"] == 3000
    path = prevsim.scenario_path("prevention/botkyrka.toml")
    import hashlib
    assert bot["inputs"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {d["role"] for d in bot["inputs"]["data_files"]} == {"price_index", "life_table", "unit_costs"}
    assert bot["settings"]["price_year"] == 2019 and bot["settings"]["discount"]["rate"] == [0.03]
    assert sorted(bot["tables"]) == sorted(TABLES)
    rows = {r["key"]: r["values"] for r in bot["tables"]["summary"]["rows"]}
    s = runs[0].summary()
    for p in ("municipality", "public_sector", "society"):
        assert rows[p]["npv_mean"] == s.loc[p, "npv_mean"]  # unformatted SEK, exactly
        assert rows[p]["p_npv_positive"] == s.loc[p, "p_npv_positive"]
    assert rows["municipality"]["payback_year_median"] is None  # never pays back: null
    assert [p["id"] for p in bot["plots"]] == list(PLOTS)
    assert all((report_sv / f).is_file() for p in bot["plots"] for f in p["files"])
    # The schema rejects a report with a table missing.
    del bot["tables"]["cashflow"]
    assert not validator.is_valid(data)


def test_excel_workbook_read_back_with_pandas(report_sv, runs):
    openpyxl = pytest.importorskip("openpyxl")
    path = report_sv / "botkyrka.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, header=3, index_col=0)
    assert list(sheets) == ["Om rapporten", "Sammanfattning", "Per deltagare", "Per utfall", "Per betalare",
                            "Kassaflöde", "Känslighet", "Informationsvärde", "Indata"]
    summary = sheets["Sammanfattning"]
    assert list(summary.index) == ["Kommunen", "Offentlig sektor", "Samhället"]
    s = runs[0].summary()
    assert summary.columns[0] == "Nettonuvärde (medel), mnkr"
    np.testing.assert_allclose(summary.iloc[:, 0].to_numpy(float), s["npv_mean"].to_numpy() / 1e6, rtol=1e-12)
    np.testing.assert_allclose(summary["Sannolikhet för nettovinst"].to_numpy(float), s["p_npv_positive"])
    assert summary.loc["Kommunen", "Återbetalningsår (median)"] == "–"
    assert int(summary.loc["Samhället", "Återbetalningsår (median)"]) == s.loc["society", "payback_year_median"]
    per = sheets["Per deltagare"]
    np.testing.assert_allclose(per.iloc[:, 0].to_numpy(float), runs[0].summary(per="participant")["npv_mean"])
    cash = sheets["Kassaflöde"]
    assert list(cash.index) == runs[0].scenario.years
    outcomes = sheets["Per utfall"]
    assert list(outcomes.index) == ["Saknar gymnasieexamen (20-64 år)"]
    inputs = sheets["Indata"]
    assert "cohort_size" in inputs.index and inputs.loc["cohort_size", "Källa"].startswith("SCB")
    about = pd.read_excel(path, sheet_name="Om rapporten", header=None)
    text = " ".join(str(v) for v in about.to_numpy().ravel())
    assert "botkyrka.toml" in text and "SHA-256" in text and "Frö" in text and "11" in text
    # Formatting: title, caption, header style, number formats, widths, frozen header.
    wb = openpyxl.load_workbook(path)
    ws = wb["Sammanfattning"]
    assert ws["A1"].value == "Sammanfattning, alla kohorter" and ws["A1"].font.bold
    assert "2019 års priser" in ws["A2"].value and "3\u00a0%" in ws["A2"].value
    assert ws["B4"].font.bold and ws["B4"].fill.fgColor.rgb.endswith("1F4E79")
    assert ws["B5"].number_format == "#,##0.0"
    assert ws["D5"].number_format == "0%" or ws["E5"].number_format == "0%"
    assert ws.column_dimensions["A"].width >= 12 and ws.freeze_panes == "B5"
    assert (report_sv / "overview.xlsx").is_file()
    overview = pd.read_excel(report_sv / "overview.xlsx", header=3, index_col=0)
    assert len(overview) == 2 and list(overview["Prisår"]) == [2019, 2023]


def test_csv_tables_hold_unformatted_numbers(report_sv, runs):
    summary = pd.read_csv(report_sv / "csv" / "botkyrka_summary.csv", index_col=0)
    s = runs[0].summary()
    np.testing.assert_allclose(summary["npv_mean"], s["npv_mean"], rtol=1e-15)
    np.testing.assert_allclose(summary["npv_p5"], s["npv_p5"], rtol=1e-15)
    assert list(summary["label"]) == ["Kommunen", "Offentlig sektor", "Samhället"]
    assert math.isnan(summary.loc["municipality", "payback_year_median"])
    overview = pd.read_csv(report_sv / "csv" / "overview.csv", index_col=0)
    assert list(overview.index) == ["botkyrka", "kiva_anti_bullying"]


def test_html_is_standalone_and_holds_every_table_and_plot(report_sv, report_en):
    html = (report_sv / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    for stem in ("botkyrka", "kiva_anti_bullying"):
        for table in TABLES:
            assert f'id="{stem}-{table}"' in html, (stem, table)
        for plot in PLOTS:
            block = re.search(rf'<figure id="{stem}-plot-{plot}" data-plot="{plot}"><svg.*?</svg>', html, re.S)
            assert block, (stem, plot)
    assert '<table class="lead" data-table="overview"' in html
    assert html.count("<svg") == 2 * len(PLOTS)
    # Opens offline: nothing to fetch (the only URLs are XML namespace names).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and not re.search(r"url\((?!#)", html) and "<script" not in html
    svgs = "".join(re.findall(r"<svg.*?</svg>", html, re.S))
    assert set(re.findall(r"https?://[^\s\"'<>]+", svgs)) == {
        "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    # Swedish content.
    assert "Nettonuvärde (medel), mnkr" in html and "Sannolikhet för nettovinst" in html
    english = (report_en / "report.html").read_text(encoding="utf-8")
    assert "NPV (mean), MSEK" in english and '<table class="lead" data-table="overview"' not in english


def test_every_report_states_its_inputs(report_en, runs):
    md = (report_en / "report.md").read_text(encoding="utf-8")
    path = prevsim.scenario_path("prevention/botkyrka.toml")
    import hashlib
    assert str(path) in md and hashlib.sha256(path.read_bytes()).hexdigest() in md
    assert "Seed: 11" in md and "Draws: 3,000" in md and f"prevsim version: {prevsim.__version__}" in md
    for name in ("kpi_se.csv", "life_table_se.csv", "unit_costs_se.toml"):
        assert name in md
    assert runs[0].scenario.to_dict()["description"].split()[0] in md  # its description
    assert "Uncertain inputs and their sources" in md and "SCB population statistics" in md
    assert "![Net present value, society](plots/botkyrka_npv.png)" in md


def test_summary_table_leads_with_npv_then_probability_and_payback(runs):
    from prevsim.report import summary_table

    t = summary_table(runs[0], lang="en")
    keys = [c.key for c in t.columns]
    assert keys[:4] == ["npv_mean", "npv_interval", "p_npv_positive", "payback_year_median"]
    assert keys.index("pv_costs_mean") < keys.index("bcr") and keys[-1] == "bcr"
    assert "2019 prices" in t.caption and "3\u00a0%" in t.caption


def test_a_failed_report_leaves_no_folder_and_keeps_the_old_one(runs, tmp_path, monkeypatch):
    out = tmp_path / "r"
    write_report(runs[:1], out, formats=["md"])
    before = (out / "report.md").read_text(encoding="utf-8")
    import prevsim.report_html as report_html

    monkeypatch.setattr(report_html, "render_html", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_report(runs, out, formats=["md", "html"])
    assert (out / "report.md").read_text(encoding="utf-8") == before  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]  # no staging folder left


# -- plots and the Results methods -----------------------------------------

def test_plots_have_their_elements(runs):
    r = runs[0]
    fig = r.plot_npv(lang="sv")
    ax = fig.axes[0]
    assert ax.get_title() == "Nettonuvärde, samhället"
    assert any(line.get_xdata()[0] == 0 for line in ax.get_lines())  # the zero line
    assert any("P(nettovinst)" in t.get_text() for t in ax.texts)
    fig = r.plot_payback()
    ax = fig.axes[0]
    assert len(ax.collections) == 2  # the 90 % and 50 % bands
    assert [t.get_text() for t in ax.get_legend().get_texts()][:3] == ["90 % of draws", "50 % of draws", "median"]
    ax = r.plot_by_payer().axes[0]
    assert sorted(t.get_text() for t in ax.get_yticklabels()) == [
        "Individual", "Municipality (its residents)", "Others", "Region", "State"]
    ax = r.plot_by_outcome(lang="sv").axes[0]
    assert "Saknar gymnasieexamen" in ax.get_yticklabels()[0].get_text()
    # Swedish tick labels: decimal comma, minus sign.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = r.plot_npv(lang="sv")
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert any(t.startswith("−") for t in ticks) and not any(t.startswith("-") for t in ticks)
    assert all(t.endswith("%") for t in (x.get_text() for x in fig.axes[0].get_yticklabels()) if t)


def test_cohort_plots_ce_plane_and_acceptability():
    from prevsim import plots

    model = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
    results = model.simulate(500, seed=3)
    fig = plots.plot_ce_plane(results, lang="en")
    ax = fig.axes[0]
    assert ax.get_title() == "Cost-effectiveness plane (vs SoC)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B", "AB"]
    fig = plots.plot_acceptability(results, range(0, 200_001, 20_000), lang="sv")
    ax = fig.axes[0]
    curves = results.acceptability(range(0, 200_001, 20_000))
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), curves["SoC"].to_numpy())
    assert ax.get_ylabel() == "Sannolikhet kostnadseffektiv"
    with pytest.raises(ValueError, match="reference is 'X'"):
        plots.plot_ce_plane(results, reference="X")


def test_plot_files_png_and_svg(runs, tmp_path):
    from prevsim import plots

    written = plots.save(runs[0].plot_payback(), tmp_path / "p")
    assert [p.name for p in written] == ["p.png", "p.svg"]
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "p.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_results_report_and_notebook_view(runs, tmp_path):
    out = runs[0].report(tmp_path / "nb", formats="html,json", lang="en")
    assert sorted(p.name for p in out.iterdir()) == [".prevsim-report", "report.html", "report.json"]
    html = runs[0]._repr_html_()
    assert html.startswith("<div>") and "<table" in html and "NPV (mean), MSEK" in html
    assert runs[0].scenario.title in html
    with pytest.raises(ValueError, match="format 'pdf' is not known"):
        runs[0].report(tmp_path / "x", formats=["pdf"])
    assert not (tmp_path / "x").exists()


def test_existing_results_api_is_unchanged(runs):
    r = runs[0]
    assert list(r.summary().columns) == [
        "npv_mean", "npv_p5", "npv_p95", "npv_mcse", "p_npv_positive", "payback_year_median", "p_payback",
        "pv_costs_mean", "pv_benefits_mean", "costs_undiscounted_mean", "benefits_undiscounted_mean", "bcr",
        "irr_median"]
    assert list(r.by_payer().index) == ["municipality", "region", "state", "individual", "others"]
    # The cached tables are copies: changing one does not change the next.
    t = r.summary()
    t.loc["society", "npv_mean"] = 0
    assert r.summary().loc["society", "npv_mean"] != 0


# -- rendering in a browser -------------------------------------------------

def _chromium() -> str | None:
    return next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium is not installed (Debian package 'chromium'; "
                    "scripts/bootstrap.sh installs it)")
def test_html_report_renders_in_headless_chromium(report_sv, tmp_path):
    """The HTML opens offline in a browser and shows its tables and plots: a
    screenshot of the top of the page is mostly white with the report's dark
    blue headings and the plots' colours in it."""
    from matplotlib.image import imread

    shot = tmp_path / "report.png"
    subprocess.run([_chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--disable-extensions", "--window-size=1200,3600",
                    f"--screenshot={shot}", (report_sv / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    image = imread(shot)
    assert image.shape[:2] == (3600, 1200)
    rgb = image[..., :3]
    white = (rgb > 0.97).all(axis=-1).mean()
    assert 0.4 < white < 0.98, white  # a page, neither blank nor a solid block
    heading_blue = (np.abs(rgb - np.array([0x1F, 0x4E, 0x79]) / 255).max(axis=-1) < 0.03).mean()
    assert heading_blue > 0.002  # the title rule and table headers
    gain_green = (np.abs(rgb - np.array([0x00, 0x9E, 0x73]) / 255).max(axis=-1) < 0.1).mean()
    assert gain_green > 0.001  # the NPV histogram's bars
