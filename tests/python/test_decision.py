"""prevsim.decision: the pandas contract of the decision analyses (shapes,
names, order), their values against NumPy recomputations and hand
calculations, and every error as a ValueError with its message."""

import doctest

import numpy as np
import pandas as pd
import pytest

import prevsim
import prevsim.decision


@pytest.fixture
def psa():
    """Draws × 3 strategies of a small probabilistic analysis."""
    rng = np.random.default_rng(42)
    costs = rng.normal([0.0, 1000.0, 3000.0], 400.0, size=(4000, 3))
    effects = rng.normal([0.0, 0.05, 0.08], 0.03, size=(4000, 3))
    names = ["usual care", "screening", "screening + coaching"]
    return costs, effects, names


def test_module_example_runs():
    result = doctest.testmod(prevsim.decision, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_incremental_analysis_reproduces_the_herc_example():
    # dampack's test of calculate_icers (the VA HERC cost-effectiveness example):
    # UC, B, D, E on the frontier with ICERs 5000, 12500, 20000; C extendedly
    # dominated; A strongly dominated (by B, the cheapest that dominates it).
    table = prevsim.incremental_analysis([55000, 35000, 25000, 10000, 12000, 5000],
                                         [5, 4, 3, 2, 1.5, 1], ["E", "D", "C", "B", "A", "UC"])
    assert list(table.index) == ["UC", "B", "D", "E", "C", "A"]
    assert table.index.name == "strategy"
    assert list(table.columns) == ["cost", "effect", "incremental_cost", "incremental_effect",
                                   "icer", "status", "reference", "upper_reference"]
    assert list(table["status"]) == ["frontier"] * 4 + ["extended_dominated", "dominated"]
    assert np.isnan(table.loc["UC", "icer"])
    assert list(table["icer"].iloc[1:4]) == [5000.0, 12500.0, 20000.0]
    assert list(table["incremental_cost"].iloc[1:4]) == [5000.0, 25000.0, 20000.0]
    assert list(table["incremental_effect"].iloc[1:4]) == [1.0, 2.0, 1.0]
    assert table["icer"].iloc[4:].isna().all()
    assert list(table["reference"]) == [None, "UC", "B", "D", "B", "B"]
    assert list(table["upper_reference"]) == [None, None, None, None, "D", None]
    assert table.loc["A", "cost"] == 12000.0 and table.loc["A", "effect"] == 1.5


def test_incremental_analysis_uses_means_and_dataframe_columns(psa):
    costs, effects, names = psa
    table = prevsim.incremental_analysis(pd.DataFrame(costs, columns=names),
                                         pd.DataFrame(effects, columns=names))
    assert set(table.index) == set(names)
    for i, name in enumerate(names):
        assert table.loc[name, "cost"] == pytest.approx(costs[:, i].mean(), rel=1e-12)
        assert table.loc[name, "effect"] == pytest.approx(effects[:, i].mean(), rel=1e-12)
    # Default names for arrays.
    table = prevsim.incremental_analysis(costs, effects)
    assert sorted(table.index) == ["strategy 1", "strategy 2", "strategy 3"]


def test_incremental_analysis_keeps_the_first_of_identical_strategies():
    table = prevsim.incremental_analysis([100, 100, 200], [1, 1, 2], ["B", "A", "C"])
    assert table.loc["B", "status"] == "frontier"
    assert table.loc["A", "status"] == "dominated" and table.loc["A", "reference"] == "B"
    assert table.loc["C", "icer"] == 100.0


def test_net_benefit_expected_and_per_draw(psa):
    costs, effects, names = psa
    frame = prevsim.net_benefit(costs, effects, names, [0, 30000, 100000])
    assert list(frame.columns) == names + ["optimal"]
    assert list(frame.index) == [0.0, 30000.0, 100000.0] and frame.index.name == "wtp"
    expected = np.array([w * effects.mean(axis=0) - costs.mean(axis=0) for w in (0, 30000, 100000)])
    np.testing.assert_allclose(frame[names].to_numpy(), expected, rtol=1e-10, atol=1e-8)
    assert list(frame["optimal"]) == [names[i] for i in expected.argmax(axis=1)]
    per_draw = prevsim.net_benefit(costs, effects, names, 20000, per_draw=True)
    assert per_draw.shape == (4000, 3) and list(per_draw.columns) == names
    assert per_draw.index.name == "draw"
    np.testing.assert_array_equal(per_draw.to_numpy(), 20000 * effects - costs)
    indexed = pd.DataFrame(costs, columns=names, index=pd.RangeIndex(100, 4100, name="run"))
    assert prevsim.net_benefit(indexed, effects, None, 1.0, per_draw=True).index.name == "run"
    with pytest.raises(ValueError, match="net_benefit: wtp has 2 values, but per_draw=True "
                                         "needs exactly one"):
        prevsim.net_benefit(costs, effects, names, [1, 2], per_draw=True)
    with pytest.raises(ValueError, match='net_benefit: a strategy is named "optimal"'):
        prevsim.net_benefit(costs, effects, ["a", "optimal", "c"], 1.0)


def test_acceptability_matches_a_numpy_count(psa):
    costs, effects, names = psa
    wtp = np.linspace(0, 100000, 41)
    curves = prevsim.acceptability(costs, effects, names, wtp)
    assert curves.shape == (41, 4)
    assert list(curves.columns) == names + ["frontier"]
    assert curves.index.name == "wtp"
    np.testing.assert_array_equal(curves.index.to_numpy(), wtp)
    for i, w in enumerate(wtp):
        nmb = w * effects - costs
        wins = np.bincount(nmb.argmax(axis=1), minlength=3) / 4000  # argmax: first on a tie
        np.testing.assert_array_equal(curves[names].iloc[i].to_numpy(), wins)
        optimal = (w * effects.mean(axis=0) - costs.mean(axis=0)).argmax()
        assert curves["frontier"].iloc[i] == wins[optimal]
    np.testing.assert_allclose(curves[names].sum(axis=1), 1.0, rtol=1e-14)
    assert (curves["frontier"] <= curves[names].max(axis=1)).all()


def test_evpi_matches_a_numpy_recomputation(psa):
    costs, effects, _ = psa
    wtp = [0.0, 20000.0, 40000.0, 80000.0]
    value = prevsim.evpi(costs, effects, wtp)
    assert isinstance(value, pd.Series) and value.name == "evpi"
    assert value.index.name == "wtp" and list(value.index) == wtp
    for w in wtp:
        nmb = w * effects - costs
        assert value[w] == pytest.approx(nmb.max(axis=1).mean() - nmb.mean(axis=0).max(),
                                         rel=1e-9, abs=1e-9)
    assert (value >= 0).all() and value[40000.0] > 0
    scaled = prevsim.evpi(costs, effects, wtp, population=12000)
    assert scaled.name == "population_evpi"
    np.testing.assert_allclose(scaled.to_numpy(), 12000 * value.to_numpy(), rtol=1e-15)
    # One strategy best in every draw: exactly zero.
    dominant = prevsim.evpi(np.column_stack([costs[:, 1], costs[:, 1] - 1]),
                            np.column_stack([effects[:, 1], effects[:, 1] + 0.01]), wtp)
    assert (dominant == 0).all()


def test_conversions_are_elementwise():
    assert prevsim.rate_to_probability(0.1) == pytest.approx(1 - np.exp(-0.1), rel=1e-15)
    np.testing.assert_allclose(prevsim.rate_to_probability([0.1, 0.2], 5.0),
                               1 - np.exp(-np.array([0.5, 1.0])), rtol=1e-15)
    assert prevsim.probability_to_rate(0.5) == pytest.approx(np.log(2), rel=1e-15)
    assert prevsim.probability_to_odds(0.2) == pytest.approx(0.25)
    assert prevsim.odds_to_probability(3.0) == 0.75
    assert prevsim.apply_relative_risk(0.2, 0.5) == pytest.approx(0.1)
    assert prevsim.apply_odds_ratio(0.2, 2.0) == pytest.approx(1 / 3)
    assert prevsim.rescale_probability(0.2, 12.0, 1.0) == pytest.approx(1 - 0.8 ** (1 / 12))
    with pytest.raises(ValueError, match=r"apply_relative_risk: probability \* relative_risk "
                                         r"\(0.6 \* 2\) is 1.2, but must be at most 1"):
        prevsim.apply_relative_risk([0.1, 0.6], 2.0)
    with pytest.raises(ValueError, match=r"probability_to_rate: probability is 1, but must be "
                                         r"within \[0, 1\)"):
        prevsim.probability_to_rate(1.0)


@pytest.mark.parametrize("call", [
    lambda c, e, n, w: prevsim.incremental_analysis(c, e, n),
    lambda c, e, n, w: prevsim.acceptability(c, e, n, w),
    lambda c, e, n, w: prevsim.net_benefit(c, e, n, w),
    lambda c, e, n, w: prevsim.evpi(c, e, w),
], ids=["incremental_analysis", "acceptability", "net_benefit", "evpi"])
def test_every_analysis_rejects_bad_shapes_and_values(call):
    c = np.ones((5, 3))
    names = ["a", "b", "c"]
    with pytest.raises(ValueError, match=r": costs is 5 x 3 but effects is 5 x 2; both must be "
                                         r"draws x strategies, of the same shape"):
        call(c, np.ones((5, 2)), names, [0.0])
    with pytest.raises(ValueError, match=r": costs and effects have no strategies \(columns\); "
                                         r"at least one is needed"):
        call(np.ones((5, 0)), np.ones((5, 0)), [], [0.0])
    with pytest.raises(ValueError, match=r": costs and effects have no draws \(rows\)"):
        call(np.ones((0, 3)), np.ones((0, 3)), names, [0.0])
    bad = c.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r": effects\[draw 4, strategy 2\] is nan, but must be "
                                         r"finite"):
        call(c, bad, names, [0.0])
    with pytest.raises(ValueError, match=r": costs has 3 dimensions, but must have 1"):
        call(np.ones((2, 2, 2)), np.ones((2, 2, 2)), names, [0.0])
    with pytest.raises(ValueError, match=r": costs and effects have different columns"):
        call(pd.DataFrame(c, columns=names), pd.DataFrame(c, columns=["a", "b", "x"]), None,
             [0.0])


@pytest.mark.parametrize("function", ["incremental_analysis", "acceptability", "net_benefit"])
def test_names_must_match_the_strategies(function):
    c = np.ones((4, 3))

    def call(names):
        if function == "incremental_analysis":
            return prevsim.incremental_analysis(c, c, names)
        return getattr(prevsim, function)(c, c, names, 1.0)

    with pytest.raises(ValueError, match=rf"^{function}: names has 2 entries, but costs and "
                                         r"effects have 3 strategies \(columns\)$"):
        call(["a", "b"])
    with pytest.raises(ValueError, match=rf'^{function}: names\[3\] is "a", the same as '
                                         r"names\[1\]; strategy names must be unique$"):
        call(["a", "b", "a"])
    with pytest.raises(ValueError, match=rf"^{function}: names\[2\] is empty; every strategy "
                                         "needs a name$"):
        call(["a", "", "c"])


def test_wtp_must_be_non_negative_and_given():
    c = np.ones((4, 2))
    with pytest.raises(ValueError, match=r"^acceptability: wtp\[2\] is -1, but must be finite "
                                         r"and >= 0$"):
        prevsim.acceptability(c, c, None, [0, -1])
    with pytest.raises(ValueError, match=r"^evpi: wtp\[1\] is -5, but must be finite and >= 0$"):
        prevsim.evpi(c, c, -5)
    with pytest.raises(ValueError, match=r"^expected_net_benefit: wtp is empty; at least one "
                                         "willingness-to-pay value is needed$"):
        prevsim.net_benefit(c, c, None, [])
    with pytest.raises(ValueError, match=r"^net_monetary_benefit: wtp is -2, but must be finite "
                                         r"and >= 0$"):
        prevsim.net_benefit(c, c, None, -2, per_draw=True)
    with pytest.raises(ValueError, match=r"^population_evpi: population is -1, but must be "
                                         r"finite and >= 0$"):
        prevsim.evpi(c, c, 1.0, population=-1)
    with pytest.raises(ValueError, match='acceptability: a strategy is named "frontier"'):
        prevsim.acceptability(c, c, ["frontier", "b"], 1.0)
