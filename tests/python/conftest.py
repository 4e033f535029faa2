"""Shared fixtures for the Python tests."""

import pytest

import prevsim


@pytest.fixture
def mixed_set() -> prevsim.ParameterSet:
    """A parameter set with every kind of distribution and a correlated block."""
    ps = prevsim.ParameterSet()
    ps.add("p", prevsim.Beta.from_mean_se(0.3, 0.05), unit="share", source="test")
    ps.add("cost", prevsim.Gamma.from_mean_se(1000.0, 150.0), unit="SEK 2023")
    ps.add("rr", prevsim.LogNormal.from_interval(0.7, 0.95), unit="relative risk")
    ps.add("d", prevsim.Normal(-0.2, 0.05))
    ps.add("t", prevsim.Triangular(0.0, 1.0, 3.0))
    ps.add("pert", prevsim.Pert(0.0, 0.5, 1.0))
    ps.add("u", prevsim.Uniform(1.0, 2.0))
    ps.add("tn", prevsim.TruncatedNormal(1.0, 2.0, 0.0))
    ps.add("emp", prevsim.Empirical([1.0, 2.0, 2.5, 7.0]))
    ps.add("k", prevsim.Fixed(4.0))
    ps.add_dirichlet("payer", ["municipality", "region", "state"],
                     prevsim.Dirichlet([5.0, 3.0, 2.0]))
    ps.correlate("p", "cost", 0.5)
    ps.correlate("cost", "rr", -0.3)
    return ps
