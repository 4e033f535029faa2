"""Regression checks of the reference scenarios against stored results.

For every bundled prevention scenario, ``scenarios/expected/NAME.json`` holds

- the **central case** (every input at its base value): present values, NPV,
  undiscounted totals, payback year and IRR per perspective, and cases averted
  and avoided costs per outcome. These are deterministic: a change beyond
  1e-9 relative (rounding across compilers and libm) is a change of the model;
- a **Monte Carlo run** at a fixed seed and number of draws: the mean NPV and
  P(NPV > 0) per perspective, with their Monte Carlo standard errors. The same
  seed gives the same draws, so these too move only when the model or the
  sampling changes; the tolerance is 3 Monte Carlo standard errors of the
  difference of two independent estimates (3·√2·MCSE), which separates a
  change in sampling from a change in the expected value.

``python -m prevsim regress`` re-runs them and prints a readable table of
differences; ``--update`` rewrites the stored results (an explicit step, done
in a source checkout and committed with the reason; see docs/regression.md).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from prevsim import __version__
from prevsim.model_file import BUNDLED
from prevsim.prevention_results import simulate
from prevsim.scenario import PERSPECTIVES, load_scenario

SEED = 20260101
DRAWS = 20_000
RELATIVE = 1e-9
MC_SE = 3.0
_CENTRAL_METRICS = ("pv_costs", "pv_benefits", "npv", "costs_undiscounted", "benefits_undiscounted",
                    "payback_year", "irr")
_OUTCOME_METRICS = ("cases_averted", "pv_benefits", "benefits_undiscounted")


def reference_scenarios() -> list[Path]:
    """The bundled prevention scenarios, by name."""
    return sorted((BUNDLED / "prevention").glob("*.toml"))


def default_store() -> Path:
    return BUNDLED / "expected"


def _number(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def compute(path: Path, *, draws: int = DRAWS, seed: int = SEED) -> dict:
    """The regression quantities of one scenario (see the module docstring)."""
    scenario = load_scenario(path)
    central = scenario.evaluate().draws.iloc[0]
    record = {"scenario": path.name, "prevsim_version": __version__, "central": {}, "monte_carlo": {}}
    for p in PERSPECTIVES:
        for m in _CENTRAL_METRICS:
            record["central"][f"{p}.{m}"] = _number(central[f"{p}.{m}"])
    for o in scenario.facts["outcomes"]:
        for m in _OUTCOME_METRICS:
            record["central"][f"outcome.{o}.{m}"] = _number(central[f"outcome.{o}.{m}"])
    results = simulate(scenario, draws=draws, seed=seed)
    record["monte_carlo"] = {"draws": draws, "seed": seed, "values": {}}
    for p in PERSPECTIVES:
        npv = results.draws[f"{p}.npv"].to_numpy()
        positive = (npv > 0).astype(float)
        for name, x in ((f"{p}.npv_mean", npv), (f"{p}.p_npv_positive", positive)):
            record["monte_carlo"]["values"][name] = {"mean": float(x.mean()),
                                                     "mcse": float(x.std(ddof=1) / math.sqrt(len(x)))}
    return record


@dataclass
class Difference:
    scenario: str
    quantity: str
    stored: float | None
    now: float | None
    tolerance: float
    ok: bool


def compare(stored: dict, now: dict) -> list[Difference]:
    """Every quantity of ``stored`` against ``now``, with its tolerance."""
    name = stored["scenario"]
    out: list[Difference] = []
    for key, a in stored["central"].items():
        b = now["central"].get(key)
        if a is None or b is None:
            out.append(Difference(name, key, a, b, 0.0, a is None and b is None))
            continue
        tol = RELATIVE * max(1.0, abs(a))
        out.append(Difference(name, key, a, b, tol, abs(a - b) <= tol))
    for key in now["central"].keys() - stored["central"].keys():
        out.append(Difference(name, key, None, now["central"][key], 0.0, False))
    same_design = (stored["monte_carlo"]["draws"], stored["monte_carlo"]["seed"]) == (
        now["monte_carlo"]["draws"], now["monte_carlo"]["seed"])
    for key, a in stored["monte_carlo"]["values"].items():
        b = now["monte_carlo"]["values"].get(key)
        if b is None:
            out.append(Difference(name, "mc." + key, a["mean"], None, 0.0, False))
            continue
        # 3 standard errors of the difference of two estimates (3·√2·MCSE).
        tol = MC_SE * math.hypot(a["mcse"], b["mcse"]) if same_design else math.inf
        out.append(Difference(name, "mc." + key, a["mean"], b["mean"], tol, abs(a["mean"] - b["mean"]) <= tol))
    return out


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.6g}"
    return f"{x:.6f}".rstrip("0").rstrip(".")


def format_table(differences: list[Difference], *, show_all: bool = False) -> str:
    rows = [d for d in differences if show_all or not d.ok]
    if not rows:
        return ""
    header = ("scenario", "quantity", "stored", "now", "difference", "tolerance", "")
    body = [(d.scenario, d.quantity, _fmt(d.stored), _fmt(d.now),
             _fmt(None if d.stored is None or d.now is None else d.now - d.stored),
             _fmt(d.tolerance), "ok" if d.ok else "CHANGED") for d in rows]
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    return "\n".join(lines)


def check(paths: list[Path] | None = None, *, store: Path | None = None) -> list[Difference]:
    """Re-runs the scenarios and compares them with their stored results."""
    store = store or default_store()
    differences = []
    for path in paths or reference_scenarios():
        expected_file = store / (path.stem + ".json")
        now = compute(path)
        if not expected_file.is_file():
            differences.append(Difference(path.name, f"(no stored results in {expected_file})", None, None, 0.0, False))
            continue
        differences += compare(json.loads(expected_file.read_text(encoding="utf-8")), now)
    return differences


def update(paths: list[Path] | None = None, *, store: Path | None = None) -> list[Path]:
    """Recomputes and writes the stored results; returns the files written.
    Every scenario is computed before any file is written."""
    store = store or default_store()
    records = [(path, compute(path)) for path in paths or reference_scenarios()]
    store.mkdir(parents=True, exist_ok=True)
    written = []
    for path, record in records:
        target = store / (path.stem + ".json")
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(target)
        written.append(target)
    return written


def summary_counts(differences: list[Difference]) -> tuple[int, int]:
    changed = sum(not d.ok for d in differences)
    return len(differences) - changed, changed


__all__ = ["check", "compare", "compute", "format_table", "reference_scenarios", "update",
           "Difference"]
