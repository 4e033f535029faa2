"""Markov cohort state-transition models: a readable builder over the C++ engine.

Example
-------
A two-state model (alive, dead) with a constant death probability of 10 % per
year, a cost of 1 000 per year alive, and no uncertainty:

>>> import prevsim
>>> ps = prevsim.ParameterSet()
>>> ps.add("p_die", prevsim.Fixed(0.1))
>>> m = prevsim.CohortModel(states=["alive", "dead"], cycles=3, counting="beginning",
...                         discount_timing="start", discount_costs=0.0,
...                         discount_effects=0.0, parameters=ps)
>>> m.reward("cost", kind="cost")
>>> m.start(alive=1)
>>> m.transitions({("alive", "dead"): "p_die", ("alive", "alive"): "C", ("dead", "dead"): 1})
>>> m.values("cost", alive=1000)
>>> m.strategy("usual care")
>>> float(m.evaluate().loc["usual care", "cost"])  # 1000 * (1 + 0.9 + 0.81)
2710.0
"""

from __future__ import annotations

import functools
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from prevsim import _core
from prevsim.parameters import ParameterSet, _seed, _threads, _METHODS
from prevsim.summary import summarize

_COUNTING = ("beginning", "end", "half_cycle", "simpson", "darth")
_TIMING = ("start", "middle", "end")


def _expression(value: Any, where: str) -> str:
    """Numbers become their exact text; strings pass unchanged."""
    if isinstance(value, bool):
        raise TypeError(f"{where} is a bool, but must be a number or an expression string")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return repr(float(value))
    if isinstance(value, str):
        return value
    raise TypeError(f"{where} is a {type(value).__name__}, but must be a number or an expression "
                    f"string")


def _schedule(value: Any, name: str) -> tuple[list[float], list[float]]:
    """A constant rate, or [(start_year, rate), ...] for a stepped schedule."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [0.0], [float(value)]
    try:
        steps = [(float(a), float(b)) for a, b in value]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a rate (e.g. 0.03) or a list of (start_year, rate) "
                        f"pairs, but is {value!r}") from None
    return [a for a, _ in steps], [b for _, b in steps]


class CohortModel:
    """A Markov cohort model with one or more strategies evaluated on the same draws.

    Every timing convention is an explicit, required choice (docs/cohort.md):

    counting : {"beginning", "end", "half_cycle", "simpson", "darth"}
        How state occupancy is counted within a cycle.
    discount_timing : {"start", "middle", "end"}
        Cycle t (0-based) is discounted at (t + 0, 0.5 or 1) cycle lengths:
        "start" leaves the first cycle undiscounted, "end" discounts it.
        Must be "start" with the row-based methods "simpson" and "darth".
    discount_costs, discount_effects : float or list of (start_year, rate)
        Constant or stepped annual rates (fractions, e.g. 0.03).

    Expressions (strings) may use the parameters by name, derived quantities,
    tables (``mort(age)``), ``cycle``, ``time``, ``age`` and, in states whose
    time is tracked, ``time_in_state``; and the functions exp, log, sqrt, abs,
    min, max, pow, if, rate_to_prob, prob_to_rate, odds, prob_from_odds,
    apply_rr, apply_or, rescale_prob.
    """

    def __init__(self, *, states: Sequence[str], cycles: int, counting: str,
                 discount_timing: str, discount_costs, discount_effects,
                 parameters: ParameterSet, cycle_length: float = 1.0,
                 start_age: float = 0.0) -> None:
        if counting not in _COUNTING:
            raise ValueError(f"CohortModel: counting is {counting!r}, but must be one of "
                             f"{', '.join(map(repr, _COUNTING))}")
        if discount_timing not in _TIMING:
            raise ValueError(f"CohortModel: discount_timing is {discount_timing!r}, but must be "
                             f"one of {', '.join(map(repr, _TIMING))}")
        if not isinstance(parameters, ParameterSet):
            raise TypeError("CohortModel: parameters must be a prevsim.ParameterSet")
        self.parameters = parameters
        self._d: dict[str, Any] = {
            "states": list(states), "rewards": [], "start": [], "transitions": [],
            "state_values": [], "transition_values": [], "strategies": [], "derived": [],
            "tables": [], "time_in_state": [], "cycles": int(cycles),
            "cycle_length": float(cycle_length), "start_age": float(start_age),
            "counting": counting, "discount_timing": discount_timing,
            "cost_discount": _schedule(discount_costs, "discount_costs"),
            "effect_discount": _schedule(discount_effects, "discount_effects"),
        }
        self._compiled = None

    # -- building ---------------------------------------------------------------
    def _changed(self) -> None:
        self._compiled = None

    def reward(self, name: str, *, kind: str) -> None:
        """Declares a reward stream; kind "cost" or "effect" picks its discount rate."""
        if kind not in ("cost", "effect"):
            raise ValueError(f"reward {name!r}: kind is {kind!r}, but must be 'cost' or 'effect'")
        self._d["rewards"].append((name, kind == "cost"))
        self._changed()

    def derive(self, **definitions: Any) -> None:
        """Named quantities, usable in later expressions: derive(p_HS1="rate_to_prob(r_HS1)")."""
        for name, value in definitions.items():
            self._d["derived"].append((name, _expression(value, f"derived {name}")))
        self._changed()

    def table(self, name: str, breakpoints: Iterable[float], values: Iterable[float]) -> None:
        """A step-function table callable in expressions, e.g. mortality by age: ``mort(age)``."""
        self._d["tables"].append((name, [float(x) for x in breakpoints],
                                  [float(v) for v in values]))
        self._changed()

    def track_time_in_state(self, state: str, *, cycles: int) -> None:
        """Tracks time in ``state`` up to ``cycles`` (then "that many or more"), making
        ``time_in_state`` usable in its transitions and values — without tunnel states."""
        self._d["time_in_state"].append((state, int(cycles)))
        self._changed()

    def start(self, shares: Mapping[str, Any] | None = None, **by_state: Any) -> None:
        """The common start distribution: shares of the cohort by state (sum 1)."""
        self._d["start"] = self._start(shares, by_state)
        self._changed()

    @staticmethod
    def _start(shares, by_state) -> list[tuple[str, str]]:
        items = dict(shares or {}, **by_state)
        return [(s, _expression(v, f"start share of {s}")) for s, v in items.items()]

    def transitions(self, entries: Mapping[tuple[str, str], Any]) -> None:
        """Common transition probabilities per cycle, {(from, to): expression}; "C"
        takes the rest of the row."""
        self._d["transitions"] += self._transitions(entries)
        self._changed()

    @staticmethod
    def _transitions(entries) -> list[tuple[str, str, str]]:
        return [(f, t, _expression(v, f"transition {f} -> {t}")) for (f, t), v in entries.items()]

    def values(self, reward: str, mapping: Mapping[str, Any] | None = None, **by_state: Any) -> None:
        """Common per-cycle values of ``reward`` by state (e.g. cost per cycle in a state)."""
        self._d["state_values"] += self._values(reward, mapping, by_state)
        self._changed()

    @staticmethod
    def _values(reward, mapping, by_state) -> list[tuple[str, str, str]]:
        items = dict(mapping or {}, **by_state)
        return [(reward, s, _expression(v, f"value of {reward} in {s}")) for s, v in items.items()]

    def on_transition(self, reward: str, source: str, target: str, value: Any) -> None:
        """A one-off value of ``reward`` on moving from ``source`` to ``target``
        (``source="*"``: on entering ``target`` from any other state)."""
        self._d["transition_values"].append(
            (reward, source, target, _expression(value, f"value of {reward} on {source} -> {target}")))
        self._changed()

    def strategy(self, name: str, *, start: Mapping[str, Any] | None = None,
                 transitions: Mapping[tuple[str, str], Any] | None = None,
                 values: Mapping[str, Mapping[str, Any]] | None = None,
                 on_transition: Iterable[tuple[str, str, str, Any]] = ()) -> None:
        """Adds a strategy; what it does not override comes from the common model."""
        self._d["strategies"].append({
            "name": name,
            "start": self._start(start, {}),
            "transitions": self._transitions(transitions or {}),
            "state_values": [v for reward, m in (values or {}).items()
                             for v in self._values(reward, m, {})],
            "transition_values": [(r, f, t, _expression(v, f"value of {r} on {f} -> {t}"))
                                  for r, f, t, v in on_transition],
        })
        self._changed()

    # -- reading ----------------------------------------------------------------
    @property
    def description(self) -> dict[str, Any]:
        """The model as plain data (what the engine receives)."""
        return self._d

    @property
    def strategies(self) -> list[str]:
        return [s["name"] for s in self._d["strategies"]]

    def compile(self) -> _core.CompiledCohortModel:
        """Validates the whole model and compiles its expressions (errors name the
        key, the value and what was expected). Done automatically when needed."""
        if self._compiled is None:
            self._compiled = _core.CompiledCohortModel(self._d, self.parameters._core)
        return self._compiled

    def _values_for(self, draw: int | None, seed: int | None, at: str, method: str,
                    design_draws: int | None) -> tuple[list[float], str]:
        if draw is None:
            context = ("with every parameter at its mean" if at == "mean"
                       else "with the parameters at their base values")
            return self.parameters.point_values(at), context
        if seed is None:
            raise ValueError("a draw needs the seed of its run: give seed=...")
        if method != "monte_carlo" and design_draws is None:
            raise ValueError("a draw of a Latin hypercube run needs the run's size: give "
                             "design_draws=...")
        row = self.parameters.sample(1, seed=seed, first_draw=draw, method=method,
                                     design_draws=design_draws)[0]
        return list(row), f"draw {draw}"

    def evaluate(self, *, at: str = "mean", draw: int | None = None, seed: int | None = None,
                 method: str = "monte_carlo", design_draws: int | None = None,
                 discounted: bool = True) -> pd.DataFrame:
        """Totals per strategy (rows) and reward (columns) at the parameter means
        (``at="mean"``), at the base-case values (``at="base"``), or at one draw
        of a seeded run (``draw=…, seed=…``, and for a Latin hypercube run
        ``method="lhs", design_draws=`` the run's size), exactly as the run
        computed it."""
        values, context = self._values_for(draw, seed, at, method, design_draws)
        disc, undisc = self.compile().evaluate(values, context)
        table = disc if discounted else undisc
        return pd.DataFrame(table, index=pd.Index(self.strategies, name="strategy"),
                            columns=[r for r, _ in self._d["rewards"]])

    def trace(self, strategy: str, *, at: str = "mean", draw: int | None = None,
              seed: int | None = None, method: str = "monte_carlo",
              design_draws: int | None = None) -> pd.DataFrame:
        """State occupancy per trace row (row 0 = start) of one strategy, at the
        parameter means or base values (``at``), or at one draw of a seeded run
        (as in ``evaluate``)."""
        if strategy not in self.strategies:
            raise ValueError(f"trace: strategy is {strategy!r}, but must be one of "
                             f"{', '.join(map(repr, self.strategies))}")
        values, _ = self._values_for(draw, seed, at, method, design_draws)
        trace = self.compile().trace(values, self.strategies.index(strategy))
        return pd.DataFrame(trace, index=pd.RangeIndex(0, trace.shape[0], name="cycle"),
                            columns=self._d["states"])

    def simulate(self, draws: int, *, seed: int, first_draw: int = 0,
                 method: str = "monte_carlo", design_draws: int | None = None,
                 threads: int | None = None) -> "CohortResults":
        """Probabilistic sensitivity analysis: every strategy on the same draws.

        Bit-identical for any ``threads``; ``first_draw`` gives rows of a larger
        run (see ParameterSet.sample). The model is checked at the parameter
        means before any draw runs.
        """
        if method not in _METHODS:
            raise ValueError(f"simulate: method is {method!r}, but must be one of "
                             f"'monte_carlo', 'lhs'")
        raw = self.compile().simulate(self.parameters._core, int(draws), _seed(seed),
                                      int(first_draw), _METHODS[method], int(design_draws or 0),
                                      _threads(threads))
        return CohortResults(raw, seed=seed, method=method)


class CohortResults:
    """Per-draw totals of a PSA, with pandas views. Every summary comes from the
    same draws (``.draws``)."""

    def __init__(self, raw: dict, *, seed: int, method: str) -> None:
        self.seed = seed
        self.method = method
        self.strategies: list[str] = list(raw["strategies"])
        self.rewards: list[str] = list(raw["rewards"])
        self.reward_is_cost = dict(zip(self.rewards, raw["reward_is_cost"]))
        index = pd.RangeIndex(raw["first_draw"], raw["first_draw"] + raw["discounted"].shape[0],
                              name="draw")
        columns = pd.MultiIndex.from_product([self.strategies, self.rewards],
                                             names=["strategy", "reward"])
        # The arrays are new and ours alone (column-major, the layout pandas
        # keeps): wrap them rather than copy them, as pandas would by default.
        self.discounted = pd.DataFrame(raw["discounted"], index=index, columns=columns, copy=False)
        self.undiscounted = pd.DataFrame(raw["undiscounted"], index=index, columns=columns,
                                         copy=False)
        self._parameter_draws = (raw["parameters"], list(raw["parameter_names"]))

    @functools.cached_property
    def parameters(self) -> pd.DataFrame:
        """The sampled inputs, one row per draw (the rows of ``discounted``).
        Built on first use: the frame copies the array (draws x inputs), which
        a PSA that never looks at it need not pay for."""
        values, names = self._parameter_draws
        return pd.DataFrame(values, index=self.discounted.index, columns=names)

    @property
    def draws(self) -> int:
        return len(self.discounted)

    def costs(self, *, discounted: bool = True) -> pd.DataFrame:
        """Total cost per draw and strategy: the sum of the rewards of kind "cost"."""
        frame = self.discounted if discounted else self.undiscounted
        cost_rewards = [r for r in self.rewards if self.reward_is_cost[r]]
        if not cost_rewards:
            raise ValueError("costs: the model has no reward of kind 'cost'")
        return pd.DataFrame({s: frame[s][cost_rewards].sum(axis=1) for s in self.strategies})

    def effects(self, reward: str | None = None, *, discounted: bool = True) -> pd.DataFrame:
        """One effect reward per draw and strategy (the only one, or the named one)."""
        effect_rewards = [r for r in self.rewards if not self.reward_is_cost[r]]
        if reward is None:
            if len(effect_rewards) != 1:
                raise ValueError(f"effects: name the effect reward, one of {effect_rewards}")
            reward = effect_rewards[0]
        if reward not in effect_rewards:
            raise ValueError(f"effects: reward is {reward!r}, but must be one of {effect_rewards}")
        frame = self.discounted if discounted else self.undiscounted
        return frame.xs(reward, axis=1, level="reward")[self.strategies]

    # -- decision analysis, all from the same draws (prevsim.decision) ---------
    def incremental(self, effect: str | None = None, *, discounted: bool = True) -> pd.DataFrame:
        """ICERs on the mean costs and effects, with strong and extended dominance
        and the efficient frontier (prevsim.incremental_analysis)."""
        from prevsim.decision import incremental_analysis

        return incremental_analysis(self.costs(discounted=discounted),
                                    self.effects(effect, discounted=discounted))

    def net_benefit(self, wtp, effect: str | None = None, *, discounted: bool = True,
                    per_draw: bool = False) -> pd.DataFrame:
        """Net monetary benefit λ·E − C at each willingness to pay λ."""
        from prevsim.decision import net_benefit

        return net_benefit(self.costs(discounted=discounted),
                           self.effects(effect, discounted=discounted), None, wtp,
                           per_draw=per_draw)

    def acceptability(self, wtp, effect: str | None = None, *,
                      discounted: bool = True) -> pd.DataFrame:
        """Cost-effectiveness acceptability curves and frontier over ``wtp``."""
        from prevsim.decision import acceptability

        return acceptability(self.costs(discounted=discounted),
                             self.effects(effect, discounted=discounted), None, wtp)

    def evpi(self, wtp, effect: str | None = None, *, discounted: bool = True,
             population: float | None = None) -> pd.Series:
        """Expected value of perfect information per person (or × ``population``)."""
        from prevsim.decision import evpi

        return evpi(self.costs(discounted=discounted), self.effects(effect, discounted=discounted),
                    wtp, population=population)

    def summary(self, *, discounted: bool = True) -> pd.DataFrame:
        """Mean (with MCSE), sd, median and intervals of every strategy × reward."""
        frame = self.discounted if discounted else self.undiscounted
        table = summarize(frame.to_numpy(), names=[f"{s} | {r}" for s, r in frame.columns])
        table.index = frame.columns
        return table

    def __repr__(self) -> str:
        means = self.discounted.mean().unstack("reward").loc[self.strategies]
        return (f"CohortResults({self.draws} draws, seed {self.seed}, {self.method}; "
                f"discounted means:\n{means.to_string()})")
