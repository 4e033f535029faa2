"""Prevention scenarios: read, validate and compile a scenario for the C++ model.

A scenario is the nested data of a scenario file (``scenarios/README.md``
documents every key), checked in full before anything runs. It can come from a
TOML file (``load_scenario``) or be built and changed in Python
(``Scenario.from_dict``, ``Scenario.replace``); both give the same object.

Example
-------
>>> import prevsim
>>> s = prevsim.load_scenario(prevsim.scenario_path("prevention/botkyrka.toml"))
>>> s.facts["entry_years"], s.facts["horizon"]
([2015, 2016, 2017, 2018, 2019], 53)
>>> central = s.evaluate()                      # every input at its base value
>>> float(round(central.summary().loc["society", "benefits_undiscounted_mean"] / 1e6, 1))
198.9
>>> undiscounted = s.replace("scenario.discount", 0.0).evaluate()
>>> float(round(undiscounted.summary().loc["society", "pv_benefits_mean"] / 1e6, 1))
198.9
"""

from __future__ import annotations

import copy
import csv
import difflib
import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from prevsim import _core
from prevsim.errors import ScenarioError
from prevsim.model_file import BUNDLED, _check_keys, _File, described_distribution
from prevsim.parameters import ParameterSet
from prevsim.specs import distribution_from_spec

PAYERS = ("municipality", "region", "state", "individual", "others")
PERSPECTIVES = ("municipality", "public_sector", "society")
_TAIL = 1e-12
_TIMING = {"start": 0.0, "mid": 0.5, "end": 1.0}
_RULES = ("direct", "larger", "sum")
_STATE_EFFECTS = ("d_probit", "d_cox", "odds_ratio", "relative_risk", "risk_difference")
_EVENT_EFFECTS = ("d_probit", "d_cox", "rate_ratio", "relative_risk")
_BUNDLED = BUNDLED

_TOP = {"title", "description", "scenario", "cohort", "outcomes", "interventions", "links",
        "parameters", "correlation", "microsimulation"}
_SCENARIO = {"start_year", "price_year", "end_age", "horizon_years", "timing", "discount",
             "effects_discount", "double_counting", "deadweight", "life_table", "price_index",
             "unit_costs"}
_COHORT = {"start_age", "entry_years", "size", "male_share", "out_migration", "subgroups"}
_SUBGROUP = {"share", "sex", "risk", "label", "label_sv"}
_OUTCOME = {"type", "label", "label_sv", "unit", "baseline", "excess_mortality", "combine", "costs",
            "source", "note"}
_ITEM = {"label", "label_sv", "payer", "kind", "to", "amount", "price_year", "source", "note", "unit"}
_REF_ITEM = {"ref", "scale", "note"}
_UNIT_COST = _ITEM
_INTERVENTION = {"label", "label_sv", "description", "entry_years", "delivery_age", "reach",
                 "costs", "effects", "source", "note"}
_ICOST = {"type", "label", "payer", "amount", "price_year", "year", "years", "source", "note"}
_EFFECT = {"outcome", "type", "value", "trajectory", "overlap", "source", "note"}
_TRAJ = {"start", "ramp_up", "duration", "decay", "half_life"}
_TWO_AGE = {"age1", "age2", "value2", "half_life"}
_LINK = {"from", "to", "relative_risk", "source", "note"}


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _resolve(path_text: str, base_dir: Path | None) -> Path:
    """A data path: absolute, else relative to the scenario file, else bundled."""
    p = Path(path_text)
    if p.is_absolute():
        return p
    for root in ([base_dir] if base_dir else []) + [_BUNDLED]:
        if (root / p).is_file():
            return root / p
    return (base_dir or _BUNDLED) / p


class _Compiler:
    """Checks the scenario data and builds the C++ model description."""

    def __init__(self, f: _File, base_dir: Path | None) -> None:
        self.f, self.base_dir = f, base_dir
        self.params = ParameterSet()
        self.columns: dict[str, int] = {}
        self.column_info: list[dict] = []
        self.named: dict[str, tuple[Any, dict]] = {}

    # -- basic checks -----------------------------------------------------------
    def err(self, path: tuple, message: str) -> ScenarioError:
        return self.f.error(path, message)

    def table(self, data: Mapping, key: str, path: tuple, *, required: bool = False) -> dict:
        if key not in data:
            if required:
                raise self.err(path + (key,), "is missing")
            return {}
        if not isinstance(data[key], dict):
            raise self.err(path + (key,), f"is a {type(data[key]).__name__}, but must be a table")
        return data[key]

    def keys(self, data: Mapping, allowed: set[str], path: tuple) -> None:
        _check_keys(self.f, data, allowed, path)

    def required(self, data: Mapping, key: str, path: tuple) -> Any:
        if key not in data:
            raise self.err(path + (key,), "is missing")
        return data[key]

    def string(self, data: Mapping, key: str, path: tuple, *, choices=None, default=None) -> str:
        if key not in data:
            if default is None:
                raise self.err(path + (key,), "is missing")
            return default
        v = data[key]
        if not isinstance(v, str):
            raise self.err(path + (key,), f"is {v!r}, but must be a string")
        if choices is not None and v not in choices:
            hint = difflib.get_close_matches(v, list(choices), n=1)
            raise self.err(path + (key,), f"is {v!r}, but must be one of {', '.join(choices)}"
                           + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        return v

    def number(self, data: Mapping, key: str, path: tuple, *, lo=None, hi=None, integer=False,
               default=None) -> float:
        if key not in data:
            if default is None:
                raise self.err(path + (key,), "is missing")
            return default
        v = data[key]
        if integer and not (isinstance(v, int) and not isinstance(v, bool)):
            raise self.err(path + (key,), f"is {v!r}, but must be a whole number")
        if not _is_number(v) or not math.isfinite(v):
            raise self.err(path + (key,), f"is {v!r}, but must be a number")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise self.err(path + (key,), f"is {v}, but must be within [{lo}, {hi}]")
        return v

    # -- values -------------------------------------------------------------------
    def parameters(self, data: Mapping) -> None:
        """Declares the named parameters (columns in file order)."""
        for name, spec in self.table(data, "parameters", ()).items():
            info = spec if isinstance(spec, dict) else {}
            self.named[name] = (spec, info)
            self.add_column(name, spec, ("parameters", name))

    def correlations(self, data: Mapping) -> None:
        """Sets the rank correlations of [correlation], once every value is
        compiled: pairs may name parameters and the uncertain unit costs the
        scenario uses (``unit_costs.NAME``)."""
        corr = self.table(data, "correlation", ())
        self.keys(corr, {"scale", "pairs"}, ("correlation",))
        for i, pair in enumerate(corr.get("pairs", [])):
            path = ("correlation", "pairs", i)
            if not (isinstance(pair, list) and len(pair) == 3 and all(isinstance(x, str) for x in pair[:2])
                    and _is_number(pair[2])):
                raise self.err(path, f"is {pair!r}, but must be [\"a\", \"b\", rho]")
            for name in pair[:2]:
                if name not in self.columns:
                    if name.startswith("unit_costs."):
                        raise self.err(path, f"names {name!r}, which this scenario does not use "
                                       "as an uncertain unit cost")
                    raise self.unknown(path, "parameter", name, list(self.columns))
        pairs = [(a, b, float(r)) for a, b, r in corr.get("pairs", [])]
        if pairs:
            try:
                self.params.correlate_pairs(pairs, scale=corr.get("scale", "spearman"))
            except ValueError as error:
                raise self.err(("correlation", "pairs"), str(error)) from None

    def unknown(self, path: tuple, what: str, name: str, known) -> ScenarioError:
        hint = difflib.get_close_matches(str(name), list(known), n=1)
        return self.err(path, f"unknown {what} {name!r}" + (f" (did you mean {hint[0]!r}?)" if hint
                                                            else f"; known: {', '.join(known) or 'none'}"))

    def add_column(self, name: str, spec: Any, path: tuple) -> int:
        dist, info, base = described_distribution(self.f, spec, path)
        if "price_year" in info and not (isinstance(info["price_year"], int) and not isinstance(info["price_year"], bool)):
            raise self.err(path + ("price_year",), f"is {info['price_year']!r}, but must be a year")
        try:
            self.params.add(name, dist, unit=info.get("unit", ""), source=info.get("source", ""), base=base)
        except ValueError as error:
            raise self.err(path, str(error)) from None
        self.columns[name] = len(self.column_info)
        self.column_info.append({"name": name, "distribution": dist, "spec": spec, "path": path})
        return self.columns[name]

    def value(self, raw: Any, path: tuple, *, lo=None, hi=None, lo_open=False, hi_open=False,
              what: str = "", money_year: int | None = None, money: bool = False) -> tuple:
        """A value as (column, constant, scale), with its range checked: a
        number, a distribution table or the name of a parameter. Money is
        converted from its price year to the scenario's."""
        spec, info, column = raw, {}, -1
        if isinstance(raw, str):
            if raw not in self.named:
                raise self.unknown(path, "parameter", raw, self.named)
            spec, info = self.named[raw]
            column = self.columns[raw]
        elif isinstance(raw, dict):
            info = raw
        elif not _is_number(raw):
            raise self.err(path, f"is {raw!r}, but must be a number, a distribution table or a parameter name")
        # Range: of the number, or of the whole support of the distribution.
        if _is_number(spec):
            low = high = float(spec)
            shown = f"is {spec}"
        else:
            try:
                dist = distribution_from_spec(spec, "")
            except ValueError as error:
                raise self.err(path, str(error).lstrip(": ").lstrip(".")) from None
            # The range that draws reach in practice: the 1e-12 and 1 − 1e-12
            # quantiles (a normal far from a bound is fine; each draw is checked
            # again when it is evaluated).
            low, high = (float(x) for x in dist.quantile(np.array([_TAIL, 1 - _TAIL])))
            low, high = max(low, dist.lower), min(high, dist.upper)
            shown = (f"has the distribution {dist!r}, whose draws range over [{low:g}, {high:g}] "
                     f"(its {_TAIL:g} and 1 − {_TAIL:g} quantiles)")
        rng = (("(" if lo_open else "[") + ("-inf" if lo is None else f"{lo:g}") + ", "
               + ("inf" if hi is None else f"{hi:g}") + (")" if hi_open else "]"))
        # An open end excludes the number itself, not the end of a continuous
        # distribution's support (lognormal on [0, inf) is fine for a ratio).
        exact = _is_number(spec) or (low == high)
        if ((lo is not None and (low < lo or (lo_open and exact and low <= lo)))
                or (hi is not None and (high > hi or (hi_open and exact and high >= hi)))):
            raise self.err(path, f"{shown}, but {what or 'it'} must be within {rng}"
                           + ("" if _is_number(spec) else "; choose a distribution on that range "
                              "(e.g. beta for shares, gamma or lognormal for amounts)"))
        scale = 1.0
        if money:
            year = money_year if money_year is not None else info.get("price_year")
            if year is None:
                raise self.err(path, "is money but has no price_year (give it on the item, in the "
                               "distribution table or on the parameter)")
            scale = self.price_factor(year, path)
        if column < 0 and isinstance(raw, dict):
            name = self.f.error(path, "").key or ".".join(map(str, path))
            column = self.add_column(name, raw, path)
        if column >= 0:
            return (column, 0.0, scale)
        return (-1, float(spec), scale)

    # -- data files ---------------------------------------------------------------
    def price_factor(self, year: int, path: tuple) -> float:
        if year not in self.kpi:
            years = sorted(self.kpi)
            raise self.err(path, f"has price year {year}, which the price index does not cover "
                           f"({years[0]}–{years[-1]})")
        return self.kpi[self.price_year] / self.kpi[year]

    def read_csv(self, path: Path, key: tuple, columns: tuple[str, ...]) -> list[dict]:
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise self.err(key, f"cannot read {path} ({error.strerror})") from None
        if not rows or not set(columns) <= set(rows[0]):
            raise self.err(key, f"{path} must have the columns {', '.join(columns)}")
        return rows


def _schedule(c: _Compiler, raw: Any, path: tuple) -> tuple[list[float], list[float]]:
    if _is_number(raw):
        if not 0 <= raw <= 1:
            raise c.err(path, f"is {raw}, but a discount rate must be within [0, 1] (0.03 = 3 %)")
        return [0.0], [float(raw)]
    if isinstance(raw, dict):
        c.keys(raw, {"start_years", "rates"}, path)
        starts, rates = c.required(raw, "start_years", path), c.required(raw, "rates", path)
        if not (isinstance(starts, list) and isinstance(rates, list) and len(starts) == len(rates) >= 1
                and all(_is_number(x) for x in starts + rates)):
            raise c.err(path, "needs start_years and rates: lists of numbers of the same length")
        if starts[0] != 0 or any(b <= a for a, b in zip(starts, starts[1:])):
            raise c.err(path + ("start_years",), f"is {starts}, but must start at 0 and increase")
        if any(not 0 <= r <= 1 for r in rates):
            raise c.err(path + ("rates",), f"is {rates}, but rates must be within [0, 1]")
        return [float(x) for x in starts], [float(x) for x in rates]
    raise c.err(path, f"is {raw!r}, but must be a rate (0.03) or {{ start_years = [...], rates = [...] }}")


def _years(c: _Compiler, raw: Any, path: tuple) -> list[int]:
    if not (isinstance(raw, list) and raw and all(isinstance(y, int) and not isinstance(y, bool) for y in raw)):
        raise c.err(path, f"is {raw!r}, but must be a non-empty list of calendar years")
    if any(b <= a for a, b in zip(raw, raw[1:])):
        raise c.err(path, f"is {raw}, but the years must increase")
    return raw


def compile_scenario(f: _File, base_dir: Path | None) -> tuple[dict, _Compiler, dict]:
    """Validates the scenario data of ``f`` and returns (C++ model description,
    the compiler with the parameter set, facts for reports)."""
    c = _Compiler(f, base_dir)
    data = f.data
    c.keys(data, _TOP, ())
    if "title" in data and not isinstance(data["title"], str):
        raise c.err(("title",), f"is {data['title']!r}, but must be a string")
    sc = c.table(data, "scenario", (), required=True)
    c.keys(sc, _SCENARIO, ("scenario",))
    P = ("scenario",)
    start_year = int(c.number(sc, "start_year", P, lo=1900, hi=2200, integer=True))
    c.price_year = int(c.number(sc, "price_year", P, lo=1900, hi=2200, integer=True))
    # Price index first: every money value needs it.
    kpi_path = _resolve(c.string(sc, "price_index", P, default="data/kpi_se.csv"), base_dir)
    c.kpi = {int(r["year"]): float(r["kpi_1980_100"])
             for r in c.read_csv(kpi_path, P + ("price_index",), ("year", "kpi_1980_100"))}
    if c.price_year not in c.kpi:
        raise c.err(P + ("price_year",), f"is {c.price_year}, which the price index {kpi_path.name} does "
                    f"not cover ({min(c.kpi)}–{max(c.kpi)})")
    timing = c.string(sc, "timing", P, choices=tuple(_TIMING))
    money = _schedule(c, c.required(sc, "discount", P), P + ("discount",))
    effects_schedule = _schedule(c, sc["effects_discount"], P + ("effects_discount",)) if "effects_discount" in sc else money
    if "end_age" not in sc and "horizon_years" not in sc:
        raise c.err(P, "needs end_age or horizon_years (or both) to set the horizon")
    c.parameters(data)

    # Cohort.
    co = c.table(data, "cohort", (), required=True)
    c.keys(co, _COHORT, ("cohort",))
    C = ("cohort",)
    start_age = c.number(co, "start_age", C, lo=0, hi=110)
    entry_years = _years(c, co["entry_years"], C + ("entry_years",)) if "entry_years" in co else [start_year]
    if entry_years[0] < start_year:
        raise c.err(C + ("entry_years",), f"starts in {entry_years[0]}, before scenario.start_year ({start_year})")
    end_age = c.number(sc, "end_age", P, lo=0, hi=150, default=math.inf)
    if end_age <= start_age:
        raise c.err(P + ("end_age",), f"is {end_age}, but must be greater than cohort.start_age ({start_age})")
    follow = math.ceil(end_age - start_age) if math.isfinite(end_age) else None
    horizon_cap = int(c.number(sc, "horizon_years", P, lo=1, hi=200, integer=True)) if "horizon_years" in sc else None
    last_entry = entry_years[-1] - start_year
    horizon = min(h for h in (last_entry + follow if follow else None, horizon_cap) if h is not None)
    if last_entry >= horizon:
        raise c.err(C + ("entry_years",), f"has a cohort entering in {entry_years[-1]}, after the horizon "
                    f"ends ({start_year + horizon - 1})")
    sizes_raw = c.required(co, "size", C)
    if isinstance(sizes_raw, list):
        if len(sizes_raw) != len(entry_years):
            raise c.err(C + ("size",), f"has {len(sizes_raw)} values for {len(entry_years)} entry years")
        sizes = [c.value(v, C + ("size", i), lo=0, what="a cohort size") for i, v in enumerate(sizes_raw)]
    else:
        sizes = [c.value(sizes_raw, C + ("size",), lo=0, what="a cohort size")] * len(entry_years)
    cohorts = [(y - start_year, s) for y, s in zip(entry_years, sizes)]

    # Outcomes (names first: subgroups and links refer to them).
    outs = c.table(data, "outcomes", (), required=True)
    if not outs:
        raise c.err(("outcomes",), "has no outcomes; give at least one")
    out_names = list(outs)

    # Subgroups.
    subs_raw = c.table(co, "subgroups", C) or {"all": {"share": 1.0}}
    subgroups, uses_both = [], False
    for name, sg in subs_raw.items():
        path = C + ("subgroups", name)
        if not isinstance(sg, dict):
            raise c.err(path, "must be a table")
        c.keys(sg, _SUBGROUP, path)
        sex = c.string(sg, "sex", path, choices=("female", "male", "both"), default="both")
        uses_both |= sex == "both"
        risk_raw = c.table(sg, "risk", path)
        for o in risk_raw:
            if o not in outs:
                raise c.unknown(path + ("risk", o), "outcome", o, out_names)
        subgroups.append({
            "name": name, "sex": sex,
            "share": c.value(c.required(sg, "share", path), path + ("share",), lo=0, hi=1, what="a share"),
            "risk": [c.value(risk_raw[o], path + ("risk", o), lo=0, what="a relative risk")
                     if o in risk_raw else (-1, 1.0, 1.0) for o in out_names],
        })
    fixed_shares = [s["share"][1] for s in subgroups if s["share"][0] < 0]
    if len(fixed_shares) == len(subgroups) and abs(sum(fixed_shares) - 1) > 1e-9:
        raise c.err(C + ("subgroups",), f"have shares summing to {sum(fixed_shares):g}, but they must sum to 1")
    if uses_both and "male_share" not in co:
        raise c.err(C + ("male_share",), "is missing (a subgroup has sex = \"both\", which mixes the "
                    "life tables of men and women by this share)")
    male_share = c.value(co.get("male_share", 0.5), C + ("male_share",), lo=0, hi=1, what="a share")
    migration = c.value(co.get("out_migration", 0.0), C + ("out_migration",), lo=0, hi=1, hi_open=True,
                        what="a yearly probability")

    # Unit costs (referenced by cost items).
    uc_path = _resolve(c.string(sc, "unit_costs", P, default="data/unit_costs_se.toml"), base_dir)
    c.unit_costs_path = uc_path
    unit_costs = _load_unit_costs(uc_path, c)

    outcomes = []
    for name, oc in outs.items():
        path = ("outcomes", name)
        if not isinstance(oc, dict):
            raise c.err(path, "must be a table")
        c.keys(oc, _OUTCOME, path)
        kind = c.string(oc, "type", path, choices=("state", "event"))
        bands_raw = c.required(oc, "baseline", path)
        if not isinstance(bands_raw, list) or not bands_raw:
            raise c.err(path + ("baseline",), "must be a list of { ages = [from, to], value = … }")
        bands = []
        for i, band in enumerate(bands_raw):
            bp = path + ("baseline", i)
            if not isinstance(band, dict):
                raise c.err(bp, "must be a table { ages = [from, to], value = … }")
            c.keys(band, {"ages", "value", "source", "note"}, bp)
            ages = c.required(band, "ages", bp)
            if not (isinstance(ages, list) and len(ages) == 2 and all(_is_number(a) for a in ages)
                    and 0 <= ages[0] <= ages[1]):
                raise c.err(bp + ("ages",), f"is {ages!r}, but must be [from, to] with 0 <= from <= to")
            for other in bands:
                if ages[0] <= other[1] and other[0] <= ages[1]:
                    raise c.err(bp + ("ages",), f"{ages} overlaps the band {[other[0], other[1]]}")
            v = c.value(c.required(band, "value", bp), bp + ("value",), lo=0,
                        hi=1 if kind == "state" else None,
                        what="a prevalence" if kind == "state" else "a rate per person-year")
            bands.append((float(ages[0]), float(ages[1]), v))
        items_raw = c.required(oc, "costs", path)
        if not isinstance(items_raw, list):
            raise c.err(path + ("costs",), "must be a list of cost items")
        items = [_cost_item(c, it, path + ("costs", i), unit_costs) for i, it in enumerate(items_raw)]
        if kind == "event" and "excess_mortality" in oc:
            raise c.err(path + ("excess_mortality",), "applies to state outcomes only")
        if kind == "event" and "combine" in oc:
            raise c.err(path + ("combine",), "applies to state outcomes only (events combine on the rate)")
        outcomes.append({
            "name": name, "kind": kind, "baseline": bands, "costs": items,
            "combine": c.string(oc, "combine", path, choices=("odds", "risk"), default="odds"),
            "excess_mortality": c.value(oc.get("excess_mortality", 1.0), path + ("excess_mortality",),
                                        lo=0, what="a hazard ratio"),
        })
    kinds = {o["name"]: o["kind"] for o in outcomes}

    # The individual-level structure ([microsimulation], prevsim.microsimulation):
    # needed here because an effect may act on one of its latent factors.
    from prevsim.microsimulation import compile_section, factor_effects
    micro = compile_section(c, data, out_names, kinds, [s["name"] for s in subgroups])

    # Interventions.
    ivs = c.table(data, "interventions", (), required=True)
    interventions = []
    sub_names = [s["name"] for s in subgroups]
    for name, iv in ivs.items():
        path = ("interventions", name)
        if not isinstance(iv, dict):
            raise c.err(path, "must be a table")
        c.keys(iv, _INTERVENTION, path)
        years = _years(c, iv["entry_years"], path + ("entry_years",)) if "entry_years" in iv else entry_years
        for y in years:
            if y not in entry_years:
                raise c.err(path + ("entry_years",), f"has {y}, which is not one of cohort.entry_years {entry_years}")
        delivery_age = c.number(iv, "delivery_age", path, lo=start_age, hi=150, default=start_age)
        offset = delivery_age - start_age
        if offset != int(offset):
            raise c.err(path + ("delivery_age",), f"is {delivery_age}, but must be a whole number of years "
                        f"after cohort.start_age ({start_age})")
        reach_raw = c.required(iv, "reach", path)
        if isinstance(reach_raw, dict) and "dist" not in reach_raw:
            for k in reach_raw:
                if k != "default" and k not in sub_names:
                    raise c.unknown(path + ("reach", k), "subgroup", k, sub_names + ["default"])
            missing = [s for s in sub_names if s not in reach_raw]
            if missing and "default" not in reach_raw:
                raise c.err(path + ("reach",), f"gives no reach for subgroup {missing[0]!r} and no default")
            reach = [c.value(reach_raw.get(s, reach_raw.get("default")), path + ("reach", s if s in reach_raw else "default"),
                             lo=0, hi=1, what="a reach") for s in sub_names]
        else:
            reach = [c.value(reach_raw, path + ("reach",), lo=0, hi=1, what="a reach")] * len(sub_names)
        costs_raw = c.required(iv, "costs", path)
        if not isinstance(costs_raw, list):
            raise c.err(path + ("costs",), "must be a list of cost tables (may be empty)")
        costs = [_intervention_cost(c, ct, path + ("costs", i), start_year, horizon)
                 for i, ct in enumerate(costs_raw)]
        effects_raw = c.required(iv, "effects", path)
        if not isinstance(effects_raw, list):
            raise c.err(path + ("effects",), "must be a list of effect tables")
        effects = [x for i, e in enumerate(effects_raw)
                   for x in (factor_effects(c, e, path + ("effects", i), micro, _effect, out_names, kinds)
                             if isinstance(e, dict) and "factor" in e
                             else [_effect(c, e, path + ("effects", i), out_names, kinds)])]
        interventions.append({"name": name, "cohorts": [y in years for y in entry_years],
                              "delivery_offset": int(offset), "reach": reach, "costs": costs,
                              "effects": effects})

    # Links.
    links_raw = data.get("links", [])
    if not isinstance(links_raw, list):
        raise c.err(("links",), "must be a list of tables ([[links]])")
    links = []
    for i, lk in enumerate(links_raw):
        path = ("links", i)
        if not isinstance(lk, dict):
            raise c.err(path, "must be a table")
        c.keys(lk, _LINK, path)
        src, dst = c.string(lk, "from", path), c.string(lk, "to", path)
        for key, o in (("from", src), ("to", dst)):
            if o not in kinds:
                raise c.unknown(path + (key,), "outcome", o, out_names)
        if kinds[src] != "state":
            raise c.err(path + ("from",), f"is the event {src!r}; links start at state outcomes")
        links.append((out_names.index(src), out_names.index(dst),
                      c.value(c.required(lk, "relative_risk", path), path + ("relative_risk",), lo=0,
                              what="a relative risk")))
    # Links must go one way (checked here too, to name the file and key).
    edges = {(a, b) for a, b, _ in links}
    remaining = set(range(len(out_names)))
    while remaining:
        free = [o for o in remaining if not any(b == o and a in remaining for a, b in edges)]
        if not free:
            # Peel off what only hangs below the cycle, to name its members.
            while sinks := [o for o in remaining if not any(a == o and b in remaining for a, b in edges)]:
                remaining -= set(sinks)
            names = ", ".join(repr(out_names[o]) for o in sorted(remaining))
            raise c.err(("links",), f"form a cycle between the outcomes {names}; links must go one way")
        remaining -= set(free)
    rule = "sum"
    if links:
        rule = c.string(sc, "double_counting", P, choices=_RULES)
    elif "double_counting" in sc:
        rule = c.string(sc, "double_counting", P, choices=_RULES)

    # Life table.
    lt_path = _resolve(c.string(sc, "life_table", P, default="data/life_table_se.csv"), base_dir)
    death = {"female": {}, "male": {}}
    for r in c.read_csv(lt_path, P + ("life_table",), ("age", "sex", "qx")):
        if r["sex"] in death:
            death[r["sex"]][int(r["age"])] = float(r["qx"])
    tables = {}
    for sex, by_age in death.items():
        ages = sorted(by_age)
        if not ages or ages != list(range(ages[-1] + 1)):
            raise c.err(P + ("life_table",), f"{lt_path} must give qx for every age 0, 1, … for {sex}")
        tables[sex] = [by_age[a] for a in ages]

    c.correlations(data)
    model = {
        "horizon": horizon, "start_age": float(start_age), "end_age": float(end_age),
        "timing": _TIMING[timing], "double_counting": rule, "cohorts": cohorts,
        "subgroups": subgroups, "outcomes": outcomes, "interventions": interventions, "links": links,
        "death_female": tables["female"], "death_male": tables["male"], "male_share": male_share,
        "out_migration": migration,
        "deadweight": c.value(sc.get("deadweight", 0.0), P + ("deadweight",), lo=0, what="a deadweight cost"),
        "money_discount": money, "effects_discount": effects_schedule,
        "microsimulation": micro["spec"],
    }
    facts = {"start_year": start_year, "price_year": c.price_year, "horizon": horizon,
             "timing": timing, "discount": money, "effects_discount": effects_schedule,
             "entry_years": entry_years, "start_age": start_age, "end_age": end_age,
             "outcomes": out_names, "interventions": list(ivs), "subgroups": sub_names,
             "data_files": {"price_index": str(kpi_path), "life_table": str(lt_path),
                            "unit_costs": str(uc_path)},
             "labels": {**{n: outs[n].get("label", n) for n in out_names},
                        **{n: ivs[n].get("label", n) for n in ivs}},
             "microsimulation": micro["facts"]}
    return model, c, facts


def _load_unit_costs(path: Path, c: _Compiler) -> dict[str, tuple[_File, dict]]:
    """The unit-cost table; entries are checked when a scenario uses them."""
    if not path.is_file():
        return {}
    uf = _File(path)
    return {name: (uf, entry) for name, entry in uf.data.items()}


def _item_fields(c: _Compiler, it: Mapping, path: tuple, *, amount_path: tuple, scale: tuple | None = None,
                 label: str) -> tuple:
    payer = c.string(it, "payer", path, choices=PAYERS)
    kind = c.string(it, "kind", path, choices=("resource", "production_loss", "transfer"))
    to = c.string(it, "to", path, choices=PAYERS) if kind == "transfer" else "individual"
    if kind != "transfer" and "to" in it:
        raise c.err(path + ("to",), "applies to transfers only (kind = \"transfer\")")
    if kind == "transfer" and to == payer:
        raise c.err(path + ("to",), f"is {to!r}, the same as payer; a transfer moves money between two payers")
    year = None
    if "price_year" in it:
        year = int(c.number(it, "price_year", path, lo=1900, hi=2200, integer=True))
    amount = c.value(c.required(it, "amount", path), amount_path, lo=0, what="an amount",
                     money=True, money_year=year)
    if scale is not None:
        col, const, factor = amount
        if scale[0] >= 0:
            raise c.err(path, "scale must be a number here")
        amount = (col, const, factor * scale[1]) if col >= 0 else (-1, const * scale[1], factor)
    return (label, payer, to, kind, amount)


def _cost_item(c: _Compiler, it: Any, path: tuple, unit_costs: dict) -> tuple:
    if not isinstance(it, dict):
        raise c.err(path, "must be a table: { payer, kind, amount, price_year, … } or { ref = \"NAME\" }")
    if "ref" in it:
        c.keys(it, _REF_ITEM, path)
        ref = c.string(it, "ref", path)
        if not unit_costs:
            raise c.err(path + ("ref",), f"refers to the unit cost {ref!r}, but the unit-cost table "
                        f"{c.unit_costs_path} does not exist or is empty (scenario.unit_costs)")
        if ref not in unit_costs:
            raise c.unknown(path + ("ref",), "unit cost", ref, unit_costs)
        scale = c.value(it.get("scale", 1.0), path + ("scale",), lo=0, what="a scale")
        uf, entry = unit_costs[ref]
        if not isinstance(entry, dict):
            raise uf.error((ref,), "must be a table")
        _check_keys(uf, entry, _UNIT_COST, (ref,))
        # The entry is checked in its own file's terms (file, key and line), and
        # an uncertain amount is one input however often it is referenced.
        inner = _Compiler(uf, c.base_dir)
        inner.params, inner.columns, inner.column_info, inner.named = c.params, c.columns, c.column_info, c.named
        inner.kpi, inner.price_year = c.kpi, c.price_year
        amount = c.required(entry, "amount", path) if "amount" in entry else inner.required(entry, "amount", (ref,))
        if isinstance(amount, str):
            raise inner.err((ref, "amount"), "must be a number or a distribution table (a unit-cost "
                            "table cannot refer to a scenario's parameters)")
        if isinstance(amount, dict):
            key = f"unit_costs.{ref}"
            if key not in c.named:
                # The entry's unit and source describe its amount.
                described = {**{k: entry[k] for k in ("unit", "source", "price_year") if k in entry}, **amount}
                c.named[key] = (described, described)
                inner.add_column(key, described, (ref, "amount"))
            entry = {**entry, "amount": key}
        return _item_fields(inner, entry, (ref,), amount_path=(ref, "amount"), scale=scale,
                            label=entry.get("label", ref))
    c.keys(it, _ITEM, path)
    return _item_fields(c, it, path, amount_path=path + ("amount",), label=it.get("label", f"item {path[-1] + 1}"))


def _intervention_cost(c: _Compiler, ct: Any, path: tuple, start_year: int, horizon: int) -> tuple:
    if not isinstance(ct, dict):
        raise c.err(path, "must be a table { type, payer, amount, price_year, … }")
    c.keys(ct, _ICOST, path)
    kind = c.string(ct, "type", path, choices=("start_up", "per_participant", "per_year"))
    payer = c.string(ct, "payer", path, choices=PAYERS)
    year = int(c.number(ct, "price_year", path, lo=1900, hi=2200, integer=True)) if "price_year" in ct else None
    amount = c.value(c.required(ct, "amount", path), path + ("amount",), lo=0, what="an amount",
                     money=True, money_year=year)
    last_year = start_year + horizon - 1
    first = last = 0
    if kind == "start_up":
        y = int(c.number(ct, "year", path, integer=True, default=start_year))
        if not start_year <= y <= last_year:
            raise c.err(path + ("year",), f"is {y}, outside the horizon {start_year}–{last_year}")
        first = last = y - start_year
    elif kind == "per_year":
        ys = c.required(ct, "years", path)
        if not (isinstance(ys, list) and len(ys) == 2 and all(isinstance(y, int) and not isinstance(y, bool) for y in ys)
                and start_year <= ys[0] <= ys[1]):
            raise c.err(path + ("years",), f"is {ys!r}, but must be [first, last] calendar years from "
                        f"{start_year}, first <= last")
        if ys[1] > last_year:
            raise c.err(path + ("years",), f"is {ys}, but the horizon ends in {last_year}")
        first, last = ys[0] - start_year, ys[1] - start_year
    for k in ("year", "years"):
        if k in ct and not (kind == "start_up" and k == "year") and not (kind == "per_year" and k == "years"):
            raise c.err(path + (k,), f"does not apply to a {kind} cost")
    return (ct.get("label", kind), kind, payer, amount, first, last)


def _effect(c: _Compiler, e: Any, path: tuple, out_names: list[str], kinds: dict) -> dict:
    if not isinstance(e, dict):
        raise c.err(path, "must be a table { outcome, type, value, … }")
    c.keys(e, _EFFECT, path)
    outcome = c.string(e, "outcome", path)
    if outcome not in kinds:
        raise c.unknown(path + ("outcome",), "outcome", outcome, out_names)
    allowed = _STATE_EFFECTS if kinds[outcome] == "state" else _EVENT_EFFECTS
    etype = c.string(e, "type", path, choices=_STATE_EFFECTS + ("rate_ratio",))
    if etype not in allowed:
        raise c.err(path + ("type",), f"is {etype!r}, which does not apply to the {kinds[outcome]} "
                    f"{outcome!r}; use one of {', '.join(allowed)}")
    ratio = etype in ("odds_ratio", "relative_risk", "rate_ratio")
    bounds = dict(lo=0, lo_open=True, what="a ratio") if ratio else (
        dict(lo=-1, hi=1, what="a risk difference") if etype == "risk_difference" else dict(what="an effect size"))
    value = c.value(c.required(e, "value", path), path + ("value",), **bounds)
    fixed0 = (-1, 0.0, 1.0)
    traj = {"kind": "persistent", "start": fixed0, "ramp_up": fixed0, "duration": fixed0,
            "half_life": fixed0, "age1": 0.0, "age2": 0.0, "value2": (-1, 1.0, 1.0)}
    t = c.table(e, "trajectory", path)
    tp = path + ("trajectory",)
    if "age1" in t or "age2" in t or "value2" in t:
        c.keys(t, _TWO_AGE, tp)
        a1 = c.number(t, "age1", tp, lo=0, hi=150)
        a2 = c.number(t, "age2", tp, lo=0, hi=150)
        if a2 <= a1:
            raise c.err(tp + ("age2",), f"is {a2}, but must be greater than age1 ({a1})")
        traj.update(kind="two_age", age1=float(a1), age2=float(a2),
                    value2=c.value(c.required(t, "value2", tp), tp + ("value2",), **bounds))
        if "half_life" in t:
            traj["half_life"] = c.value(t["half_life"], tp + ("half_life",), lo=0, lo_open=True, what="a half-life")
    elif t:
        c.keys(t, _TRAJ, tp)
        decay = c.string(t, "decay", tp, choices=("none", "stop", "exponential"), default="none")
        for k in ("start", "ramp_up", "duration"):
            if k in t:
                traj[k] = c.value(t[k], tp + (k,), lo=0, what="a number of years")
        if decay == "exponential":
            traj["half_life"] = c.value(c.required(t, "half_life", tp), tp + ("half_life",), lo=0,
                                        lo_open=True, what="a half-life")
        elif "half_life" in t:
            raise c.err(tp + ("half_life",), "applies with decay = \"exponential\" only")
        if decay == "stop" and "duration" not in t:
            raise c.err(tp + ("duration",), "is missing (decay = \"stop\" ends the effect after it)")
        if decay == "none" and "duration" in t:
            raise c.err(tp + ("duration",), "has no meaning with decay = \"none\" (the effect persists); "
                        "use decay = \"stop\" or \"exponential\"")
        traj["kind"] = {"none": "persistent", "stop": "stop", "exponential": "exponential"}[decay]
    overlap = c.value(e.get("overlap", 0.0), path + ("overlap",), lo=0, hi=1, what="a share")
    return {"outcome": out_names.index(outcome), "type": etype, "value": value, "overlap": overlap,
            "trajectory": traj}


class Scenario:
    """A validated prevention scenario, ready to simulate.

    Build it with ``prevsim.load_scenario(path)`` or ``Scenario.from_dict(data)``
    (the same nested data as a scenario file); change it with ``replace``.
    """

    def __init__(self, f: _File, base_dir: Path | None) -> None:
        self._file, self._base_dir = f, base_dir
        self._model, compiler, self.facts = compile_scenario(f, base_dir)
        self.parameters: ParameterSet = compiler.params
        self._column_info = compiler.column_info
        self._core = _core.PreventionModel(self._model, len(compiler.column_info))
        self.title: str = f.data.get("title", f.name)
        self.path = f.path

    @classmethod
    def from_dict(cls, data: Mapping, *, name: str = "<scenario>", base_dir: str | Path | None = None) -> "Scenario":
        """A scenario from nested data (as a scenario file would give it)."""
        return cls(_File(None, data=copy.deepcopy(dict(data)), name=name),
                   Path(base_dir) if base_dir else None)

    def to_dict(self) -> dict:
        """The scenario's data (a deep copy), e.g. to change and rebuild."""
        return copy.deepcopy(dict(self._file.data))

    def replace(self, key: str, value: Any) -> "Scenario":
        """A new scenario with the value at ``key`` (dotted path; list positions
        as ``[1]``, 1-based) replaced, e.g. ``replace("scenario.discount", 0.0)``
        or ``replace("interventions.mvp.effects[1].value", 0.9)``."""
        data = self.to_dict()
        parts: list[Any] = []
        for part in key.split("."):
            while "[" in part:
                head, _, rest = part.partition("[")
                if head:
                    parts.append(head)
                index, _, part = rest.partition("]")
                parts.append(int(index) - 1)
            if part:
                parts.append(part)
        node = data
        for p in parts[:-1]:
            try:
                node = node[p]
            except (KeyError, IndexError, TypeError):
                raise KeyError(f"replace: no key {key!r} in the scenario (at {p!r})") from None
        node[parts[-1]] = value
        name = self._file.name + (f" (with {key} = {value!r})")
        return Scenario(_File(None, data=data, name=name), self._base_dir)

    @property
    def columns(self) -> list[str]:
        """The names of the per-draw metrics (see docs/prevention_model.md)."""
        return list(self._core.columns)

    @property
    def years(self) -> list[int]:
        """Calendar years of the horizon."""
        return [self.facts["start_year"] + t for t in range(self.facts["horizon"])]

    def inputs(self):
        """One row per uncertain input, named by where it is written (its key
        path, a ``[parameters]`` name, or ``unit_costs.NAME``): its
        distribution, mean, sd, base value (the central case's), unit and
        source."""
        frame = self.parameters.describe()
        frame["base"] = self.parameters.point_values("base")
        return frame

    def evaluate(self, at: str = "base"):
        """The central case: every input at its base value (``at="base"``: the
        ``base`` key where given, else the mean) or at its mean (``at="mean"``)."""
        from prevsim.prevention_results import evaluate_scenario
        return evaluate_scenario(self, at=at)

    def __repr__(self) -> str:
        f = self.facts
        return (f"Scenario({self.title!r}: {len(f['entry_years'])} cohort(s) from {f['entry_years'][0]}, "
                f"{len(f['outcomes'])} outcome(s), {len(f['interventions'])} intervention(s), "
                f"{f['horizon']} years, SEK {f['price_year']}, {len(self._column_info)} uncertain inputs)")


def load_scenario(path: str | Path) -> Scenario:
    """Reads and validates a scenario file; nothing is simulated.

    Every problem is a ScenarioError naming the file, the key path and the
    line: unknown keys (with a suggestion), wrong types, missing fields,
    out-of-range values, inconsistent ages and years, unknown references.
    """
    path = Path(path)
    return Scenario(_File(path), path.parent)
