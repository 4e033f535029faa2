"""Published cohort models rebuilt with ``prevsim.CohortModel`` reproduce their
published results, and prevsim's PSA agrees draw by draw with the independent
NumPy implementations in ``tests/python/reference_models/`` (and the NumPy PSA
baseline ``benchmarks/numpy_sick_sicker.py``) on the same parameter values.

Sources of every published number (details, and where each was found, in
``tests/python/reference_models/README.md``):

* DARTH time-independent Sick-Sicker: Alarid-Escudero F, Krijkamp EM, Enns EA,
  Yang A, Hunink MGM, Pechlivanoglou P, Jalal H. An Introductory Tutorial on
  Cohort State-Transition Models in R Using a Cost-Effectiveness Analysis
  Example. Med Decis Making 2023;43(1):3-20. doi:10.1177/0272989X221103163.
  Manuscript source DARTH-git/cohort-modeling-tutorial-intro,
  manuscript/cSTM_Tutorial_Intro.tex: tables tab:Trace, tab:table-cea.
* DARTH time-dependent Sick-Sicker: Alarid-Escudero F et al. A Tutorial on
  Time-Dependent Cohort State-Transition Models in R Using a Cost-Effectiveness
  Analysis Example. Med Decis Making 2023;43(1):21-41 (arXiv:2108.13552).
  Manuscript source DARTH-git/cohort-modeling-tutorial-timedep,
  manuscript/cSTM_Tutorial_TimeDep.tex: a_P_SoC[, , 1] and tab:table-cea.
* HIV: Chancellor JV et al. PharmacoEconomics 1997;12(1):54-66, as worked in
  Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic
  Evaluation. OUP 2006, ch. 2: Table 2.2 and Exercise 2.5 (transcribed in
  ajsims1704/rdecision tests/testthat/test-model-AZT.R, pierucci/heemod
  vignettes/i-reproduction.Rmd, dan-wagner/DMHEE_HIV).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import prevsim

HERE = Path(__file__).resolve().parent
REF_DIR = HERE / "reference_models"
BENCH = HERE.parent.parent / "benchmarks" / "numpy_sick_sicker.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ti = _load(REF_DIR / "sick_sicker_time_indep.py", "pub_ref_sick_sicker_time_indep")
td = _load(REF_DIR / "sick_sicker_time_dep.py", "pub_ref_sick_sicker_time_dep")
hiv = _load(REF_DIR / "hiv_chancellor.py", "pub_ref_hiv_chancellor")
cea = _load(REF_DIR / "cea.py", "pub_ref_cea")
bench = _load(BENCH, "pub_bench_numpy_sick_sicker")

STRATEGIES = ["SoC", "A", "B", "AB"]

# ----------------------------------------------------------------------------
# Published numbers
# ----------------------------------------------------------------------------

published = _load(REF_DIR / "published.py", "pub_published")
PUB_TIME_INDEP, PUB_TIME_INDEP_ICER, PUB_TIME_INDEP_TRACE = (
    published.PUB_TIME_INDEP, published.PUB_TIME_INDEP_ICER, published.PUB_TIME_INDEP_TRACE)
PUB_TIME_DEP, PUB_TIME_DEP_ICER, PUB_TIME_DEP_P_AGE25 = (
    published.PUB_TIME_DEP, published.PUB_TIME_DEP_ICER, published.PUB_TIME_DEP_P_AGE25)
PUB_HIV_P_MONO, PUB_HIV_P_COMB, PUB_HIV, PUB_HIV_ICER, PUB_HIV_LY_HALF_CYCLE = (
    published.PUB_HIV_P_MONO, published.PUB_HIV_P_COMB, published.PUB_HIV,
    published.PUB_HIV_ICER, published.PUB_HIV_LY_HALF_CYCLE)


def _check_table(costs: dict, effects: dict, pub: dict, pub_icer: list) -> None:
    """Costs to the unit, effects to 3 dp, and the incremental analysis (the
    reference cea module's arithmetic on prevsim's totals) as printed."""
    for s, (c, e) in pub.items():
        assert round(costs[s]) == c, (s, costs[s])
        assert round(effects[s], 3) == pytest.approx(e, abs=1e-9), (s, effects[s])
    rows = cea.calculate_icers(costs, effects)
    assert [r["strategy"] for r in rows] == [p[0] for p in pub_icer]
    for row, (_, dc, de, icer, status) in zip(rows, pub_icer):
        assert row["status"] == status
        if dc is None:
            continue
        assert round(row["inc_cost"]) == dc
        assert round(row["inc_effect"], 3) == pytest.approx(de, abs=1e-9)
        assert round(row["icer"]) == icer


# ----------------------------------------------------------------------------
# DARTH Sick-Sicker, time-independent and time-dependent
# ----------------------------------------------------------------------------

# Base case (Table 1 of both papers; the R scripts analysis/cSTM_time_indep.R and
# analysis/cSTM_time_dep_simulation.R). c_D = u_D = 0 need no value.
DARTH_BASE = {
    "r_HD": 0.002, "r_HS1": 0.15, "r_S1H": 0.5, "r_S1S2": 0.105,
    "hr_S1": 3.0, "hr_S2": 10.0, "hr_S1S2_trtB": 0.6,
    "c_H": 2000.0, "c_S1": 4000.0, "c_S2": 15000.0, "c_trtA": 12000.0, "c_trtB": 13000.0,
    "u_H": 1.0, "u_S1": 0.75, "u_S2": 0.5, "u_trtA": 0.95,
    "du_HS1": 0.01, "ic_HS1": 1000.0, "ic_D": 2000.0,
}
TIME_DEP_ONLY = ("du_HS1", "ic_HS1", "ic_D")


def darth_distributions(time_dependent: bool) -> dict:
    """The PSA distributions of DARTH's generate_psa_params (README §1, §2)."""
    d = {
        "r_HD": prevsim.Gamma(20.0, 1 / 10000.0),       # gamma(shape 20, rate 10000)
        "r_HS1": prevsim.Gamma(30.0, 1 / 200.0),
        "r_S1H": prevsim.Gamma(60.0, 1 / 120.0),
        "r_S1S2": prevsim.Gamma(84.0, 1 / 800.0),
        "hr_S1": prevsim.LogNormal(np.log(3.0), 0.01),
        "hr_S2": prevsim.LogNormal(np.log(10.0), 0.02),
        "hr_S1S2_trtB": prevsim.LogNormal(np.log(0.6), 0.02),
        "c_H": prevsim.Gamma(100.0, 20.0),              # gamma(shape, scale)
        "c_S1": prevsim.Gamma(177.8, 22.5),
        "c_S2": prevsim.Gamma(225.0, 66.7),
        "c_trtA": prevsim.Gamma(73.5, 163.3),
        "c_trtB": prevsim.Gamma(86.2, 150.8),
        "u_H": prevsim.Beta(200.0, 3.0),
        "u_S1": prevsim.Beta(130.0, 45.0),
        "u_S2": prevsim.Beta(230.0, 230.0),
        "u_trtA": prevsim.Beta(300.0, 15.0),
        "du_HS1": prevsim.Beta(11.0, 1088.0),
        "ic_HS1": prevsim.Gamma(25.0, 40.0),
        "ic_D": prevsim.Gamma(100.0, 20.0),
    }
    if time_dependent:
        del d["r_HD"]
    else:
        for k in TIME_DEP_ONLY:
            del d[k]
    return d


def darth_parameters(time_dependent: bool, *, uncertain: bool) -> prevsim.ParameterSet:
    ps = prevsim.ParameterSet()
    for name, dist in darth_distributions(time_dependent).items():
        ps.add(name, dist if uncertain else prevsim.Fixed(DARTH_BASE[name]))
    return ps


def darth_model(ps: prevsim.ParameterSet, *, time_dependent: bool,
                extra_starts: bool = False, counting: str = "darth") -> prevsim.CohortModel:
    """The Sick-Sicker model of either tutorial, written with the builder.

    75 annual cycles from age 25; DARTH's within-cycle weights (counting
    "darth", which requires discount timing "start": row t at t years); 3 %
    for costs and QALYs. Alive-state transitions are conditional on surviving.
    With ``extra_starts`` three more strategies start everyone in H, S1 or S2,
    so that trace row 1 is that row of the SoC matrix.
    """
    m = prevsim.CohortModel(states=["H", "S1", "S2", "D"], cycles=75, counting=counting,
                            discount_timing="start", discount_costs=0.03,
                            discount_effects=0.03, parameters=ps, start_age=25)
    if time_dependent:
        # US 2015 all-cause mortality rates by single year of age 25..100 (the
        # tutorial's data/LifeTable_USA_Mx_2015.csv, column Total): mort(age).
        ages = np.arange(25, 101)
        m.table("mort", ages, td.MX_USA_2015_AGE25_TO_100)
        background = "mort(age)"
    else:
        background = "r_HD"
    m.reward("cost", kind="cost")
    m.reward("qaly", kind="effect")
    m.derive(p_HD=f"rate_to_prob({background})",
             p_S1D=f"rate_to_prob({background} * hr_S1)",
             p_S2D=f"rate_to_prob({background} * hr_S2)",
             p_HS1="rate_to_prob(r_HS1)",
             p_S1H="rate_to_prob(r_S1H)",
             p_S1S2="rate_to_prob(r_S1S2)",
             p_S1S2_trtB="rate_to_prob(r_S1S2 * hr_S1S2_trtB)")
    m.start(H=1)
    m.transitions({
        ("H", "S1"): "(1 - p_HD) * p_HS1", ("H", "D"): "p_HD", ("H", "H"): "C",
        ("S1", "H"): "(1 - p_S1D) * p_S1H", ("S1", "S2"): "(1 - p_S1D) * p_S1S2",
        ("S1", "D"): "p_S1D", ("S1", "S1"): "C",
        ("S2", "D"): "p_S2D", ("S2", "S2"): "C",
        ("D", "D"): 1,
    })
    m.values("cost", H="c_H", S1="c_S1", S2="c_S2")
    m.values("qaly", H="u_H", S1="u_S1", S2="u_S2")
    if time_dependent:
        # One-off transition rewards, in the destination row (DARTH's array A).
        m.on_transition("qaly", "H", "S1", "-du_HS1")
        m.on_transition("cost", "H", "S1", "ic_HS1")
        m.on_transition("cost", "*", "D", "ic_D")
    trt_b = {("S1", "S2"): "(1 - p_S1D) * p_S1S2_trtB"}
    m.strategy("SoC")
    m.strategy("A", values={"cost": {"S1": "c_S1 + c_trtA", "S2": "c_S2 + c_trtA"},
                            "qaly": {"S1": "u_trtA"}})
    m.strategy("B", transitions=trt_b,
               values={"cost": {"S1": "c_S1 + c_trtB", "S2": "c_S2 + c_trtB"}})
    m.strategy("AB", transitions=trt_b,
               values={"cost": {"S1": "c_S1 + c_trtA + c_trtB", "S2": "c_S2 + c_trtA + c_trtB"},
                       "qaly": {"S1": "u_trtA"}})
    if extra_starts:
        for s in ("H", "S1", "S2"):
            m.strategy(f"from {s}", start={s: 1})
    return m


def test_darth_time_independent_published_cea_table():
    m = darth_model(darth_parameters(False, uncertain=False), time_dependent=False)
    table = m.evaluate()
    assert list(table.index) == STRATEGIES
    _check_table(table["cost"].to_dict(), table["qaly"].to_dict(), PUB_TIME_INDEP,
                 PUB_TIME_INDEP_ICER)
    # Beyond the printed digits, prevsim and the NumPy oracle agree.
    ref = ti.deterministic()
    for s in STRATEGIES:
        assert table.loc[s, "cost"] == pytest.approx(ref[s]["cost"], rel=1e-12)
        assert table.loc[s, "qaly"] == pytest.approx(ref[s]["qaly"], rel=1e-12)
        undiscounted = m.evaluate(discounted=False)
        assert undiscounted.loc[s, "cost"] == pytest.approx(ref[s]["cost_undiscounted"], rel=1e-12)


def test_darth_time_independent_published_trace():
    m = darth_model(darth_parameters(False, uncertain=False), time_dependent=False)
    for s in ("SoC", "A"):   # the published table is for SoC and A alike
        trace = m.trace(s).to_numpy()
        np.testing.assert_array_equal(np.round(trace[:6], 3), PUB_TIME_INDEP_TRACE)
        np.testing.assert_allclose(trace.sum(axis=1), 1.0, atol=1e-12)


def test_darth_weights_are_needed_for_the_published_numbers():
    # counting="darth" is not a synonym for "simpson". With true composite
    # Simpson weights (75 intervals, odd: Simpson 1/3 on rows 0..72 and the 3/8
    # rule on rows 72..75), the same model misses the published SoC cost; the
    # value equals those weights applied to the oracle's trace.
    m = darth_model(darth_parameters(False, uncertain=False), time_dependent=False,
                    counting="simpson")
    cost = m.evaluate().loc["SoC", "cost"]
    w = np.zeros(76)
    w[0:71:2] += 1 / 3   # panels (0, 1, 2), ..., (70, 71, 72)
    w[1:72:2] += 4 / 3
    w[2:73:2] += 1 / 3
    w[72:76] += np.array([3, 9, 9, 3]) / 8
    _, c = ti.state_rewards(dict(ti.INPUTS))
    expected = (ti.cohort_trace("SoC") @ c["SoC"]) @ (w / 1.03 ** np.arange(76))
    assert cost == pytest.approx(expected, rel=1e-12)
    assert round(cost) != PUB_TIME_INDEP["SoC"][0]


def test_darth_time_dependent_published_cea_table():
    m = darth_model(darth_parameters(True, uncertain=False), time_dependent=True)
    table = m.evaluate()
    _check_table(table["cost"].to_dict(), table["qaly"].to_dict(), PUB_TIME_DEP,
                 PUB_TIME_DEP_ICER)
    ref = td.deterministic()
    for s in STRATEGIES:
        assert table.loc[s, "cost"] == pytest.approx(ref[s]["cost"], rel=1e-12)
        assert table.loc[s, "qaly"] == pytest.approx(ref[s]["qaly"], rel=1e-12)


def test_darth_time_dependent_published_matrix_at_age_25():
    m = darth_model(darth_parameters(True, uncertain=False), time_dependent=True,
                    extra_starts=True)
    P = np.vstack([m.trace(f"from {s}").to_numpy()[1] for s in ("H", "S1", "S2")])
    np.testing.assert_allclose(P, PUB_TIME_DEP_P_AGE25[:3], rtol=5e-7, atol=5e-10)


# ----------------------------------------------------------------------------
# Chancellor et al. 1997 HIV model (Briggs et al. 2006, ch. 2)
# ----------------------------------------------------------------------------

HIV_COUNTS = {"A": (1251, 350, 116, 17), "B": (731, 512, 15), "C": (1312, 437)}
HIV_COSTS = {  # Briggs Table 2.1 / Chancellor 1997 (GBP per year)
    "dmc_A": 1701.0, "dmc_B": 1774.0, "dmc_C": 6948.0,
    "ccc_A": 1055.0, "ccc_B": 1278.0, "ccc_C": 2059.0,
    "c_zido": 2278.0, "c_lam": 2086.5,
}


def hiv_parameters(*, uncertain: bool) -> prevsim.ParameterSet:
    """Transition probabilities as Dirichlet rows over the observed counts (their
    means are the exact fractions count / row total the book uses); costs and
    the relative risk 0.509 fixed, or (uncertain) gamma costs with the same
    means and a lognormal RR with 95 % interval 0.365-0.710."""
    ps = prevsim.ParameterSet()
    to = {"A": ["A", "B", "C", "D"], "B": ["B", "C", "D"], "C": ["C", "D"]}
    for s, counts in HIV_COUNTS.items():
        ps.add_dirichlet(f"p{s}", to[s], prevsim.Dirichlet([float(c) for c in counts]))
    for name, value in HIV_COSTS.items():
        ps.add(name, prevsim.Gamma.from_mean_se(value, 0.1 * value) if uncertain
               else prevsim.Fixed(value))
    ps.add("rr", prevsim.LogNormal.from_interval(0.365, 0.710) if uncertain
           else prevsim.Fixed(0.509))
    return ps


def hiv_model(ps: prevsim.ParameterSet, *, counting: str = "end",
              extra_starts: bool = False) -> prevsim.CohortModel:
    """20 annual cycles from state A. Counting "end" with discount timing "end"
    is the book's convention: rows 1..20 counted, row t discounted 1/1.06^t.
    Combination therapy: RR on every off-diagonal probability, and the
    lamivudine cost, in the first two cycles; the diagonal is the complement."""
    m = prevsim.CohortModel(states=["A", "B", "C", "D"], cycles=20, counting=counting,
                            discount_timing="end", discount_costs=0.06, discount_effects=0.0,
                            parameters=ps)
    m.reward("cost", kind="cost")
    m.reward("ly", kind="effect")
    m.start(A=1)
    m.transitions({("A", "B"): "pA.B", ("A", "C"): "pA.C", ("A", "D"): "pA.D", ("A", "A"): "C",
                   ("B", "C"): "pB.C", ("B", "D"): "pB.D", ("B", "B"): "C",
                   ("C", "D"): "pC.D", ("C", "C"): "C",
                   ("D", "D"): 1})
    m.values("cost", A="dmc_A + ccc_A + c_zido", B="dmc_B + ccc_B + c_zido",
             C="dmc_C + ccc_C + c_zido")
    m.values("ly", A=1, B=1, C=1)
    m.derive(rr_now="if(cycle < 2, rr, 1)", lam_now="if(cycle < 2, c_lam, 0)")
    comb = {("A", "B"): "pA.B * rr_now", ("A", "C"): "pA.C * rr_now", ("A", "D"): "pA.D * rr_now",
            ("B", "C"): "pB.C * rr_now", ("B", "D"): "pB.D * rr_now",
            ("C", "D"): "pC.D * rr_now"}
    comb_cost = {"A": "dmc_A + ccc_A + c_zido + lam_now", "B": "dmc_B + ccc_B + c_zido + lam_now",
                 "C": "dmc_C + ccc_C + c_zido + lam_now"}
    m.strategy("mono")
    m.strategy("comb", transitions=comb, values={"cost": comb_cost})
    if extra_starts:
        for s in ("B", "C"):
            m.strategy(f"mono from {s}", start={s: 1})
            m.strategy(f"comb from {s}", start={s: 1}, transitions=comb)
    return m


def test_hiv_published_transition_matrices():
    m = hiv_model(hiv_parameters(uncertain=False), extra_starts=True)
    for arm, pub in (("mono", PUB_HIV_P_MONO), ("comb", PUB_HIV_P_COMB)):
        rows = [m.trace(arm).to_numpy()[1]] + \
               [m.trace(f"{arm} from {s}").to_numpy()[1] for s in ("B", "C")]
        np.testing.assert_array_equal(np.round(np.vstack(rows), 3), pub[:3])


def test_hiv_published_costs_life_years_and_icer():
    m = hiv_model(hiv_parameters(uncertain=False))
    table = m.evaluate()
    for arm, (cost, ly) in PUB_HIV.items():
        assert round(table.loc[arm, "cost"]) == cost, (arm, table.loc[arm, "cost"])
        assert round(table.loc[arm, "ly"], 3) == pytest.approx(ly, abs=1e-9), (arm, table.loc[arm, "ly"])
    icer = (table.loc["comb", "cost"] - table.loc["mono", "cost"]) / \
           (table.loc["comb", "ly"] - table.loc["mono", "ly"])
    assert round(icer) == PUB_HIV_ICER
    ref = hiv.deterministic()
    for arm in ("mono", "comb"):
        assert table.loc[arm, "cost"] == pytest.approx(ref[arm]["cost"], rel=1e-12)
        assert table.loc[arm, "ly"] == pytest.approx(ref[arm]["ly"], rel=1e-12)
    undiscounted = m.evaluate(discounted=False)
    assert undiscounted.loc["mono", "cost"] == pytest.approx(ref["mono"]["cost_undiscounted"],
                                                             rel=1e-12)


def test_hiv_published_half_cycle_life_years():
    # Exercise 2.5: the trapezoid over rows 0..20 on life years (the book leaves
    # costs uncorrected, so only the life years of this variant are compared).
    m = hiv_model(hiv_parameters(uncertain=False), counting="half_cycle")
    ly = m.evaluate()["ly"]
    for arm, (value, dp) in PUB_HIV_LY_HALF_CYCLE.items():
        assert round(ly[arm], dp) == pytest.approx(value, abs=1e-9), (arm, ly[arm])
        assert ly[arm] == pytest.approx(hiv.deterministic(half_cycle_ly=True)[arm]["ly"], rel=1e-12)


# ----------------------------------------------------------------------------
# PSA: prevsim's draws against the NumPy implementations on the same values
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("time_dependent", [False, True])
def test_darth_psa_agrees_draw_by_draw_with_numpy(time_dependent):
    variant = "age_dependent" if time_dependent else "time_independent"
    ps = darth_parameters(time_dependent, uncertain=True)
    m = darth_model(ps, time_dependent=time_dependent)
    res = m.simulate(200, seed=20240601, threads=2)
    params = {name: res.parameters[name].to_numpy() for name in res.parameters.columns}
    # The vectorised NumPy baseline, all 200 draws at once.
    cost, qaly = bench.evaluate(params, variant)
    np.testing.assert_allclose(res.costs().to_numpy(), cost, rtol=1e-9)
    np.testing.assert_allclose(res.effects("qaly").to_numpy(), qaly, rtol=1e-9)
    np.testing.assert_allclose(res.costs().mean().to_numpy(), cost.mean(axis=0), rtol=1e-9)
    np.testing.assert_allclose(res.effects("qaly").mean().to_numpy(), qaly.mean(axis=0), rtol=1e-9)
    # The plain reference models, a few draws one at a time.
    ref_model = td if time_dependent else ti
    for draw in (0, 1, 137):
        inputs = {name: float(params[name][draw]) for name in params}
        ref = ref_model.deterministic(inputs)
        for s in STRATEGIES:
            assert res.discounted.loc[draw, (s, "cost")] == pytest.approx(ref[s]["cost"], rel=1e-9)
            assert res.discounted.loc[draw, (s, "qaly")] == pytest.approx(ref[s]["qaly"], rel=1e-9)
            assert res.undiscounted.loc[draw, (s, "qaly")] == pytest.approx(
                ref[s]["qaly_undiscounted"], rel=1e-9)
    # The draws really vary (the comparison is not of 200 copies of the base case).
    assert res.costs()["SoC"].std() > 1000


def test_hiv_psa_agrees_draw_by_draw_with_numpy():
    ps = hiv_parameters(uncertain=True)
    m = hiv_model(ps)
    res = m.simulate(60, seed=11, threads=2)
    p = res.parameters
    draws = (0, 7, 59)
    for draw in draws:
        row = p.loc[draw]
        # The reference takes counts and divides by the row totals: the sampled
        # probabilities (rows summing to 1) serve as counts.
        inputs = {
            "counts": ((row["pA.A"], row["pA.B"], row["pA.C"], row["pA.D"]),
                       (0.0, row["pB.B"], row["pB.C"], row["pB.D"]),
                       (0.0, 0.0, row["pC.C"], row["pC.D"])),
            "rr": row["rr"],
            "dmc": (row["dmc_A"], row["dmc_B"], row["dmc_C"]),
            "ccc": (row["ccc_A"], row["ccc_B"], row["ccc_C"]),
            "c_zidovudine": row["c_zido"],
            "c_lamivudine": row["c_lam"],
        }
        ref = hiv.deterministic(inputs)
        for arm in ("mono", "comb"):
            assert res.discounted.loc[draw, (arm, "cost")] == pytest.approx(ref[arm]["cost"], rel=1e-9)
            assert res.discounted.loc[draw, (arm, "ly")] == pytest.approx(ref[arm]["ly"], rel=1e-9)
    assert res.discounted[("comb", "cost")].std() > 100
