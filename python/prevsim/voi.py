"""Value of information: EVPI and EVPPI of single inputs and groups, from the
stored draws of a probabilistic run, per person (or per package) and for a
population over a decision horizon.

EVPPI is estimated by regression on the draws (Strong, Oakley & Brennan 2014,
*Med Decis Making* 34:311–326) in C++ (``include/prevsim/econ/evppi.hpp``):
the incremental net benefit of each option is regressed on the inputs of
interest (Hermite polynomials of their normal scores, with interactions for
groups), and EVPPI = mean of max over options of the fitted values − max over
options of their mean. Every estimate comes with an over-fitting check
(in-sample against 5-fold cross-validated R² and EVPPI, draws per
parameter); a fit that fails it is flagged in ``check`` and warned about
(``EVPPIFitWarning``). Reported values are monotone by construction: a
group's EVPPI is never below that of any of its sub-groups, and never above
EVPI. ``docs/sensitivity.md`` §5–6 states the formulas and thresholds.

Example
-------
>>> import prevsim
>>> from prevsim import voi
>>> s = prevsim.load_scenario(prevsim.scenario_path("prevention/botkyrka.toml"))
>>> r = prevsim.simulate(s, draws=20_000, seed=1)
>>> table = voi.evppi(r, ["effect_rd", ["cost_mvp_per_year", "cost_centre_per_year"]])
>>> list(table.index)
['effect_rd', 'cost_mvp_per_year + cost_centre_per_year']
>>> bool(table["evppi"].iloc[0] <= table.attrs["evpi"])
True
>>> table["check"].tolist()
['ok', 'ok']
"""

from __future__ import annotations

import warnings
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from prevsim import _core

__all__ = ["EVPPIFitWarning", "LABELS", "evppi", "evppi_from_draws", "label_table", "population_size"]

#: Over-fitting check (docs/sensitivity.md §6): a fit is flagged "too few
#: draws" when the draws per effective parameter fall below this, and
#: "over-fitted" when the cross-validated EVPPI falls short of the in-sample
#: one by more than MAX_OPTIMISM of it (judged where it is at least
#: MIN_EVPI_SHARE of EVPI), or the cross-validated R² falls short of the
#: in-sample R² by more than max(MAX_R2_DROP, MAX_OPTIMISM·R²) (judged where
#: the in-sample R² is at least MIN_R_SQUARED).
MIN_DRAWS_PER_PARAMETER = 20
MAX_OPTIMISM = 0.10
MAX_R2_DROP = 0.02
MIN_R_SQUARED = 0.05
MIN_EVPI_SHARE = 0.01

#: Table labels by language (the shared label source will take these over).
LABELS: dict[str, dict[str, str]] = {
    "en": {"group": "inputs", "evppi": "EVPPI", "share_of_evpi": "share of EVPI",
           "evppi_population": "EVPPI, population", "evppi_raw": "EVPPI (own fit)",
           "evppi_cv": "EVPPI (cross-validated)", "r_squared": "R²", "r_squared_cv": "R² (cross-validated)",
           "parameters": "parameters", "draws_per_parameter": "draws per parameter", "check": "check",
           "wtp": "willingness to pay", "evpi": "EVPI (all inputs)", "ok": "ok",
           "too few draws": "too few draws", "over-fitted": "over-fitted"},
    "sv": {"group": "indata", "evppi": "EVPPI", "share_of_evpi": "andel av EVPI",
           "evppi_population": "EVPPI, population", "evppi_raw": "EVPPI (egen anpassning)",
           "evppi_cv": "EVPPI (korsvaliderad)", "r_squared": "R²", "r_squared_cv": "R² (korsvaliderad)",
           "parameters": "parametrar", "draws_per_parameter": "dragningar per parameter",
           "check": "kontroll", "wtp": "betalningsvilja", "evpi": "EVPI (alla indata)", "ok": "ok",
           "too few draws": "för få dragningar", "over-fitted": "överanpassad"},
}


class EVPPIFitWarning(UserWarning):
    """An EVPPI regression failed the over-fitting check (too few draws for
    its basis, or in-sample fit much better than cross-validated)."""


def population_size(people_per_year: float, years: int, discount_rate: float, *,
                    timing: float = 0.0) -> float:
    """The discounted number of people a decision concerns:
    N_eff = Σ_{t=0}^{T−1} N·(1 + r)^−(t + τ). Multiply a value of information
    per person by it for the population value (``population=`` of ``evppi``)."""
    return float(_core.discounted_population(float(people_per_year), int(years), float(discount_rate),
                                             float(timing)))


def _groups(groups, names: list[str], varying: list[str]) -> tuple[list[str], list[list[int]]]:
    """Labels and 0-based column lists of the groups."""
    if groups is None:
        items = [(n, [n]) for n in varying]
        if not items:
            raise ValueError("evppi: no input varies across the draws, so there is nothing to value")
    elif isinstance(groups, Mapping):
        items = [(str(label), [members] if isinstance(members, str) else list(members))
                 for label, members in groups.items()]
    elif isinstance(groups, str):
        items = [(groups, [groups])]
    else:
        items = []
        for g in groups:
            members = [g] if isinstance(g, str) else list(g)
            items.append((" + ".join(map(str, members)), members))
    labels, columns = [], []
    for label, members in items:
        if not members:
            raise ValueError(f"evppi: the group {label!r} is empty")
        cols = []
        for m in members:
            if m not in names:
                import difflib

                hint = difflib.get_close_matches(str(m), names, n=1)
                raise ValueError(f"evppi: {m!r} is not an input of the run"
                                 + (f" (did you mean {hint[0]!r}?)" if hint else ""))
            cols.append(names.index(m))
        labels.append(label)
        columns.append(cols)
    return labels, columns


def evppi_from_draws(net_benefit, inputs: pd.DataFrame, groups=None, *, options: Sequence[str] | None = None,
                     population: float | None = None, main_degree: int = 5, interaction_degree: int = 3,
                     folds: int = 5, max_group: int = 8) -> pd.DataFrame:
    """EVPPI of inputs from per-draw net benefits and the inputs of the same draws.

    Parameters
    ----------
    net_benefit : array_like or DataFrame
        Draws × options, or 1-D: the incremental net benefit of acting against
        doing nothing (two options, 0 and it).
    inputs : DataFrame
        The inputs of the same draws, one column per input.
    groups : None, list or dict
        None: each varying input on its own. A list whose items are input
        names (single) or lists of names (a group); or ``{label: [names]}``.
    population : float, optional
        The discounted number of people (or packages) concerned
        (``population_size``); adds ``evppi_population``.
    main_degree, interaction_degree, folds, max_group
        The regression basis and the check (docs/sensitivity.md §5).

    Returns
    -------
    DataFrame
        One row per group: ``evppi``, ``share_of_evpi``, (``evppi_population``),
        ``evppi_raw`` (the group's own fit), ``evppi_cv`` (cross-validated),
        ``r_squared``, ``r_squared_cv``, ``parameters`` (effective), ``draws_per_parameter``
        and ``check`` ("ok", "too few draws", "over-fitted"). ``attrs``: ``evpi``,
        ``chosen`` (the option chosen now), ``draws`` and, with a population,
        ``evpi_population``.
    """
    if not isinstance(inputs, pd.DataFrame):
        raise TypeError("evppi: inputs must be a DataFrame with one named column per input")
    nb = net_benefit.to_numpy(dtype=float) if isinstance(net_benefit, pd.DataFrame) else np.asarray(net_benefit, dtype=float)
    if nb.ndim == 1:
        nb = np.column_stack([np.zeros_like(nb), nb])
        options = options or ["do nothing", "act"]
    if options is None:
        options = ([str(c) for c in net_benefit.columns] if isinstance(net_benefit, pd.DataFrame)
                   else [f"option {i + 1}" for i in range(nb.shape[1])])
    names = [str(c) for c in inputs.columns]
    x = inputs.to_numpy(dtype=float)
    varying = [n for n, col in zip(names, x.T) if col.size and np.ptp(col) > 0]
    labels, columns = _groups(groups, names, varying)
    out = _core.evppi(np.asfortranarray(nb), np.asfortranarray(x), columns, int(main_degree),
                      int(interaction_degree), int(folds), int(max_group))
    evpi = float(out["evpi"])
    n = nb.shape[0]
    frame = pd.DataFrame({
        "evppi": out["evppi"],
        "share_of_evpi": [v / evpi if evpi > 0 else 0.0 for v in out["evppi"]],
        "evppi_raw": out["raw"], "evppi_cv": out["cross_validated"],
        "r_squared": out["r_squared"], "r_squared_cv": out["r_squared_cv"],
        "parameters": out["rank"],
    }, index=pd.Index(labels, name="group"))
    frame["draws_per_parameter"] = n / frame["parameters"].clip(lower=1)
    checks = []
    for _, row in frame.iterrows():
        if row["draws_per_parameter"] < MIN_DRAWS_PER_PARAMETER:
            checks.append("too few draws")
        elif ((row["r_squared"] >= MIN_R_SQUARED
               and row["r_squared"] - row["r_squared_cv"] > max(MAX_R2_DROP, MAX_OPTIMISM * row["r_squared"]))
              or (row["evppi_raw"] >= MIN_EVPI_SHARE * evpi
                  and row["evppi_cv"] < (1 - MAX_OPTIMISM) * row["evppi_raw"])):
            checks.append("over-fitted")
        else:
            checks.append("ok")
    frame["check"] = checks
    flagged = [f"{label} ({c})" for label, c in zip(labels, checks) if c != "ok"]
    if flagged:
        warnings.warn(f"evppi: the regression of {', '.join(flagged)} fails the over-fitting check "
                      f"({n} draws): use more draws, a smaller group or lower degrees "
                      "(docs/sensitivity.md §6)", EVPPIFitWarning, stacklevel=3)
    frame.attrs.update(evpi=evpi, chosen=options[int(out["chosen"])], draws=n)
    if population is not None:
        population = float(population)
        if not (np.isfinite(population) and population >= 0):
            raise ValueError(f"evppi: population is {population}, but must be finite and >= 0")
        frame.insert(2, "evppi_population", frame["evppi"] * population)
        frame.attrs.update(evpi_population=evpi * population, population=population)
    return frame


def evppi(results, groups=None, *, perspective: str = "society", metric: str = "npv", per: str = "cohort",
          wtp=None, effect: str | None = None, discounted: bool = True, population: float | None = None,
          **options) -> pd.DataFrame:
    """EVPPI (and EVPI, in ``attrs``) of a probabilistic run.

    - Prevention ``Results``: the decision is invest (net benefit = the NPV of
      ``perspective``, or another ``metric``; ``per="participant"`` divides each
      draw's by its participants) or do nothing (0).
    - Cohort ``CohortResults``: each strategy's net monetary benefit
      λ·effect − cost at ``wtp`` (one value, or several: a ``wtp`` column is
      added and rows are repeated per λ).

    ``groups``, ``population`` and the regression options are those of
    ``evppi_from_draws``.
    """
    from prevsim.cohort import CohortResults
    from prevsim.prevention_results import Results
    from prevsim.scenario import PERSPECTIVES

    if isinstance(results, Results):
        if wtp is not None or effect is not None:
            raise ValueError("evppi: wtp and effect apply to cohort results; a prevention "
                             "decision's net benefit is its NPV")
        if per not in ("cohort", "participant"):
            raise ValueError(f"evppi: per is {per!r}, but must be 'cohort' or 'participant'")
        if perspective not in PERSPECTIVES:
            raise ValueError(f"evppi: perspective is {perspective!r}, but must be one of "
                             f"{', '.join(PERSPECTIVES)}")
        column = f"{perspective}.{metric}"
        if column not in results.draws.columns:
            raise ValueError(f"evppi: metric is {metric!r}, but {column!r} is not a per-draw metric")
        nb = results.draws[column].to_numpy(dtype=float)
        if per == "participant":
            nb = nb / results.draws["participants"].to_numpy(dtype=float)
        frame = evppi_from_draws(nb, results.inputs, groups, options=["do nothing", "invest"],
                                 population=population, **options)
        frame.attrs.update(metric=column + (" per participant" if per == "participant" else ""))
        return frame
    if isinstance(results, CohortResults):
        if wtp is None:
            raise ValueError("evppi: cohort results need wtp (willingness to pay per unit of effect)")
        costs = results.costs(discounted=discounted)
        effects = results.effects(effect, discounted=discounted)
        grid = [float(v) for v in np.atleast_1d(np.asarray(wtp, dtype=float))]
        parts = []
        for lam in grid:
            if not (np.isfinite(lam) and lam >= 0):
                raise ValueError(f"evppi: wtp is {lam}, but must be finite and >= 0")
            nmb = lam * effects - costs
            frame = evppi_from_draws(nmb, results.parameters, groups, population=population, **options)
            if len(grid) == 1:
                frame.attrs.update(wtp=lam)
                return frame
            frame.insert(0, "wtp", lam)
            frame["evpi"] = frame.attrs["evpi"]
            frame["chosen"] = frame.attrs["chosen"]
            parts.append(frame)
        out = pd.concat(parts)
        out.attrs.update(draws=parts[0].attrs["draws"])
        return out
    raise TypeError(f"evppi: results must be prevsim.Results or prevsim.CohortResults, not "
                    f"{type(results).__name__}")


def label_table(frame: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A copy of an ``evppi`` table with column labels and checks in ``language``."""
    if language not in LABELS:
        raise ValueError(f"language is {language!r}, but must be one of {', '.join(map(repr, LABELS))}")
    labels = LABELS[language]
    out = frame.copy()
    if "check" in out:
        out["check"] = out["check"].map(lambda c: labels.get(c, c))
    out = out.rename(columns=lambda c: labels.get(str(c), c))
    out.index.name = labels["group"]
    return out
