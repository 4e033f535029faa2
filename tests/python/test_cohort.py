"""The contract of the cohort builder ``prevsim.CohortModel`` and of
``prevsim.CohortResults``: shapes, labels and values of evaluate / trace /
simulate, reproducibility, and errors (ValueError / TypeError with messages).

Expected values are closed forms worked out in the comments; the engine's
numerics are tested in depth by the C++ tests (tests/cpp/cohort/).
"""

from __future__ import annotations

import doctest
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import prevsim
import prevsim.cohort


def alive_dead(*, cycles=3, counting="beginning", timing="start", cost_rate=0.0,
               effect_rate=0.0, uncertain=False) -> prevsim.CohortModel:
    """alive → dead with p_die per cycle; cost c_alive per cycle alive; life-years."""
    ps = prevsim.ParameterSet()
    if uncertain:
        ps.add("p_die", prevsim.Beta.from_mean_se(0.1, 0.02))
        ps.add("c_alive", prevsim.Gamma.from_mean_se(1000.0, 100.0))
    else:
        ps.add("p_die", prevsim.Fixed(0.1))
        ps.add("c_alive", prevsim.Fixed(1000.0))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=cycles, counting=counting,
                            discount_timing=timing, discount_costs=cost_rate,
                            discount_effects=effect_rate, parameters=ps)
    m.reward("cost", kind="cost")
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "dead"): "p_die", ("alive", "alive"): "C", ("dead", "dead"): 1})
    m.values("cost", alive="c_alive")
    m.values("ly", alive=1)
    return m


def three_state(*, uncertain=True) -> prevsim.CohortModel:
    """H, S, D with two strategies (the second overrides H → S and S's cost)."""
    ps = prevsim.ParameterSet()
    if uncertain:
        ps.add("p_sick", prevsim.Beta.from_mean_se(0.1, 0.02))
        ps.add("c_sick", prevsim.Gamma.from_mean_se(2000.0, 300.0))
        ps.add("u_sick", prevsim.Beta.from_mean_se(0.7, 0.05))
        ps.add("rr", prevsim.LogNormal.from_interval(0.5, 0.9))
    else:
        ps.add("p_sick", prevsim.Fixed(0.1))
        ps.add("c_sick", prevsim.Fixed(2000.0))
        ps.add("u_sick", prevsim.Fixed(0.7))
        ps.add("rr", prevsim.Fixed(0.6))
    m = prevsim.CohortModel(states=["H", "S", "D"], cycles=20, counting="half_cycle",
                            discount_timing="start", discount_costs=0.035,
                            discount_effects=[(0, 0.035), (10, 0.03)], parameters=ps,
                            start_age=40)
    m.table("mort", [0, 50, 60], [0.005, 0.01, 0.03])
    m.reward("drug", kind="cost")
    m.reward("care", kind="cost")
    m.reward("qaly", kind="effect")
    m.reward("ly", kind="effect")
    m.start(H=1)
    m.derive(p_HD="rate_to_prob(mort(age))")
    m.transitions({("H", "S"): "p_sick", ("H", "D"): "p_HD", ("H", "H"): "C",
                   ("S", "D"): "rate_to_prob(3 * mort(age))", ("S", "S"): "C",
                   ("D", "D"): 1})
    m.values("care", S="c_sick")
    m.values("qaly", H=1, S="u_sick")
    m.values("ly", H=1, S=1)
    m.on_transition("care", "*", "D", 5000)
    m.strategy("usual")
    m.strategy("new", transitions={("H", "S"): "apply_rr(p_sick, rr)"},
               values={"drug": {"H": 300, "S": 300}})
    return m


# -- evaluate -------------------------------------------------------------------

def test_module_docstring_example_runs():
    result = doctest.testmod(prevsim.cohort, verbose=False)
    assert result.attempted >= 5 and result.failed == 0


def test_evaluate_is_a_strategies_by_rewards_frame_with_hand_values():
    m = alive_dead(cost_rate=0.05, effect_rate=0.0)
    m.strategy("only")
    m.strategy("half", start={"alive": 0.5, "dead": 0.5})
    table = m.evaluate()
    assert isinstance(table, pd.DataFrame)
    assert list(table.index) == ["only", "half"] and table.index.name == "strategy"
    assert list(table.columns) == ["cost", "ly"]
    # beginning, start: Σ_{t<3} 0.9^t discounted at 5 % for costs.
    v = 1 / 1.05
    assert table.loc["only", "cost"] == pytest.approx(1000 * (1 + 0.9 * v + 0.81 * v * v), rel=1e-13)
    assert table.loc["only", "ly"] == pytest.approx(2.71, rel=1e-13)
    assert table.loc["half", "ly"] == pytest.approx(0.5 * 2.71, rel=1e-13)
    undiscounted = m.evaluate(discounted=False)
    assert undiscounted.loc["only", "cost"] == pytest.approx(2710.0, rel=1e-13)


def test_evaluate_at_one_draw_equals_that_row_of_simulate():
    m = three_state()
    res = m.simulate(50, seed=123, threads=1)
    for draw in (0, 17, 49):
        one = m.evaluate(draw=draw, seed=123)
        for s in m.strategies:
            for r in ("drug", "care", "qaly", "ly"):
                assert one.loc[s, r] == pytest.approx(res.discounted.loc[draw, (s, r)], rel=1e-13)
    # Different draws differ; the means differ from a draw.
    assert m.evaluate(draw=0, seed=123).loc["usual", "care"] != \
        m.evaluate(draw=1, seed=123).loc["usual", "care"]


def test_builder_changes_after_compiling_are_picked_up():
    m = alive_dead()
    m.strategy("only")
    before = m.evaluate().loc["only", "ly"]
    m.strategy("second")
    after = m.evaluate()
    assert list(after.index) == ["only", "second"]
    assert after.loc["only", "ly"] == before


# -- trace ------------------------------------------------------------------------

def test_trace_has_rows_0_to_T_summing_to_one():
    m = three_state(uncertain=False)
    for s in m.strategies:
        tr = m.trace(s)
        assert isinstance(tr, pd.DataFrame)
        assert list(tr.columns) == ["H", "S", "D"]
        assert list(tr.index) == list(range(21)) and tr.index.name == "cycle"
        np.testing.assert_allclose(tr.sum(axis=1), 1.0, atol=1e-13)
        assert tr.iloc[0].tolist() == [1.0, 0.0, 0.0]
        assert (tr["D"].diff().dropna() >= 0).all()
    # Row 1 is the H row of the matrix at age 40: (1 - 0.1 - p_HD, 0.1, p_HD).
    p_hd = 1 - np.exp(-0.005)
    np.testing.assert_allclose(m.trace("usual").iloc[1], [0.9 - p_hd, 0.1, p_hd], rtol=1e-13)
    np.testing.assert_allclose(m.trace("new").iloc[1], [0.94 - p_hd, 0.06, p_hd], rtol=1e-13)


def test_trace_of_a_two_state_chain_is_geometric():
    m = alive_dead(cycles=10)
    m.strategy("only")
    tr = m.trace("only")
    np.testing.assert_allclose(tr["alive"], 0.9 ** np.arange(11), rtol=1e-13)


# -- simulate ---------------------------------------------------------------------

def test_simulate_returns_cohort_results_with_labelled_frames():
    m = three_state()
    res = m.simulate(40, seed=2024, threads=1)
    assert isinstance(res, prevsim.CohortResults)
    assert res.draws == 40 and res.seed == 2024 and res.method == "monte_carlo"
    assert res.strategies == ["usual", "new"]
    assert res.rewards == ["drug", "care", "qaly", "ly"]
    assert res.reward_is_cost == {"drug": True, "care": True, "qaly": False, "ly": False}
    d = res.discounted
    assert isinstance(d.columns, pd.MultiIndex)
    assert d.columns.names == ["strategy", "reward"]
    assert list(d.columns) == [(s, r) for s in ("usual", "new")
                               for r in ("drug", "care", "qaly", "ly")]
    assert list(d.index) == list(range(40)) and d.index.name == "draw"
    assert res.undiscounted.shape == (40, 8)
    assert np.isfinite(d.to_numpy()).all()
    # Discounting lowers every positive total.
    assert (res.undiscounted.to_numpy() >= d.to_numpy() - 1e-9).all()
    assert (res.undiscounted[("usual", "ly")] > d[("usual", "ly")]).all()
    # The sampled parameters, one row per draw, as ParameterSet.sample gives them.
    assert list(res.parameters.columns) == ["p_sick", "c_sick", "u_sick", "rr"]
    np.testing.assert_array_equal(res.parameters.to_numpy(),
                                  m.parameters.sample(40, seed=2024))
    assert "CohortResults(40 draws, seed 2024" in repr(res)


def test_costs_effects_and_summary():
    m = three_state()
    res = m.simulate(30, seed=5, threads=1)
    costs = res.costs()
    assert list(costs.columns) == ["usual", "new"] and len(costs) == 30
    # The sum of the cost rewards (drug + care).
    for s in ("usual", "new"):
        np.testing.assert_allclose(costs[s], res.discounted[(s, "drug")] + res.discounted[(s, "care")],
                                   rtol=1e-15)
    np.testing.assert_allclose(res.costs(discounted=False)["new"],
                               res.undiscounted[("new", "drug")] + res.undiscounted[("new", "care")],
                               rtol=1e-15)
    assert (res.discounted[("usual", "drug")] == 0).all()
    qaly = res.effects("qaly")
    assert list(qaly.columns) == ["usual", "new"]
    np.testing.assert_array_equal(qaly["new"], res.discounted[("new", "qaly")])
    np.testing.assert_array_equal(res.effects("ly", discounted=False)["usual"],
                                  res.undiscounted[("usual", "ly")])
    with pytest.raises(ValueError, match=r"effects: name the effect reward, one of \['qaly', 'ly'\]"):
        res.effects()
    with pytest.raises(ValueError, match=r"effects: reward is 'drug', but must be one of"):
        res.effects("drug")
    table = res.summary()
    assert isinstance(table, pd.DataFrame)
    assert list(table.index) == list(res.discounted.columns)
    np.testing.assert_allclose(table["mean"], res.discounted.mean().to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(table["sd"], res.discounted.std().to_numpy(), rtol=1e-10)


def test_effects_without_a_name_when_there_is_one_effect():
    m = alive_dead(uncertain=True)
    m.strategy("only")
    res = m.simulate(10, seed=1, threads=1)
    np.testing.assert_array_equal(res.effects()["only"], res.discounted[("only", "ly")])
    m2 = prevsim.CohortModel(states=["a"], cycles=2, counting="end", discount_timing="end",
                             discount_costs=0.0, discount_effects=0.0,
                             parameters=m.parameters)
    m2.reward("ly", kind="effect")
    m2.start(a=1)
    m2.transitions({("a", "a"): 1})
    m2.values("ly", a=1)
    m2.strategy("s")
    with pytest.raises(ValueError, match="costs: the model has no reward of kind 'cost'"):
        m2.simulate(2, seed=1).costs()


def test_simulate_is_identical_for_1_and_2_threads_and_in_chunks():
    m = three_state()
    one = m.simulate(100, seed=99, threads=1)
    two = m.simulate(100, seed=99, threads=2)
    pd.testing.assert_frame_equal(one.discounted, two.discounted, check_exact=True)
    pd.testing.assert_frame_equal(one.undiscounted, two.undiscounted, check_exact=True)
    pd.testing.assert_frame_equal(one.parameters, two.parameters, check_exact=True)
    tail = m.simulate(60, seed=99, first_draw=40, threads=2)
    assert list(tail.discounted.index) == list(range(40, 100))
    pd.testing.assert_frame_equal(one.discounted.iloc[40:], tail.discounted, check_exact=True)
    other = m.simulate(100, seed=100, threads=1)
    assert not np.array_equal(one.discounted.to_numpy(), other.discounted.to_numpy())


def test_latin_hypercube_runs_and_chunks_with_a_design_size():
    m = three_state()
    whole = m.simulate(40, seed=3, method="lhs", threads=1)
    assert whole.method == "lhs"
    part = m.simulate(15, seed=3, method="lhs", first_draw=25, design_draws=40, threads=2)
    pd.testing.assert_frame_equal(whole.discounted.iloc[25:], part.discounted, check_exact=True)
    # The draws are those of ParameterSet.sample with the same design.
    np.testing.assert_array_equal(whole.parameters.to_numpy(),
                                  m.parameters.sample(40, seed=3, method="lhs"))
    assert not np.array_equal(whole.parameters.to_numpy(), m.parameters.sample(40, seed=3))


def test_stepped_discounting_from_python():
    # One state, 1 per cycle, 3.5 % for 30 years then 3 %, 45 cycles, start timing:
    # Σ_{t=0}^{30} 1.035^-t + 1.035^-30 Σ_{k=1}^{14} 1.03^-k.
    ps = prevsim.ParameterSet()
    ps.add("k", prevsim.Fixed(1.0))
    m = prevsim.CohortModel(states=["S"], cycles=45, counting="beginning",
                            discount_timing="start", discount_costs=[(0, 0.035), (30, 0.03)],
                            discount_effects=0.0, parameters=ps)
    m.reward("c", kind="cost")
    m.start(S=1)
    m.transitions({("S", "S"): 1})
    m.values("c", S="k")
    m.strategy("s")
    expected = sum(1.035 ** -t for t in range(31)) + 1.035 ** -30 * sum(1.03 ** -k for k in range(1, 15))
    assert m.evaluate().loc["s", "c"] == pytest.approx(expected, rel=1e-13)


def test_time_in_state_from_python():
    # Nobody leaves S; value = time in S, tracked to 3: 1 + 2 + 3 + 3 + 3 = 12.
    ps = prevsim.ParameterSet()
    ps.add("k", prevsim.Fixed(1.0))
    m = prevsim.CohortModel(states=["S"], cycles=5, counting="beginning", discount_timing="start",
                            discount_costs=0.0, discount_effects=0.0, parameters=ps)
    m.reward("c", kind="cost")
    m.track_time_in_state("S", cycles=3)
    m.start(S=1)
    m.transitions({("S", "S"): 1})
    m.values("c", S="k * time_in_state")
    m.strategy("s")
    assert m.evaluate().loc["s", "c"] == pytest.approx(12.0, rel=1e-14)


def test_description_is_plain_data():
    m = three_state()
    d = m.description
    assert d["states"] == ["H", "S", "D"]
    assert d["counting"] == "half_cycle" and d["discount_timing"] == "start"
    assert d["cost_discount"] == ([0.0], [0.035])
    assert d["effect_discount"] == ([0.0, 10.0], [0.035, 0.03])
    assert ("H", "H", "C") in d["transitions"]
    assert ("D", "D", "1.0") in d["transitions"]   # numbers become exact text
    assert m.strategies == ["usual", "new"]


# -- errors -----------------------------------------------------------------------

def _minimal(**changes) -> dict:
    kw = dict(states=["a", "b"], cycles=5, counting="beginning", discount_timing="start",
              discount_costs=0.0, discount_effects=0.0, parameters=prevsim.ParameterSet())
    kw.update(changes)
    return kw


def test_constructor_errors():
    with pytest.raises(ValueError, match=r"CohortModel: counting is 'simpsons', but must be one of "
                                         r"'beginning', 'end', 'half_cycle', 'simpson', 'darth'"):
        prevsim.CohortModel(**_minimal(counting="simpsons"))
    with pytest.raises(ValueError, match=r"CohortModel: discount_timing is 'begin', but must be one "
                                         r"of 'start', 'middle', 'end'"):
        prevsim.CohortModel(**_minimal(discount_timing="begin"))
    with pytest.raises(TypeError, match="CohortModel: parameters must be a prevsim.ParameterSet"):
        prevsim.CohortModel(**_minimal(parameters={"p": 0.1}))
    with pytest.raises(TypeError, match="discount_costs must be a rate"):
        prevsim.CohortModel(**_minimal(discount_costs="3%"))
    with pytest.raises(TypeError):   # the conventions have no defaults
        prevsim.CohortModel(states=["a"], cycles=5, parameters=prevsim.ParameterSet())


def test_builder_argument_errors():
    m = alive_dead()
    with pytest.raises(ValueError, match="reward 'x': kind is 'benefit', but must be 'cost' or 'effect'"):
        m.reward("x", kind="benefit")
    with pytest.raises(TypeError, match="transition alive -> dead is a bool"):
        m.transitions({("alive", "dead"): True})
    with pytest.raises(TypeError, match="value of cost in alive is a list"):
        m.values("cost", alive=[1, 2])
    m.strategy("only")
    with pytest.raises(ValueError, match="trace: strategy is 'other', but must be one of 'only'"):
        m.trace("other")
    with pytest.raises(ValueError, match=r"a draw needs the seed of its run: give seed=\.\.\."):
        m.evaluate(draw=3)
    with pytest.raises(ValueError, match="simulate: method is 'sobol', but must be one of"):
        m.simulate(10, seed=1, method="sobol")


def test_model_errors_are_value_errors_with_messages():
    # A transition to a misspelt state lists the states.
    m = alive_dead()
    m.transitions({("alive", "ded"): 0.01})
    m.strategy("only")
    with pytest.raises(ValueError, match=r"cohort model: transitions\[4\]\.to is 'ded', but must be "
                                         r"one of the states \(alive, dead\)"):
        m.evaluate()
    # A misspelt parameter suggests the right one.
    m = alive_dead()
    m.values("ly", dead="p_dei")
    m.strategy("only")
    with pytest.raises(ValueError, match=r"in expression 'p_dei': unknown name 'p_dei' \(did you "
                                         r"mean 'p_die'\?\)"):
        m.compile()
    # Zero cycles.
    m = alive_dead(cycles=0)
    m.strategy("only")
    with pytest.raises(ValueError, match=r"cohort model: cycles is 0, but must be within \[1, 100000\]"):
        m.evaluate()
    # A start that sums to 0.9.
    m = alive_dead()
    m.strategy("only", start={"alive": 0.5, "dead": 0.4})
    with pytest.raises(ValueError, match=r"strategy 'only', the sum of the start shares is 0.9, but "
                                         r"must be 1"):
        m.evaluate()
    # Simpson with middle timing.
    m = alive_dead(counting="simpson", timing="middle")
    m.strategy("only")
    with pytest.raises(ValueError, match="discount_timing must be 'start' with counting 'simpson'"):
        m.evaluate()
    # No strategy.
    with pytest.raises(ValueError, match="strategies is empty"):
        alive_dead().evaluate()


def test_a_negative_probability_in_a_draw_names_the_draw():
    ps = prevsim.ParameterSet()
    ps.add("p_die", prevsim.Normal(0.1, 0.04))   # positive at the mean, negative in ~0.6 % of draws
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=3, counting="beginning",
                            discount_timing="start", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "dead"): "p_die", ("alive", "alive"): "C", ("dead", "dead"): 1})
    m.values("ly", alive=1)
    m.strategy("s")
    draws = ps.sample(2000, seed=8)[:, 0]
    first = int(np.flatnonzero(draws < 0)[0])
    value = float(draws[first])
    for threads in (1, 2):
        with pytest.raises(ValueError) as info:
            m.simulate(2000, seed=8, threads=threads)
        assert str(info.value) == (
            f"cohort model: draw {first}, strategy 's', cycle 1: the probability of alive -> dead "
            f"('p_die') is {value!r}, but must be within [0, 1] (with p_die = {value!r})")


def test_structural_errors_stop_simulate_before_any_draw():
    # In strategy B only, H -> S is 0.12 in cycle 6 (0-based, the 7th cycle):
    # the explicit row (0.8 + 0.12 + 0.1) sums to 1.02 there.
    m = three_state()
    m.strategy("B", transitions={("H", "H"): 0.8, ("H", "D"): 0.1,
                                 ("H", "S"): "if(cycle == 6, 0.12, 0.1)"})
    message = ("cohort model: with every parameter at its mean, strategy 'B', cycle 7: the sum of "
               "the transition probabilities out of 'H' is 1.02, but must be 1 (within 1e-9); give "
               "one entry as 'C' for the rest of the row")
    with pytest.raises(ValueError) as info:
        m.simulate(100, seed=1)
    assert str(info.value) == message
    with pytest.raises(ValueError) as info:
        m.evaluate()
    assert str(info.value) == message


def test_time_in_state_and_derived_errors():
    m = three_state()
    m.transitions({("S", "H"): "0.01 * time_in_state"})
    with pytest.raises(ValueError, match=r"cohort model: strategy 'usual', transition S -> H: "
                                         r"'0\.01 \* time_in_state' uses time_in_state, but 'S' is "
                                         r"not listed in time_in_state"):
        m.compile()
    m.track_time_in_state("S", cycles=3)
    m.compile()
    m = three_state()
    m.derive(x="0.5 * x")
    with pytest.raises(ValueError, match=r"derived\.x: in expression '0\.5 \* x': 'x' is defined "
                                         r"in terms of itself"):
        m.compile()
    ps = prevsim.ParameterSet()
    ps.add("p", prevsim.Fixed(0.1))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=3, counting="end",
                            discount_timing="end", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "dead"): "p", ("alive", "alive"): "C"})   # no row for dead
    m.values("ly", alive=1)
    m.strategy("usual")
    with pytest.raises(ValueError, match=r"cohort model: strategy 'usual': state 'dead' has "
                                         r"no transitions out; an absorbing state needs 'dead -> "
                                         r"dead = 1'"):
        m.compile()


def test_every_instruction_set_gives_the_same_bits():
    """The kernels run on the widest vector instruction set the processor has;
    capping it (generic SSE2 on x86-64) must not change a single bit."""
    m = three_state()
    initial = prevsim.instruction_set()
    assert initial in ("generic", "avx2", "avx512")
    try:
        runs = {}
        for name in ("generic", "avx2", "avx512"):
            used = prevsim._core.use_instruction_set(name)
            runs[used] = m.simulate(500, seed=11, threads=2).discounted.to_numpy()
    finally:
        prevsim._core.use_instruction_set(initial)
    reference = runs.pop("generic")
    for used, values in runs.items():
        assert np.array_equal(values, reference), used
    assert prevsim.instruction_set() == initial


def test_a_bad_instruction_set_names_the_setting_and_the_choices():
    with pytest.raises(ValueError, match="instruction_set: is 'sse5', but must be one of "
                                         "generic, avx2, avx512"):
        prevsim._core.use_instruction_set("sse5")
    env = dict(os.environ, PREVSIM_ISA="fast")
    out = subprocess.run([sys.executable, "-c", "import prevsim; print(prevsim.instruction_set())"],
                         env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert ("environment variable PREVSIM_ISA: is 'fast', but must be one of generic, avx2, "
            "avx512") in out.stderr
