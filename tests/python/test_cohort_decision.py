"""CohortResults' decision-analysis views are the prevsim.decision functions
applied to the same per-draw costs and effects."""

import numpy as np
import pandas as pd
import pytest

import prevsim


@pytest.fixture(scope="module")
def results() -> prevsim.CohortResults:
    ps = prevsim.ParameterSet()
    ps.add("p_die", prevsim.Beta.from_mean_se(0.1, 0.02))
    ps.add("c_drug", prevsim.Gamma.from_mean_se(500.0, 100.0))
    ps.add("rr", prevsim.LogNormal.from_interval(0.6, 0.9))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=20, counting="half_cycle",
                            discount_timing="start", discount_costs=0.03, discount_effects=0.03,
                            parameters=ps)
    m.reward("cost", kind="cost")
    m.reward("drug", kind="cost")
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "dead"): "p_die", ("alive", "alive"): "C", ("dead", "dead"): 1})
    m.values("cost", alive=1000)
    m.values("ly", alive=1)
    m.strategy("usual care")
    m.strategy("drug", transitions={("alive", "dead"): "apply_rr(p_die, rr)"},
               values={"drug": {"alive": "c_drug"}})
    return m.simulate(4000, seed=11)


def test_costs_sum_the_cost_rewards(results):
    expected = results.discounted["drug"]["cost"] + results.discounted["drug"]["drug"]
    assert np.array_equal(results.costs()["drug"].to_numpy(), expected.to_numpy())
    assert np.array_equal(results.costs()["usual care"].to_numpy(),
                          (results.discounted["usual care"]["cost"]
                           + results.discounted["usual care"]["drug"]).to_numpy())


def test_views_equal_the_decision_functions_on_the_same_draws(results):
    costs, effects = results.costs(), results.effects()
    pd.testing.assert_frame_equal(results.incremental(),
                                  prevsim.incremental_analysis(costs, effects))
    wtp = [0.0, 5000.0, 20000.0]
    pd.testing.assert_frame_equal(results.acceptability(wtp),
                                  prevsim.acceptability(costs, effects, None, wtp))
    pd.testing.assert_series_equal(results.evpi(wtp), prevsim.evpi(costs, effects, wtp))
    curves = results.acceptability(wtp)
    assert curves[["usual care", "drug"]].sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_effects_must_name_one_effect_reward(results):
    with pytest.raises(ValueError, match="reward is 'cost', but must be one of"):
        results.effects("cost")


@pytest.mark.parametrize("method", ["monte_carlo", "lhs"])
def test_evaluate_at_a_draw_reproduces_that_draw_of_the_run(method):
    ps = prevsim.ParameterSet()
    ps.add("p_die", prevsim.Beta.from_mean_se(0.1, 0.02))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=5, counting="end",
                            discount_timing="end", discount_costs=0.0, discount_effects=0.035,
                            parameters=ps)
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "dead"): "p_die", ("alive", "alive"): "C", ("dead", "dead"): 1})
    m.values("ly", alive=1)
    m.strategy("s")
    run = m.simulate(50, seed=3, method=method)
    design = 50 if method == "lhs" else None
    one = m.evaluate(draw=17, seed=3, method=method, design_draws=design)
    assert one.loc["s", "ly"] == run.discounted[("s", "ly")].loc[17]


def test_a_latin_hypercube_run_cannot_outgrow_its_design():
    ps = prevsim.ParameterSet()
    ps.add("p_die", prevsim.Beta.from_mean_se(0.1, 0.02))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=2, counting="end",
                            discount_timing="end", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "dead"): "p_die", ("alive", "alive"): "C", ("dead", "dead"): 1})
    m.values("ly", alive=1)
    m.strategy("s")
    with pytest.raises(ValueError) as error:
        m.simulate(100, seed=1, method="lhs", design_draws=50)
    assert str(error.value) == ("simulate: first_draw + draws is 100, but must be at most the "
                                "Latin hypercube design size (50)")
