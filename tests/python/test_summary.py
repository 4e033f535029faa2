"""Summaries and statistics helpers, checked against NumPy on the same numbers."""

import numpy as np
import pandas as pd
import pytest

import prevsim


def test_summarize_agrees_with_numpy():
    rng = np.random.default_rng(0)
    x = rng.gamma(2.0, 3.0, size=(5001, 3))
    table = prevsim.summarize(x, names=["a", "b", "c"], threshold=6.0)
    assert list(table.index) == ["a", "b", "c"]
    for i, name in enumerate("abc"):
        col = x[:, i]
        assert table.loc[name, "mean"] == pytest.approx(col.mean(), rel=1e-12)
        assert table.loc[name, "sd"] == pytest.approx(col.std(ddof=1), rel=1e-10)
        assert table.loc[name, "mcse"] == pytest.approx(col.std(ddof=1) / np.sqrt(5001), rel=1e-10)
        # Type-7 quantiles are NumPy's default: identical up to rounding.
        for column, q in [("median", 50), ("p05", 5), ("p95", 95), ("p025", 2.5), ("p975", 97.5)]:
            assert table.loc[name, column] == pytest.approx(np.percentile(col, q), rel=1e-13)
        assert table.loc[name, "p_above"] == (col > 6.0).mean()
        assert table.loc[name, "n"] == 5001


def test_summarize_takes_a_dataframe_and_a_vector():
    frame = pd.DataFrame({"npv": [1.0, -2.0, 3.0, 4.0]})
    assert prevsim.summarize(frame).loc["npv", "mean"] == 1.5
    assert prevsim.summarize(np.array([1.0, 2.0])).index[0] == "x1"


def test_summarize_rejects_bad_shapes():
    with pytest.raises(ValueError, match="2 names given for 3 columns"):
        prevsim.summarize(np.zeros((4, 3)), names=["a", "b"])
    with pytest.raises(ValueError, match="draws has no rows"):
        prevsim.summarize(np.zeros((0, 2)))


def test_accumulator_merges_like_one_pass():
    rng = np.random.default_rng(1)
    x = rng.normal(1e6, 3.0, size=10_000)
    whole, left, right = prevsim.Accumulator(), prevsim.Accumulator(), prevsim.Accumulator()
    whole.add(x)
    left.add(x[:3333])
    right.add(x[3333:])
    left.merge(right)
    assert left.count == whole.count == 10_000
    assert left.mean == pytest.approx(whole.mean, rel=1e-14)
    assert left.variance == pytest.approx(np.var(x, ddof=1), rel=1e-9)
    assert left.min == x.min() and left.max == x.max()


def test_quantiles_interval_and_probability_above():
    values = list(range(1, 11))
    assert prevsim.quantiles(values, [0.25, 0.5, 0.9]) == pytest.approx([3.25, 5.5, 9.1])
    assert prevsim.interval(values, 0.8) == pytest.approx((1.9, 9.1))
    assert prevsim.probability_above(values, 7.0) == 0.3
    with pytest.raises(ValueError, match=r"quantiles: probs\[2\] is 1.5, but must be within \[0, 1\]"):
        prevsim.quantiles(values, [0.5, 1.5])
