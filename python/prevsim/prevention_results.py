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

from collections.abc import Callable

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


#: Draws per call of the C++ evaluator in ``simulate``: progress is reported
#: and Ctrl-C is noticed between calls. A multiple of the evaluator's 256-draw
#: flow chunks, so that the mean yearly flows are the same bits for any chunking.
CHUNK_DRAWS = 8192
_FLOW_CHUNK = 256


def _evaluate_in_chunks(scenario: Scenario, n: int, sample: Callable[[int, int], np.ndarray], threads: int,
                        chunk: int, progress: Callable[[int, int], None] | None) -> tuple[dict, np.ndarray]:
    """Samples and evaluates draws ``0 … n-1`` in pieces of ``chunk`` draws.

    ``sample(first, count)`` gives the parameter rows of draws
    ``first … first+count-1`` (rows of the whole run: the same bits as one big
    sample). The per-draw values and paths are copied into place; the yearly
    flows come back as sums over fixed 256-draw chunks (numbered from draw 0
    of the run, because ``chunk`` is a multiple of 256), which are added in
    draw order and divided by the draws, exactly as one call would: the result
    is bit-identical to a single call for any ``chunk`` and thread count.
    ``progress(done, total)`` is called after every piece; an exception it
    raises (KeyboardInterrupt from a Ctrl-C, which Python delivers between
    pieces) stops the run. Returns the evaluator's output and the rows.
    """
    if chunk < _FLOW_CHUNK or chunk % _FLOW_CHUNK:
        raise ValueError(f"chunk is {chunk}, but must be a positive multiple of {_FLOW_CHUNK}")
    values = paths = rows = None
    sums: list[np.ndarray] = []
    columns: list[str] = []
    for start in range(0, n, chunk):
        end = min(n, start + chunk)
        piece = np.ascontiguousarray(sample(start, end - start), dtype=float)
        out = _run(scenario, piece, threads, start, "")
        if values is None:
            columns = list(out["columns"])
            values = np.empty((n, len(columns)), order="F")  # column-major, as from C++
            paths = np.empty((n, np.asarray(out["paths"]).shape[1]), dtype=np.float32)
            rows = np.empty((n, piece.shape[1]))
        rows[start:end] = piece
        values[start:end] = out["values"]
        paths[start:end] = out["paths"]
        sums.append(np.asarray(out["flow_chunk_sums"]))
        if progress is not None:
            progress(end, n)
    return ({"columns": columns, "values": values, "paths": paths,
             "mean_flows": _mean_flows(sums, np.asarray(out["mean_flows"]).shape, n)}, rows)


def _mean_flows(sums: list[np.ndarray], shape: tuple[int, int], n: int) -> np.ndarray:
    """The mean yearly flows (flow rows × years) of ``n`` draws from the
    per-256-draw flow sums of the pieces, added in draw order as the C++ core
    adds them, so the result is the one a single call gives, bit for bit."""
    flow_rows, years = shape
    total = np.zeros(flow_rows * years)
    for block in sums:
        for k in range(block.shape[1]):
            total += block[:, k]
    total /= n
    return total.reshape(years, flow_rows).T


def simulate(scenario: Scenario, *, draws: int, seed: int, threads: int | None = None,
             method: str = "monte_carlo", progress: Callable[[int, int], None] | None = None,
             chunk: int | None = None) -> "Results":
    """Monte Carlo: ``draws`` samples of every uncertain input, each evaluated.

    The scenario is first evaluated at its base values, so an impossible input
    fails before any sampling. Same seed ⇒ bit-identical results for any
    ``threads`` (None or 0: all cores) and any ``chunk``.

    The draws are sampled and evaluated ``chunk`` draws at a time (a multiple
    of 256; default ``CHUNK_DRAWS``); ``progress(done, total)``, if given, is
    called after each chunk (the command line's progress bar), and Ctrl-C
    stops the run between chunks.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws is {draws!r}, but must be a whole number >= 1")
    chunk = CHUNK_DRAWS if chunk is None else chunk
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)):
        raise ValueError(f"chunk is {chunk!r}, but must be a whole number")
    seed, threads = _seed(seed), _threads(threads)
    n = int(draws)
    evaluate_scenario(scenario, at="base")  # preflight: errors before any work
    if len(scenario._column_info):
        def sample(first: int, count: int) -> np.ndarray:
            return scenario.parameters.sample(count, seed=seed, first_draw=first, method=method,
                                              design_draws=n if method != "monte_carlo" else None,
                                              threads=threads)
    else:
        def sample(first: int, count: int) -> np.ndarray:
            return np.zeros((count, 0))
    out, rows = _evaluate_in_chunks(scenario, n, sample, threads, int(chunk), progress)
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
        self._cache: dict = {}  # tables already computed (the draws never change)

    def _cached(self, key, make) -> pd.DataFrame:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key].copy()

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
        return self._cached(("summary", per), lambda: self._summary(per))

    def _summary(self, per: str) -> pd.DataFrame:
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
        return self._cached("by_payer", self._by_payer)

    def _by_payer(self) -> pd.DataFrame:
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
        return self._cached("by_outcome", self._by_outcome)

    def _by_outcome(self) -> pd.DataFrame:
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
        return self._cached(("cashflow", perspective), lambda: self._cashflow(perspective))

    def _cashflow(self, perspective: str) -> pd.DataFrame:
        in_perspectives = perspective in PERSPECTIVES
        j = len(PAYERS) + PERSPECTIVES.index(perspective) if in_perspectives else PAYERS.index(perspective)
        costs, benefits = self._mean_flows[2 * j], self._mean_flows[2 * j + 1]
        frame = pd.DataFrame({"year": self.scenario.years, "costs_mean": costs, "benefits_mean": benefits,
                              "net_mean": benefits - costs})
        if in_perspectives:
            paths = self._paths[:, PERSPECTIVES.index(perspective), :].astype(float)
            frame["cumulative_discounted_net_mean"] = paths.mean(axis=0)
            # All five quantiles in one pass over each year's draws (contiguous).
            levels = (5, 25, 50, 75, 95)
            bands = np.quantile(np.ascontiguousarray(paths.T), [q / 100 for q in levels], axis=1)
            for q, band in zip(levels, bands):
                frame[f"cumulative_discounted_net_p{q}"] = band
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

    # -- plots and reports (prevsim.plots, prevsim.report) --------------------
    def plot_npv(self, *, perspective: str = "society", lang: str = "en"):
        """Distribution of the NPV over the draws with the zero line, the mean
        and P(NPV > 0) (a matplotlib Figure)."""
        from prevsim.plots import plot_npv
        return plot_npv(self, perspective=perspective, lang=lang)

    def plot_payback(self, *, perspective: str = "society", lang: str = "en"):
        """The payback curve: cumulative discounted net by year, median with the
        bands holding 50 % and 90 % of the draws (a matplotlib Figure)."""
        from prevsim.plots import plot_payback
        return plot_payback(self, perspective=perspective, lang=lang)

    def plot_by_payer(self, *, lang: str = "en"):
        """Costs, avoided costs and net of each payer (a matplotlib Figure)."""
        from prevsim.plots import plot_by_payer
        return plot_by_payer(self, lang=lang)

    def plot_by_outcome(self, *, lang: str = "en"):
        """Avoided costs of each outcome, mean and 90 % interval (a matplotlib Figure)."""
        from prevsim.plots import plot_by_outcome
        return plot_by_outcome(self, lang=lang)

    def report(self, path, *, formats=None, lang: str = "en"):
        """Writes the report of this run to the folder ``path`` (replaced
        whole, only if it holds a prevsim report) and returns its path.
        ``formats``: any of md, csv, xlsx, html, json, png, svg (default all);
        ``lang``: "sv" or "en". See docs/reports.md."""
        from prevsim.report import write_report
        return write_report([self], path, formats=formats, lang=lang)

    def _repr_html_(self) -> str:
        from prevsim.report_html import results_html
        return results_html(self)

    def __repr__(self) -> str:
        s = self.summary().loc["society"]
        return (f"Results({self.scenario.title!r}, {self.method}, {self.n_draws} draw(s), seed {self.seed}: "
                f"society NPV {s.npv_mean:,.0f} SEK {self.price_year} "
                f"[{s.npv_p5:,.0f}, {s.npv_p95:,.0f}], P(NPV > 0) = {s.p_npv_positive:.2f})")
