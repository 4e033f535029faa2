"""Reference model (test oracle): the prevention cohort model at its central case.

An independent, plain Python/NumPy implementation of docs/prevention_model.md
(with docs/prevention_effects.md and docs/economic_metrics.md), written from the
documents only. It does NOT import prevsim, so it can cross-check the C++ engine.

    evaluate_base(path) -> dict

reads a prevention scenario TOML file (format: scenarios/README.md, "Prevention
scenarios") and the data files it uses (life table, price index, unit-cost
table), puts every uncertain value at its central value and evaluates the model
once. Run it as a script to print the headline quantities:

    python3 tests/python/reference_models/prevention_oracle.py scenarios/prevention/botkyrka.toml

Central value of a value (the "base case")
------------------------------------------
* a number: itself;
* a table with `base`: the base;
* otherwise the distribution's mean:
  normal mean (or (lower + upper)/2); lognormal: meanlog/sdlog -> exp(mu + s^2/2),
  mean/se -> mean, median/se -> median * sqrt(w) with w = e^(s^2) the root of
  w^2 - w - se^2/median^2 = 0 (prevsim's median-preserving form), lower/upper ->
  median-preserving (mu = mean of the logs, s = log-width / (2 z)), mean =
  exp(mu + s^2/2); beta alpha/(alpha+beta), mean/se -> mean, lower/upper -> the
  beta whose central interval is [lower, upper] (fitted with SciPy, imported only
  then); gamma shape*scale, shape/rate, mean/se -> mean, lower/upper -> fitted
  (SciPy); uniform (lower+upper)/2 or mean; triangular (a+b+c)/3; pert
  (a + lambda*b + c)/(lambda + 2), lambda = 4; truncated normal
  mu + sigma*(phi(alpha) - phi(beta))/(Phi(beta) - Phi(alpha)); empirical mean.
* a string: the named entry of `[parameters]`, by the same rules.

Readings chosen where the documents leave room (tell the engine's author)
--------------------------------------------------------------------------
R1  Out-migration. prevention_model.md §3 says R(tau) scales "amounts borne by
    the municipality payer", and §6 builds the public-sector and society
    perspectives as sums of payers. Read literally, a transfer from the
    municipality to the individual would then no longer cancel in the society
    perspective (only the municipality's side is scaled), and society would
    "save" money when people move. DOMAIN.md says out-migration "matters for
    the municipal perspective". So here R(tau) scales the municipality payer's
    outcome costs in the MUNICIPALITY PERSPECTIVE ONLY; the public-sector and
    society perspectives use the unscaled municipality amounts (the person's
    costs fall on the new municipality, which is still public sector).
    Intervention costs are never scaled.
R2  Trajectory evaluation point (as §4 of the model document now states): the
    multiplier m is evaluated at the middle of each year since delivery,
    y + 0.5 with y = tau - delta_i = 0, 1, 2, ...; two-age effects at the
    cohort's mid-year age a0 + tau + 0.5. No effect before delivery (y < 0).
R3  Horizon. A cohort followed "while a < end_age" contributes the years
    tau = 0 .. ceil(end_age - a0) - 1; H = max over cohorts of
    e_c + ceil(end_age - a0), capped by horizon_years (or H = horizon_years
    when there is no end_age).
R4  Life table. q(a) is the row for age floor(a); ages above the table's last
    age get q = 1. Death happens at the end of the year: the cohort is counted
    with A(tau) for the whole of year tau.
R5  Price year: an amount's price year is taken from the cost item, else from
    the amount's distribution table, else from the named parameter (unit-cost
    entries: from the entry, else from its amount table). Two different price
    years for one amount is an error.
R6  Costs of an intervention that fall outside model years 0..H-1 are an error
    (not silently dropped).
R7  `double_counting = "direct"`: "an intervention acts on B directly" is read
    per cohort and year: an intervention reaching this cohort has an effect on
    B that is already delivered (y >= 0) in this year.
R8  Deadweight lambda (society only): society costs = sum over payers +
    lambda * public-sector costs; society benefits = sum over payers + lambda *
    public-sector benefits, with public-sector amounts unscaled (R1).
R9  Events with a `relative_risk` effect are treated as rate ratios; events
    always combine on the rate (RR_i = rate_i / rate_baseline).
R10 Per participant figures use the package participants (interventions
    delivered within the horizon only)
    sum_c N_c sum_g s_g max_i r_ig over interventions reaching c (as §6).
"""

from __future__ import annotations

import csv
import itertools
import math
import sys
from pathlib import Path
from statistics import NormalDist

import numpy as np
import tomllib

PAYERS = ("municipality", "region", "state", "individual", "others")
PUBLIC = ("municipality", "region", "state")
PERSPECTIVES = ("municipality", "public_sector", "society")
_N01 = NormalDist()
BUNDLED = Path(__file__).resolve().parents[3] / "scenarios"

# --------------------------------------------------------------------------
# Keys allowed by scenarios/README.md (the oracle refuses anything else, so a
# scenario that passes here uses only documented keys).
# --------------------------------------------------------------------------
DESCRIPTIVE = {"unit", "source", "price_year", "note", "base"}
DIST_FORMS = {
    "fixed": [{"value"}],
    "normal": [{"mean", "sd"}, {"mean", "se"}, {"lower", "upper"}, {"lower", "upper", "level"}],
    "lognormal": [{"meanlog", "sdlog"}, {"mean", "se"}, {"median", "se"},
                  {"lower", "upper"}, {"lower", "upper", "level"}],
    "beta": [{"alpha", "beta"}, {"mean", "se"}, {"lower", "upper"}, {"lower", "upper", "level"}],
    "gamma": [{"shape", "scale"}, {"shape", "rate"}, {"mean", "se"},
              {"lower", "upper"}, {"lower", "upper", "level"}],
    "uniform": [{"lower", "upper"}, {"mean", "se"}],
    "triangular": [{"lower", "mode", "upper"}],
    "pert": [{"lower", "mode", "upper"}, {"lower", "mode", "upper", "lambda"}],
    "truncated_normal": [{"mu", "sigma"}, {"mu", "sigma", "lower"}, {"mu", "sigma", "upper"},
                         {"mu", "sigma", "lower", "upper"}],
    "empirical": [{"values"}],
}
KEYS = {
    "top": {"title", "description", "scenario", "cohort", "outcomes", "interventions",
            "links", "parameters", "correlation"},
    "scenario": {"start_year", "price_year", "end_age", "horizon_years", "timing", "discount",
                 "effects_discount", "double_counting", "deadweight", "life_table",
                 "price_index", "unit_costs"},
    "cohort": {"start_age", "entry_years", "size", "male_share", "out_migration", "subgroups"},
    "subgroup": {"share", "sex", "risk", "label", "label_sv"},
    "outcome": {"type", "label", "label_sv", "baseline", "excess_mortality", "combine", "costs",
                "source", "note"},
    "band": {"ages", "value"},
    "cost_inline": {"label", "payer", "kind", "to", "amount", "price_year", "source"},
    "cost_ref": {"ref", "scale"},
    "intervention": {"label", "label_sv", "description", "entry_years", "delivery_age", "reach",
                     "costs", "effects"},
    "icost": {"type", "payer", "amount", "price_year", "year", "years"},
    "effect": {"outcome", "type", "value", "trajectory", "overlap", "source", "note"},
    "trajectory": {"start", "ramp_up", "duration", "decay", "half_life"},
    "trajectory2": {"age1", "age2", "value2", "half_life"},
    "link": {"from", "to", "relative_risk", "source"},
    "correlation": {"pairs", "scale"},
    "unit_cost": {"label", "label_sv", "payer", "kind", "to", "amount", "unit", "price_year",
                  "source", "note"},
}


def _check_keys(table, allowed, where):
    if not isinstance(table, dict):
        raise TypeError(f"{where}: expected a table")
    unknown = set(table) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")


def _check_value(v, where):
    if isinstance(v, bool):
        raise TypeError(f"{where}: a bool is not a value")
    if isinstance(v, (int, float, str)):
        return
    _check_keys(v, {"dist"} | DESCRIPTIVE | set().union(*DIST_FORMS.get(v.get("dist"), [set()])),
                where)
    forms = DIST_FORMS.get(v.get("dist"))
    if forms is None:
        raise ValueError(f"{where}: unknown dist {v.get('dist')!r}")
    given = set(v) - DESCRIPTIVE - {"dist"}
    if given not in forms:
        raise ValueError(f"{where}: {v['dist']} needs one of {forms}, got {sorted(given)}")


def validate(sc, units):
    """Refuse keys that scenarios/README.md does not list."""
    _check_keys(sc, KEYS["top"], "top level")
    _check_keys(sc["scenario"], KEYS["scenario"], "scenario")
    _check_keys(sc["cohort"], KEYS["cohort"], "cohort")
    for name, p in sc.get("parameters", {}).items():
        _check_value(p, f"parameters.{name}")
    for name, g in sc["cohort"].get("subgroups", {}).items():
        _check_keys(g, KEYS["subgroup"], f"cohort.subgroups.{name}")
    for name, o in sc["outcomes"].items():
        _check_keys(o, KEYS["outcome"], f"outcomes.{name}")
        for k, band in enumerate(o["baseline"]):
            _check_keys(band, KEYS["band"], f"outcomes.{name}.baseline[{k}]")
            _check_value(band["value"], f"outcomes.{name}.baseline[{k}].value")
        for k, c in enumerate(o["costs"]):
            kind = "cost_ref" if "ref" in c else "cost_inline"
            _check_keys(c, KEYS[kind], f"outcomes.{name}.costs[{k}]")
            if "ref" in c and c["ref"] not in units:
                raise ValueError(f"outcomes.{name}.costs[{k}]: unknown unit cost {c['ref']!r}")
    for name, i in sc["interventions"].items():
        _check_keys(i, KEYS["intervention"], f"interventions.{name}")
        for k, c in enumerate(i["costs"]):
            _check_keys(c, KEYS["icost"], f"interventions.{name}.costs[{k}]")
            _check_value(c["amount"], f"interventions.{name}.costs[{k}].amount")
        for k, e in enumerate(i["effects"]):
            _check_keys(e, KEYS["effect"], f"interventions.{name}.effects[{k}]")
            _check_value(e["value"], f"interventions.{name}.effects[{k}].value")
            if e["outcome"] not in sc["outcomes"]:
                raise ValueError(f"interventions.{name}.effects[{k}]: unknown outcome")
            if "trajectory" in e:
                t = e["trajectory"]
                kind = "trajectory2" if "age1" in t else "trajectory"
                _check_keys(t, KEYS[kind], f"interventions.{name}.effects[{k}].trajectory")
    for k, link in enumerate(sc.get("links", [])):
        _check_keys(link, KEYS["link"], f"links[{k}]")
        if sc["outcomes"].get(link["from"], {}).get("type") != "state":
            raise ValueError(f"links[{k}].from must name a state outcome")
        if link["to"] not in sc["outcomes"]:
            raise ValueError(f"links[{k}].to: unknown outcome {link['to']!r}")
    if "correlation" in sc:
        _check_keys(sc["correlation"], KEYS["correlation"], "correlation")
    for name, u in units.items():
        _check_keys(u, KEYS["unit_cost"], f"unit cost {name}")
        _check_value(u["amount"], f"unit cost {name}.amount")


# --------------------------------------------------------------------------
# Central values of distributions
# --------------------------------------------------------------------------
def _z(level):
    return _N01.inv_cdf(0.5 + level / 2.0)


def dist_mean(d):
    """Mean of a distribution table, in prevsim's parametrisations."""
    kind = d["dist"]
    if kind == "fixed":
        return float(d["value"])
    if kind == "normal":
        return float(d["mean"]) if "mean" in d else 0.5 * (d["lower"] + d["upper"])
    if kind == "lognormal":
        if "meanlog" in d:
            return math.exp(d["meanlog"] + 0.5 * d["sdlog"] ** 2)
        if "mean" in d:
            return float(d["mean"])
        if "median" in d:
            c = (d["se"] / d["median"]) ** 2
            w = 1.0 + 2.0 * c / (1.0 + math.sqrt(1.0 + 4.0 * c))   # e^{sdlog^2}
            return d["median"] * math.sqrt(w)
        mu = 0.5 * (math.log(d["lower"]) + math.log(d["upper"]))
        s = (math.log(d["upper"]) - math.log(d["lower"])) / (2.0 * _z(d.get("level", 0.95)))
        return math.exp(mu + 0.5 * s * s)
    if kind == "beta":
        if "alpha" in d:
            return d["alpha"] / (d["alpha"] + d["beta"])
        if "mean" in d:
            return float(d["mean"])
        return _beta_interval_mean(d["lower"], d["upper"], d.get("level", 0.95))
    if kind == "gamma":
        if "scale" in d:
            return d["shape"] * d["scale"]
        if "rate" in d:
            return d["shape"] / d["rate"]
        if "mean" in d:
            return float(d["mean"])
        return _gamma_interval_mean(d["lower"], d["upper"], d.get("level", 0.95))
    if kind == "uniform":
        return float(d["mean"]) if "mean" in d else 0.5 * (d["lower"] + d["upper"])
    if kind == "triangular":
        return (d["lower"] + d["mode"] + d["upper"]) / 3.0
    if kind == "pert":
        lam = d.get("lambda", 4.0)
        return (d["lower"] + lam * d["mode"] + d["upper"]) / (lam + 2.0)
    if kind == "truncated_normal":
        mu, sigma = d["mu"], d["sigma"]
        a = (d.get("lower", -math.inf) - mu) / sigma
        b = (d.get("upper", math.inf) - mu) / sigma
        pdf = lambda x: 0.0 if math.isinf(x) else _N01.pdf(x)
        cdf = lambda x: (0.0 if x < 0 else 1.0) if math.isinf(x) else _N01.cdf(x)
        return mu + sigma * (pdf(a) - pdf(b)) / (cdf(b) - cdf(a))
    if kind == "empirical":
        return float(np.mean(d["values"]))
    raise ValueError(f"unknown dist {kind!r}")


def _beta_interval_mean(lower, upper, level):
    from scipy import optimize, stats  # only for this form
    p = 0.5 * (1.0 - level)
    logit = lambda x: math.log(x) - math.log1p(-x)

    def resid(v):
        a, b = math.exp(v[0]), math.exp(v[1])
        return [logit(stats.beta.ppf(p, a, b)) - logit(lower),
                logit(stats.beta.isf(p, a, b)) - logit(upper)]
    m = 0.5 * (lower + upper)
    se = min((upper - lower) / (2 * _z(level)), 0.9 * math.sqrt(m * (1 - m)))
    nu = m * (1 - m) / se**2 - 1
    sol = optimize.fsolve(resid, [math.log(m * nu), math.log((1 - m) * nu)], xtol=1e-13)
    a, b = math.exp(sol[0]), math.exp(sol[1])
    return a / (a + b)


def _gamma_interval_mean(lower, upper, level):
    from scipy import optimize, stats  # only for this form
    p = 0.5 * (1.0 - level)
    target = math.log(upper / lower)
    f = lambda lk: math.log(stats.gamma.isf(p, math.exp(lk))) - math.log(stats.gamma.ppf(p, math.exp(lk))) - target
    lk = optimize.brentq(f, math.log(1e-2), math.log(1e8), xtol=1e-14)
    shape = math.exp(lk)
    scale = lower / stats.gamma.ppf(p, shape)
    return shape * scale


class Values:
    """Resolves values (numbers, distribution tables, parameter names) to their
    central value, and the price year attached to them."""

    def __init__(self, parameters):
        self.parameters = parameters

    def base(self, v):
        if isinstance(v, str):
            if v not in self.parameters:
                raise ValueError(f"unknown parameter {v!r}")
            return self.base(self.parameters[v])
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        if "base" in v:
            return float(v["base"])
        return dist_mean(v)

    def price_year(self, v):
        if isinstance(v, str):
            return self.price_year(self.parameters[v])
        if isinstance(v, dict):
            return v.get("price_year")
        return None


def _one_price_year(*years):
    given = {y for y in years if y is not None}
    if len(given) > 1:
        raise ValueError(f"conflicting price years {sorted(given)}")
    if not given:
        raise ValueError("a money amount has no price year")
    return given.pop()


# --------------------------------------------------------------------------
# Data files
# --------------------------------------------------------------------------
def _resolve(path_text, scenario_dir):
    p = Path(path_text)
    if p.is_absolute():
        return p
    for base in (scenario_dir, BUNDLED):
        if (base / p).exists():
            return base / p
    raise FileNotFoundError(f"{path_text} (looked in {scenario_dir} and {BUNDLED})")


def read_kpi(path):
    with open(path, newline="") as f:
        return {int(r["year"]): float(r["kpi_1980_100"]) for r in csv.DictReader(f)}


def read_life_table(path):
    table = {"female": {}, "male": {}}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            table[r["sex"]][int(r["age"])] = float(r["qx"])
    return table


def qx(table, sex, age, male_share):
    a = math.floor(age)

    def one(s):
        return table[s].get(a, 1.0)          # R4: beyond the table: q = 1
    if sex == "both":
        return male_share * one("male") + (1.0 - male_share) * one("female")
    return one(sex)


# --------------------------------------------------------------------------
# Discounting, effects, trajectories
# --------------------------------------------------------------------------
def discount_factor(schedule, x):
    """D(x): a constant rate, or {start_years = [...], rates = [...]}."""
    if isinstance(schedule, dict):
        starts, rates = schedule["start_years"], schedule["rates"]
    else:
        starts, rates = [0], [schedule]
    d = 1.0
    for k, (s, r) in enumerate(zip(starts, rates)):
        end = starts[k + 1] if k + 1 < len(starts) else math.inf
        years = max(0.0, min(x, end) - s)
        d *= (1.0 + r) ** (-years)
    return d


def trajectory_multiplier(traj, y):
    """m(y) of docs/prevention_effects.md §3 for the one-age form."""
    if y < 0:
        return 0.0
    start = traj.get("start", 0.0)
    ramp = traj.get("ramp_up", 0.0)
    dur = traj.get("duration", 0.0)
    decay = traj.get("decay", "none")
    tau = y - start
    if tau < 0:
        return 0.0
    if tau < ramp:
        return tau / ramp
    if tau <= ramp + dur:
        return 1.0
    if decay == "none":
        return 1.0
    if decay == "stop":
        return 0.0
    if decay == "exponential":
        return 2.0 ** (-(tau - ramp - dur) / traj["half_life"])
    raise ValueError(f"unknown decay {decay!r}")


def effect_theta(effect, values, y, age):
    """Effect size on its own scale (d, ln ratio, or RD), scaled by the trajectory."""
    typ = effect["type"]
    log_scale = typ in ("odds_ratio", "relative_risk", "rate_ratio")

    def to_scale(v):
        return math.log(v) if log_scale else v
    if y < 0:
        return 0.0
    traj = effect.get("trajectory", {})
    if "age1" in traj:
        age = age + 0.5  # mid-year age (R2)
        a1, a2 = traj["age1"], traj["age2"]
        e1, e2 = to_scale(values.base(effect["value"])), to_scale(values.base(traj["value2"]))
        if age <= a1:
            return e1
        if age <= a2:
            return e1 + (e2 - e1) * (age - a1) / (a2 - a1)
        if "half_life" in traj:
            return e2 * 2.0 ** (-(age - a2) / traj["half_life"])
        return e2
    return trajectory_multiplier(traj, y + 0.5) * to_scale(values.base(effect["value"]))


def apply_effect(typ, b, theta, is_event):
    """f(b, theta) for a participant (docs/prevention_effects.md §2)."""
    if is_event:
        if typ in ("rate_ratio", "relative_risk"):
            return b * math.exp(theta)
        if typ in ("d_probit", "d_cox"):
            p = 1.0 - math.exp(-b)
            p2 = apply_effect(typ, p, theta, False)
            return -math.log1p(-p2)
        raise ValueError(f"effect type {typ!r} is not allowed on an event")
    if typ in ("d_probit", "d_cox", "odds_ratio") and b in (0.0, 1.0):
        return b
    if typ == "d_probit":
        return _N01.cdf(_N01.inv_cdf(b) + theta)
    if typ in ("d_cox", "odds_ratio"):
        orr = math.exp(1.65 * theta) if typ == "d_cox" else math.exp(theta)
        return orr * b / (1.0 - b + orr * b)
    if typ == "relative_risk":
        p = b * math.exp(theta)
        if p > 1:
            raise ValueError(f"relative risk {math.exp(theta)} takes {b} above 1")
        return p
    if typ == "risk_difference":
        p = b + theta
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"risk difference {theta} takes {b} outside [0, 1]")
        return p
    raise ValueError(f"effect type {typ!r} is not allowed on a state")


def _odds(p):
    return p / (1.0 - p)


# --------------------------------------------------------------------------
# Money: unit costs per payer, intervention costs
# --------------------------------------------------------------------------
class Money:
    def __init__(self, kpi, to_year, values):
        self.kpi, self.to_year, self.values = kpi, to_year, values

    def convert(self, amount, price_year):
        if price_year not in self.kpi or self.to_year not in self.kpi:
            raise ValueError(f"price year {price_year} or {self.to_year} not in the price index")
        return amount * self.kpi[self.to_year] / self.kpi[price_year]


def outcome_unit_costs(outcome, units, money, values):
    """u_k of one case: amounts per payer, transfers received subtracted.
    Returns (per payer dict, society total)."""
    u = dict.fromkeys(PAYERS, 0.0)
    for item in outcome["costs"]:
        if "ref" in item:
            entry = units[item["ref"]]
            scale = values.base(item.get("scale", 1.0))
            py = _one_price_year(entry.get("price_year"), values.price_year(entry["amount"]))
            amount = scale * money.convert(values.base(entry["amount"]), py)
        else:
            entry = item
            py = _one_price_year(item.get("price_year"), values.price_year(item["amount"]))
            amount = money.convert(values.base(item["amount"]), py)
        u[entry["payer"]] += amount
        if entry["kind"] == "transfer":
            if entry.get("to") not in PAYERS or entry["to"] == entry["payer"]:
                raise ValueError(f"transfer needs a receiving payer other than {entry['payer']}")
            u[entry["to"]] -= amount
        elif entry["kind"] not in ("resource", "production_loss"):
            raise ValueError(f"unknown kind {entry['kind']!r}")
    return u


# --------------------------------------------------------------------------
# Metrics of a cash flow (docs/economic_metrics.md)
# --------------------------------------------------------------------------
def irr(net):
    """IRR when the net flow changes sign exactly once, else None (bisection)."""
    signs = [np.sign(x) for x in net if x != 0]
    changes = sum(1 for a, b in itertools.pairwise(signs) if a != b)
    if changes != 1:
        return None
    f = lambda r: sum(x * (1 + r) ** (-t) for t, x in enumerate(net))
    lo, hi = -0.99, 1.0
    while f(hi) * f(lo) > 0 and hi < 1e6:
        hi *= 2
    if f(hi) * f(lo) > 0:
        return None
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(lo) * f(mid) <= 0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def flow_metrics(costs, benefits, weights):
    costs, benefits = np.asarray(costs), np.asarray(benefits)
    pv_c, pv_b = float(costs @ weights), float(benefits @ weights)
    cum = np.cumsum((benefits - costs) * weights)
    paid = np.nonzero(cum >= 0)[0]
    return {
        "pv_costs": pv_c,
        "pv_benefits": pv_b,
        "npv": pv_b - pv_c,
        "bcr": pv_b / pv_c if pv_c != 0 else None,
        "roi": (pv_b - pv_c) / pv_c if pv_c != 0 else None,
        "payback_year": int(paid[0]) if paid.size else None,
        "irr": irr(list(benefits - costs)),
        "costs_undiscounted": float(costs.sum()),
        "benefits_undiscounted": float(benefits.sum()),
        "yearly_costs": costs.tolist(),
        "yearly_benefits": benefits.tolist(),
        "cumulative_discounted_net": cum.tolist(),
    }


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------
def evaluate_base(path):
    path = Path(path)
    sc = tomllib.loads(path.read_text(encoding="utf-8"))
    s = sc["scenario"]
    here = path.parent
    units = tomllib.loads(_resolve(s.get("unit_costs", "data/unit_costs_se.toml"), here)
                          .read_text(encoding="utf-8"))
    validate(sc, units)
    kpi = read_kpi(_resolve(s.get("price_index", "data/kpi_se.csv"), here))
    life = read_life_table(_resolve(s.get("life_table", "data/life_table_se.csv"), here))
    values = Values(sc.get("parameters", {}))
    money = Money(kpi, s["price_year"], values)
    V = values.base

    # ---- time, cohorts, subgroups (§1) ----
    start_year = s["start_year"]
    coh = sc["cohort"]
    a0 = float(coh["start_age"])
    entry_years = coh.get("entry_years", [start_year])
    e = [y - start_year for y in entry_years]
    sizes = coh["size"] if isinstance(coh["size"], list) else [coh["size"]] * len(e)
    sizes = [V(x) for x in sizes]
    if "end_age" in s:
        follow = math.ceil(s["end_age"] - a0)                       # R3
        H = max(ec + follow for ec in e)
        if "horizon_years" in s:
            H = min(H, s["horizon_years"])
    else:
        follow = math.inf
        H = s["horizon_years"]
    subgroups = coh.get("subgroups") or {"all": {"share": 1.0, "sex": "both"}}
    shares = {g: V(sg["share"]) for g, sg in subgroups.items()}
    if abs(sum(shares.values()) - 1.0) > 1e-9:
        raise ValueError(f"subgroup shares sum to {sum(shares.values())}, not 1")
    male_share = V(coh["male_share"]) if "male_share" in coh else None
    mu = V(coh.get("out_migration", 0.0))
    timing = {"start": 0.0, "mid": 0.5, "end": 1.0}[s["timing"]]
    w_money = np.array([discount_factor(s["discount"], t + timing) for t in range(H)])
    w_eff = np.array([discount_factor(s.get("effects_discount", s["discount"]), t + timing)
                      for t in range(H)])

    # ---- outcomes (§3) ----
    outcomes = sc["outcomes"]
    unit = {o: outcome_unit_costs(out, units, money, values) for o, out in outcomes.items()}
    hr = {o: V(out.get("excess_mortality", 1.0)) for o, out in outcomes.items()
          if out["type"] == "state"}

    def baseline(o, age, g):
        for band in outcomes[o]["baseline"]:
            lo, hi = band["ages"]
            if lo <= age <= hi:
                rr = V(subgroups[g].get("risk", {}).get(o, 1.0))
                return V(band["value"]) * rr
        return 0.0

    # ---- links: order outcomes so that every link's source comes first (§5) ----
    links = sc.get("links", [])
    order, seen = [], set()

    def visit(o, stack=()):
        if o in stack:
            raise ValueError(f"links form a cycle through {o}")
        if o in seen:
            return
        for link in links:
            if link["to"] == o:
                visit(link["from"], stack + (o,))
        seen.add(o)
        order.append(o)
    for o in outcomes:
        visit(o)
    rule = s.get("double_counting")
    if links and rule not in ("direct", "larger", "sum"):
        raise ValueError("double_counting is required with links")

    # ---- interventions (§4) ----
    interventions = sc["interventions"]
    all_entries = list(entry_years)

    def reaches(i, c):
        return entry_years[c] in interventions[i].get("entry_years", all_entries)

    def delta(i):
        return interventions[i].get("delivery_age", a0) - a0

    def reach(i, g):
        r = interventions[i]["reach"]
        if isinstance(r, dict) and "dist" not in r:
            return V(r.get(g, r["default"]))
        return V(r)

    # ---- accumulate flows ----
    cost_payer = {k: np.zeros(H) for k in PAYERS}          # intervention costs
    ben_payer = {k: np.zeros(H) for k in PAYERS}           # avoided costs, unscaled
    ben_muni_scaled = np.zeros(H)                           # municipality, x R(tau)
    per_outcome = {o: {"cases_averted": 0.0, "cases_averted_discounted": 0.0,
                       "benefit": {k: np.zeros(H) for k in PAYERS},
                       "benefit_muni_scaled": np.zeros(H),
                       "link_benefit_society": np.zeros(H)} for o in outcomes}

    for c, ec in enumerate(e):
        Nc = sizes[c]
        for g, sg in subgroups.items():
            n_g = Nc * shares[g]
            sex = sg.get("sex", "both")
            if sex == "both" and male_share is None:
                raise ValueError("cohort.male_share is required for sex = 'both'")
            alive = {"without": 1.0, "with": 1.0}
            for tau in range(int(min(follow, H - ec))):
                t = ec + tau
                if t >= H:
                    break
                age = a0 + tau
                prev = {"without": {}, "with": {}}
                direct = {}
                for o in order:
                    out = outcomes[o]
                    is_event = out["type"] == "event"
                    b = baseline(o, age, g)
                    # direct effects: population-level ratios combined (§4)
                    log_ratio, acted = 0.0, False
                    for i, iv in interventions.items():
                        if not reaches(i, c):
                            continue
                        y = tau - delta(i)
                        if y < 0:
                            continue
                        r = reach(i, g)
                        for eff in iv["effects"]:
                            if eff["outcome"] != o:
                                continue
                            acted = True
                            if b == 0.0 or (not is_event and out.get("combine", "odds") == "odds"
                                            and b == 1.0):
                                continue                      # left unchanged (§4)
                            theta = effect_theta(eff, values, y, age)
                            pi = (1 - r) * b + r * apply_effect(eff["type"], b, theta, is_event)
                            s_i = V(eff.get("overlap", 0.0))
                            if is_event or out.get("combine", "odds") == "risk":
                                log_ratio += (1 - s_i) * math.log(pi / b)
                            else:
                                log_ratio += (1 - s_i) * (math.log(_odds(pi)) - math.log(_odds(b)))
                    if b == 0.0 or log_ratio == 0.0:
                        p_dir = b
                    elif is_event or out.get("combine", "odds") == "risk":
                        p_dir = b * math.exp(log_ratio)
                    else:
                        ratio = math.exp(log_ratio)
                        p_dir = ratio * b / (1 - b + ratio * b) if b < 1.0 else b
                    # links (§5)
                    F = 1.0
                    for link in links:
                        if link["to"] == o:
                            rho = V(link["relative_risk"])
                            A = link["from"]
                            F *= (1 + (rho - 1) * prev["with"][A]) / (1 + (rho - 1) * prev["without"][A])
                    if not links or F == 1.0:
                        p_full = p_dir
                    elif rule == "sum":
                        p_full = p_dir * F
                    elif rule == "direct":
                        p_full = p_dir if acted else b * F                       # R7
                    else:
                        p_full = min(p_dir, b * F)
                    prev["without"][o], prev["with"][o] = b, p_full
                    direct[o] = p_dir
                # cases and avoided costs
                R = (1.0 - mu) ** tau
                for o in outcomes:
                    n_wo = n_g * alive["without"] * prev["without"][o]
                    n_w = n_g * alive["with"] * prev["with"][o]
                    n_dir = n_g * alive["with"] * direct[o]
                    po = per_outcome[o]
                    po["cases_averted"] += n_wo - n_w
                    po["cases_averted_discounted"] += (n_wo - n_w) * w_eff[t]
                    for k in PAYERS:
                        avoided = (n_wo - n_w) * unit[o][k]
                        po["benefit"][k][t] += avoided
                        ben_payer[k][t] += avoided
                    po["benefit_muni_scaled"][t] += (n_wo - n_w) * unit[o]["municipality"] * R
                    ben_muni_scaled[t] += (n_wo - n_w) * unit[o]["municipality"] * R
                    po["link_benefit_society"][t] += (n_dir - n_w) * sum(unit[o].values())
                # survival to next year (§2)
                q = qx(life, sex, age, male_share)
                for arm in ("without", "with"):
                    extra = sum((hr[o] - 1.0) * prev[arm][o] for o in hr)
                    alive[arm] *= 1.0 - min(1.0, q * (1.0 + extra))

    # ---- intervention costs (§4) ----
    participants_package = 0.0
    for c, ec in enumerate(e):
        reached = [i for i in interventions if reaches(i, c) and ec + delta(i) < H]
        if reached:
            participants_package += sizes[c] * sum(
                shares[g] * max(reach(i, g) for i in reached) for g in subgroups)

    def book(payer, t, amount, what):
        if not 0 <= t < H:
            raise ValueError(f"{what}: cost in model year {t}, outside 0..{H - 1}")   # R6
        cost_payer[payer][t] += amount

    for i, iv in interventions.items():
        for k, cost in enumerate(iv["costs"]):
            py = _one_price_year(cost.get("price_year"), values.price_year(cost["amount"]))
            amount = money.convert(V(cost["amount"]), py)
            what = f"interventions.{i}.costs[{k}]"
            if cost["type"] == "start_up":
                book(cost["payer"], cost.get("year", start_year) - start_year, amount, what)
            elif cost["type"] == "per_participant":
                for c, ec in enumerate(e):
                    if reaches(i, c):
                        n = sizes[c] * sum(shares[g] * reach(i, g) for g in subgroups)
                        book(cost["payer"], ec + int(delta(i)), amount * n, what)
            elif cost["type"] == "per_year":
                first, last = cost["years"]
                for year in range(first, last + 1):
                    book(cost["payer"], year - start_year, amount, what)
            else:
                raise ValueError(f"{what}: unknown cost type {cost['type']!r}")

    # ---- perspectives (§6) ----
    lam = V(s.get("deadweight", 0.0))
    pub_c = sum(cost_payer[k] for k in PUBLIC)
    pub_b = sum(ben_payer[k] for k in PUBLIC)
    flows = {
        "municipality": (cost_payer["municipality"], ben_muni_scaled),
        "public_sector": (pub_c, pub_b),
        "society": (sum(cost_payer[k] for k in PAYERS) + lam * pub_c,
                    sum(ben_payer[k] for k in PAYERS) + lam * pub_b),
    }
    result = {"H": H, "start_year": start_year, "price_year": s["price_year"],
              "participants": participants_package, "perspectives": {}, "outcomes": {},
              "payers": {k: {"pv_costs": float(cost_payer[k] @ w_money),
                             "pv_benefits": float(ben_payer[k] @ w_money),
                             "benefits_undiscounted": float(ben_payer[k].sum())}
                         for k in PAYERS}}
    for p, (cst, ben) in flows.items():
        m = flow_metrics(cst, ben, w_money)
        if participants_package > 0:
            m["npv_per_participant"] = m["npv"] / participants_package
        result["perspectives"][p] = m
    for o, po in per_outcome.items():
        pub = sum(po["benefit"][k] for k in PUBLIC)
        soc = sum(po["benefit"][k] for k in PAYERS) + lam * pub
        per_p = {"municipality": po["benefit_muni_scaled"], "public_sector": pub, "society": soc}
        result["outcomes"][o] = {
            "cases_averted": po["cases_averted"],
            "cases_averted_discounted": po["cases_averted_discounted"],
            "pv_benefits": {p: float(v @ w_money) for p, v in per_p.items()},
            "benefits_undiscounted": {p: float(v.sum()) for p, v in per_p.items()},
            "yearly_benefits_society": soc.tolist(),
            "link_benefit_pv_society": float(po["link_benefit_society"] @ w_money),
            "unit_cost_per_payer": unit[o],
        }
    return result


# --------------------------------------------------------------------------
def _msek(x):
    return "   —   " if x is None else f"{x / 1e6:9.2f}"


def report(path):
    r = evaluate_base(path)
    print(f"{path}: central case, SEK {r['price_year']}, {r['H']} model years from "
          f"{r['start_year']}, package participants {r['participants']:.0f}")
    print(f"{'perspective':15s} {'PV costs':>9s} {'PV benef.':>9s} {'NPV':>9s} "
          f"{'undisc.B':>9s} {'undisc.C':>9s}  BCR    payback")
    for p, m in r["perspectives"].items():
        bcr = "  —  " if m["bcr"] is None else f"{m['bcr']:5.2f}"
        pb = "none" if m["payback_year"] is None else f"{m['payback_year']} ({r['start_year'] + m['payback_year']})"
        print(f"{p:15s} {_msek(m['pv_costs'])} {_msek(m['pv_benefits'])} {_msek(m['npv'])} "
              f"{_msek(m['benefits_undiscounted'])} {_msek(m['costs_undiscounted'])}  {bcr}  {pb}")
    print("(MSEK)")
    for o, out in r["outcomes"].items():
        print(f"outcome {o}: cases averted {out['cases_averted']:.2f} "
              f"(discounted {out['cases_averted_discounted']:.2f}); unit cost society "
              f"{sum(out['unit_cost_per_payer'].values()):,.0f} SEK")
        for p in PERSPECTIVES:
            print(f"   {p:14s} PV benefits {_msek(out['pv_benefits'][p])}   undiscounted "
                  f"{_msek(out['benefits_undiscounted'][p])}")
        yb = out["yearly_benefits_society"]
        print("   society benefits by year (MSEK): "
              + " ".join(f"{r['start_year'] + t}:{v / 1e6:.2f}" for t, v in enumerate(yb)
                         if t < 12 or t == len(yb) - 1))
    print("payers (PV benefits, MSEK): " + ", ".join(
        f"{k} {_msek(v['pv_benefits']).strip()}" for k, v in r["payers"].items()))
    return r


if __name__ == "__main__":
    for arg in sys.argv[1:] or [str(BUNDLED / "prevention" / "botkyrka.toml"),
                                str(BUNDLED / "prevention" / "norrtalje.toml")]:
        report(arg)
        print()
