"""Deterministic sensitivity analysis: tornado tables and plots, two-way grids,
thresholds, and Monte Carlo sweeps over scenario settings.

Every function works on a prevention ``Scenario`` (metric: an NPV or another
per-draw metric of a perspective) and on a ``CohortModel`` (metric: the
incremental net monetary benefit of one strategy against another at a
willingness to pay λ). ``docs/sensitivity.md`` states every formula.

- ``tornado``: each input at a low and a high value (default its 5th and 95th
  percentile), the others at their base values; a prevention scenario
  evaluates all rows in one call of the C++ evaluator.
- ``two_way``: a grid of two inputs, the others at base (tidy table).
- ``threshold``: the value of an input at which the metric crosses 0, solved
  with a bracketing root finder (TOMS 748, in C++) on the input's range, with
  a plain answer when there is none.
- ``sweep`` and ``probability_of_gain``: Monte Carlo runs over a grid of
  scenario settings or input values with the same seed (common random
  numbers), as tidy tables: mean, interval and P(metric > 0) per grid point.

Example
-------
>>> import prevsim
>>> from prevsim import sensitivity
>>> s = prevsim.load_scenario(prevsim.scenario_path("prevention/botkyrka.toml"))
>>> t = sensitivity.tornado(s)                   # society NPV, 5th/95th percentiles
>>> t.index[0]                                   # the input that moves the NPV most
'effect_rd'
>>> th = sensitivity.threshold(s, "effect_rd")   # the effect at which NPV = 0
>>> round(th.roots[0], 5)
-0.00206
>>> print(th.statement())
society NPV = 0 at effect_rd = -0.00206 (base -0.0077); NPV > 0 below it, < 0 above it (searched within [-0.0511, 0.0351]).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from prevsim import _core
from prevsim.errors import ScenarioError
from prevsim.parameters import _seed, _threads

__all__ = ["LABELS", "Threshold", "label_table", "plot_tornado", "probability_of_gain", "sweep", "threshold",
           "thresholds", "tornado", "two_way"]

_TAIL = 1e-12  # as the scenario compiler: the range draws reach in practice
_METRIC_NAMES = {"npv": "NPV", "pv_costs": "PV of costs", "pv_benefits": "PV of avoided costs",
                 "bcr": "benefit-cost ratio", "roi": "ROI", "costs_undiscounted": "costs (undiscounted)",
                 "benefits_undiscounted": "avoided costs (undiscounted)"}
_PREVENTION_METRICS = ("npv", "pv_costs", "pv_benefits", "bcr", "roi", "costs_undiscounted",
                       "benefits_undiscounted")

#: Table and plot labels by language (the shared label source will take these over).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "input": "input", "low_value": "low value", "high_value": "high value",
        "base_value": "base value", "metric_low": "at low value", "metric_high": "at high value",
        "swing": "swing", "threshold": "threshold", "status": "status", "lower": "searched from",
        "upper": "searched to", "metric_at_lower": "at lower end", "metric_at_upper": "at upper end",
        "mean": "mean", "p5": "5th percentile", "p95": "95th percentile", "mcse": "MC standard error",
        "p_positive": "P(> 0)", "value": "value", "varied": "varied", "draws": "draws",
        "base": "base", "npv": "NPV", "inmb": "incremental net monetary benefit",
        "tornado_title": "One-way sensitivity", "society": "society", "municipality": "municipality",
        "public_sector": "public sector", "none_positive": "none: > 0 throughout",
        "none_negative": "none: < 0 throughout", "found": "threshold", "several": "several thresholds",
    },
    "sv": {
        "input": "indata", "low_value": "lågt värde", "high_value": "högt värde",
        "base_value": "basvärde", "metric_low": "vid lågt värde", "metric_high": "vid högt värde",
        "swing": "utslag", "threshold": "tröskelvärde", "status": "status", "lower": "sökt från",
        "upper": "sökt till", "metric_at_lower": "vid nedre gränsen", "metric_at_upper": "vid övre gränsen",
        "mean": "medelvärde", "p5": "5:e percentilen", "p95": "95:e percentilen",
        "mcse": "MC-medelfel", "p_positive": "P(> 0)", "value": "värde", "varied": "varierat",
        "draws": "dragningar", "base": "bas", "npv": "nettonuvärde",
        "inmb": "inkrementell nettonytta i pengar", "tornado_title": "Envägs känslighetsanalys",
        "society": "samhället", "municipality": "kommunen", "public_sector": "offentlig sektor",
        "none_positive": "inget: > 0 i hela intervallet", "none_negative": "inget: < 0 i hela intervallet",
        "found": "tröskelvärde", "several": "flera tröskelvärden",
    },
}


def _labels(language: str) -> dict[str, str]:
    if language not in LABELS:
        raise ValueError(f"language is {language!r}, but must be one of {', '.join(map(repr, LABELS))}")
    return LABELS[language]


def label_table(frame: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A copy of a table of this module with its column labels in ``language``."""
    labels = _labels(language)
    out = frame.rename(columns=lambda c: labels.get(str(c), c))
    out.index.name = labels.get(str(frame.index.name), frame.index.name)
    return out


# -- what is evaluated: a prevention scenario or a cohort model ---------------------

class _Target:
    """A model and a scalar metric of it, evaluated at rows of input values."""

    names: list[str]
    base: np.ndarray
    description: str

    def metric(self, rows: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def quantiles(self, name: str, probabilities: Sequence[float]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def support(self, name: str) -> tuple[float, float]:  # pragma: no cover
        raise NotImplementedError

    def column(self, name: str) -> int:
        if name not in self.names:
            import difflib

            hint = difflib.get_close_matches(name, self.names, n=1)
            raise ValueError(f"input {name!r} is not an input of the model"
                             + (f" (did you mean {hint[0]!r}?)" if hint else
                                f"; inputs: {', '.join(self.names) or 'none'}"))
        return self.names.index(name)

    def replaced(self, key: str, value: Any) -> "_Target":  # pragma: no cover
        raise ValueError(f"{key!r} is not an input of the model")


class _PreventionTarget(_Target):
    def __init__(self, scenario, *, metric: str, perspective: str, per: str, at: str,
                 threads: int | None) -> None:
        from prevsim.scenario import PERSPECTIVES

        if per not in ("cohort", "participant"):
            raise ValueError(f"per is {per!r}, but must be 'cohort' or 'participant'")
        if "." in metric:
            column = metric
        else:
            if perspective not in PERSPECTIVES:
                raise ValueError(f"perspective is {perspective!r}, but must be one of "
                                 f"{', '.join(PERSPECTIVES)}")
            if metric not in _PREVENTION_METRICS:
                raise ValueError(f"metric is {metric!r}, but must be one of "
                                 f"{', '.join(_PREVENTION_METRICS)} (or a column such as "
                                 "'payer.state.pv_benefits')")
            column = f"{perspective}.{metric}"
        if column not in scenario.columns:
            raise ValueError(f"metric {column!r} is not a per-draw metric of the scenario")
        self.scenario, self.column_name, self.per, self.at = scenario, column, per, at
        self.threads = _threads(threads)
        self.names = list(scenario.parameters.names)
        self.base = np.array(scenario.parameters.point_values(at), dtype=float)
        head, _, tail = column.rpartition(".")
        self.description = (f"{head.replace('.', ' ').replace('_', ' ')} {_METRIC_NAMES.get(tail, tail)}"
                            + (" per participant" if per == "participant" else ""))
        self.options = dict(metric=metric, perspective=perspective, per=per, at=at, threads=threads)

    def metric(self, rows: np.ndarray) -> np.ndarray:
        rows = np.ascontiguousarray(np.atleast_2d(rows), dtype=float)
        try:
            out = self.scenario._core.evaluate(rows, self.threads, 0)
        except _core.DrawError as error:
            raise ScenarioError(f"in the sensitivity analysis: {error}", file=self.scenario._file.name) from None
        columns = list(out["columns"])
        values = np.asarray(out["values"])
        result = values[:, columns.index(self.column_name)].astype(float)
        if self.per == "participant":
            result = result / values[:, columns.index("participants")]
        return result

    def _distribution(self, name: str):
        return self.scenario._column_info[self.column(name)]["distribution"]

    def quantiles(self, name: str, probabilities: Sequence[float]) -> np.ndarray:
        return np.asarray(self._distribution(name).quantile(np.asarray(probabilities, dtype=float)), dtype=float)

    def support(self, name: str) -> tuple[float, float]:
        d = self._distribution(name)
        lo, hi = (float(x) for x in d.quantile(np.array([_TAIL, 1 - _TAIL])))
        return max(lo, float(d.lower)), min(hi, float(d.upper))

    def replaced(self, key: str, value: Any) -> "_PreventionTarget":
        try:
            scenario = self.scenario.replace(key, value)
        except KeyError as error:
            raise ValueError(f"{key!r} is neither an input of the scenario nor a key of its file "
                             f"({error.args[0]})") from None
        return _PreventionTarget(scenario, **self.options)


class _CohortTarget(_Target):
    def __init__(self, model, *, wtp: float | None, strategy: str | None, comparator: str | None,
                 effect: str | None, discounted: bool, at: str) -> None:
        if wtp is None:
            raise ValueError("a cohort model needs wtp (the willingness to pay per unit of effect) "
                             "for its net monetary benefit")
        wtp = float(wtp)
        if not (math.isfinite(wtp) and wtp >= 0):
            raise ValueError(f"wtp is {wtp}, but must be finite and >= 0")
        strategies = model.strategies
        if len(strategies) < 2:
            raise ValueError("the cohort model has one strategy; an incremental net benefit needs two")
        comparator = strategies[0] if comparator is None else comparator
        if strategy is None:
            if len(strategies) != 2:
                raise ValueError(f"the model has {len(strategies)} strategies: name the strategy "
                                 f"to compare with {comparator!r} (one of {', '.join(strategies)})")
            strategy = strategies[1]
        for what, name in (("strategy", strategy), ("comparator", comparator)):
            if name not in strategies:
                raise ValueError(f"{what} is {name!r}, but must be one of {', '.join(strategies)}")
        if strategy == comparator:
            raise ValueError(f"strategy and comparator are both {strategy!r}; they must differ")
        rewards = model.description["rewards"]
        costs = [i for i, (_, is_cost) in enumerate(rewards) if is_cost]
        effects = [i for i, (_, is_cost) in enumerate(rewards) if not is_cost]
        effect_names = [rewards[i][0] for i in effects]
        if effect is None:
            if len(effects) != 1:
                raise ValueError(f"name the effect reward, one of {effect_names}")
            effect_index = effects[0]
        elif effect in effect_names:
            effect_index = effects[effect_names.index(effect)]
        else:
            raise ValueError(f"effect is {effect!r}, but must be one of {effect_names}")
        self.model, self.wtp, self.discounted = model, wtp, discounted
        self.costs, self.effect_index = costs, effect_index
        self.i, self.j = strategies.index(strategy), strategies.index(comparator)
        self.names = list(model.parameters.names)
        self.base = np.array(model.parameters.point_values(at), dtype=float)
        self.description = (f"incremental net monetary benefit of {strategy} vs {comparator} "
                            f"at {wtp:g} per {effect_names[effect_names.index(rewards[effect_index][0])]}")
        self._sample = None

    def metric(self, rows: np.ndarray) -> np.ndarray:
        compiled = self.model.compile()
        out = []
        for k, row in enumerate(np.atleast_2d(rows)):
            disc, undisc = compiled.evaluate([float(v) for v in row], f"sensitivity row {k + 1}")
            table = np.asarray(disc if self.discounted else undisc)
            nmb = self.wtp * table[:, self.effect_index] - table[:, self.costs].sum(axis=1)
            out.append(nmb[self.i] - nmb[self.j])
        return np.array(out, dtype=float)

    def _draws(self) -> np.ndarray:
        # Marginal quantiles from a Latin hypercube sample (each margin is
        # stratified into 100 000 equal-probability strata).
        if self._sample is None:
            self._sample = np.sort(self.model.parameters.sample(100_000, seed=0, method="lhs"), axis=0)
        return self._sample

    def quantiles(self, name: str, probabilities: Sequence[float]) -> np.ndarray:
        return np.quantile(self._draws()[:, self.column(name)], np.asarray(probabilities, dtype=float))

    def support(self, name: str) -> tuple[float, float]:
        x = self._draws()[:, self.column(name)]
        return float(x[0]), float(x[-1])


def _target(model, *, metric: str = "npv", perspective: str = "society", per: str = "cohort",
            wtp: float | None = None, strategy: str | None = None, comparator: str | None = None,
            effect: str | None = None, discounted: bool = True, at: str = "base",
            threads: int | None = None) -> _Target:
    from prevsim.cohort import CohortModel
    from prevsim.scenario import Scenario

    if at not in ("base", "mean"):
        raise ValueError(f"at is {at!r}, but must be 'base' or 'mean'")
    if isinstance(model, Scenario):
        if wtp is not None or strategy is not None or comparator is not None or effect is not None:
            raise ValueError("wtp, strategy, comparator and effect apply to cohort models; a "
                             "prevention scenario's decision is invest (NPV) or not")
        return _PreventionTarget(model, metric=metric, perspective=perspective, per=per, at=at,
                                 threads=threads)
    if isinstance(model, CohortModel):
        return _CohortTarget(model, wtp=wtp, strategy=strategy, comparator=comparator,
                             effect=effect, discounted=discounted, at=at)
    raise TypeError(f"model must be a prevsim.Scenario or prevsim.CohortModel, not "
                    f"{type(model).__name__}")


def _probability(name: str, p: float) -> float:
    p = float(p)
    if not 0 < p < 1:
        raise ValueError(f"{name} is {p}, but must be a probability within (0, 1)")
    return p


# -- one-way and two-way -------------------------------------------------------------

def tornado(model, *, inputs: Sequence[str] | None = None, low: float = 0.05, high: float = 0.95,
            ranges: Mapping[str, tuple[float, float]] | None = None, **target) -> pd.DataFrame:
    """One-way sensitivity: each input at a low and a high value, the others at base.

    Parameters
    ----------
    model : Scenario or CohortModel
    inputs : list of str, optional
        Inputs to vary (default: every input whose low and high values differ).
    low, high : float
        Percentiles of each input's distribution giving its low and high
        value (default the 5th and 95th).
    ranges : dict, optional
        ``{name: (low_value, high_value)}`` overriding the percentiles. For a
        scenario a name may also be a key of the scenario file that is not an
        uncertain input (``"scenario.discount"``), evaluated by
        ``Scenario.replace``.
    **target
        The metric: for a scenario ``metric`` (default "npv"), ``perspective``
        (default "society"), ``per`` ("cohort" or "participant"); for a cohort
        model ``wtp`` (required), ``strategy``, ``comparator`` (default the
        first strategy), ``effect``; for both ``at`` ("base" or "mean": the
        values of the other inputs).

    Returns
    -------
    DataFrame
        One row per input, by swing (largest first): ``low_value``,
        ``high_value``, ``base_value``, ``metric_low``, ``metric_high`` and
        ``swing`` = |metric_high − metric_low|. ``attrs`` holds ``base``
        (the metric at base) and ``metric`` (its description).
    """
    t = _target(model, **target)
    low, high = _probability("low", low), _probability("high", high)
    if not low < high:
        raise ValueError(f"low is {low}, but must be less than high ({high})")
    ranges = dict(ranges or {})
    extra = [k for k in ranges if k not in t.names]
    if inputs is None:
        names = list(t.names)
    else:
        names = [str(n) for n in inputs]
        for n in names:
            if n not in ranges:
                t.column(n)
    for n, r in ranges.items():
        if not (isinstance(r, (tuple, list)) and len(r) == 2):
            raise ValueError(f"ranges[{n!r}] is {r!r}, but must be (low_value, high_value)")
    rows, meta = [t.base], []
    for n in names:
        if n in extra:
            continue
        j = t.column(n)
        lo, hi = (float(v) for v in (ranges[n] if n in ranges else t.quantiles(n, [low, high])))
        if inputs is None and lo == hi:
            continue  # a fixed input
        for v in (lo, hi):
            row = t.base.copy()
            row[j] = v
            rows.append(row)
        meta.append((n, lo, hi, float(t.base[j])))
    values = t.metric(np.array(rows))  # one call for a scenario
    base_metric = float(values[0])
    records = []
    for k, (n, lo, hi, b) in enumerate(meta):
        records.append({"input": n, "low_value": lo, "high_value": hi, "base_value": b,
                        "metric_low": float(values[1 + 2 * k]), "metric_high": float(values[2 + 2 * k])})
    for n in extra:
        if inputs is not None and n not in inputs:
            continue
        lo, hi = (float(v) for v in ranges[n])
        ends = [float(t.replaced(n, v).metric(t.base[None, :])[0]) for v in (lo, hi)]
        records.append({"input": n, "low_value": lo, "high_value": hi, "base_value": np.nan,
                        "metric_low": ends[0], "metric_high": ends[1]})
    frame = pd.DataFrame(records, columns=["input", "low_value", "high_value", "base_value",
                                           "metric_low", "metric_high"])
    frame["swing"] = (frame["metric_high"] - frame["metric_low"]).abs()
    frame = frame.sort_values("swing", ascending=False, kind="stable").set_index("input")
    frame.attrs.update(base=base_metric, metric=t.description,
                       percentiles=(low, high))
    return frame


def plot_tornado(table: pd.DataFrame, path=None, *, title: str | None = None, language: str = "en",
                 top: int | None = 15, scale: float = 1.0, unit: str = "", xlabel: str | None = None):
    """A tornado plot of a ``tornado`` table (matplotlib): one bar per input
    from its metric at the low value to that at the high value, around the
    base. Saved to ``path`` (PNG, SVG or PDF by its extension) when given.

    ``scale`` divides the metric (1e6 for MSEK); ``unit`` labels the axis
    (or ``xlabel`` replaces the whole axis label).
    Returns the matplotlib Figure.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    labels = _labels(language)
    data = table.head(top) if top else table
    base = table.attrs.get("base", 0.0) / scale
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(data) + 1.6))
    y = np.arange(len(data))[::-1]
    lo = data["metric_low"].to_numpy() / scale
    hi = data["metric_high"].to_numpy() / scale
    ax.barh(y, lo - base, left=base, color="#4878a8", label=labels["metric_low"])
    ax.barh(y, hi - base, left=base, color="#e49444", label=labels["metric_high"])
    ax.axvline(base, color="black", linewidth=0.8)
    ax.axvline(0.0, color="grey", linewidth=0.6, linestyle=":")
    ax.set_yticks(y, [str(i) for i in data.index])
    metric = table.attrs.get("metric", "")
    ax.set_xlabel(xlabel if xlabel is not None else f"{metric}{', ' + unit if unit else ''}")
    ax.set_title(title or labels["tornado_title"])
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path)
    return fig


def two_way(model, x: str, x_values: Iterable[float], y: str, y_values: Iterable[float],
            **target) -> pd.DataFrame:
    """A two-way grid: the metric at every pair (x, y) of values, the other
    inputs at base. Tidy: one row per pair with columns ``x``, ``y`` (named
    after the inputs) and ``value``; ``.pivot(index=y, columns=x,
    values="value")`` gives the grid. A scenario evaluates the whole grid in one
    call."""
    t = _target(model, **target)
    jx, jy = t.column(x), t.column(y)
    if jx == jy:
        raise ValueError(f"x and y are both {x!r}; a two-way analysis needs two inputs")
    xs = [float(v) for v in x_values]
    ys = [float(v) for v in y_values]
    if not xs or not ys:
        raise ValueError("x_values and y_values must each hold at least one value")
    rows = []
    for a, b in itertools.product(xs, ys):
        row = t.base.copy()
        row[jx], row[jy] = a, b
        rows.append(row)
    values = t.metric(np.array(rows))
    frame = pd.DataFrame([(a, b) for a, b in itertools.product(xs, ys)], columns=[x, y])
    frame["value"] = values
    frame.attrs.update(metric=t.description)
    return frame


# -- thresholds ---------------------------------------------------------------------

@dataclass
class Threshold:
    """Where the metric crosses 0 as one input moves over a range, the
    others at base."""

    input: str
    roots: list[float]
    lower: float
    upper: float
    base_value: float
    metric_at_base: float
    metric_at_lower: float
    metric_at_upper: float
    metric: str
    grid: list[float] = field(repr=False, default_factory=list)
    values: list[float] = field(repr=False, default_factory=list)

    @property
    def status(self) -> str:
        """"found" (one threshold), "several", "none_positive" or "none_negative"."""
        if len(self.roots) == 1:
            return "found"
        if self.roots:
            return "several"
        return "none_positive" if self.metric_at_lower > 0 else "none_negative"

    def statement(self) -> str:
        """The answer in one sentence (English)."""
        rng = f"searched within [{self.lower:.3g}, {self.upper:.3g}]"
        short = self.metric
        name = "NPV" if "NPV" in self.metric else "the metric"
        if self.status == "found":
            x = self.roots[0]
            below = "> 0" if self.metric_at_lower > 0 else "< 0"
            above = "> 0" if self.metric_at_upper > 0 else "< 0"
            return (f"{short} = 0 at {self.input} = {x:.3g} (base {self.base_value:.3g}); "
                    f"{name} {below} below it, {above} above it ({rng}).")
        if self.status == "several":
            return (f"{short} crosses 0 {len(self.roots)} times, at {self.input} = "
                    + ", ".join(f"{x:.3g}" for x in self.roots) + f" ({rng}).")
        sign = "positive" if self.status == "none_positive" else "negative"
        return (f"No threshold: {short} stays {sign} for every {self.input} in "
                f"[{self.lower:.3g}, {self.upper:.3g}] (from {self.metric_at_lower:.4g} to "
                f"{self.metric_at_upper:.4g}); the decision does not depend on this input within its range.")


def threshold(model, input: str, *, lower: float | None = None, upper: float | None = None,
              brackets: int = 8, **target) -> Threshold:
    """The value of ``input`` at which the metric is 0, the other inputs at base.

    Solved, not scanned: the metric is evaluated at ``brackets`` + 1 points of
    the range to bracket sign changes, and each is solved with TOMS 748 (C++,
    Boost.Math) to 1e-12 of the range. The range is ``[lower, upper]``, by
    default the input's support as its draws reach it (its 1e-12 and
    1 − 1e-12 quantiles; for a cohort model the extremes of a 100 000-draw
    Latin hypercube sample). For a scenario, ``input`` may also be a key of
    the scenario file (e.g. ``"interventions.comet.costs[1].amount"`` when it
    is a plain number), evaluated by ``Scenario.replace``; give the range.

    "How large must the effect be for the package to pay off?" is
    ``threshold(scenario, "effect")``; "up to what cost per participant does it
    still pay?" is ``threshold(scenario, "<the per-participant cost input>")``.
    The metric options are those of ``tornado``. ``Threshold.statement()``
    gives the answer in words, including when there is no threshold.
    """
    return _threshold(_target(model, **target), input, lower, upper, brackets)


def _threshold(t: _Target, input: str, lower: float | None, upper: float | None,
               brackets: int) -> Threshold:
    if input in t.names:
        j = t.column(input)
        lo_default, hi_default = t.support(input)
        base_value = float(t.base[j])

        def f(v: float) -> float:
            row = t.base.copy()
            row[j] = v
            return float(t.metric(row[None, :])[0])
    else:
        if lower is None or upper is None:
            t.column(input)  # raises: unknown input (with a suggestion)
        lo_default = hi_default = math.nan
        base_value = math.nan

        def f(v: float) -> float:
            return float(t.replaced(input, float(v)).metric(t.base[None, :])[0])
    lo = float(lo_default if lower is None else lower)
    hi = float(hi_default if upper is None else upper)
    if not lo < hi:
        raise ValueError(f"threshold: the range of {input!r} is [{lo:g}, {hi:g}]; lower must be "
                         "less than upper (a fixed input has no threshold)")
    r = _core.find_thresholds(f, lo, hi, int(brackets))
    base_metric = float(t.metric(t.base[None, :])[0])
    return Threshold(input=input, roots=list(r["roots"]), lower=lo, upper=hi, base_value=base_value,
                     metric_at_base=base_metric, metric_at_lower=float(r["values"][0]),
                     metric_at_upper=float(r["values"][-1]), metric=t.description,
                     grid=list(r["grid"]), values=list(r["values"]))


def thresholds(model, inputs: Sequence[str] | None = None, *, brackets: int = 8,
               **target) -> pd.DataFrame:
    """``threshold`` for several inputs (default: every input that varies), as
    a table: one row per input with ``threshold`` (the first crossing; NaN
    where there is none), ``status``, the range and the metric at its ends."""
    t = _target(model, **target)
    if inputs is None:
        inputs = [n for n in t.names if np.ptp(t.quantiles(n, [0.05, 0.95])) > 0]
    rows = []
    for name in inputs:
        r = _threshold(t, name, None, None, brackets)
        rows.append({"input": name, "threshold": r.roots[0] if r.roots else np.nan,
                     "status": r.status, "base_value": r.base_value, "lower": r.lower,
                     "upper": r.upper, "metric_at_lower": r.metric_at_lower,
                     "metric_at_upper": r.metric_at_upper})
    frame = pd.DataFrame(rows, columns=["input", "threshold", "status", "base_value", "lower", "upper",
                                        "metric_at_lower", "metric_at_upper"]).set_index("input")
    frame.attrs.update(metric=t.description)
    return frame


# -- Monte Carlo sweeps -------------------------------------------------------------

def _stats(x: np.ndarray) -> dict:
    x = x[~np.isnan(x)]
    n = len(x)
    return {"mean": float(np.mean(x)), "p5": float(np.quantile(x, 0.05)),
            "p95": float(np.quantile(x, 0.95)),
            "mcse": float(np.std(x, ddof=1) / np.sqrt(n)) if n > 1 else np.nan,
            "p_positive": float(np.mean(x > 0)), "draws": n}


def sweep(scenario, grid: Mapping[str, Sequence[Any]], *, draws: int, seed: int,
          metric: str = "npv", perspective: str = "society", per: str = "cohort",
          threads: int | None = None, method: str = "monte_carlo") -> pd.DataFrame:
    """Monte Carlo runs over every combination of a grid of settings, with
    the same seed (common random numbers: each draw samples the same values of
    every input the settings leave alone, so differences between grid points
    are not sampling noise).

    A grid key that is an uncertain input fixes that input at each value (the
    others sampled); any other key is a key of the scenario file set with
    ``Scenario.replace`` (``"scenario.discount"``, ``"scenario.horizon_years"``).
    Returns a tidy table: one row per combination, the grid keys as columns,
    then ``mean``, ``p5``, ``p95``, ``mcse`` and ``p_positive`` of the metric.
    """
    from prevsim.scenario import Scenario

    if not isinstance(scenario, Scenario):
        raise TypeError(f"sweep needs a prevsim.Scenario, not {type(scenario).__name__}")
    if not grid:
        raise ValueError("grid is empty: give at least one key and its values")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws is {draws!r}, but must be a whole number >= 1")
    seed = _seed(seed)
    keys = list(grid)
    values = [list(grid[k]) for k in keys]
    for k, v in zip(keys, values):
        if not v:
            raise ValueError(f"grid[{k!r}] is empty")
    options = dict(metric=metric, perspective=perspective, per=per, at="base", threads=threads)
    rows_out = []
    cache: dict[tuple, tuple[_PreventionTarget, np.ndarray]] = {}
    for combo in itertools.product(*values):
        settings = [(k, v) for k, v in zip(keys, combo) if k not in scenario.parameters.names]
        fixed = [(k, v) for k, v in zip(keys, combo) if k in scenario.parameters.names]
        key = tuple(settings)
        if key not in cache:
            s = scenario
            for k, v in settings:
                try:
                    s = s.replace(k, v)
                except KeyError as error:
                    raise ValueError(f"grid key {k!r} is neither an input of the scenario nor a key "
                                     f"of its file ({error.args[0]})") from None
            t = _PreventionTarget(s, **options)
            t.metric(t.base[None, :])  # preflight: errors before sampling
            n_cols = len(s.parameters.names)
            sample = (s.parameters.sample(int(draws), seed=seed, method=method, threads=threads)
                      if n_cols else np.zeros((int(draws), 0)))
            cache[key] = (t, sample)
        t, sample = cache[key]
        rows = sample
        if fixed:
            rows = sample.copy()
            for k, v in fixed:
                rows[:, t.column(k)] = float(v)
        rows_out.append({**dict(zip(keys, combo)), **_stats(t.metric(rows))})
    frame = pd.DataFrame(rows_out)
    frame.attrs.update(metric=cache[next(iter(cache))][0].description, seed=seed)
    return frame


def probability_of_gain(scenario, *, discount: Sequence[float] | None = None,
                        horizon: Sequence[int] | None = None, draws: int, seed: int,
                        grid: bool = False, **options) -> pd.DataFrame:
    """P(metric > 0) (default: society NPV) as a function of the discount rate
    and of the horizon in years, with the same seed for every point (common
    random numbers). Each is varied on its own, the other at the scenario's
    value (``grid=True``: every combination). Tidy: ``varied``, ``discount``,
    ``horizon_years``, ``p_positive``, ``mean``, ``p5``, ``p95``, ``mcse``."""
    if discount is None and horizon is None:
        raise ValueError("give discount rates, horizons or both")
    d_key, h_key = "scenario.discount", "scenario.horizon_years"
    data = scenario.to_dict().get("scenario", {})
    d0, h0 = data.get("discount"), scenario.facts["horizon"]
    if horizon is not None:
        horizon = [int(h) for h in horizon]
    parts = []
    if grid and discount is not None and horizon is not None:
        t = sweep(scenario, {d_key: list(discount), h_key: horizon}, draws=draws, seed=seed, **options)
        t.insert(0, "varied", "discount and horizon")
        parts.append(t)
    else:
        if discount is not None:
            t = sweep(scenario, {d_key: list(discount)}, draws=draws, seed=seed, **options)
            t.insert(0, "varied", "discount")
            t[h_key] = h0
            parts.append(t)
        if horizon is not None:
            t = sweep(scenario, {h_key: horizon}, draws=draws, seed=seed, **options)
            t.insert(0, "varied", "horizon")
            t[d_key] = d0
            parts.append(t)
    frame = pd.concat(parts, ignore_index=True).rename(columns={d_key: "discount", h_key: "horizon_years"})
    cols = ["varied", "discount", "horizon_years", "p_positive", "mean", "p5", "p95", "mcse", "draws"]
    frame = frame[cols]
    frame.attrs.update(parts[0].attrs)
    return frame
