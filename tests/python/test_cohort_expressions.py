"""Regression tests for how the cohort engine stages expressions: once per
draw, once per cycle, or precomputed as a series of time alone."""

import numpy as np
import pytest

import prevsim


def two_state(transition: str, *, derived: dict | None = None) -> prevsim.CohortModel:
    ps = prevsim.ParameterSet()
    ps.add("k", prevsim.Fixed(0.5))
    m = prevsim.CohortModel(states=["A", "B"], cycles=3, counting="beginning",
                            discount_timing="start", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.table("mort", [0, 1, 2, 3], [0.1, 0.2, 0.3, 0.4])
    m.reward("ly", kind="effect")
    m.start(A=1)
    if derived:
        m.derive(**derived)
    m.transitions({("A", "B"): transition, ("A", "A"): "C", ("B", "B"): 1})
    m.values("ly", A=1)
    m.strategy("s")
    return m


@pytest.mark.parametrize("transition,derived", [
    ("mort(age)", None),                 # a bare table call: lifted whole as a series
    ("q", {"q": "mort(age)"}),           # a bare derived name that varies with time
    ("(1 - q) * k / 0.5 - (1 - q) + q", {"q": "mort(age)"}),  # time-only parts read a derived slot
])
def test_time_varying_probabilities_vary(transition, derived):
    # Exit probability mort(age) = 0.1, 0.2, 0.3 in cycles 0, 1, 2.
    alive = two_state(transition, derived=derived).trace("s")["A"].to_numpy()
    assert alive == pytest.approx([1.0, 0.9, 0.9 * 0.8, 0.9 * 0.8 * 0.7], rel=1e-14)


def test_a_parameter_given_bare_is_not_folded_to_a_constant():
    ps = prevsim.ParameterSet()
    ps.add("share_A", prevsim.Beta.from_mean_se(0.6, 0.05))
    m = prevsim.CohortModel(states=["A", "B"], cycles=1, counting="beginning",
                            discount_timing="start", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.reward("ly", kind="effect")
    m.start(A="share_A", B="1 - share_A")
    m.transitions({("A", "A"): 1, ("B", "B"): 1})
    m.values("ly", A=1)
    m.strategy("s")
    result = m.simulate(200, seed=4)
    assert np.array_equal(result.effects().to_numpy()[:, 0], result.parameters["share_A"].to_numpy())


def test_a_bad_probability_names_the_values_that_produced_it():
    ps = prevsim.ParameterSet()
    ps.add("p_die", prevsim.Normal(0.05, 0.03))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=3, counting="end",
                            discount_timing="end", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.reward("ly", kind="effect")
    m.start(alive=1)
    m.derive(q="p_die * 2")
    m.transitions({("alive", "dead"): "q - 0.01", ("alive", "alive"): "C", ("dead", "dead"): 1})
    m.values("ly", alive=1)
    m.strategy("s")
    p_die = ps.sample(1000, seed=1)[:, 0]
    first = int(np.flatnonzero(p_die * 2 - 0.01 < 0)[0])
    with pytest.raises(ValueError) as error:
        m.simulate(1000, seed=1)
    p = float(p_die[first])
    q = p * 2
    assert str(error.value) == (
        f"cohort model: draw {first}, strategy 's', cycle 1: the probability of alive -> dead "
        f"('q - 0.01') is {q - 0.01!r}, but must be within [0, 1] "
        f"(with q = {q!r}, p_die = {p!r})")
