"""The distribution classes as Python users see them: constructors, moments,
vectorised functions, and error messages. The mathematics is tested in C++
(tests/cpp/dist); here we test the contract of the bindings."""

import math

import numpy as np
import pytest

import prevsim


def test_beta_from_mean_se_round_trips_as_in_the_issue():
    d = prevsim.Beta.from_mean_se(0.3, 0.05)
    assert d.mean == pytest.approx(0.3, rel=1e-12)
    assert d.sd == pytest.approx(0.05, rel=1e-12)
    # Method of moments by hand: nu = 0.3*0.7/0.0025 - 1 = 83
    assert d.alpha == pytest.approx(0.3 * 83) and d.beta == pytest.approx(0.7 * 83)


@pytest.mark.parametrize("cls", [prevsim.Normal, prevsim.Gamma, prevsim.LogNormal, prevsim.Uniform])
def test_from_mean_se_round_trips(cls):
    d = cls.from_mean_se(12.5, 3.0)
    assert d.mean == pytest.approx(12.5, rel=1e-12)
    assert d.sd == pytest.approx(3.0, rel=1e-12)


def test_lognormal_says_what_it_preserves():
    by_mean = prevsim.LogNormal.from_mean_se(2.0, 0.5)
    by_median = prevsim.LogNormal.from_median_se(2.0, 0.5)
    by_interval = prevsim.LogNormal.from_interval(0.5, 2.0)
    assert by_mean.preserves == "mean" and by_mean.mean == pytest.approx(2.0)
    assert by_median.preserves == "median" and by_median.median == pytest.approx(2.0)
    assert by_median.sd == pytest.approx(0.5)
    assert by_interval.preserves == "median" and by_interval.median == pytest.approx(1.0)
    assert "mean-preserving" in repr(by_mean)
    assert "median-preserving" in repr(by_median)


@pytest.mark.parametrize("cls,lo,hi", [(prevsim.Normal, -1.0, 3.0), (prevsim.LogNormal, 0.6, 0.9),
                                       (prevsim.Gamma, 10.0, 30.0), (prevsim.Beta, 0.1, 0.3)])
def test_from_interval_recovers_the_interval(cls, lo, hi):
    d = cls.from_interval(lo, hi, level=0.9)
    assert d.quantile([0.05, 0.95]) == pytest.approx([lo, hi], rel=1e-8)


def test_quantile_cdf_and_pdf_are_vectorised():
    d = prevsim.Normal(1.0, 2.0)
    p = np.array([[0.025, 0.5], [0.975, 0.5]])
    q = d.quantile(p)
    assert q.shape == (2, 2)
    assert q[0, 0] == pytest.approx(1.0 - 2.0 * 1.959963984540054)
    assert d.cdf(q) == pytest.approx(p)
    assert float(d.pdf(1.0)) == pytest.approx(1.0 / (2.0 * math.sqrt(2 * math.pi)))


def test_dirichlet_moments():
    d = prevsim.Dirichlet.from_shares([0.5, 0.3, 0.2], 10.0)
    assert d.mean == pytest.approx([0.5, 0.3, 0.2])
    assert d.sd[0] == pytest.approx(math.sqrt(0.5 * 0.5 / 11.0))
    assert len(d) == 3


def test_reprs_name_the_public_module():
    assert prevsim.Beta.__module__ == "prevsim"
    assert repr(prevsim.Gamma(2.0, 3.0)) == "gamma(shape=2, scale=3)"


@pytest.mark.parametrize("make,message", [
    (lambda: prevsim.Beta.from_mean_se(0.3, 0.5),
     "beta.from_mean_se: se is 0.5, but must be below sqrt(mean*(1-mean)) = 0.458257569495584 "
     "for mean 0.3 (no beta distribution is that wide)"),
    (lambda: prevsim.Uniform(2.0, 1.0), "uniform: lower is 2, but must be less than upper (1)"),
    (lambda: prevsim.Normal(0.0, -1.0), "normal: sd is -1, but must be finite and > 0"),
    (lambda: prevsim.Triangular(0.0, 5.0, 3.0), "triangular: mode is 5, but must be within [0, 3]"),
    (lambda: prevsim.Pert(0.0, 1.0, 2.0, lam=0.0), "pert: lambda is 0, but must be finite and > 0"),
    (lambda: prevsim.Gamma.from_interval(30.0, 10.0), "gamma.from_interval: lower is 30, but must be less than upper (10)"),
    (lambda: prevsim.Empirical([]), "empirical: values is empty"),
    (lambda: prevsim.Empirical([1.0, float("nan")]), "empirical: values[2] is nan, but must be finite"),
    (lambda: prevsim.Dirichlet([1.0]), "dirichlet: alpha has 1 component(s), but needs at least 2"),
    (lambda: prevsim.Normal(0.0, 1.0).quantile(1.5), "normal.quantile: p is 1.5, but must be within [0, 1]"),
])
def test_invalid_input_is_a_value_error_with_a_clear_message(make, message):
    with pytest.raises(ValueError) as error:
        make()
    assert str(error.value) == message


def test_sample_distribution_matches_the_moments():
    d = prevsim.Gamma.from_mean_se(50.0, 10.0)
    x = prevsim.sample_distribution(d, 200_000, seed=3)
    assert x.mean() == pytest.approx(50.0, abs=4 * 10.0 / math.sqrt(x.size))
    assert x.std() == pytest.approx(10.0, rel=0.02)
