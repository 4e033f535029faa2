"""ParameterSet: sampling contracts (shape, determinism, chunking), pandas views
and validation messages."""

import numpy as np
import pandas as pd
import pytest

import prevsim


def test_sample_shape_and_names(mixed_set):
    x = mixed_set.sample(500, seed=1)
    assert x.shape == (500, len(mixed_set)) == (500, 13)
    assert mixed_set.names[-3:] == ["payer.municipality", "payer.region", "payer.state"]
    assert np.all(x[:, mixed_set.names.index("k")] == 4.0)
    shares = x[:, -3:]
    assert np.allclose(shares.sum(axis=1), 1.0, rtol=0, atol=1e-14)


def test_one_and_two_threads_give_identical_bits(mixed_set):
    one = mixed_set.sample(20_000, seed=11, threads=1)
    two = mixed_set.sample(20_000, seed=11, threads=2)
    assert np.array_equal(one, two)


@pytest.mark.parametrize("method", ["monte_carlo", "lhs"])
def test_a_run_equals_its_chunks(mixed_set, method):
    whole = mixed_set.sample(3000, seed=5, method=method)
    first = mixed_set.sample(1200, seed=5, method=method, design_draws=3000)
    rest = mixed_set.sample(1800, seed=5, first_draw=1200, method=method, design_draws=3000)
    assert np.array_equal(whole, np.vstack([first, rest]))


def test_different_seeds_differ(mixed_set):
    assert not np.array_equal(mixed_set.sample(10, seed=1), mixed_set.sample(10, seed=2))


def test_sample_frame_is_indexed_by_draw(mixed_set):
    frame = mixed_set.sample_frame(100, seed=1, first_draw=50)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == mixed_set.names
    assert frame.index.name == "draw" and frame.index[0] == 50 and frame.index[-1] == 149
    assert np.array_equal(frame.to_numpy(), mixed_set.sample(150, seed=1)[50:])


def test_describe_lists_units_sources_and_moments(mixed_set):
    table = mixed_set.describe()
    assert table.loc["p", "unit"] == "share"
    assert table.loc["p", "source"] == "test"
    assert table.loc["p", "mean"] == pytest.approx(0.3)
    assert table.loc["payer.region", "kind"] == "dirichlet"
    assert table.loc["payer.region", "mean"] == pytest.approx(0.3)


def test_spearman_correlation_is_reproduced(mixed_set):
    frame = mixed_set.sample_frame(40_000, seed=2)
    rho = frame[["p", "cost", "rr"]].corr(method="spearman")
    # SE of a Spearman coefficient ≈ 1.06 / sqrt(n) ≈ 0.0053; allow 4 SE.
    assert rho.loc["p", "cost"] == pytest.approx(0.5, abs=0.021)
    assert rho.loc["cost", "rr"] == pytest.approx(-0.3, abs=0.021)
    assert rho.loc["p", "rr"] == pytest.approx(0.0, abs=0.06)  # implied by the two others


def test_an_impossible_correlation_is_refused_with_the_reason():
    ps = prevsim.ParameterSet()
    for n in "abc":
        ps.add(n, prevsim.Normal(0.0, 1.0))
    ps.correlate("a", "b", 0.6)
    ps.correlate("b", "c", 0.6)  # with rho(a, c) = 0: smallest eigenvalue 1 - 0.6·√2 > 0
    with pytest.raises(ValueError, match="not positive semi-definite: its smallest eigenvalue is"):
        ps.correlate("a", "c", -0.9)
    # The refused pair leaves the set as it was.
    assert ps._pairs == {("a", "b"): 0.6, ("b", "c"): 0.6}
    assert ps.sample(5, seed=1).shape == (5, 3)


@pytest.mark.parametrize("call,exception,message", [
    (lambda ps: ps.sample(0, seed=1), ValueError, "sample: draws is 0, but must be >= 1"),
    (lambda ps: ps.sample(10, seed=1, first_draw=-1), ValueError,
     "sample: first_draw is -1, but must be >= 0"),
    (lambda ps: ps.sample(10, seed=1, method="sobol"), ValueError,
     "sample: method is 'sobol', but must be one of 'monte_carlo', 'lhs'"),
    (lambda ps: ps.sample(10, seed=-1), ValueError, "seed is -1, but must be within [0, 2**64)"),
    (lambda ps: ps.sample(10, seed=1.5), TypeError, "seed must be an int, but is float"),
    (lambda ps: ps.sample(10, seed=1, method="lhs", design_draws=5), ValueError,
     "sample: first_draw + draws is 10, but must be at most the Latin hypercube design size (5)"),
    (lambda ps: ps.add("a", prevsim.Normal(0.0, 1.0)), ValueError,
     "parameter_set: a parameter called 'a' exists already"),
    (lambda ps: ps.add("b", 3.0), TypeError,
     "distribution must be a prevsim distribution (Normal, Beta, ...), but is float"),
    (lambda ps: ps.correlate("a", "zz", 0.1), ValueError,
     "parameter_set: no parameter is called 'zz' (known: a)"),
    (lambda ps: ps.set_correlation(["a"], [[2.0]]), ValueError,
     "correlation: the diagonal entry for a is 2, but must be 1"),
    (lambda ps: ps.set_correlation(["a"], [[1.0]], scale="kendall"), ValueError,
     "set_correlation: scale is 'kendall', but must be 'spearman' or 'normal_scores'"),
])
def test_bad_input_is_reported_before_any_work(call, exception, message):
    ps = prevsim.ParameterSet()
    ps.add("a", prevsim.Normal(0.0, 1.0))
    with pytest.raises(exception) as error:
        call(ps)
    assert str(error.value) == message


def test_empty_set_cannot_be_sampled():
    with pytest.raises(ValueError, match="the parameter set has no parameters"):
        prevsim.ParameterSet().sample(10, seed=1)
