"""Value of information (prevsim.voi): EVPI and regression EVPPI against closed
forms for normal net benefits, monotonicity in groups, the over-fitting
check, prevention and cohort results, population scaling, and errors."""

import doctest
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import prevsim
from prevsim import voi


def normal_evpi(mu, sigma):
    """EVPI of two options whose incremental net benefit D is N(mu, sigma²):
    E[max(0, D)] − max(0, mu) = mu·Φ(mu/σ) + σ·φ(mu/σ) − max(0, mu)
    = σ·φ(mu/σ) − |mu|·Φ(−|mu|/σ) (both signs of mu)."""
    z = abs(mu) / sigma
    phi = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return sigma * phi - abs(mu) * 0.5 * math.erfc(z / math.sqrt(2))


def test_module_example_runs():
    result = doctest.testmod(voi, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_normal_evpi_formula_by_hand():
    # mu = 0: σ·φ(0) = σ/√(2π). mu = σ: σ(φ(1) − Φ(−1)) = σ(0.2419707 − 0.1586553).
    assert normal_evpi(0.0, 2.0) == pytest.approx(2.0 / math.sqrt(2 * math.pi), rel=1e-15)
    assert normal_evpi(3.0, 3.0) == pytest.approx(3.0 * (0.24197072451914337 - 0.15865525393145707), rel=1e-12)
    assert normal_evpi(-3.0, 3.0) == normal_evpi(3.0, 3.0)


@pytest.mark.parametrize("mu", [-400.0, 0.0, 250.0])
def test_evpi_of_a_normal_net_benefit(mu):
    rng = np.random.default_rng(42)
    n = 200_000
    x = pd.DataFrame({"x": rng.normal(size=n)})
    inb = mu + 600.0 * rng.normal(size=n)
    t = voi.evppi_from_draws(inb, x)
    # 4 Monte Carlo standard errors of mean(max(0, D) − D·[act]) at 2·10^5 draws is
    # below 1.5 % of EVPI for |mu|/σ <= 2/3.
    assert t.attrs["evpi"] == pytest.approx(normal_evpi(mu, 600.0), rel=0.015)
    # The same figure as prevsim.evpi on the same draws (EVPI does not use the inputs).
    costs = np.column_stack([np.zeros(n), -inb])
    assert t.attrs["evpi"] == pytest.approx(prevsim.evpi(costs, np.zeros((n, 2)), 0.0).iloc[0], rel=1e-12)
    assert t.loc["x", "evppi"] < 0.01 * t.attrs["evpi"]


@pytest.mark.parametrize("a", [150.0, -100.0])
def test_evppi_of_a_linear_model_equals_the_evpi_of_its_conditional_mean(a):
    # INB = a + b·X + ε, X ~ N(2, 0.5²) (not standardised), ε ~ N(0, 400²):
    # E[INB | X] = a + b·(X − 2)... here a + b·X with mean a + 2b; use c = a − 2b
    # so that E[INB | X] ~ N(a, b²·0.25): EVPPI(X) = normal_evpi(a, 0.5·|b|).
    rng = np.random.default_rng(7)
    n = 100_000
    b = -600.0
    x = rng.normal(2.0, 0.5, size=n)
    other = rng.gamma(2.0, 1.0, size=n)
    inb = (a - 2 * b) + b * x + 400.0 * rng.normal(size=n)
    inputs = pd.DataFrame({"x": x, "other": other})
    t = voi.evppi_from_draws(inb, inputs, ["x", "other", ["x", "other"]])
    # Tolerance 5 %: about 4 Monte Carlo standard errors at 10^5 draws (docs/sensitivity.md §7).
    assert t.loc["x", "evppi"] == pytest.approx(normal_evpi(a, 300.0), rel=0.05)
    assert t.loc["x + other", "evppi"] == pytest.approx(normal_evpi(a, 300.0), rel=0.05)
    assert t.attrs["evpi"] == pytest.approx(normal_evpi(a, 500.0), rel=0.05)
    assert t.loc["other", "evppi"] < 0.02 * t.attrs["evpi"]
    assert (t["check"] == "ok").all()
    # R² = 300²/(300² + 400²) = 0.36, in sample and out of fold.
    assert t.loc["x", "r_squared"] == pytest.approx(0.36, rel=0.03)
    assert t.loc["x", "r_squared_cv"] == pytest.approx(0.36, rel=0.03)


def test_evppi_never_exceeds_evpi_and_never_falls_when_inputs_are_added():
    # Few draws and inputs of little relevance: raw regression estimates are
    # noisy; the reported values must still be monotone and at most EVPI.
    nested = ["a", ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"]]
    for seed in range(12):
        rng = np.random.default_rng(seed)
        n = 400
        inputs = pd.DataFrame(rng.normal(size=(n, 4)), columns=list("abcd"))
        inb = 30.0 + 20.0 * inputs["a"] * inputs["b"] + 100.0 * rng.normal(size=n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", voi.EVPPIFitWarning)
            t = voi.evppi_from_draws(inb.to_numpy(), inputs, nested + ["d", ["c", "d"]],
                                     main_degree=3, interaction_degree=2)
        v = t["evppi"].to_numpy()
        assert (v <= t.attrs["evpi"]).all() and (v >= 0).all()
        assert v[0] <= v[1] <= v[2] <= v[3]
        assert t.loc["d", "evppi"] <= t.loc["c + d", "evppi"] <= v[3]
        # Separate calls agree: a group's value depends on the group only.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", voi.EVPPIFitWarning)
            alone = voi.evppi_from_draws(inb.to_numpy(), inputs, [["b", "a"]], main_degree=3,
                                         interaction_degree=2)
        assert alone["evppi"].iloc[0] == v[1]


def test_overfitting_is_flagged_and_warned():
    rng = np.random.default_rng(3)
    n = 300
    inputs = pd.DataFrame(rng.normal(size=(n, 5)), columns=list("abcde"))
    inb = 10.0 + 100.0 * rng.normal(size=n)
    with pytest.warns(voi.EVPPIFitWarning, match=r"evppi: the regression of a \+ b \+ c \+ d \+ e \(too few draws\) "
                                                 r"fails the over-fitting check \(300 draws\)"):
        t = voi.evppi_from_draws(inb, inputs, ["a", list("abcde")])
    assert t.loc["a", "check"] == "ok"
    # 5 inputs: 1 + 25 + 30 + 10 = 66 columns; 300/66 < 20 draws per parameter.
    assert t.loc["a + b + c + d + e", "parameters"] == 66
    assert t.loc["a + b + c + d + e", "check"] == "too few draws"
    assert t.loc["a + b + c + d + e", "r_squared"] - t.loc["a + b + c + d + e", "r_squared_cv"] > 0.1
    # Enough draws per parameter, but the group's fit does not hold out of
    # sample: R² 0.13 in sample, 0.005 cross-validated. The single input's
    # (R² 0.094 against 0.080) passes.
    rng = np.random.default_rng(4)
    n = 1400
    inputs = pd.DataFrame(rng.normal(size=(n, 5)), columns=list("abcde"))
    inb = 10.0 + 35.0 * inputs["a"] + 100.0 * rng.normal(size=n)
    with pytest.warns(voi.EVPPIFitWarning, match=r"regression of a \+ b \+ c \+ d \+ e \(over-fitted\) fails"):
        t = voi.evppi_from_draws(inb.to_numpy(), inputs, ["a", list("abcde")])
    assert t["check"].tolist() == ["ok", "over-fitted"]
    assert t.loc["a + b + c + d + e", "draws_per_parameter"] > 20


def test_prevention_results(tmp_path):
    s = prevsim.load_scenario(prevsim.scenario_path("prevention/norrtalje.toml"))
    r = prevsim.simulate(s, draws=10_000, seed=3)
    t = voi.evppi(r)
    varying = [n for n in r.inputs.columns if np.ptp(r.inputs[n].to_numpy()) > 0]
    assert list(t.index) == varying
    npv = r.draws["society.npv"].to_numpy()
    # EVPI = E[max(0, NPV)] − max(0, E[NPV]), by hand.
    assert t.attrs["evpi"] == pytest.approx(np.maximum(npv, 0).mean() - max(npv.mean(), 0.0), rel=1e-9)
    assert t.attrs["chosen"] == ("invest" if npv.mean() > 0 else "do nothing")
    assert t["evppi"].idxmax() in ("effect_drug_rr", "effect_crime_rr")
    # Per participant and for a population: 620 people a year for 10 years at 3 %.
    n_eff = voi.population_size(620, 10, 0.03)
    assert n_eff == pytest.approx(620 * (1 - 1.03 ** -10) / (1 - 1 / 1.03), rel=1e-13)
    p = voi.evppi(r, ["effect_drug_rr"], per="participant", population=n_eff)
    per_participant = npv / r.draws["participants"].to_numpy()
    assert p.attrs["evpi"] == pytest.approx(np.maximum(per_participant, 0).mean()
                                            - max(per_participant.mean(), 0.0), rel=1e-9)
    assert p.loc["effect_drug_rr", "evppi_population"] == pytest.approx(p.loc["effect_drug_rr", "evppi"] * n_eff,
                                                                        rel=1e-15)
    assert p.attrs["evpi_population"] == pytest.approx(p.attrs["evpi"] * n_eff, rel=1e-15)
    sv = voi.label_table(p, "sv")
    assert list(sv.columns[:3]) == ["EVPPI", "andel av EVPI", "EVPPI, population"]
    assert sv.index.name == "indata"


def test_cohort_results_match_the_decision_module():
    m = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
    r = m.simulate(4000, seed=2)
    t = voi.evppi(r, ["u_S1", "c_trtA", ["u_S1", "c_trtA"]], wtp=[50_000, 100_000])
    assert list(t["wtp"].unique()) == [50_000.0, 100_000.0]
    evpi = r.evpi([50_000, 100_000])
    for lam in (50_000.0, 100_000.0):
        rows = t[t["wtp"] == lam]
        assert rows["evpi"].iloc[0] == pytest.approx(evpi.loc[lam], rel=1e-9)
        assert (rows["evppi"] <= rows["evpi"]).all()
        assert rows.loc["u_S1", "evppi"] <= rows.loc["u_S1 + c_trtA", "evppi"]
        assert rows.loc["c_trtA", "evppi"] <= rows.loc["u_S1 + c_trtA", "evppi"]
    one = voi.evppi(r, {"utilities": ["u_S1", "u_S2", "u_trtA"]}, wtp=100_000)
    assert list(one.index) == ["utilities"]
    assert one.attrs["wtp"] == 100_000.0


def test_errors():
    rng = np.random.default_rng(1)
    inputs = pd.DataFrame({"effect": rng.normal(size=200), "cost": rng.normal(size=200)})
    inb = rng.normal(size=200)
    with pytest.raises(ValueError, match=r"evppi: 'efect' is not an input of the run \(did you mean 'effect'\?\)"):
        voi.evppi_from_draws(inb, inputs, ["efect"])
    with pytest.raises(ValueError, match="evppi: the group 'g' is empty"):
        voi.evppi_from_draws(inb, inputs, {"g": []})
    with pytest.raises(ValueError, match=r"evppi: groups\[1\] names an input column more than once"):
        voi.evppi_from_draws(inb, inputs, [["cost", "cost"]])
    with pytest.raises(ValueError, match=r"evppi: main_degree is 20, but must be within \[1, 12\]"):
        voi.evppi_from_draws(inb, inputs, main_degree=20)
    with pytest.raises(ValueError, match="evppi: inputs has 200 draws"):
        voi.evppi_from_draws(inb[:100], inputs)
    with pytest.raises(TypeError, match="inputs must be a DataFrame"):
        voi.evppi_from_draws(inb, inputs.to_numpy())
    with pytest.raises(ValueError, match="discounted_population: discount_rate is -0.1, but must be within"):
        voi.population_size(100, 5, -0.1)
    m = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
    r = m.simulate(100, seed=1)
    with pytest.raises(ValueError, match="evppi: cohort results need wtp"):
        voi.evppi(r)
    with pytest.raises(TypeError, match="results must be prevsim.Results or prevsim.CohortResults"):
        voi.evppi(inb)
