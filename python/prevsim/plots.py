"""Plots of prevention and cohort results (matplotlib, no pyplot state).

Every function returns a ``matplotlib.figure.Figure`` drawn with the Agg
renderer (no display needed; a notebook shows it inline), labelled in Swedish
or English from ``prevsim.labels`` and with Swedish number format on the axes
in Swedish. ``save(fig, stem, formats)`` writes PNG and SVG; ``svg_text`` gives
the SVG for inline HTML.

Example
-------
>>> import prevsim
>>> from prevsim import plots
>>> s = prevsim.load_scenario(prevsim.scenario_path("prevention/norrtalje.toml"))
>>> r = prevsim.simulate(s, draws=2000, seed=1)
>>> fig = plots.plot_npv(r, lang="sv")
>>> fig.axes[0].get_xlabel()
'Nettonuvärde, mnkr (2019 års priser)'
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import numpy as np

from prevsim.labels import format_number, format_share, label, scenario_label, text

# Colours (colour-blind safe, Okabe–Ito).
_GAIN, _LOSS, _COST, _NEUTRAL, _LINE = "#009E73", "#D55E00", "#E69F00", "#0072B2", "#222222"
_STRATEGY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def _figure(width: float = 7.5, height: float = 4.2):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _unit(values) -> tuple[str, float]:
    """MSEK when the amounts reach a million, else SEK."""
    largest = float(np.nanmax(np.abs(values))) if np.size(values) and np.isfinite(values).any() else 0.0
    return ("msek", 1e6) if largest >= 1e6 else ("sek", 1.0)


def _number_axis(axis, lang: str, *, percent: bool = False) -> None:
    """Tick labels in the number format of ``lang`` (``percent``: shares as
    ``5 %``), with the fewest decimals that show every tick exactly."""
    from matplotlib.ticker import Formatter

    class LanguageFormatter(Formatter):
        decimals = 0

        def set_locs(self, locs):
            super().set_locs(locs)
            ticks = np.asarray(locs, dtype=float) * (100 if percent else 1)
            self.decimals = next((d for d in range(7)
                                  if np.allclose(np.round(ticks, d), ticks, rtol=0, atol=1e-9)), 6)

        def __call__(self, value, pos=None):
            if percent:
                return format_number(100 * value, lang, decimals=self.decimals) + "\u00a0%"
            return format_number(value, lang, decimals=self.decimals)

    axis.set_major_formatter(LanguageFormatter())


def _perspective_label(perspective: str, lang: str) -> str:
    key = f"perspective.{perspective}" if perspective in ("municipality", "public_sector", "society") \
        else f"payer.{perspective}"
    return label(key, lang).lower()


def plot_npv(results, *, perspective: str = "society", lang: str = "en", bins: int = 60):
    """Histogram of the NPV over the draws, losses and gains in two colours,
    with the zero line, the mean and P(NPV > 0)."""
    npv = results.draws[f"{perspective}.npv"].to_numpy()
    npv = npv[np.isfinite(npv)]
    unit, scale = _unit(npv)
    x = npv / scale
    fig, ax = _figure()
    # The middle 99.6 % of the draws (and zero) set the range: a few extreme
    # draws would squeeze the rest into a handful of bins. Bars are shares of
    # all draws.
    lo, hi = (np.quantile(x, [0.002, 0.998]) if len(x) else (0.0, 1.0))
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    counts, edges = np.histogram(x, bins=bins, range=(lo, hi) if hi > lo else None)
    shares = counts / max(1, len(x))
    centres = (edges[:-1] + edges[1:]) / 2
    ax.bar(centres, shares, width=np.diff(edges), color=np.where(centres < 0, _LOSS, _GAIN),
           alpha=0.75, linewidth=0)
    ax.axvline(0, color=_LINE, linewidth=1.5, label=label("plot.npv.zero", lang))
    mean = float(np.mean(x)) if len(x) else float("nan")
    ax.axvline(mean, color=_NEUTRAL, linewidth=1.5, linestyle="--",
               label=text("plot.npv.mean", lang, value=format_number(mean, lang, decimals=1 if unit == "msek" else 0)
                          + "\u00a0" + label(f"unit.{unit}", lang)))
    p = float(np.mean(npv > 0)) if len(npv) else float("nan")
    ax.text(0.99, 0.97, text("plot.npv.p_positive", lang, p=format_share(p, lang)), transform=ax.transAxes,
            ha="right", va="top", fontsize=11, fontweight="bold")
    ax.set_title(text("plot.npv.title", lang, perspective=_perspective_label(perspective, lang)))
    ax.set_xlabel(text("plot.npv.x", lang, unit=label(f"unit.{unit}", lang), price_year=results.price_year))
    ax.set_ylabel(label("plot.npv.y", lang))
    _number_axis(ax.xaxis, lang)
    _number_axis(ax.yaxis, lang, percent=True)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return fig


def plot_payback(results, *, perspective: str = "society", lang: str = "en"):
    """The payback curve: cumulative discounted net by year (median, mean) with
    the bands holding 50 % and 90 % of the draws, and the zero line."""
    cf = results.cashflow(perspective)
    years = cf.index.to_numpy()
    unit, scale = _unit(cf[["cumulative_discounted_net_p5", "cumulative_discounted_net_p95"]].to_numpy())
    col = lambda q: cf[f"cumulative_discounted_net_{q}"].to_numpy() / scale  # noqa: E731
    fig, ax = _figure()
    ax.fill_between(years, col("p5"), col("p95"), color=_NEUTRAL, alpha=0.18, linewidth=0,
                    label=label("plot.band90", lang))
    ax.fill_between(years, col("p25"), col("p75"), color=_NEUTRAL, alpha=0.35, linewidth=0,
                    label=label("plot.band50", lang))
    ax.plot(years, col("p50"), color=_NEUTRAL, linewidth=2, label=label("plot.median", lang))
    ax.plot(years, col("mean"), color=_LINE, linewidth=1, linestyle="--", label=label("col.mean", lang).lower())
    ax.axhline(0, color=_LINE, linewidth=1)
    s = results.summary().loc[perspective] if perspective in ("municipality", "public_sector", "society") else None
    if s is not None and np.isfinite(s["payback_year_median"]):
        year = int(s["payback_year_median"])
        ax.axvline(year, color=_GAIN, linestyle=":", linewidth=1.5)
        ax.annotate(str(year), (year, 0), xytext=(4, 6), textcoords="offset points", color=_GAIN,
                    fontweight="bold")
    ax.set_title(text("plot.payback.title", lang, perspective=_perspective_label(perspective, lang)))
    ax.set_xlabel(label("year", lang))
    ax.set_ylabel(textwrap.fill(text("plot.payback.y", lang, unit=label(f"unit.{unit}", lang),
                                     price_year=results.price_year), 40))
    _number_axis(ax.yaxis, lang)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return fig


def plot_by_payer(results, *, lang: str = "en"):
    """Present value of the costs and of the avoided costs each payer bears,
    with the net (mean and 90 % interval)."""
    t = results.by_payer()
    unit, scale = _unit(t[["pv_costs_mean", "pv_benefits_mean", "net_p5", "net_p95"]].to_numpy())
    names = [label(f"payer.{k}", lang) for k in t.index]
    y = np.arange(len(t))[::-1]
    fig, ax = _figure(height=3.6)
    h = 0.38
    ax.barh(y + h / 2, t["pv_benefits_mean"] / scale, height=h, color=_GAIN, label=label("plot.avoided", lang))
    ax.barh(y - h / 2, -t["pv_costs_mean"] / scale, height=h, color=_COST, label=label("plot.costs", lang))
    net, lo, hi = (t[c].to_numpy() / scale for c in ("net_mean", "net_p5", "net_p95"))
    # The mean may fall outside the 5–95 % interval (a skewed net): no bar then.
    ax.errorbar(net, y, xerr=[np.maximum(net - lo, 0), np.maximum(hi - net, 0)], fmt="D", color=_LINE, capsize=3, markersize=5,
                label=label("plot.net", lang))
    ax.axvline(0, color=_LINE, linewidth=1)
    ax.set_yticks(y, names)
    ax.set_title(label("plot.by_payer.title", lang))
    ax.set_xlabel(text("plot.money_axis", lang, unit=label(f"unit.{unit}", lang), price_year=results.price_year))
    _number_axis(ax.xaxis, lang)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_by_outcome(results, *, lang: str = "en"):
    """Present value of the avoided costs of each outcome (society), mean and
    90 % interval; the part through linked outcomes hatched."""
    t = results.by_outcome()
    unit, scale = _unit(t[["pv_benefits_mean", "pv_benefits_p5", "pv_benefits_p95"]].to_numpy())
    names = [textwrap.fill(scenario_label(results.scenario, o, lang), 34) for o in t.index]
    y = np.arange(len(t))[::-1]
    fig, ax = _figure(height=max(2.6, 1.0 + 0.7 * len(t)))
    mean = t["pv_benefits_mean"].to_numpy() / scale
    links = t["pv_benefits_via_links_mean"].to_numpy() / scale
    ax.barh(y, mean, height=0.55, color=_GAIN, label=label("plot.avoided", lang))
    if np.any(links != 0):
        ax.barh(y, links, height=0.55, color="none", edgecolor=_LINE, hatch="//", linewidth=0.5,
                label=label("col.pv_benefits_via_links_mean", lang))
    lo, hi = t["pv_benefits_p5"].to_numpy() / scale, t["pv_benefits_p95"].to_numpy() / scale
    ax.errorbar(mean, y, xerr=[np.maximum(mean - lo, 0), np.maximum(hi - mean, 0)], fmt="none", ecolor=_LINE, capsize=3)
    ax.axvline(0, color=_LINE, linewidth=1)
    ax.set_yticks(y, names, fontsize=8)
    ax.set_title(label("plot.by_outcome.title", lang))
    ax.set_xlabel(text("plot.money_axis", lang, unit=label(f"unit.{unit}", lang), price_year=results.price_year))
    _number_axis(ax.xaxis, lang)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_ce_plane(results, *, reference: str | None = None, effect: str | None = None,
                  lang: str = "en", max_points: int = 2000):
    """Cost-effectiveness plane of a cohort-model PSA (``CohortResults``): the
    incremental cost and effect of every strategy against ``reference`` (the
    first strategy), per draw (up to ``max_points``) and at the means."""
    costs, effects = results.costs(), results.effects(effect)
    reference = reference or results.strategies[0]
    if reference not in results.strategies:
        raise ValueError(f"reference is {reference!r}, but must be one of {', '.join(results.strategies)}")
    effect_name = effect or [r for r in results.rewards if not results.reward_is_cost[r]][0]
    step = max(1, len(costs) // max_points)
    fig, ax = _figure(height=4.6)
    for i, s in enumerate(st for st in results.strategies if st != reference):
        dc = (costs[s] - costs[reference]).to_numpy()
        de = (effects[s] - effects[reference]).to_numpy()
        colour = _STRATEGY_COLOURS[i % len(_STRATEGY_COLOURS)]
        ax.scatter(de[::step], dc[::step], s=4, alpha=0.25, color=colour, linewidths=0)
        ax.scatter([de.mean()], [dc.mean()], s=60, color=colour, edgecolor="white", zorder=3, label=s)
    ax.axhline(0, color=_LINE, linewidth=1)
    ax.axvline(0, color=_LINE, linewidth=1)
    ax.set_title(text("plot.ce_plane.title", lang, reference=reference))
    ax.set_xlabel(text("plot.ce_plane.x", lang, effect=effect_name))
    ax.set_ylabel(label("plot.ce_plane.y", lang))
    _number_axis(ax.xaxis, lang)
    _number_axis(ax.yaxis, lang)
    ax.legend(fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return fig


def plot_acceptability(results, wtp, *, effect: str | None = None, lang: str = "en"):
    """Cost-effectiveness acceptability curves of a cohort-model PSA, with the
    frontier (the strategy of highest expected net benefit)."""
    curves = results.acceptability(wtp, effect)
    effect_name = effect or [r for r in results.rewards if not results.reward_is_cost[r]][0]
    fig, ax = _figure()
    x = curves.index.to_numpy(dtype=float)
    for i, s in enumerate(results.strategies):
        ax.plot(x, curves[s], color=_STRATEGY_COLOURS[i % len(_STRATEGY_COLOURS)], linewidth=1.8, label=s)
    ax.plot(x, curves["frontier"], color=_LINE, linewidth=5, alpha=0.2, label=label("plot.ceac.frontier", lang))
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(label("plot.ceac.title", lang))
    ax.set_xlabel(text("plot.ceac.x", lang, effect=effect_name))
    ax.set_ylabel(label("plot.ceac.y", lang))
    _number_axis(ax.xaxis, lang)
    _number_axis(ax.yaxis, lang, percent=True)
    ax.legend(fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return fig


def save(fig, stem: str | Path, formats=("png", "svg"), *, salt: str | None = None) -> list[Path]:
    """Writes ``fig`` as ``stem.png`` (150 dpi) and/or ``stem.svg``; returns the
    files. The files carry no date, so the same figure gives the same bytes."""
    written = []
    for fmt in formats:
        path = Path(f"{stem}.{fmt}")
        if fmt == "png":
            fig.savefig(path, format="png", dpi=150, metadata={"Software": None})
        elif fmt == "svg":
            path.write_text(svg_text(fig, salt=salt or path.stem, prolog=True), encoding="utf-8")
        else:
            raise ValueError(f"plot format is {fmt!r}, but must be 'png' or 'svg'")
        written.append(path)
    return written


def svg_text(fig, *, salt: str, prolog: bool = False) -> str:
    """The figure as SVG text; without ``prolog`` just the ``<svg>`` element,
    for inline HTML. The ``salt`` makes its internal ids unique within a page."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    return svg if prolog else svg[svg.index("<svg"):]


__all__ = ["plot_acceptability", "plot_by_outcome", "plot_by_payer", "plot_ce_plane", "plot_npv",
           "plot_payback", "save", "svg_text"]
