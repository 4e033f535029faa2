"""Decision analysis of probabilistic results: incremental cost-effectiveness
with dominance, net monetary benefit, acceptability curves and frontier, and
the expected value of perfect information.

Every function takes per-draw ``costs`` and ``effects``: NumPy arrays of shape
draws × strategies, or DataFrames whose columns are the strategies (their
column names become the strategy names). A 1-D array holds one value per
strategy (a deterministic result, or means). Every figure is computed from the
same matrices, in C++ (``include/prevsim/econ/``); ``docs/decision_analysis.md``
states each rule and formula.

Example
-------
The HIV screening example of dampack's "Basic Cost Effectiveness Analysis"
vignette (Paltiel et al. 2006, high-risk population; quality-adjusted life
months turned into years):

>>> import numpy as np, prevsim
>>> table = prevsim.incremental_analysis(
...     [26000, 27000, 28020, 28440, 29440],
...     np.array([277.25, 277.57, 277.78, 277.83, 277.76]) / 12,
...     ["status quo", "one time", "5yr", "3yr", "annual"])
>>> table[["icer", "status", "reference"]].round(0)
                icer     status   reference
strategy
status quo       NaN   frontier        None
one time     37500.0   frontier  status quo
5yr          58286.0   frontier    one time
3yr         100800.0   frontier         5yr
annual           NaN  dominated         5yr

With draws of a probabilistic analysis:

>>> rng = np.random.default_rng(1)
>>> costs = rng.normal([0.0, 1000.0, 3000.0], 300.0, size=(5000, 3))
>>> effects = rng.normal([0.0, 0.05, 0.08], 0.03, size=(5000, 3))
>>> names = ["usual care", "screening", "screening + coaching"]
>>> curves = prevsim.acceptability(costs, effects, names, wtp=[0, 20000, 100000])
>>> curves.shape
(3, 4)
>>> bool(np.allclose(curves[names].sum(axis=1), 1.0))
True
>>> value = prevsim.evpi(costs, effects, wtp=[0, 20000, 100000])
>>> bool((value >= 0).all())
True
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from prevsim import _core

__all__ = ["acceptability", "evpi", "incremental_analysis", "net_benefit"]

_STATUS_ORDER = {"frontier": 0, "extended_dominated": 1, "dominated": 2}


def _matrix(function: str, what: str,
            values) -> tuple[np.ndarray, list[str] | None, pd.Index | None]:
    """A draws × strategies float matrix, with the DataFrame's columns and index if any."""
    if isinstance(values, pd.DataFrame):
        return (np.asfortranarray(values.to_numpy(dtype=float)), [str(c) for c in values.columns],
                values.index)
    array = np.asarray(values, dtype=float)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2:
        raise ValueError(f"{function}: {what} has {array.ndim} dimensions, but must have 1 "
                         "(one value per strategy) or 2 (draws x strategies)")
    return np.asfortranarray(array), None, None


def _outcomes(function: str, costs, effects, names: Sequence[str] | None):
    """Costs, effects, strategy names and the draws' index, checked for consistency."""
    c, c_names, index = _matrix(function, "costs", costs)
    e, e_names, _ = _matrix(function, "effects", effects)
    if c_names is not None and e_names is not None and c_names != e_names:
        raise ValueError(f"{function}: costs and effects have different columns "
                         f"({c_names} and {e_names}); they must list the same strategies")
    if names is None:
        names = c_names if c_names is not None else e_names
    if names is None:
        names = [f"strategy {i + 1}" for i in range(c.shape[1])]
    names = [str(n) for n in names]
    if c.shape == e.shape:  # otherwise the core reports the shapes
        if len(names) != c.shape[1]:
            raise ValueError(f"{function}: names has {len(names)} entries, but costs and effects "
                             f"have {c.shape[1]} strategies (columns)")
        for i, name in enumerate(names):
            if not name:
                raise ValueError(f"{function}: names[{i + 1}] is empty; every strategy needs "
                                 "a name")
            if name in names[:i]:
                raise ValueError(f'{function}: names[{i + 1}] is "{name}", the same as '
                                 f"names[{names.index(name) + 1}]; strategy names must be unique")
    return c, e, names, index


def _wtp(wtp) -> list[float]:
    return [float(x) for x in np.atleast_1d(np.asarray(wtp, dtype=float)).ravel()]


def _reserve(function: str, names: list[str], column: str) -> None:
    if column in names:
        raise ValueError(f'{function}: a strategy is named "{column}", which is the name of the '
                         f"{column} column; rename the strategy")


def incremental_analysis(costs, effects, names: Sequence[str] | None = None) -> pd.DataFrame:
    """Incremental cost-effectiveness analysis of mean costs and effects.

    Strategies are sorted by mean cost (equal costs: higher effect first; then
    input order). Strongly dominated strategies (another costs no more and is at
    least as effective; of identical strategies the first in input order is
    kept) are removed, then extendedly dominated ones (ICER above that of the
    next more effective strategy, strictly) are removed repeatedly. The rest is
    the efficient frontier.

    Parameters
    ----------
    costs, effects : array_like or DataFrame
        Draws × strategies (a 1-D array: one value per strategy). Means over
        draws are analysed.
    names : sequence of str, optional
        Strategy names; default the DataFrame's columns, else "strategy 1", ….

    Returns
    -------
    DataFrame
        Indexed by strategy: frontier strategies by increasing cost, then the
        extendedly dominated, then the dominated (each by cost). Columns
        ``cost``, ``effect`` (means), ``incremental_cost``,
        ``incremental_effect``, ``icer`` (vs the previous frontier strategy; NaN
        elsewhere), ``status`` ("frontier", "extended_dominated", "dominated")
        and ``reference`` / ``upper_reference``: for a frontier strategy its
        comparator; for a dominated one the cheapest strategy dominating it; for
        an extendedly dominated one the frontier strategies just below and above
        it in effect.

    Raises
    ------
    ValueError
        Shapes that differ or are empty, names that do not match, non-finite values.
    """
    c, e, names, _ = _outcomes("incremental_analysis", costs, effects, names)
    r = _core.incremental_analysis(c, e, names)

    def name_of(i):
        return None if i is None else names[i]

    def numbers(values):
        return np.array([np.nan if x is None else x for x in values], dtype=float)

    table = pd.DataFrame({
        "cost": np.asarray(r["cost"], dtype=float),
        "effect": np.asarray(r["effect"], dtype=float),
        "incremental_cost": numbers(r["incremental_cost"]),
        "incremental_effect": numbers(r["incremental_effect"]),
        "icer": numbers(r["icer"]),
        "status": r["status"],
        "reference": pd.Series([name_of(i) for i in r["reference"]], dtype=object),
        "upper_reference": pd.Series([name_of(i) for i in r["upper_reference"]], dtype=object),
    })
    table.index = pd.Index(names, name="strategy")
    rank = {column: position for position, column in enumerate(r["order"])}
    rows = sorted(range(len(names)), key=lambda i: (_STATUS_ORDER[r["status"][i]], rank[i]))
    return table.iloc[rows]


def net_benefit(costs, effects, names: Sequence[str] | None, wtp, *,
                per_draw: bool = False) -> pd.DataFrame:
    """Net monetary benefit NMB = wtp · effect − cost.

    Parameters
    ----------
    costs, effects : array_like or DataFrame
        Draws × strategies.
    names : sequence of str or None
        Strategy names (None: the DataFrame's columns, else "strategy 1", …).
    wtp : float or sequence of float
        Willingness to pay per unit of effect, each >= 0.
    per_draw : bool, keyword-only
        False (default): the expected NMB at each wtp. True: the NMB of every
        draw at a single wtp.

    Returns
    -------
    DataFrame
        ``per_draw=False``: indexed by ``wtp``, one column of expected NMB
        (wtp · mean effect − mean cost) per strategy, and ``optimal``, the
        strategy with the highest expected NMB (first in input order on a tie).
        ``per_draw=True``: draws × strategies (the DataFrame's index if one was
        given).

    Raises
    ------
    ValueError
        As for the other functions; also a list of wtp values with ``per_draw=True``.
    """
    c, e, names, index = _outcomes("net_benefit", costs, effects, names)
    grid = _wtp(wtp)
    if per_draw:
        if len(grid) != 1:
            raise ValueError(f"net_benefit: wtp has {len(grid)} values, but per_draw=True needs "
                             "exactly one")
        values = _core.net_monetary_benefit(c, e, grid[0])
        frame = pd.DataFrame(values, columns=pd.Index(names, name="strategy"),
                             index=index if index is not None else None)
        if index is None:
            frame.index.name = "draw"
        return frame
    _reserve("net_benefit", names, "optimal")
    values = _core.expected_net_benefit(c, e, grid)
    optimal = _core.optimal_strategies(c, e, grid)
    frame = pd.DataFrame(values, columns=names, index=pd.Index(grid, name="wtp"))
    frame["optimal"] = [names[i] for i in optimal]
    return frame


def acceptability(costs, effects, names: Sequence[str] | None, wtp) -> pd.DataFrame:
    """Cost-effectiveness acceptability curves (CEAC) and frontier (CEAF).

    At each wtp, the CEAC of a strategy is the share of draws in which it has
    the highest net monetary benefit (a tie within a draw goes to the strategy
    first in input order); each row sums to 1. The CEAF is the CEAC value of the
    strategy with the highest *expected* net benefit: the probability that the
    decision one would take is the right one.

    Parameters
    ----------
    costs, effects : array_like or DataFrame
        Draws × strategies.
    names : sequence of str or None
        Strategy names (None: the DataFrame's columns, else "strategy 1", …).
    wtp : float or sequence of float
        Willingness-to-pay values, each >= 0, in any order.

    Returns
    -------
    DataFrame
        Indexed by ``wtp``; one column per strategy (the CEAC) and ``frontier``
        (the CEAF). ``net_benefit`` names the optimal strategy at each wtp.

    Raises
    ------
    ValueError
        Shapes that differ or are empty, names that do not match, non-finite
        values, an empty or negative wtp.
    """
    c, e, names, _ = _outcomes("acceptability", costs, effects, names)
    _reserve("acceptability", names, "frontier")
    grid = _wtp(wtp)
    probability, _, frontier = _core.acceptability(c, e, grid)
    frame = pd.DataFrame(probability, columns=names, index=pd.Index(grid, name="wtp"))
    frame["frontier"] = frontier
    return frame


def evpi(costs, effects, wtp, *, population: float | None = None) -> pd.Series:
    """Expected value of perfect information, EVPI = E[max NMB] − max E[NMB].

    Parameters
    ----------
    costs, effects : array_like or DataFrame
        Draws × strategies.
    wtp : float or sequence of float
        Willingness-to-pay values, each >= 0.
    population : float, optional, keyword-only
        Number of people the decision concerns (discounted over the decision's
        horizon if that matters); the values are then per population, not per
        person.

    Returns
    -------
    Series
        Indexed by ``wtp``, named ``evpi`` (per person) or ``population_evpi``.

    Raises
    ------
    ValueError
        As for acceptability; a negative population.
    """
    c, e, _, _ = _outcomes("evpi", costs, effects, None)
    grid = _wtp(wtp)
    values = _core.evpi(c, e, grid)
    name = "evpi"
    if population is not None:
        values = _core.population_evpi(values, float(population))
        name = "population_evpi"
    return pd.Series(values, index=pd.Index(grid, name="wtp"), name=name)
