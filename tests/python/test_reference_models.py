"""Reference (oracle) models reproduce their published results.

These tests check the independent NumPy implementations in
``tests/python/reference_models/`` -- and the PSA baseline in
``benchmarks/numpy_sick_sicker.py`` -- against the numbers printed in the
source publications, to the precision printed.  Sources, conventions and the
published tables are documented in ``tests/python/reference_models/README.md``.
None of this uses prevsim; it validates the oracles the cohort engine will be
tested against.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
REF_DIR = HERE / "reference_models"
BENCH = HERE.parent.parent / "benchmarks" / "numpy_sick_sicker.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ti = _load(REF_DIR / "sick_sicker_time_indep.py", "ref_sick_sicker_time_indep")
td = _load(REF_DIR / "sick_sicker_time_dep.py", "ref_sick_sicker_time_dep")
hiv = _load(REF_DIR / "hiv_chancellor.py", "ref_hiv_chancellor")
cea = _load(REF_DIR / "cea.py", "ref_cea")
bench = _load(BENCH, "bench_numpy_sick_sicker")


# --------------------------------------------------------------------------
# Published tables (see README.md for where each number was found)
# --------------------------------------------------------------------------

published = _load(REF_DIR / "published.py", "ref_published")
PUB_TIME_INDEP, PUB_TIME_INDEP_ICER, PUB_TIME_INDEP_TRACE = (
    published.PUB_TIME_INDEP, published.PUB_TIME_INDEP_ICER, published.PUB_TIME_INDEP_TRACE)
PUB_TIME_DEP, PUB_TIME_DEP_ICER, PUB_TIME_DEP_P_AGE25 = (
    published.PUB_TIME_DEP, published.PUB_TIME_DEP_ICER, published.PUB_TIME_DEP_P_AGE25)
PUB_HIV_P_MONO, PUB_HIV_P_COMB, PUB_HIV, PUB_HIV_ICER = (
    published.PUB_HIV_P_MONO, published.PUB_HIV_P_COMB, published.PUB_HIV, published.PUB_HIV_ICER)
# (value, decimals published) -> value
PUB_HIV_LY_HALF_CYCLE = {k: v for k, (v, _) in published.PUB_HIV_LY_HALF_CYCLE.items()}


def _check_table(res, pub, pub_icer, cost_key="cost", eff_key="qaly", eff_dp=3):
    for s, (c, e) in pub.items():
        assert round(res[s][cost_key]) == c, (s, res[s][cost_key])
        assert round(res[s][eff_key], eff_dp) == pytest.approx(e, abs=1e-9), (s, res[s][eff_key])
    rows = cea.calculate_icers({s: r[cost_key] for s, r in res.items()},
                               {s: r[eff_key] for s, r in res.items()})
    assert [r["strategy"] for r in rows] == [p[0] for p in pub_icer]
    for row, (_, dc, de, icer, status) in zip(rows, pub_icer):
        assert row["status"] == status
        if dc is None:
            assert row["icer"] is None
            continue
        assert round(row["inc_cost"]) == dc
        assert round(row["inc_effect"], 3) == pytest.approx(de, abs=1e-9)
        assert round(row["icer"]) == icer


# --------------------------------------------------------------------------
# DARTH time-independent Sick-Sicker
# --------------------------------------------------------------------------

def test_darth_wcc_weights_are_the_darthtools_vector():
    w = ti.darth_wcc(75)
    assert w.shape == (76,)
    np.testing.assert_allclose(w[:5], [1 / 3, 2 / 3, 4 / 3, 2 / 3, 4 / 3])
    assert w[-1] == pytest.approx(1 / 3) and w[-2] == pytest.approx(4 / 3)
    assert w.sum() == pytest.approx(224 / 3)   # not 75: see README


def test_time_indep_trace_first_six_cycles():
    M = ti.cohort_trace("SoC")
    np.testing.assert_array_equal(np.round(M[:6], 3), PUB_TIME_INDEP_TRACE)
    np.testing.assert_allclose(M.sum(axis=1), 1.0, atol=1e-12)


def test_time_indep_published_cea_table():
    _check_table(ti.deterministic(), PUB_TIME_INDEP, PUB_TIME_INDEP_ICER)


@pytest.mark.parametrize("method", ["half-cycle", "none"])
def test_time_indep_other_wcc_do_not_reproduce_published(method):
    res = ti.deterministic(wcc=method)
    assert round(res["SoC"]["cost"]) != PUB_TIME_INDEP["SoC"][0]


def test_time_indep_textbook_simpson_does_not_reproduce_published():
    # Textbook composite Simpson (4/3 on odd rows) instead of DARTH's vector.
    inp = dict(ti.INPUTS)
    n = 75
    t = np.arange(n + 1)
    w = np.where(t % 2 == 1, 4 / 3, 2 / 3)
    w[0] = w[-1] = 1 / 3
    M = ti.cohort_trace("SoC")
    _, c = ti.state_rewards(inp)
    cost = (M @ c["SoC"]) @ (w / 1.03 ** t)
    assert round(cost) == 152_092 != PUB_TIME_INDEP["SoC"][0]


# --------------------------------------------------------------------------
# DARTH time-dependent Sick-Sicker
# --------------------------------------------------------------------------

def test_time_dep_life_table_as_used():
    mx = np.asarray(td.MX_USA_2015_AGE25_TO_100)
    assert mx.shape == (76,)                       # ages 25..100
    assert mx[0] == 0.001014 and mx[-2] == 0.339149 and mx[-1] == 0.367247
    np.testing.assert_array_equal(mx[:75], bench.MX_AGE_25_TO_99)


def test_time_dep_transition_matrix_age_25():
    P = td.transition_arrays()["SoC"][0]
    np.testing.assert_allclose(P, PUB_TIME_DEP_P_AGE25, rtol=5e-7, atol=5e-10)


def test_time_dep_published_cea_table():
    _check_table(td.deterministic(), PUB_TIME_DEP, PUB_TIME_DEP_ICER)


def test_tunnels_with_exponential_hazard_collapse_to_time_dep_model():
    # Weibull shape 1, scale = r_S1S2: the tunnel rate is constant, so the
    # 78-state tunnel model must give exactly the 4-state model's results.
    inp = {"r_S1S2_shape": 1.0, "r_S1S2_scale": td.INPUTS["r_S1S2"]}
    tun = td.deterministic_tunnels(inp)
    ref = td.deterministic()
    for s in td.STRATEGIES:
        for k in ("cost", "qaly", "life_expectancy"):
            assert tun[s][k] == pytest.approx(ref[s][k], rel=1e-12)


def test_tunnel_model_regression_values():
    # NOT published: values of this oracle (see README) pinned against drift.
    res = td.deterministic_tunnels()
    pinned = {"SoC": (103_112.08, 20.0048), "A": (198_058.15, 20.8818),
              "B": (186_262.23, 21.1036), "AB": (274_408.03, 22.0977)}
    for s, (c, q) in pinned.items():
        assert res[s]["cost"] == pytest.approx(c, abs=0.01)
        assert res[s]["qaly"] == pytest.approx(q, abs=1e-4)
    for P in td.tunnel_transition_arrays().values():
        np.testing.assert_allclose(P.sum(axis=2), 1.0, atol=1e-12)
        assert P.min() >= 0.0


# --------------------------------------------------------------------------
# Chancellor 1997 / Briggs et al. 2006 HIV model
# --------------------------------------------------------------------------

def test_hiv_transition_matrices_table_2_2():
    Ps = hiv.transition_matrices()
    np.testing.assert_array_equal(np.round(Ps["mono"], 3), PUB_HIV_P_MONO)
    np.testing.assert_array_equal(np.round(Ps["comb"], 3), PUB_HIV_P_COMB)


def test_hiv_published_results():
    res = hiv.deterministic()
    for s, (c, ly) in PUB_HIV.items():
        assert round(res[s]["cost"]) == c
        assert round(res[s]["ly"], 3) == pytest.approx(ly, abs=1e-9)
    icer = (res["comb"]["cost"] - res["mono"]["cost"]) / (res["comb"]["ly"] - res["mono"]["ly"])
    assert round(icer) == PUB_HIV_ICER


def test_hiv_half_cycle_life_years():
    res = hiv.deterministic(half_cycle_ly=True)
    assert round(res["mono"]["ly"], 3) == pytest.approx(PUB_HIV_LY_HALF_CYCLE["mono"])
    assert round(res["comb"]["ly"], 2) == pytest.approx(PUB_HIV_LY_HALF_CYCLE["comb"])
    assert round(res["mono"]["cost"]) == PUB_HIV["mono"][0]   # costs not corrected


# --------------------------------------------------------------------------
# NumPy PSA baseline (benchmarks/numpy_sick_sicker.py)
# --------------------------------------------------------------------------

@pytest.mark.parametrize("variant,pub", [("age_dependent", PUB_TIME_DEP),
                                         ("time_independent", PUB_TIME_INDEP)])
def test_benchmark_base_case_reproduces_published(variant, pub):
    cost, qaly = bench.evaluate(bench.BASE_CASE, variant)
    assert cost.shape == qaly.shape == (1, 4)
    for j, s in enumerate(bench.STRATEGIES):
        assert round(cost[0, j]) == pub[s][0]
        assert round(qaly[0, j], 3) == pytest.approx(pub[s][1], abs=1e-9)


@pytest.mark.parametrize("variant", bench.VARIANTS)
def test_benchmark_matches_reference_model_draw_by_draw(variant):
    out = bench.run_psa(6, seed=11, variant=variant)
    ref_model = td if variant == "age_dependent" else ti
    for i in range(6):
        inputs = {k: float(v[i]) for k, v in out["params"].items()}
        ref = ref_model.deterministic(inputs)
        for j, s in enumerate(bench.STRATEGIES):
            assert out["cost"][i, j] == pytest.approx(ref[s]["cost"], rel=1e-11)
            assert out["qaly"][i, j] == pytest.approx(ref[s]["qaly"], rel=1e-11)


def test_benchmark_run_psa_contract():
    a = bench.run_psa(500, seed=3)
    b = bench.run_psa(500, seed=3)
    assert a["strategies"] == ("SoC", "A", "B", "AB")
    assert a["cost"].shape == a["qaly"].shape == (500, 4)
    np.testing.assert_array_equal(a["cost"], b["cost"])
    assert len(a["params"]) == 18
    assert len(bench.run_psa(10, seed=3, variant="time_independent")["params"]) == 16
    assert np.isfinite(a["cost"]).all() and np.isfinite(a["qaly"]).all()


def test_benchmark_psa_means_time_independent_match_prior_measurement():
    out = bench.run_psa(20_000, seed=2024, variant="time_independent")
    for j, s in enumerate(bench.STRATEGIES):
        prior_c, prior_q = bench.PRIOR_TIME_INDEPENDENT_MEANS[s]
        assert out["cost"][:, j].mean() == pytest.approx(prior_c, rel=5e-3)
        assert out["qaly"][:, j].mean() == pytest.approx(prior_q, abs=0.03)
