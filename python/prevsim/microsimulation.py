"""Individual-level microsimulation of a prevention scenario.

The cohort model (``prevsim.simulate``) follows average members. The
microsimulation follows individuals: each has latent risk factors (shared by
several outcomes, correlated, by subgroup), yearly states and events driven by
those factors and by their own history, and takes part in the interventions or
not. Its expected values are the cohort model's (``docs/microsimulation.md``
says why); what it adds is who has which outcomes together, and who benefits.

``microsimulate(scenario, draws=…, seed=…)`` returns ``MicrosimResults``: a
``Results`` with the cohort model's columns, paths and yearly flows (so every
table, report and the command line work unchanged), plus results by subgroup,
by quintile of latent risk and concentration indices. The individual-level
structure is the scenario's ``[microsimulation]`` section
(``scenarios/README.md``).

Example
-------
>>> import prevsim
>>> s = prevsim.load_scenario(prevsim.scenario_path("microsim/shared_risk_example.toml"))
>>> r = prevsim.microsimulate(s, draws=8, seed=1, individuals=2000)
>>> r.engine, r.individuals, r.n_draws
('microsimulation', 2000, 8)
>>> list(r.by_risk_quintile().index)
[1, 2, 3, 4, 5]
>>> r.draws.equals(prevsim.microsimulate(s, draws=8, seed=1, individuals=2000, threads=1).draws)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Mapping

import numpy as np
import pandas as pd

from prevsim import _core
from prevsim.errors import ScenarioError
from prevsim.parameters import _seed, _threads
from prevsim.prevention_results import Results, _mean_flows
from prevsim.scenario import Scenario

__all__ = ["MicrosimResults", "microsimulate"]

_SECTION = {"individuals", "residual", "history_individuals", "risk_index", "factors", "outcomes",
            "subgroups", "correlation", "source", "note"}
_FACTOR = {"label", "label_sv", "description", "source", "note"}
_OUTCOME = {"loadings", "persistence", "source", "note"}
_SUBGROUP = {"correlation", "source", "note"}
_FACTOR_EFFECT = {"factor", "type", "value", "trajectory", "overlap", "source", "note"}
_RESIDUALS = ("ar1", "renewal")
DEFAULT_INDIVIDUALS = 10_000

#: Draws per call of the C++ engine (a multiple of its 256-draw flow chunks).
CHUNK_DRAWS = 256
_FLOW_CHUNK = 256


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _pairs(c, raw: Any, path: tuple, factors: list[str], base: np.ndarray) -> np.ndarray:
    """A correlation matrix from ``[["a", "b", r], …]`` pairs over ``base``."""
    if not isinstance(raw, list):
        raise c.err(path, f"is {raw!r}, but must be a list of [\"factor\", \"factor\", correlation]")
    r = base.copy()
    for i, pair in enumerate(raw):
        p = path + (i,)
        if not (isinstance(pair, list) and len(pair) == 3 and all(isinstance(x, str) for x in pair[:2])
                and _is_number(pair[2])):
            raise c.err(p, f"is {pair!r}, but must be [\"factor\", \"factor\", correlation]")
        a, b, rho = pair
        for name in (a, b):
            if name not in factors:
                raise c.unknown(p, "factor", name, factors)
        if a == b:
            raise c.err(p, f"correlates the factor {a!r} with itself")
        if not -1 < rho < 1:
            raise c.err(p, f"has the correlation {rho}, but it must be within (-1, 1)")
        i_a, i_b = factors.index(a), factors.index(b)
        r[i_a, i_b] = r[i_b, i_a] = rho
    if len(factors) and np.linalg.eigvalsh(r).min() < 1e-10:
        raise c.err(path, "gives a factor correlation matrix that is not positive definite (a factor "
                    "would be a combination of the others); lower the correlations")
    return r


def compile_section(c, data: Mapping, out_names: list[str], kinds: Mapping[str, str],
                    sub_names: list[str]) -> dict:
    """Checks a scenario's ``[microsimulation]`` section (defaults if absent) and
    returns ``{"spec": …}`` for the C++ engine, the ``facts`` for reports and
    what the factor effects need. ``c`` is the scenario compiler (for errors with
    file, key path and line)."""
    P = ("microsimulation",)
    raw = c.table(data, "microsimulation", ())
    c.keys(raw, _SECTION, P)
    individuals = int(c.number(raw, "individuals", P, lo=1, hi=2**40, integer=True,
                               default=DEFAULT_INDIVIDUALS))
    history = int(c.number(raw, "history_individuals", P, lo=0, hi=2**40, integer=True, default=0))
    residual = c.string(raw, "residual", P, choices=_RESIDUALS, default="ar1")
    factors_raw = c.table(raw, "factors", P)
    factors = list(factors_raw)
    labels = {}
    for name, spec in factors_raw.items():
        fp = P + ("factors", name)
        if not isinstance(spec, dict):
            raise c.err(fp, "must be a table (it may be empty: { })")
        c.keys(spec, _FACTOR, fp)
        labels[name] = spec.get("label", name)
    n_f = len(factors)
    base = _pairs(c, raw.get("correlation", []), P + ("correlation",), factors, np.eye(n_f))
    subs_raw = c.table(raw, "subgroups", P)
    matrices = []
    for s in sub_names:
        if s in subs_raw:
            sp = P + ("subgroups", s)
            if not isinstance(subs_raw[s], dict):
                raise c.err(sp, "must be a table { correlation = [[…]] }")
            c.keys(subs_raw[s], _SUBGROUP, sp)
            matrices.append(_pairs(c, subs_raw[s].get("correlation", []), sp + ("correlation",), factors, base))
        else:
            matrices.append(base)
    for s in subs_raw:
        if s not in sub_names:
            raise c.unknown(P + ("subgroups", s), "subgroup", s, sub_names)
    outs_raw = c.table(raw, "outcomes", P)
    for o in outs_raw:
        if o not in kinds:
            raise c.unknown(P + ("outcomes", o), "outcome", o, out_names)
    loadings = np.zeros((len(out_names), n_f))
    persistence = [0.0] * len(out_names)
    for j, o in enumerate(out_names):
        if o not in outs_raw:
            continue
        op = P + ("outcomes", o)
        spec = outs_raw[o]
        if not isinstance(spec, dict):
            raise c.err(op, "must be a table { loadings = { FACTOR = λ }, persistence = ρ }")
        c.keys(spec, _OUTCOME, op)
        lo = c.table(spec, "loadings", op)
        for f, v in lo.items():
            if f not in factors:
                raise c.unknown(op + ("loadings", f), "factor", f, factors)
            loadings[j, factors.index(f)] = c.number(lo, f, op + ("loadings",), lo=-1, hi=1)
        persistence[j] = float(c.number(spec, "persistence", op, lo=0, hi=1, default=0.0))
        for s, r in zip(sub_names, matrices):
            v = float(loadings[j] @ r @ loadings[j])
            if v > 1 + 1e-12:
                raise c.err(op + ("loadings",), f"explain a variance λᵀRλ = {v:.4g} of the liability in "
                            f"subgroup {s!r}, but at most 1 (the liability has variance 1; lower the loadings)")
    weights = [1.0] * n_f
    if "risk_index" in raw:
        ri = c.table(raw, "risk_index", P)
        if not n_f:
            raise c.err(P + ("risk_index",), "needs factors ([microsimulation.factors.NAME])")
        weights = [0.0] * n_f
        for f in ri:
            if f not in factors:
                raise c.unknown(P + ("risk_index", f), "factor", f, factors)
            weights[factors.index(f)] = float(c.number(ri, f, P + ("risk_index",)))
        w = np.array(weights)
        if all(float(w @ r @ w) <= 1e-12 for r in matrices):
            raise c.err(P + ("risk_index",), "gives every factor weight 0; give at least one weight")
    spec = {"individuals": individuals, "factors": factors,
            "correlation": [list(map(float, r.ravel())) for r in matrices],
            "loadings": list(map(float, loadings.ravel())), "persistence": persistence,
            "residual": residual, "risk_index": weights, "history_individuals": history}
    facts = {"declared": "microsimulation" in data, "individuals": individuals, "residual": residual,
             "factors": factors, "factor_labels": labels,
             "loadings": {o: {f: float(loadings[j, k]) for k, f in enumerate(factors) if loadings[j, k]}
                          for j, o in enumerate(out_names)},
             "persistence": dict(zip(out_names, persistence)),
             "risk_index": dict(zip(factors, weights)), "history_individuals": history}
    return {"spec": spec, "facts": facts, "factors": factors, "loadings": loadings}


def factor_effects(c, e: Mapping, path: tuple, micro: dict, parse_effect: Callable, out_names: list[str],
                   kinds: Mapping[str, str]) -> list[dict]:
    """An effect on a latent factor, ``{ factor = "NAME", type = "d", value = d, … }``:
    a shift of the participants' factor by d standard deviations moves the
    liability of every outcome o loading on it by λ_o·d, which is a d_probit
    effect of λ_o·d on o (exactly, for the participants). It becomes one such
    effect per outcome with a non-zero loading, with the same trajectory and
    overlap — in the cohort model too, whose expected values it thus shares."""
    c.keys(e, _FACTOR_EFFECT, path)
    factors = micro["factors"]
    name = c.string(e, "factor", path)
    if name not in factors:
        if not factors:
            raise c.err(path + ("factor",), f"names the factor {name!r}, but [microsimulation] declares no "
                        "factors ([microsimulation.factors.NAME])")
        raise c.unknown(path + ("factor",), "factor", name, factors)
    c.string(e, "type", path, choices=("d",))
    loadings = micro["loadings"][:, factors.index(name)]
    targets = [j for j in range(len(out_names)) if loadings[j] != 0]
    if not targets:
        raise c.err(path + ("factor",), f"names the factor {name!r}, on which no outcome loads "
                    "([microsimulation.outcomes.NAME] loadings)")
    # Parsed once as a d_probit effect on a state (for the value, trajectory and
    # overlap, with their key paths), then given to each outcome scaled by λ.
    state = next((o for o in out_names if kinds[o] == "state"), out_names[0])
    pseudo = {k: v for k, v in e.items() if k not in ("factor", "type")}
    parsed = parse_effect(c, {**pseudo, "outcome": state, "type": "d_probit"}, path, out_names, kinds)

    def scaled(ref: tuple, factor: float) -> tuple:
        column, constant, scale = ref
        return (column, constant, scale * factor)

    out = []
    for j in targets:
        lam = float(loadings[j])
        traj = dict(parsed["trajectory"])
        if traj["kind"] == "two_age":
            traj["value2"] = scaled(traj["value2"], lam)
        out.append({**parsed, "outcome": j, "type": "d_probit", "value": scaled(parsed["value"], lam),
                    "trajectory": traj, "factor": name})
    return out


class MicrosimResults(Results):
    """The results of a microsimulation: everything ``Results`` has (same
    columns, so every table, report and the command line work unchanged), plus
    who benefits.

    Attributes: ``engine`` ("microsimulation"), ``individuals`` (per cohort
    class and subgroup, the inner loop), ``seed``, ``residual``,
    ``individual_years_per_draw``, ``microsimulation`` (all of these as a dict,
    for reports), ``distribution`` (one row of distributional metrics per draw)
    and ``histories`` (the exported individual histories, or None).
    """

    def __init__(self, scenario: Scenario, out: dict, parameter_rows: np.ndarray, *, seed, method: str,
                 info: dict) -> None:
        super().__init__(scenario, out, parameter_rows, seed=seed, method=method)
        self.engine = "microsimulation"
        self.microsimulation = dict(info)
        self.individuals: int = info["individuals"]
        self.residual: str = info["residual"]
        self.individual_years_per_draw: float = info["individual_years_per_draw"]
        self.distribution = pd.DataFrame(np.asarray(out["distribution"]), columns=list(out["distribution_columns"]),
                                         copy=False)
        self.distribution.index.name = "draw"
        hist = np.asarray(out["histories"])
        self.histories: pd.DataFrame | None = None
        if hist.size:
            frame = pd.DataFrame(hist, columns=list(out["history_columns"]))
            for col in ("class", "subgroup", "individual", "tau", "participation"):
                frame[col] = frame[col].astype(np.int64)
            frame["subgroup"] = [scenario.facts["subgroups"][g] for g in frame["subgroup"]]
            self.histories = frame

    def _dist(self, name: str) -> np.ndarray:
        return self.distribution[name].to_numpy()

    def by_subgroup(self) -> pd.DataFrame:
        """One row per subgroup (society perspective, with deadweight): members,
        participants, PV of costs (per-participant costs of its participants;
        start-up and yearly costs shared by participants), PV of avoided costs,
        NPV (mean and 90 % interval), and cases averted per outcome (mean). The
        subgroups' NPVs add up to ``summary().loc["society", "npv_mean"]``."""
        rows = []
        for g in self.scenario.facts["subgroups"]:
            p = f"subgroup.{g}."
            npv = self._dist(p + "npv")
            row = {"subgroup": g, "members_mean": float(self._dist(p + "members").mean()),
                   "participants_mean": float(self._dist(p + "participants").mean()),
                   "pv_costs_mean": float(self._dist(p + "pv_costs").mean()),
                   "pv_benefits_mean": float(self._dist(p + "pv_benefits").mean()),
                   "npv_mean": float(npv.mean()), "npv_p5": float(np.quantile(npv, 0.05)),
                   "npv_p95": float(np.quantile(npv, 0.95))}
            for o in self.scenario.facts["outcomes"]:
                row[f"{o}_cases_averted_mean"] = float(self._dist(f"{p}outcome.{o}.cases_averted").mean())
            rows.append(row)
        return pd.DataFrame(rows).set_index("subgroup")

    def by_risk_quintile(self) -> pd.DataFrame:
        """One row per fifth of the latent-risk index (1 = lowest, 5 = highest;
        each holds a fifth of the members at entry): PV of avoided costs
        (society, without deadweight), its share of the total, and per outcome
        the cases without the interventions and the cases averted (means)."""
        total = sum(self._dist(f"risk_quintile.{q}.pv_benefits") for q in range(1, 6))
        rows = []
        for q in range(1, 6):
            p = f"risk_quintile.{q}."
            pv = self._dist(p + "pv_benefits")
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(total != 0, pv / total, np.nan)
            row = {"quintile": q, "pv_benefits_mean": float(pv.mean()),
                   "benefit_share_mean": float(np.nanmean(share)) if np.isfinite(share).any() else np.nan}
            for o in self.scenario.facts["outcomes"]:
                row[f"{o}_cases_without_mean"] = float(self._dist(f"{p}outcome.{o}.cases_without").mean())
                row[f"{o}_cases_averted_mean"] = float(self._dist(f"{p}outcome.{o}.cases_averted").mean())
            rows.append(row)
        return pd.DataFrame(rows).set_index("quintile")

    def concentration(self) -> pd.DataFrame:
        """One row per outcome: the concentration index of its cases over the
        members ranked by latent risk, without and with the interventions (mean
        over draws), and the change with its 90 % interval. Positive: the
        outcome is concentrated among the most exposed; a fall means the
        package narrows the gap (relative to the total)."""
        rows = []
        for o in self.scenario.facts["outcomes"]:
            before = self._dist(f"outcome.{o}.concentration_without")
            after = self._dist(f"outcome.{o}.concentration_with")
            change = after - before
            ok = np.isfinite(change)
            rows.append({"outcome": o, "without_mean": float(np.nanmean(before)) if np.isfinite(before).any() else np.nan,
                         "with_mean": float(np.nanmean(after)) if np.isfinite(after).any() else np.nan,
                         "change_mean": float(change[ok].mean()) if ok.any() else np.nan,
                         "change_p5": float(np.quantile(change[ok], 0.05)) if ok.any() else np.nan,
                         "change_p95": float(np.quantile(change[ok], 0.95)) if ok.any() else np.nan})
        return pd.DataFrame(rows).set_index("outcome")

    def __repr__(self) -> str:
        return super().__repr__()[:-1] + f", microsimulation of {self.individuals} individuals per cell)"


def _engine(scenario: Scenario, individuals: int | None, histories: int | None):
    spec = dict(scenario._model["microsimulation"])
    if individuals is not None:
        if isinstance(individuals, bool) or not isinstance(individuals, (int, np.integer)) or not 1 <= individuals <= 2**40:
            raise ValueError(f"individuals is {individuals!r}, but must be a whole number within [1, 2**40]")
        spec["individuals"] = int(individuals)
    if histories is not None:
        if isinstance(histories, bool) or not isinstance(histories, (int, np.integer)) or histories < 0:
            raise ValueError(f"histories is {histories!r}, but must be a whole number >= 0")
        spec["history_individuals"] = int(histories)
    try:
        return _core.Microsimulation(scenario._core, spec), spec
    except ValueError as error:
        key = "links" if "link" in str(error) else "microsimulation"
        raise ScenarioError(f"{scenario._file.name}: {key}: {error}", file=scenario._file.name) from None


def microsimulate(scenario: Scenario, *, draws: int, seed: int, individuals: int | None = None,
                  threads: int | None = None, method: str = "monte_carlo", at: str | None = None,
                  histories: int | None = None, progress: Callable[[int, int], None] | None = None,
                  chunk: int = CHUNK_DRAWS) -> MicrosimResults:
    """Two-level Monte Carlo: ``draws`` samples of every uncertain input (the
    outer loop), each evaluated with ``individuals`` simulated individuals per
    cohort class and subgroup (the inner loop; default: the scenario's
    ``[microsimulation] individuals``).

    ``at="base"`` or ``"mean"`` evaluates every draw at the point values
    instead: the draws then differ only by their individuals, so the spread is
    the inner loop's Monte Carlo error. ``histories`` individuals per cell have
    their yearly history exported (draw 0). Same seed ⇒ bit-identical results
    for any ``threads`` and ``chunk`` (a multiple of 256). ``progress(done,
    total)`` is called after each chunk.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws is {draws!r}, but must be a whole number >= 1")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < _FLOW_CHUNK or chunk % _FLOW_CHUNK:
        raise ValueError(f"chunk is {chunk!r}, but must be a positive multiple of {_FLOW_CHUNK}")
    if at not in (None, "base", "mean"):
        raise ValueError(f"at is {at!r}, but must be None (sample the inputs), 'base' or 'mean'")
    seed, threads = _seed(seed), _threads(threads)
    engine, spec = _engine(scenario, individuals, histories)
    n_cols = len(scenario._column_info)
    if at is not None:
        point = np.array(scenario.parameters.point_values(at), dtype=float) if n_cols else np.zeros(0)
        rows = np.tile(point, (int(draws), 1)).reshape(int(draws), n_cols)
        method = f"{at} values"
    else:
        # Preflight: an impossible input fails before any work.
        from prevsim.prevention_results import evaluate_scenario
        evaluate_scenario(scenario, at="base")
        rows = (scenario.parameters.sample(int(draws), seed=seed, method=method, threads=threads)
                if n_cols else np.zeros((int(draws), 0)))
    rows = np.ascontiguousarray(rows, dtype=float)
    n = rows.shape[0]
    values = paths = dist = None
    sums: list[np.ndarray] = []
    first: dict = {}
    for start in range(0, n, int(chunk)):
        end = min(n, start + int(chunk))
        try:
            out = engine.evaluate(rows[start:end], seed, threads, start)
        except _core.DrawError as error:
            raise ScenarioError(str(error), file=scenario._file.name) from None
        if values is None:
            first = out
            values = np.empty((n, len(out["columns"])), order="F")
            paths = np.empty((n, np.asarray(out["paths"]).shape[1]), dtype=np.float32)
            dist = np.empty((n, len(out["distribution_columns"])), order="F")
        values[start:end] = out["values"]
        paths[start:end] = out["paths"]
        dist[start:end] = out["distribution"]
        sums.append(np.asarray(out["flow_chunk_sums"]))
        if progress is not None:
            progress(end, n)
    result = {"columns": list(first["columns"]), "values": values, "paths": paths,
              "mean_flows": _mean_flows(sums, np.asarray(first["mean_flows"]).shape, n),
              "distribution_columns": list(first["distribution_columns"]), "distribution": dist,
              "history_columns": list(first["history_columns"]), "histories": first["histories"]}
    info = {"engine": "microsimulation", "individuals": spec["individuals"], "seed": seed,
            "draws": n, "residual": spec["residual"], "factors": list(spec["factors"]),
            "block_size": engine.block_size, "cohort_classes": engine.classes,
            "individual_years_per_draw": float(first["individual_years_per_draw"]),
            "history_individuals": spec["history_individuals"], "at": at}
    label = f"microsimulation, {spec['individuals']} individuals per cell, {method}"
    return MicrosimResults(scenario, result, rows, seed=seed, method=label, info=info)
