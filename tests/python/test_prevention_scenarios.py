"""The bundled prevention scenarios: each central case against the independent
oracle (tests/python/reference_models/prevention_oracle.py, written from
docs/prevention_model.md without prevsim), and the published headlines that
botkyrka.toml and norrtalje.toml rebuild."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

import prevsim

_spec = importlib.util.spec_from_file_location(
    "prevention_oracle", Path(__file__).parent / "reference_models" / "prevention_oracle.py")
prevention_oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prevention_oracle)

SCENARIOS = ["botkyrka", "norrtalje", "pax_good_behavior_game", "parenting_programme",
             "kiva_anti_bullying"]
PERSPECTIVES = ["municipality", "public_sector", "society"]


def _path(name: str):
    return prevsim.scenario_path(f"prevention/{name}.toml")


@pytest.fixture(scope="module", params=SCENARIOS)
def central(request):
    path = _path(request.param)
    return request.param, prevsim.load_scenario(path).evaluate(), prevention_oracle.evaluate_base(path)


def _close(a: float, b: float) -> bool:
    # Two implementations of the same sums in a different order: agreement to
    # rounding, relative to the size of the quantity.
    if b is None or (isinstance(b, float) and math.isnan(b)):
        return a is None or math.isnan(a)
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_central_case_matches_the_oracle_by_perspective(central):
    name, results, oracle = central
    draws = results.draws.iloc[0]
    for p in PERSPECTIVES:
        expected = oracle["perspectives"][p]
        for metric in ("pv_costs", "pv_benefits", "npv", "costs_undiscounted", "benefits_undiscounted"):
            assert _close(draws[f"{p}.{metric}"], expected[metric]), (name, p, metric)
        payback = expected["payback_year"]
        got = draws[f"{p}.payback_year"]
        assert (math.isnan(got) and payback is None) or got == payback, (name, p, "payback")
        irr = expected["irr"]
        got = draws[f"{p}.irr"]
        assert (math.isnan(got) and irr is None) or abs(got - irr) < 1e-9, (name, p, "irr")
        path = results.cashflow(p)["cumulative_discounted_net_mean"].to_numpy()
        assert np.allclose(path, expected["cumulative_discounted_net"], rtol=1e-6, atol=1e-3 * max(1, abs(expected["npv"])) * 1e-3)


def test_central_case_matches_the_oracle_by_outcome_and_payer(central):
    name, results, oracle = central
    draws = results.draws.iloc[0]
    for o, expected in oracle["outcomes"].items():
        for metric in ("cases_averted", "cases_averted_discounted"):
            assert _close(draws[f"outcome.{o}.{metric}"], expected[metric]), (name, o, metric)
        assert _close(draws[f"outcome.{o}.pv_benefits"], expected["pv_benefits"]["society"]), (name, o)
        assert _close(draws[f"outcome.{o}.municipality.pv_benefits"],
                      expected["pv_benefits"]["municipality"]), (name, o)
        assert _close(draws[f"outcome.{o}.benefits_undiscounted"],
                      expected["benefits_undiscounted"]["society"]), (name, o)
        assert _close(draws[f"outcome.{o}.pv_benefits_via_links"], expected["link_benefit_pv_society"]), (name, o)
    for k, expected in oracle["payers"].items():
        assert _close(draws[f"payer.{k}.pv_costs"], expected["pv_costs"]), (name, k)
        # The oracle's municipality payer is every municipality (movers
        # included); prevsim's column is the scenario's own municipality, which
        # is the municipal perspective (docs/prevention_model.md §2).
        own = draws["municipality.pv_benefits"] if k == "municipality" else expected["pv_benefits"]
        assert _close(draws[f"payer.{k}.pv_benefits"], own), (name, k)


def test_botkyrka_reproduces_about_200_msek_until_age_65():
    # Avoided costs, society perspective, undiscounted, SEK 2019 (botkyrka.toml
    # explains the figure number by number).
    results = prevsim.load_scenario(_path("botkyrka")).evaluate()
    benefits = results.summary().loc["society", "benefits_undiscounted_mean"]
    assert 195e6 < benefits < 205e6


def test_norrtalje_reproduces_28_msek_from_crime_and_over_5_msek_a_year_from_drugs():
    results = prevsim.load_scenario(_path("norrtalje")).evaluate()
    by_outcome = results.by_outcome()
    crime = by_outcome.loc["celebration_crime", "benefits_undiscounted_mean"]
    assert 27.5e6 < crime < 28.5e6
    yearly = results.cashflow_by_outcome()["problem_drug_use"]
    assert yearly.max() > 5e6
    # Over 5 MSEK in every year once every exposed year-group has reached 16.
    assert (yearly.loc[2015:] > 5e6).all()


@pytest.mark.parametrize("name", SCENARIOS)
def test_monte_carlo_runs_and_centres_near_the_central_case(name):
    scenario = prevsim.load_scenario(_path(name))
    results = prevsim.simulate(scenario, draws=2000, seed=11)
    summary = results.summary()
    assert summary.index.tolist() == PERSPECTIVES
    assert np.isfinite(summary["npv_mean"]).all()
    assert (summary["npv_p5"] <= summary["npv_mean"]).all() and (summary["npv_mean"] <= summary["npv_p95"]).all()
    assert ((summary["p_npv_positive"] >= 0) & (summary["p_npv_positive"] <= 1)).all()


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_uncertain_input_of_a_bundled_scenario_has_a_unit_and_a_source(name):
    # Money without a price year is refused by the loader itself.
    inputs = prevsim.load_scenario(_path(name)).inputs()
    assert len(inputs) > 0
    missing_source = inputs.index[inputs["source"].str.strip() == ""].tolist()
    missing_unit = inputs.index[inputs["unit"].str.strip() == ""].tolist()
    assert missing_source == [] and missing_unit == [], (missing_source, missing_unit)
    assert (inputs["base"] >= 0).any()
