"""The microsimulation (prevsim.microsimulate, docs/microsimulation.md).

Expected values are compared with the cohort model (prevsim.simulate /
Scenario.evaluate) within 3 Monte Carlo standard errors of the microsimulation's
inner loop; correlations with the closed form of the bivariate normal CDF
computed here with SciPy (scipy.stats.multivariate_normal), independently of
prevsim.
"""

from __future__ import annotations

import copy
import tomllib

import numpy as np
import pytest
from scipy.stats import multivariate_normal, norm

import prevsim
from prevsim.errors import ScenarioError

BOTKYRKA = prevsim.scenario_path("prevention/botkyrka.toml")
EXAMPLE = prevsim.scenario_path("microsim/shared_risk_example.toml")


def botkyrka_data() -> dict:
    with open(BOTKYRKA, "rb") as f:
        return tomllib.load(f)


def with_section(data: dict, section: dict) -> dict:
    data = copy.deepcopy(data)
    data["microsimulation"] = section
    return data


def two_outcome_data(**micro) -> dict:
    """A small scenario both engines express: a state with a d_probit effect, an
    event with a rate ratio, two subgroups, life-table mortality, no links."""
    data = {
        "title": "two outcomes",
        "scenario": {"start_year": 2025, "price_year": 2023, "end_age": 40, "timing": "mid", "discount": 0.03},
        "cohort": {"start_age": 12, "entry_years": [2025, 2026], "size": 1000,
                   "subgroups": {"exposed": {"share": 0.3, "sex": "male", "risk": {"school": 1.6, "crime": 2.0}},
                                 "others": {"share": 0.7, "sex": "female", "risk": {"school": 0.74, "crime": 0.57}}}},
        "outcomes": {
            "school": {"type": "state", "baseline": [{"ages": [16, 39], "value": 0.15}],
                       "costs": [{"payer": "state", "kind": "production_loss", "amount": 60000, "price_year": 2023}]},
            "crime": {"type": "event", "baseline": [{"ages": [14, 30], "value": 0.08}],
                      "costs": [{"payer": "others", "kind": "resource", "amount": 40000, "price_year": 2023}]},
        },
        "interventions": {"programme": {
            "reach": {"exposed": 0.7, "others": 0.4},
            "costs": [{"type": "per_participant", "payer": "municipality", "amount": 5000, "price_year": 2023}],
            "effects": [{"outcome": "school", "type": "d_probit", "value": -0.2,
                         "trajectory": {"ramp_up": 2}},
                        {"outcome": "crime", "type": "rate_ratio", "value": 0.8}],
        }},
        "microsimulation": {"individuals": 4000, "factors": {"risk": {}},
                            "outcomes": {"school": {"loadings": {"risk": 0.7}, "persistence": 0.9},
                                         "crime": {"loadings": {"risk": 0.6}, "persistence": 0.5}}},
    }
    data["microsimulation"].update(micro)
    return data


def assert_within_mcse(micro: np.ndarray, expected: float, what: str, k: float = 3.0) -> None:
    se = micro.std(ddof=1) / np.sqrt(len(micro))
    assert abs(micro.mean() - expected) <= k * se + 1e-9 * abs(expected), (
        f"{what}: microsimulation {micro.mean():.6g} ± {se:.3g} (MCSE), cohort {expected:.6g}")


METRICS = ("society.npv", "society.pv_benefits", "municipality.pv_benefits", "public_sector.benefits_undiscounted",
           "payer.state.pv_benefits", "payer.individual.pv_benefits", "society.pv_costs", "participants")


@pytest.mark.parametrize("residual", ["ar1", "renewal"])
def test_botkyrka_agrees_with_the_cohort_model_at_the_base_values(residual):
    data = with_section(botkyrka_data(), {
        "individuals": 3000, "residual": residual, "factors": {"risk": {}},
        "outcomes": {"no_upper_secondary": {"loadings": {"risk": 0.7}, "persistence": 0.9}}})
    s = prevsim.Scenario.from_dict(data, name="botkyrka+micro")
    exact = s.evaluate()
    r = prevsim.microsimulate(s, draws=40, seed=5, at="base")
    for name in METRICS + ("outcome.no_upper_secondary.cases_averted",):
        assert_within_mcse(r.draws[name].to_numpy(), float(exact.draws[name].iloc[0]), name)
    # The costs are not simulated: exactly the cohort model's.
    assert np.allclose(r.draws["society.pv_costs"], exact.draws["society.pv_costs"].iloc[0], rtol=1e-12)


def test_botkyrka_agrees_draw_by_draw_with_sampled_inputs():
    """The same seed samples the same inputs for both engines: the difference per
    draw is inner-loop noise only, whose mean must be within 3 MCSE of 0."""
    data = with_section(botkyrka_data(), {"individuals": 2000, "factors": {"risk": {}},
                                          "outcomes": {"no_upper_secondary": {"loadings": {"risk": 0.5},
                                                                              "persistence": 0.8}}})
    s = prevsim.Scenario.from_dict(data)
    cohort = prevsim.simulate(s, draws=64, seed=3)
    micro = prevsim.microsimulate(s, draws=64, seed=3)
    assert np.array_equal(cohort.inputs.to_numpy(), micro.inputs.to_numpy())
    for name in ("society.npv", "outcome.no_upper_secondary.cases_averted", "municipality.pv_benefits"):
        diff = micro.draws[name].to_numpy() - cohort.draws[name].to_numpy()
        assert_within_mcse(diff, 0.0, name)


def test_two_outcome_scenario_agrees_with_the_cohort_model():
    s = prevsim.Scenario.from_dict(two_outcome_data(correlation=[]))
    exact = s.evaluate()
    r = prevsim.microsimulate(s, draws=30, seed=11, at="base")
    for name in METRICS + ("outcome.school.cases_averted", "outcome.crime.cases_averted",
                           "outcome.crime.others.pv_benefits", "outcome.school.cases_averted_discounted"):
        assert_within_mcse(r.draws[name].to_numpy(), float(exact.draws[name].iloc[0]), name)
    # The yearly flows (society benefits) and the payback curve's mean.
    flows_m = r.cashflow()["benefits_mean"].to_numpy()
    flows_c = exact.cashflow()["benefits_mean"].to_numpy()
    assert np.abs(flows_m - flows_c).max() < 0.08 * np.abs(flows_c).max()


def test_an_effect_on_a_factor_is_a_d_probit_effect_of_loading_times_d_on_each_outcome():
    with_factor = two_outcome_data()
    with_factor["interventions"]["programme"]["effects"] = [
        {"factor": "risk", "type": "d", "value": -0.3, "trajectory": {"decay": "exponential", "duration": 2,
                                                                     "half_life": 5}}]
    explicit = copy.deepcopy(with_factor)
    explicit["interventions"]["programme"]["effects"] = [
        {"outcome": o, "type": "d_probit", "value": -0.3 * lam,
         "trajectory": {"decay": "exponential", "duration": 2, "half_life": 5}}
        for o, lam in (("school", 0.7), ("crime", 0.6))]
    a = prevsim.Scenario.from_dict(with_factor).evaluate().draws
    b = prevsim.Scenario.from_dict(explicit).evaluate().draws
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, equal_nan=True)
    # And the microsimulation of the factor effect agrees with it.
    s = prevsim.Scenario.from_dict(with_factor)
    r = prevsim.microsimulate(s, draws=30, seed=2, at="base")
    for name in ("outcome.school.cases_averted", "outcome.crime.cases_averted", "society.npv"):
        assert_within_mcse(r.draws[name].to_numpy(), float(a[name].iloc[0]), name)


def test_joint_prevalence_is_the_bivariate_normal_cdf():
    """Two states loading 0.8 and 0.6 on one factor: Corr(L1, L2) = 0.48 and
    P(both) = Φ₂(Φ⁻¹(b1), Φ⁻¹(b2); 0.48) > b1·b2."""
    data = two_outcome_data(individuals=100_000, history_individuals=100_000)
    data["outcomes"]["crime"] = {"type": "state", "baseline": [{"ages": [16, 39], "value": 0.25}],
                                 "costs": [{"payer": "others", "kind": "resource", "amount": 1, "price_year": 2023}]}
    data["cohort"]["subgroups"] = {"all": {"share": 1.0, "sex": "female"}}
    data["cohort"]["entry_years"] = [2025]
    data["interventions"]["programme"]["reach"] = 0.5
    data["interventions"]["programme"]["effects"] = [{"outcome": "school", "type": "d_probit", "value": -0.2}]
    data["microsimulation"]["outcomes"] = {"school": {"loadings": {"risk": 0.8}, "persistence": 0.9},
                                           "crime": {"loadings": {"risk": 0.6}, "persistence": 0.0}}
    s = prevsim.Scenario.from_dict(data)
    r = prevsim.microsimulate(s, draws=1, seed=8, at="base")
    h = r.histories
    year = h[h["tau"] == 6]  # age 18: both outcomes present in their bands
    n = len(year)
    assert n == 100_000
    a, b = year["school.without"].to_numpy(), year["crime.without"].to_numpy()
    b1, b2 = 0.15, 0.25
    joint = multivariate_normal(mean=[0, 0], cov=[[1, 0.48], [0.48, 1]]).cdf([norm.ppf(b1), norm.ppf(b2)])
    assert joint > 1.3 * b1 * b2
    for observed, p in ((a.mean(), b1), (b.mean(), b2), ((a * b).mean(), joint)):
        assert abs(observed - p) <= 3 * np.sqrt(p * (1 - p) / n), (observed, p)
    # The participants (reach 0.5, d = −0.2): Φ(Φ⁻¹(0.15) − 0.2) among them.
    took_part = year["participation"].to_numpy() == 1
    assert abs(took_part.mean() - 0.5) <= 1 / n + 1e-12  # stratified participation
    with_arm = year["school.with"].to_numpy()[took_part]
    p1 = norm.cdf(norm.ppf(b1) - 0.2)
    assert abs(with_arm.mean() - p1) <= 3 * np.sqrt(p1 * (1 - p1) / took_part.sum())


def test_bit_identical_for_1_and_2_threads_and_any_chunk():
    s = prevsim.Scenario.from_dict(two_outcome_data(individuals=1500, history_individuals=3))
    one = prevsim.microsimulate(s, draws=300, seed=4, threads=1, chunk=256)
    two = prevsim.microsimulate(s, draws=300, seed=4, threads=2, chunk=512)
    assert one.draws.equals(two.draws)
    assert one.distribution.equals(two.distribution)
    assert np.array_equal(one._mean_flows, two._mean_flows)
    assert np.array_equal(one._paths, two._paths)
    assert one.histories.equals(two.histories)
    other = prevsim.microsimulate(s, draws=300, seed=5, threads=2)
    assert not one.draws.equals(other.draws)


@pytest.mark.parametrize("residual", ["ar1", "renewal"])
@pytest.mark.parametrize("excess", [1.0, 2.5])
def test_recording_histories_changes_no_result(residual, excess):
    # Histories are read from the liabilities the simulation draws anyway; the
    # sums must not depend on them (nor on excess mortality's separate path).
    data = two_outcome_data(individuals=1500, residual=residual)
    data["outcomes"]["school"]["excess_mortality"] = excess
    plain = prevsim.microsimulate(prevsim.Scenario.from_dict(data), draws=40, seed=8)
    data["microsimulation"]["history_individuals"] = 25
    recorded = prevsim.microsimulate(prevsim.Scenario.from_dict(data), draws=40, seed=8)
    assert plain.draws.equals(recorded.draws)
    assert plain.distribution.equals(recorded.distribution)
    assert np.array_equal(plain._paths, recorded._paths)
    assert len(recorded.histories) == 25 * 2 * (40 - 12)  # individuals × subgroups × years (one cohort class)


def test_inner_loop_size_and_seed_are_recorded():
    s = prevsim.Scenario.from_dict(two_outcome_data())
    r = prevsim.microsimulate(s, draws=3, seed=77, individuals=1234)
    assert (r.engine, r.individuals, r.seed, r.residual) == ("microsimulation", 1234, 77, "ar1")
    assert r.microsimulation["individuals"] == 1234 and r.microsimulation["seed"] == 77
    assert r.microsimulation["individual_years_per_draw"] == 1234 * 28 * 2  # 1 class × 2 subgroups × 28 years
    assert "1234 individuals per cell" in r.method and "1234 individuals" in repr(r)
    assert s.facts["microsimulation"]["individuals"] == 4000  # the file's default
    assert isinstance(r, prevsim.Results)


def test_results_tables_and_distribution():
    s = prevsim.Scenario.from_dict(two_outcome_data(individuals=2000))
    r = prevsim.microsimulate(s, draws=20, seed=6)
    # Every Results table works unchanged.
    assert list(r.summary().index) == ["municipality", "public_sector", "society"]
    assert list(r.by_payer().index) == list(prevsim.scenario.PAYERS)
    assert list(r.by_outcome().index) == ["school", "crime"]
    assert len(r.cashflow()) == s.facts["horizon"]
    # Subgroups add up to the whole; quintiles too.
    sub = r.by_subgroup()
    assert sub["npv_mean"].sum() == pytest.approx(r.summary().loc["society", "npv_mean"], rel=1e-9)
    assert sub.loc["exposed", "members_mean"] == pytest.approx(2000 * 0.3)
    q = r.by_risk_quintile()
    assert q["school_cases_averted_mean"].sum() == pytest.approx(r.by_outcome().loc["school", "cases_averted_mean"], rel=1e-9)
    # Outcomes load on the risk index: the top fifth has most cases and most benefit.
    assert q["school_cases_without_mean"].is_monotonic_increasing
    assert r.distribution["top_quintile.benefit_share"].mean() > 0.3
    ci = r.concentration()
    assert (ci["without_mean"] > 0.2).all()


def test_refuses_links_with_a_clear_error():
    data = two_outcome_data()
    data["links"] = [{"from": "school", "to": "crime", "relative_risk": 2.0}]
    data["scenario"]["double_counting"] = "sum"
    s = prevsim.Scenario.from_dict(data, name="linked.toml")
    with pytest.raises(ScenarioError, match=r"links: .*has 1 link\(s\) between outcomes, but the "
                                            r"microsimulation has no links: shared latent factors replace them"):
        prevsim.microsimulate(s, draws=1, seed=1)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["microsimulation"].update(indivduals=5),
     r"microsimulation\.indivduals: unknown key \(did you mean 'individuals'\?\)"),
    (lambda d: d["microsimulation"]["outcomes"]["school"]["loadings"].update(risk=1.2),
     r"microsimulation\.outcomes\.school\.loadings\.risk: is 1\.2, but must be within \[-1, 1\]"),
    (lambda d: d["microsimulation"].update(factors={"risk": {}, "peers": {}}, correlation=[["risk", "peers", 0.9]],
                                           outcomes={"school": {"loadings": {"risk": 0.7, "peers": 0.7}}}),
     r"microsimulation\.outcomes\.school\.loadings: explain a variance λᵀRλ = 1\.862 of the liability in "
     r"subgroup 'exposed', but at most 1"),
    (lambda d: d["microsimulation"].update(factors={"a": {}, "b": {}, "c": {}},
                                           correlation=[["a", "b", 0.9], ["b", "c", 0.9], ["a", "c", -0.9]],
                                           outcomes={}),
     r"microsimulation\.correlation: gives a factor correlation matrix that is not positive definite"),
    (lambda d: d["microsimulation"]["outcomes"]["school"].update(persistence=1.5),
     r"microsimulation\.outcomes\.school\.persistence: is 1\.5, but must be within \[0, 1\]"),
    (lambda d: d["microsimulation"].update(residual="markov"),
     r"microsimulation\.residual: is 'markov', but must be one of ar1, renewal"),
    (lambda d: d["interventions"]["programme"]["effects"].append({"factor": "risc", "type": "d", "value": -0.1}),
     r"interventions\.programme\.effects\[3\]\.factor: unknown factor 'risc' \(did you mean 'risk'\?\)"),
    (lambda d: d["interventions"]["programme"]["effects"].append({"factor": "risk", "type": "odds_ratio", "value": 0.8}),
     r"interventions\.programme\.effects\[3\]\.type: is 'odds_ratio', but must be one of d"),
    (lambda d: d["interventions"]["programme"]["effects"].append({"factor": "risk", "outcome": "school", "type": "d",
                                                                  "value": -0.1}),
     r"interventions\.programme\.effects\[3\]\.outcome: unknown key"),
    (lambda d: d["microsimulation"]["outcomes"].update(scool={}),
     r"microsimulation\.outcomes\.scool: unknown outcome 'scool' \(did you mean 'school'\?\)"),
])
def test_errors_name_the_key_the_value_and_the_expectation(change, message):
    data = two_outcome_data()
    change(data)
    with pytest.raises(ScenarioError, match=message):
        prevsim.Scenario.from_dict(data)


def test_keyword_errors():
    s = prevsim.Scenario.from_dict(two_outcome_data())
    with pytest.raises(ValueError, match=r"individuals is 0, but must be a whole number within \[1, 2\*\*40\]"):
        prevsim.microsimulate(s, draws=1, seed=1, individuals=0)
    with pytest.raises(ValueError, match=r"chunk is 100, but must be a positive multiple of 256"):
        prevsim.microsimulate(s, draws=1, seed=1, chunk=100)
    with pytest.raises(ValueError, match=r"at is 'median', but must be None"):
        prevsim.microsimulate(s, draws=1, seed=1, at="median")


def test_the_example_scenario_runs_in_both_engines():
    s = prevsim.load_scenario(EXAMPLE)
    assert s.facts["microsimulation"]["factors"] == ["school_family", "peers"]
    r = prevsim.microsimulate(s, draws=4, seed=1, individuals=500)
    c = prevsim.simulate(s, draws=4, seed=1)
    assert list(r.draws.columns) == list(c.draws.columns)
    assert r.by_subgroup().shape[0] == 2


def test_module_example_runs():
    import doctest

    import prevsim.microsimulation as module
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
