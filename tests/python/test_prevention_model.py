"""The prevention model through the Python interface (``Scenario.from_dict``,
``Scenario.evaluate``, ``prevsim.simulate`` and the ``Results`` tables), against
values worked out by hand in the comments: closed-form present values, the
price index read by the test itself, and consistency between the tables.

The C++ tests (tests/cpp/prevention/evaluate_test.cpp) check each mechanism of
the evaluator in depth; these check that a scenario compiles to the right
model and that the tables report it faithfully.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import prevsim

KPI = Path(__file__).resolve().parents[2] / "scenarios" / "data" / "kpi_se.csv"


def annuity_due(rate: float, years: int) -> float:
    """Σ_{t<years} (1 + rate)^−t: a level payment at the start of each year."""
    return (1 - (1 + rate) ** -years) / rate * (1 + rate)


def kpi(year: int) -> float:
    """The KPI of a year, read from the bundled CSV by the test itself."""
    with KPI.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["year"]) == year:
                return float(row["kpi_1980_100"])
    raise KeyError(year)


def write_life_table(path: Path, female: list[float], male: list[float]) -> Path:
    """A life table CSV (age,sex,qx) with qx by whole age 0, 1, …."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["age", "sex", "qx"])
        for sex, qs in (("female", female), ("male", male)):
            for age, q in enumerate(qs):
                w.writerow([age, sex, q])
    return path


@pytest.fixture
def no_deaths(tmp_path) -> str:
    """A life table with qx = 0 at every age 0…110."""
    return str(write_life_table(tmp_path / "no_deaths.csv", [0.0] * 111, [0.0] * 111))


def one_outcome(life_table: str, *, rr=0.9, horizon=10, discount=0.03, timing="start") -> dict:
    """1000 persons aged 20; state x with prevalence 0.2 costing 10 000 SEK per
    person-year to the state; one programme (500 000 SEK start-up, municipality)
    with relative risk ``rr`` on everyone; no deaths. Avoided each year:
    1000·0.2·(1 − rr)·10 000 SEK (200 000 at rr = 0.9)."""
    return {
        "title": "one outcome",
        "scenario": {"start_year": 2020, "price_year": 2020, "horizon_years": horizon, "timing": timing,
                     "discount": discount, "life_table": life_table},
        "cohort": {"start_age": 20, "size": 1000, "male_share": 0.5},
        "outcomes": {"x": {"type": "state", "baseline": [{"ages": [0, 150], "value": 0.2}],
                           "costs": [{"payer": "state", "kind": "resource", "amount": 10000,
                                      "price_year": 2020}]}},
        "interventions": {"p": {"reach": 1.0,
                                "costs": [{"type": "start_up", "payer": "municipality", "amount": 500000,
                                           "price_year": 2020}],
                                "effects": [{"outcome": "x", "type": "relative_risk", "value": rr}]}},
    }


def uncertain(life_table: str) -> dict:
    """The one-outcome scenario with uncertain inputs, a second outcome and
    several payers (no deadweight, no out-migration)."""
    d = one_outcome(life_table, rr={"dist": "lognormal", "median": 0.9, "se": 0.05, "base": 0.9})
    d["scenario"]["timing"] = "mid"
    d["cohort"]["entry_years"] = [2020, 2021, 2022]
    d["outcomes"]["x"]["costs"].append({"payer": "region", "kind": "resource", "price_year": 2020,
                                        "amount": {"dist": "gamma", "mean": 3000, "se": 500}})
    d["outcomes"]["e"] = {"type": "event", "baseline": [{"ages": [22, 40], "value": 0.1}],
                          "costs": [{"payer": "municipality", "kind": "resource", "amount": 20000,
                                     "price_year": 2020},
                                    {"payer": "others", "kind": "production_loss", "amount": 5000,
                                     "price_year": 2020}]}
    d["interventions"]["p"]["reach"] = {"dist": "beta", "mean": 0.7, "se": 0.05}
    d["interventions"]["p"]["effects"].append(
        {"outcome": "e", "type": "rate_ratio", "value": {"dist": "lognormal", "median": 0.8, "se": 0.1}})
    d["interventions"]["p"]["costs"].append({"type": "per_participant", "payer": "municipality",
                                             "amount": 300, "price_year": 2020})
    return d


# -- closed forms ---------------------------------------------------------------


def test_one_outcome_present_value_is_an_annuity(no_deaths):
    # 20 person-years averted a year, 200 000 SEK a year to the state, 10 years
    # at 3 %, timing start: PV = 200 000·ä(10) = 1 757 218.9.
    s = prevsim.Scenario.from_dict(one_outcome(no_deaths))
    r = s.evaluate()
    pv = 200000 * annuity_due(0.03, 10)
    summary = r.summary()
    assert summary.loc["society", "pv_benefits_mean"] == pytest.approx(pv, rel=1e-12)
    assert summary.loc["society", "pv_costs_mean"] == pytest.approx(500000, rel=1e-12)
    assert summary.loc["society", "npv_mean"] == pytest.approx(pv - 500000, rel=1e-12)
    assert summary.loc["municipality", "pv_benefits_mean"] == 0
    assert summary.loc["public_sector", "pv_benefits_mean"] == pytest.approx(pv, rel=1e-12)
    # Payback: −500 000 + 200 000 + 200 000/1.03 < 0, + 200 000/1.03² ≥ 0 → year 2 → 2022.
    assert summary.loc["society", "payback_year_median"] == 2022
    assert summary.loc["society", "bcr"] == pytest.approx(pv / 500000, rel=1e-12)
    assert r.n_draws == 1
    by_outcome = r.by_outcome()
    assert by_outcome.loc["x", "cases_averted_mean"] == pytest.approx(200, rel=1e-12)
    assert by_outcome.loc["x", "cases_averted_discounted_mean"] == pytest.approx(20 * annuity_due(0.03, 10), rel=1e-12)
    assert s.years == list(range(2020, 2030))


def test_timing_and_end_age_set_discounting_and_horizon(no_deaths):
    # end_age 30 with start age 20: H = 10 without horizon_years. Timing end:
    # ordinary annuity 200 000·(1 − 1.03^−10)/0.03; mid: that × 1.03^0.5.
    d = one_outcome(no_deaths, timing="end")
    del d["scenario"]["horizon_years"]
    d["scenario"]["end_age"] = 30
    s = prevsim.Scenario.from_dict(d)
    assert s.facts["horizon"] == 10
    ordinary = 200000 * (1 - 1.03 ** -10) / 0.03
    assert s.evaluate().summary().loc["society", "pv_benefits_mean"] == pytest.approx(ordinary, rel=1e-12)
    mid = s.replace("scenario.timing", "mid").evaluate().summary()
    assert mid.loc["society", "pv_benefits_mean"] == pytest.approx(ordinary * 1.03 ** 0.5, rel=1e-12)
    # Stepped: 5 % for [0, 3), then 2 %; timing end: year t at x = t + 1.
    stepped = s.replace("scenario.discount", {"start_years": [0, 3], "rates": [0.05, 0.02]})
    pv = sum(200000 * (1.05 ** -x if x <= 3 else 1.05 ** -3 * 1.02 ** -(x - 3)) for x in range(1, 11))
    assert stepped.evaluate().summary().loc["society", "pv_benefits_mean"] == pytest.approx(pv, rel=1e-12)


def test_price_year_conversion_uses_the_kpi_ratio(no_deaths):
    # The outcome's cost is in 2015 prices, the programme's in 2019 prices, the
    # scenario in 2023 prices: each amount × KPI(2023)/KPI(year), KPI read here.
    d = one_outcome(no_deaths)
    d["scenario"]["price_year"] = 2023
    d["outcomes"]["x"]["costs"][0]["price_year"] = 2015
    d["interventions"]["p"]["costs"][0]["price_year"] = 2019
    r = prevsim.Scenario.from_dict(d).evaluate().summary()
    factor_2015 = kpi(2023) / kpi(2015)
    assert factor_2015 == pytest.approx(403.70 / 313.35, rel=1e-12)  # docs/economic_metrics.md
    assert r.loc["society", "pv_benefits_mean"] == pytest.approx(200000 * factor_2015 * annuity_due(0.03, 10),
                                                                 rel=1e-12)
    assert r.loc["society", "pv_costs_mean"] == pytest.approx(500000 * kpi(2023) / kpi(2019), rel=1e-12)
    # A price year inside a distribution table, and on a named parameter.
    d2 = copy.deepcopy(d)
    d2["outcomes"]["x"]["costs"][0] = {"payer": "state", "kind": "resource",
                                       "amount": {"dist": "gamma", "mean": 10000, "se": 1000, "base": 10000,
                                                  "price_year": 2015}}
    r2 = prevsim.Scenario.from_dict(d2).evaluate().summary()
    assert r2.loc["society", "pv_benefits_mean"] == pytest.approx(r.loc["society", "pv_benefits_mean"], rel=1e-12)
    d3 = copy.deepcopy(d)
    d3["parameters"] = {"care": {"dist": "gamma", "mean": 10000, "se": 1000, "base": 10000, "price_year": 2015}}
    d3["outcomes"]["x"]["costs"][0] = {"payer": "state", "kind": "resource", "amount": "care"}
    r3 = prevsim.Scenario.from_dict(d3).evaluate().summary()
    assert r3.loc["society", "pv_benefits_mean"] == pytest.approx(r.loc["society", "pv_benefits_mean"], rel=1e-12)


def test_excess_mortality_and_life_table(tmp_path):
    # Start age 2, q_f = 0, 0, 0.1, 0.2, q_m = 0, 0, 0.3, 0.4 (the last repeated),
    # male share 0.25: q(2) = 0.15, q(3) = q(4) = 0.25. State x: b = 0.2, HR 2,
    # RR 0.5 → 0.1. Without: q·1.2, with: q·1.1.
    #   A_without = 1, 0.82, 0.574; A_with = 1, 0.835, 0.605375
    #   averted = 1000·(0.2·2.394 − 0.1·2.440375) = 234.7625.
    table = write_life_table(tmp_path / "lt.csv", [0, 0, 0.1, 0.2], [0, 0, 0.3, 0.4])
    d = one_outcome(str(table), rr=0.5, horizon=3, discount=0.0)
    d["cohort"]["start_age"] = 2
    d["cohort"]["male_share"] = 0.25
    d["outcomes"]["x"]["excess_mortality"] = 2.0
    r = prevsim.Scenario.from_dict(d).evaluate()
    assert r.by_outcome().loc["x", "cases_averted_mean"] == pytest.approx(234.7625, rel=1e-12)
    # Undiscounted yearly avoided cost in year 2 (2022): 1000·(0.2·0.574 − 0.1·0.605375)·10 000.
    flows = r.cashflow()
    assert flows.loc[2022, "benefits_mean"] == pytest.approx(1000 * (0.2 * 0.574 - 0.1 * 0.605375) * 10000,
                                                             rel=1e-12)


def test_trajectories_and_calendar_years_compile_to_model_years(no_deaths):
    # RR 0.5 with ramp_up 2 (mid-year: m = 1/4, 3/4, 1, …): avoided in year t =
    # 1000·0.2·(1 − 0.5^m)·10 000. Delivered at age 21 (one year after entry):
    # the multipliers shift by one year. Start-up cost in calendar year 2022 is
    # model year 2; per_year 100 in 2021–2022.
    d = one_outcome(no_deaths, rr=0.5, horizon=5, discount=0.0)
    iv = d["interventions"]["p"]
    iv["effects"][0]["trajectory"] = {"ramp_up": 2}
    iv["delivery_age"] = 21
    iv["costs"] = [{"type": "start_up", "payer": "municipality", "amount": 1000, "price_year": 2020, "year": 2022},
                   {"type": "per_year", "payer": "region", "amount": 100, "price_year": 2020, "years": [2021, 2022]}]
    r = prevsim.Scenario.from_dict(d).evaluate()
    m = [0, 0.25, 0.75, 1, 1]
    expected = [1000 * 0.2 * (1 - 0.5 ** x) * 10000 for x in m]
    assert r.cashflow("state")["benefits_mean"].to_numpy() == pytest.approx(expected, rel=1e-12, abs=1e-6)
    assert r.cashflow("municipality")["costs_mean"].tolist() == [0, 0, 1000, 0, 0]
    assert r.cashflow("region")["costs_mean"].tolist() == [0, 100, 100, 0, 0]
    # Exponential decay: duration 1, half-life 2 → mid-year m = 1, 2^−1/4, 2^−3/4, 2^−5/4, 2^−7/4.
    d2 = one_outcome(no_deaths, rr=0.5, horizon=5, discount=0.0)
    d2["interventions"]["p"]["effects"][0]["trajectory"] = {"duration": 1, "decay": "exponential", "half_life": 2}
    r2 = prevsim.Scenario.from_dict(d2).evaluate()
    m2 = [1, 2 ** -0.25, 2 ** -0.75, 2 ** -1.25, 2 ** -1.75]
    assert r2.cashflow("state")["benefits_mean"].to_numpy() == pytest.approx(
        [1000 * 0.2 * (1 - 0.5 ** x) * 10000 for x in m2], rel=1e-12)
    # Stop after duration 1: one year of full effect, m = 1, 0, 0, 0, 0.
    d2["interventions"]["p"]["effects"][0]["trajectory"] = {"duration": 1, "decay": "stop"}
    r3 = prevsim.Scenario.from_dict(d2).evaluate()
    assert r3.by_outcome().loc["x", "cases_averted_mean"] == pytest.approx(1 * 100, rel=1e-12)
    # Two ages: RR 0.5 at 21, 0.8 at 23, held; interpolated on ln RR at the
    # mid-year ages 20.5, 21.5, 22.5, 23.5, 24.5.
    d2["interventions"]["p"]["effects"][0]["trajectory"] = {"age1": 21, "age2": 23, "value2": 0.8}
    r4 = prevsim.Scenario.from_dict(d2).evaluate()
    rr = [0.5, 0.5 ** 0.75 * 0.8 ** 0.25, 0.5 ** 0.25 * 0.8 ** 0.75, 0.8, 0.8]
    assert r4.cashflow("state")["benefits_mean"].to_numpy() == pytest.approx(
        [1000 * 0.2 * (1 - x) * 10000 for x in rr], rel=1e-12)


@pytest.mark.parametrize("rule, direct, averted", [
    # a → b with ρ = 3, RR 0.5 on a (b_A 0.3 → 0.15): F = 1.3/1.6 = 0.8125.
    # Without a direct effect on b every rule gives 0.1·F: 1000·(0.1 − 0.08125).
    ("sum", False, 18.75), ("direct", False, 18.75), ("larger", False, 18.75),
    # With RR 0.9 on b: sum 0.09·F = 0.073125 → 26.875; direct 0.09 → 10;
    # larger min(0.09, 0.08125) → 18.75.
    ("sum", True, 26.875), ("direct", True, 10.0), ("larger", True, 18.75),
])
def test_links_and_double_counting(no_deaths, rule, direct, averted):
    d = one_outcome(no_deaths, rr=0.5, horizon=1, discount=0.0)
    d["outcomes"] = {
        "a": {"type": "state", "baseline": [{"ages": [0, 150], "value": 0.3}], "costs": []},
        "b": {"type": "state", "baseline": [{"ages": [0, 150], "value": 0.1}],
              "costs": [{"payer": "region", "kind": "resource", "amount": 10000, "price_year": 2020}]},
    }
    d["interventions"]["p"]["effects"] = [{"outcome": "a", "type": "relative_risk", "value": 0.5}]
    if direct:
        d["interventions"]["p"]["effects"].append({"outcome": "b", "type": "relative_risk", "value": 0.9})
    d["links"] = [{"from": "a", "to": "b", "relative_risk": 3}]
    d["scenario"]["double_counting"] = rule
    r = prevsim.Scenario.from_dict(d).evaluate()
    out = r.by_outcome()
    assert out.loc["b", "cases_averted_mean"] == pytest.approx(averted, rel=1e-12)
    p_dir = 0.09 if direct else 0.1
    p_full = 0.1 - averted / 1000
    assert out.loc["b", "pv_benefits_via_links_mean"] == pytest.approx(1000 * (p_dir - p_full) * 10000,
                                                                       rel=1e-12, abs=1e-6)
    assert out.loc["a", "cases_averted_mean"] == pytest.approx(150, rel=1e-12)


def test_transfers_deadweight_and_out_migration(no_deaths):
    # Per case: transfer 5000 municipality → individual, 2000 municipal resources.
    # RR 0.5: 100 cases averted a year, 2 years, no discounting.
    #   municipality +100·7000·2 = 1.4e6, individual −100·5000·2 = −1e6, society 4e5.
    d = one_outcome(no_deaths, rr=0.5, horizon=2, discount=0.0)
    d["outcomes"]["x"]["costs"] = [
        {"payer": "municipality", "kind": "transfer", "to": "individual", "amount": 5000, "price_year": 2020},
        {"payer": "municipality", "kind": "resource", "amount": 2000, "price_year": 2020}]
    s = prevsim.Scenario.from_dict(d)
    r = s.evaluate()
    by_payer = r.by_payer()
    assert by_payer.loc["municipality", "pv_benefits_mean"] == pytest.approx(1.4e6, rel=1e-12)
    assert by_payer.loc["individual", "pv_benefits_mean"] == pytest.approx(-1.0e6, rel=1e-12)
    summary = r.summary()
    assert summary.loc["society", "pv_benefits_mean"] == pytest.approx(4e5, rel=1e-12)
    assert summary.loc["society", "pv_benefits_mean"] == pytest.approx(by_payer["pv_benefits_mean"].sum(), rel=1e-12)
    # Deadweight 0.5: society + 0.5·(public costs 500 000 and benefits 1.4e6).
    dw = s.replace("scenario.deadweight", 0.5).evaluate().summary()
    assert dw.loc["society", "pv_benefits_mean"] == pytest.approx(4e5 + 0.7e6, rel=1e-12)
    assert dw.loc["society", "pv_costs_mean"] == pytest.approx(750000, rel=1e-12)
    assert dw.loc["public_sector", "pv_benefits_mean"] == pytest.approx(1.4e6, rel=1e-12)
    # Out-migration 0.1: the municipality counts its residents (years 1, 0.9):
    # 100·7000·1.9 = 1.33e6; society still 4e5 (the transfer cancels).
    mig = s.replace("cohort.out_migration", 0.1).evaluate()
    assert mig.by_payer().loc["municipality", "pv_benefits_mean"] == pytest.approx(1.33e6, rel=1e-12)
    assert mig.summary().loc["municipality", "pv_benefits_mean"] == pytest.approx(1.33e6, rel=1e-12)
    assert mig.summary().loc["society", "pv_benefits_mean"] == pytest.approx(4e5, rel=1e-12)


def test_cohorts_reach_and_per_participant_costs(no_deaths):
    # Entry 2020 (1000) and 2021 (500), end age 23 → ages 20–22, horizon 4.
    # Reach 0.8, RR 0.5 on b = 0.2 from delivery at age 21: 0.08 averted per member-year.
    # Averted: 0, 80, 120, 40. Per participant 100 SEK: 80 000 in 2021, 40 000 in 2022.
    d = one_outcome(no_deaths, rr=0.5, discount=0.0)
    del d["scenario"]["horizon_years"]
    d["scenario"]["end_age"] = 23
    d["cohort"]["entry_years"] = [2020, 2021]
    d["cohort"]["size"] = [1000, 500]
    iv = d["interventions"]["p"]
    iv["reach"] = 0.8
    iv["delivery_age"] = 21
    iv["costs"] = [{"type": "per_participant", "payer": "municipality", "amount": 100, "price_year": 2020}]
    r = prevsim.Scenario.from_dict(d).evaluate()
    flows = r.cashflow()
    assert flows.index.tolist() == [2020, 2021, 2022, 2023]
    assert flows["benefits_mean"].to_numpy() == pytest.approx([0, 8e5, 1.2e6, 4e5], rel=1e-12, abs=1e-6)
    assert flows["costs_mean"].tolist() == pytest.approx([0, 80000, 40000, 0], rel=1e-12)
    assert r.draws.loc[0, "participants"] == pytest.approx(1200, rel=1e-12)
    per = r.summary(per="participant")
    assert per.loc["society", "npv_mean"] == pytest.approx((2.4e6 - 120000) / 1200, rel=1e-12)


# -- tables of a Monte Carlo run ------------------------------------------------


def test_tables_are_consistent(no_deaths):
    s = prevsim.Scenario.from_dict(uncertain(no_deaths))
    r = prevsim.simulate(s, draws=600, seed=11)
    summary, by_payer, by_outcome = r.summary(), r.by_payer(), r.by_outcome()
    # The payback curve ends at the NPV: mean cumulative discounted net in the
    # last year = mean NPV (paths are float32).
    for p in ("municipality", "public_sector", "society"):
        flows = r.cashflow(p)
        assert flows["cumulative_discounted_net_mean"].iloc[-1] == pytest.approx(summary.loc[p, "npv_mean"],
                                                                                  rel=1e-6)
        # Mean undiscounted flows, discounted by hand (3 %, mid-year), give the mean PVs.
        t = np.arange(len(flows))
        factor = 1.03 ** -(t + 0.5)
        assert float((flows["benefits_mean"] * factor).sum()) == pytest.approx(summary.loc[p, "pv_benefits_mean"],
                                                                               rel=1e-10)
        assert float((flows["costs_mean"] * factor).sum()) == pytest.approx(summary.loc[p, "pv_costs_mean"],
                                                                            rel=1e-10)
        assert flows["net_mean"].to_numpy() == pytest.approx((flows["benefits_mean"] - flows["costs_mean"]).to_numpy())
    # Without deadweight or out-migration the payers add up to society, and
    # municipality + region + state to the public sector.
    for metric in ("pv_costs_mean", "pv_benefits_mean"):
        assert by_payer[metric].sum() == pytest.approx(summary.loc["society", metric], rel=1e-12)
        assert by_payer.loc[["municipality", "region", "state"], metric].sum() == pytest.approx(
            summary.loc["public_sector", metric], rel=1e-12)
        assert by_payer.loc["municipality", metric] == pytest.approx(summary.loc["municipality", metric], rel=1e-12)
    # The outcomes add up to society's avoided costs, and each outcome's payers to its total.
    assert by_outcome["pv_benefits_mean"].sum() == pytest.approx(summary.loc["society", "pv_benefits_mean"], rel=1e-12)
    for o in ("x", "e"):
        payers = sum(by_outcome.loc[o, f"{k}_pv_benefits_mean"] for k in prevsim.scenario.PAYERS)
        assert payers == pytest.approx(by_outcome.loc[o, "pv_benefits_mean"], rel=1e-12)
    # The outcomes' yearly avoided costs add up to society's, and their sums to
    # each outcome's undiscounted total.
    by_year = r.cashflow_by_outcome()
    assert by_year.sum(axis=1).to_numpy() == pytest.approx(r.cashflow()["benefits_mean"].to_numpy(), rel=1e-12)
    for o in ("x", "e"):
        assert by_year[o].sum() == pytest.approx(by_outcome.loc[o, "benefits_undiscounted_mean"], rel=1e-12)
    assert summary.loc["society", "benefits_undiscounted_mean"] == pytest.approx(
        r.cashflow()["benefits_mean"].sum(), rel=1e-12)
    # Tables are means of the per-draw columns.
    assert summary.loc["society", "npv_mean"] == pytest.approx(r.draws["society.npv"].mean(), rel=1e-12)
    assert summary.loc["society", "p_npv_positive"] == pytest.approx((r.draws["society.npv"] > 0).mean())
    assert by_outcome.loc["e", "cases_averted_mean"] == pytest.approx(r.cases_averted()["e"].mean(), rel=1e-12)
    assert (r.draws["society.npv"] == r.draws["society.pv_benefits"] - r.draws["society.pv_costs"]).all()
    assert len(r.draws) == 600 and list(r.inputs.columns) == s.parameters.names
    # Per participant: money divided by each draw's participants.
    per = r.summary(per="participant")
    assert per.loc["society", "npv_mean"] == pytest.approx(
        (r.draws["society.npv"] / r.draws["participants"]).mean(), rel=1e-12)


def test_draws_against_their_own_inputs(no_deaths):
    # With only RR uncertain: society PV of each draw = 200 000/0.1·(1 − RR_d)·ä(10)
    # (avoided per year 1000·0.2·(1 − RR)·10 000 = 2e6·(1 − RR)).
    d = one_outcome(no_deaths, rr={"dist": "lognormal", "median": 0.9, "se": 0.05})
    r = prevsim.simulate(prevsim.Scenario.from_dict(d), draws=200, seed=3)
    assert r.inputs.shape == (200, 1)
    rr = r.inputs.iloc[:, 0].to_numpy()
    expected = 2e6 * (1 - rr) * annuity_due(0.03, 10)
    assert r.draws["society.pv_benefits"].to_numpy() == pytest.approx(expected, rel=1e-12)


def test_simulate_is_deterministic_across_threads(no_deaths):
    s = prevsim.Scenario.from_dict(uncertain(no_deaths))
    one = prevsim.simulate(s, draws=700, seed=5, threads=1)
    two = prevsim.simulate(s, draws=700, seed=5, threads=2)
    pd.testing.assert_frame_equal(one.draws, two.draws, check_exact=True)
    pd.testing.assert_frame_equal(one.inputs, two.inputs, check_exact=True)
    for p in ("municipality", "public_sector", "society", "region"):
        pd.testing.assert_frame_equal(one.cashflow(p), two.cashflow(p), check_exact=True)
    pd.testing.assert_frame_equal(one.summary(), two.summary(), check_exact=True)
    pd.testing.assert_frame_equal(one.by_outcome(), two.by_outcome(), check_exact=True)
    # Same seed, same results; another seed, other results.
    again = prevsim.simulate(s, draws=700, seed=5)
    pd.testing.assert_frame_equal(one.draws, again.draws, check_exact=True)
    other = prevsim.simulate(s, draws=700, seed=6)
    assert not one.draws["society.npv"].equals(other.draws["society.npv"])


def test_replace_changes_results_as_expected(no_deaths):
    s = prevsim.Scenario.from_dict(one_outcome(no_deaths))
    # Discount 0: the PV is the undiscounted sum, 10 × 200 000.
    undiscounted = s.replace("scenario.discount", 0.0).evaluate()
    assert undiscounted.summary().loc["society", "pv_benefits_mean"] == pytest.approx(2e6, rel=1e-12)
    assert undiscounted.draws.loc[0, "society.benefits_undiscounted"] == pytest.approx(2e6, rel=1e-12)
    assert s.evaluate().draws.loc[0, "society.benefits_undiscounted"] == pytest.approx(2e6, rel=1e-12)
    # RR 0.8 instead of 0.9 doubles the avoided costs; the original is unchanged.
    stronger = s.replace("interventions.p.effects[1].value", 0.8).evaluate().summary()
    assert stronger.loc["society", "pv_benefits_mean"] == pytest.approx(2 * 200000 * annuity_due(0.03, 10),
                                                                        rel=1e-12)
    assert s.evaluate().summary().loc["society", "pv_benefits_mean"] == pytest.approx(
        200000 * annuity_due(0.03, 10), rel=1e-12)
    # Half the cohort: half the benefits.
    half = s.replace("cohort.size", 500).evaluate().summary()
    assert half.loc["society", "pv_benefits_mean"] == pytest.approx(100000 * annuity_due(0.03, 10), rel=1e-12)
    with pytest.raises(KeyError, match="no key"):
        s.replace("cohort.nothing.here", 1)


def test_impossible_draw_is_reported_with_its_place(no_deaths):
    # Subgroup risk 6 on a prevalence of 0.2: 1.2 > 1, at the base values already.
    d = one_outcome(no_deaths)
    d["cohort"]["subgroups"] = {"high": {"share": 1.0, "risk": {"x": 6}}}
    s = prevsim.Scenario.from_dict(d)
    with pytest.raises(prevsim.ScenarioError, match=r"outcome 'x', subgroup 'high', age 20"):
        s.evaluate()
