"""Running a prevention scenario and reading its results as pandas tables.

``simulate(scenario, draws=…, seed=…)`` samples every uncertain input, evaluates
the model once per draw in C++ (in parallel, bit-identical for any number of
threads) and returns ``Results``: one row of metrics per draw, from which every
table is computed. ``Scenario.evaluate()`` gives the central case in the same
form (one draw at the base values).

Example
-------
>>> import prevsim
>>> s = prevsim.load_scenario(prevsim.scenario_path("prevention/norrtalje.toml"))
>>> r = prevsim.simulate(s, draws=2000, seed=1)
>>> r.n_draws, list(r.summary().index)
(2000, ['municipality', 'public_sector', 'society'])
>>> r.draws.equals(prevsim.simulate(s, draws=2000, seed=1, threads=1).draws)
True
>>> float(round(s.evaluate().by_outcome().loc["celebration_crime", "benefits_undiscounted_mean"] / 1e6, 1))
28.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from prevsim import _core
from prevsim.errors import ScenarioError
from prevsim.parameters import _seed, _threads
from prevsim.scenario import PAYERS, PERSPECTIVES, Scenario

_METRICS = ("pv_costs", "pv_benefits", "npv", "bcr", "roi", "irr", "payback_year")


def _run(scenario: Scenario, rows: np.ndarray, threads: int, first_draw: int, context: str) -> dict:
    try:
        return scenario._core.evaluate(np.ascontiguousarray(rows, dtype=float), threads, first_draw)
    except _core.DrawError as error:
        raise ScenarioError(f"{context}{error}", file=scenario._file.name) from None


def evaluate_scenario(scenario: Scenario, *, at: str = "base") -> "Results":
    """The central case (one draw with every input at its base value or mean)."""
    if at not in ("base", "mean"):
        raise ValueError(f"at is {at!r}, but must be 'base' or 'mean'")
    n = len(scenario._column_info)
    row = np.array([scenario.parameters.point_values(at)], dtype=float) if n else np.zeros((1, 0))
    out = _run(scenario, row, 1, 0, f"at the {at} values: ")
    return Results(scenario, out, row, seed=None, method=f"central case ({at} values)")


def simulate(scenario: Scenario, *, draws: int, seed: int, threads: int | None = None,
             method: str = "monte_carlo") -> "Results":
    """Monte Carlo: ``draws`` samples of every uncertain input, each evaluated.

    The scenario is first evaluated at its base values, so an impossible input
    fails before any sampling. Same seed ⇒ bit-identical results for any
    ``threads`` (None or 0: all cores).
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws is {draws!r}, but must be a whole number >= 1")
    seed, threads = _seed(seed), _threads(threads)
    evaluate_scenario(scenario, at="base")  # preflight: errors before any work
    if len(scenario._column_info):
        rows = scenario.parameters.sample(int(draws), seed=seed, method=method, threads=threads)
    else:
        rows = np.zeros((int(draws), 0))
    out = _run(scenario, rows, threads, 0, "")
    return Results(scenario, out, rows, seed=seed, method=method)


def _interval_stats(x: np.ndarray) -> dict:
    x = x[~np.isnan(x)]
    if x.size == 0:
        return {"mean": np.nan, "p5": np.nan, "p95": np.nan}
    return {"mean": float(np.mean(x)), "p5": float(np.quantile(x, 0.05)),
            "p95": float(np.quantile(x, 0.95))}


class Results:
    """The per-draw metrics of a run, and tables made from them.

    Money is SEK in the scenario's price year, discounted to its start year.
    """

    def __init__(self, scenario: Scenario, out: dict, parameter_rows: np.ndarray, *, seed, method: str) -> None:
        self.scenario = scenario
        self.seed, self.method = seed, method
        # Column-major from C++: pandas keeps it without a copy.
        self.draws = pd.DataFrame(np.asarray(out["values"]), columns=list(out["columns"]), copy=False)
        self.draws.index.name = "draw"
        self._parameter_rows = parameter_rows
        h = self.scenario.facts["horizon"]
        self._paths = np.asarray(out["paths"]).reshape(len(self.draws), len(PERSPECTIVES), h)
        self._mean_flows = np.asarray(out["mean_flows"])

    @property
    def inputs(self) -> pd.DataFrame:
        """The sampled inputs, one row per draw (the same draws as ``draws``)."""
        frame = pd.DataFrame(self._parameter_rows, columns=self.scenario.parameters.names)
        frame.index.name = "draw"
        return frame

    @property
    def n_draws(self) -> int:
        return len(self.draws)

    @property
    def price_year(self) -> int:
        return self.scenario.facts["price_year"]

    def _col(self, name: str) -> np.ndarray:
        return self.draws[name].to_numpy()

    def summary(self, per: str = "cohort") -> pd.DataFrame:
        """One row per perspective: NPV (mean, 90 % interval, MCSE), P(NPV > 0),
        payback year (median; share of draws that pay back), PV of costs and of
        avoided costs, benefit–cost ratio (ratio of the means) and IRR (median).
        ``per="participant"`` divides money by the participants of each draw."""
        if per not in ("cohort", "participant"):
            raise ValueError(f"per is {per!r}, but must be 'cohort' or 'participant'")
        divisor = self._col("participants") if per == "participant" else 1.0
        rows = []
        for p in PERSPECTIVES:
            npv = self._col(f"{p}.npv") / divisor
            costs = self._col(f"{p}.pv_costs") / divisor
            benefits = self._col(f"{p}.pv_benefits") / divisor
            payback = self._col(f"{p}.payback_year")
            paid = ~np.isnan(payback)
            irr = self._col(f"{p}.irr")
            s = _interval_stats(npv)
            n = len(npv)
            rows.append({
                "perspective": p,
                "npv_mean": s["mean"], "npv_p5": s["p5"], "npv_p95": s["p95"],
                "npv_mcse": float(np.std(npv, ddof=1) / np.sqrt(n)) if n > 1 else np.nan,
                "p_npv_positive": float(np.mean(npv > 0)),
                "payback_year_median": (float(np.median(np.where(paid, payback, np.inf))) + self.scenario.facts["start_year"]
                                        if paid.mean() >= 0.5 else np.nan),
                "p_payback": float(paid.mean()),
                "pv_costs_mean": float(np.mean(costs)),
                "pv_benefits_mean": float(np.mean(benefits)),
                "costs_undiscounted_mean": float(np.mean(self._col(f"{p}.costs_undiscounted") / divisor)),
                "benefits_undiscounted_mean": float(np.mean(self._col(f"{p}.benefits_undiscounted") / divisor)),
                "bcr": float(np.mean(benefits) / np.mean(costs)) if np.mean(costs) > 0 else np.nan,
                "irr_median": float(np.nanmedian(irr)) if (~np.isnan(irr)).any() else np.nan,
            })
        return pd.DataFrame(rows).set_index("perspective")

    def by_payer(self) -> pd.DataFrame:
        """One row per payer: PV of intervention costs and of avoided costs, and
        the net (mean and 90 % interval)."""
        rows = []
        for k in PAYERS:
            c, b = self._col(f"payer.{k}.pv_costs"), self._col(f"payer.{k}.pv_benefits")
            s = _interval_stats(b - c)
            rows.append({"payer": k, "pv_costs_mean": float(c.mean()), "pv_benefits_mean": float(b.mean()),
                         "net_mean": s["mean"], "net_p5": s["p5"], "net_p95": s["p95"]})
        return pd.DataFrame(rows).set_index("payer")

    def by_outcome(self) -> pd.DataFrame:
        """One row per outcome: cases averted and avoided costs (society, PV;
        mean and 90 % interval), the part through links, and the PV by payer."""
        rows = []
        for o in self.scenario.facts["outcomes"]:
            cases = _interval_stats(self._col(f"outcome.{o}.cases_averted"))
            pv = _interval_stats(self._col(f"outcome.{o}.pv_benefits"))
            row = {"outcome": o, "label": self.scenario.facts["labels"].get(o, o),
                   "cases_averted_mean": cases["mean"], "cases_averted_p5": cases["p5"],
                   "cases_averted_p95": cases["p95"],
                   "cases_averted_discounted_mean": float(self._col(f"outcome.{o}.cases_averted_discounted").mean()),
                   "pv_benefits_mean": pv["mean"], "pv_benefits_p5": pv["p5"], "pv_benefits_p95": pv["p95"],
                   "pv_benefits_via_links_mean": float(self._col(f"outcome.{o}.pv_benefits_via_links").mean()),
                   "benefits_undiscounted_mean": float(self._col(f"outcome.{o}.benefits_undiscounted").mean())}
            for k in PAYERS:
                row[f"{k}_pv_benefits_mean"] = float(self._col(f"outcome.{o}.{k}.pv_benefits").mean())
            rows.append(row)
        return pd.DataFrame(rows).set_index("outcome")

    def cashflow(self, perspective: str = "society") -> pd.DataFrame:
        """One row per year: mean undiscounted costs, avoided costs and net, and
        the cumulative discounted net (mean and 5/25/50/75/95 % quantiles: the
        payback curve with its bands)."""
        if perspective not in PERSPECTIVES + PAYERS:
            raise ValueError(f"perspective is {perspective!r}, but must be one of {', '.join(PERSPECTIVES + PAYERS)}")
        in_perspectives = perspective in PERSPECTIVES
        j = len(PAYERS) + PERSPECTIVES.index(perspective) if in_perspectives else PAYERS.index(perspective)
        costs, benefits = self._mean_flows[2 * j], self._mean_flows[2 * j + 1]
        frame = pd.DataFrame({"year": self.scenario.years, "costs_mean": costs, "benefits_mean": benefits,
                              "net_mean": benefits - costs})
        if in_perspectives:
            paths = self._paths[:, PERSPECTIVES.index(perspective), :].astype(float)
            frame["cumulative_discounted_net_mean"] = paths.mean(axis=0)
            for q in (5, 25, 50, 75, 95):
                frame[f"cumulative_discounted_net_p{q}"] = np.quantile(paths, q / 100, axis=0)
        return frame.set_index("year")

    def cashflow_by_outcome(self) -> pd.DataFrame:
        """Mean undiscounted avoided cost (society) of each outcome, by year."""
        first = 2 * (len(PAYERS) + len(PERSPECTIVES))
        outcomes = self.scenario.facts["outcomes"]
        frame = pd.DataFrame(self._mean_flows[first:first + len(outcomes)].T, columns=outcomes,
                             index=pd.Index(self.scenario.years, name="year"))
        return frame

    def cases_averted(self) -> pd.DataFrame:
        """Cases averted per outcome and draw (undiscounted)."""
        return pd.DataFrame({o: self._col(f"outcome.{o}.cases_averted") for o in self.scenario.facts["outcomes"]},
                            index=self.draws.index)

    def __repr__(self) -> str:
        s = self.summary().loc["society"]
        return (f"Results({self.scenario.title!r}, {self.method}, {self.n_draws} draw(s), seed {self.seed}: "
                f"society NPV {s.npv_mean:,.0f} SEK {self.price_year} "
                f"[{s.npv_p5:,.0f}, {s.npv_p95:,.0f}], P(NPV > 0) = {s.p_npv_positive:.2f})")
