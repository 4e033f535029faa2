"""Deterministic sensitivity analysis (prevsim.sensitivity) and its command
line (prevsim.cli_analysis): tornado rankings against known partial
derivatives, thresholds against algebraic roots, two-way grids, Monte Carlo
sweeps with common random numbers, plots, and every error message."""

import argparse
import doctest
import json
import math

import numpy as np
import pytest

import prevsim
from prevsim import cli_analysis, sensitivity

Z95 = 1.6448536269514722  # Φ⁻¹(0.95)
WTP = 50_000.0


@pytest.fixture(scope="module")
def botkyrka():
    return prevsim.load_scenario(prevsim.scenario_path("prevention/botkyrka.toml"))


@pytest.fixture(scope="module")
def linear_model():
    """A cohort model whose incremental net monetary benefit is linear:
    INMB(B vs A) = λ·qaly_b − (cost_b − cost_a), one cycle, no discounting.
    Partial derivatives: ∂/∂qaly_b = λ, ∂/∂cost_b = −1, ∂/∂cost_a = +1,
    ∂/∂unused = 0."""
    ps = prevsim.ParameterSet()
    ps.add("cost_a", prevsim.Normal(200.0, 300.0))
    ps.add("cost_b", prevsim.Normal(1000.0, 100.0))
    ps.add("qaly_b", prevsim.Normal(0.05, 0.01))
    ps.add("unused", prevsim.Normal(1.0, 0.5))
    m = prevsim.CohortModel(states=["alive", "dead"], cycles=1, counting="beginning",
                            discount_timing="start", discount_costs=0.0, discount_effects=0.0,
                            parameters=ps)
    m.reward("cost", kind="cost")
    m.reward("qaly", kind="effect")
    m.start(alive=1)
    m.transitions({("alive", "alive"): 1, ("dead", "dead"): 1})
    m.values("cost", alive="cost_a")
    m.values("qaly", alive=0)
    m.strategy("A")
    m.strategy("B", values={"cost": {"alive": "cost_b"}, "qaly": {"alive": "qaly_b"}})
    return m


@pytest.mark.parametrize("module", [sensitivity, cli_analysis])
def test_module_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# -- tornado ------------------------------------------------------------------------

def test_tornado_ranks_inputs_by_known_partial_derivatives(linear_model):
    t = sensitivity.tornado(linear_model, wtp=WTP)
    # Base: λ·0.05 − (1000 − 200) = 1700. Swing = |∂f/∂x|·(q95 − q05) = |∂f/∂x|·2·1.645·sd:
    # qaly_b 50 000·0.0329 = 1644.9; cost_a 987.0; cost_b 329.0; unused 0.
    assert t.attrs["base"] == pytest.approx(1700.0, rel=1e-12)
    assert list(t.index) == ["qaly_b", "cost_a", "cost_b", "unused"]
    expected_swing = {"qaly_b": WTP * 2 * Z95 * 0.01, "cost_a": 2 * Z95 * 300.0,
                      "cost_b": 2 * Z95 * 100.0, "unused": 0.0}
    # Quantiles of cohort-model inputs come from a 100 000-draw Latin hypercube
    # sample: accurate to about 1e-4 relative here.
    for name, swing in expected_swing.items():
        assert t.loc[name, "swing"] == pytest.approx(swing, rel=2e-3, abs=1e-9)
    # Each end is the base plus the derivative times the change (exactly linear).
    for name, derivative in {"qaly_b": WTP, "cost_a": 1.0, "cost_b": -1.0}.items():
        row = t.loc[name]
        assert row["metric_low"] == pytest.approx(1700.0 + derivative * (row["low_value"] - row["base_value"]),
                                                  rel=1e-9)
        assert row["metric_high"] == pytest.approx(1700.0 + derivative * (row["high_value"] - row["base_value"]),
                                                   rel=1e-9)


def test_tornado_of_a_scenario_uses_exact_percentiles_and_matches_single_evaluations(botkyrka):
    t = sensitivity.tornado(botkyrka)
    assert t.index[0] == "effect_rd"
    assert t.attrs["metric"] == "society NPV"
    base = botkyrka.evaluate().summary().loc["society", "npv_mean"]
    assert t.attrs["base"] == pytest.approx(base, rel=1e-12)
    # effect_rd ~ N(−0.008, sd): its 5th/95th percentiles exactly.
    sd = float(botkyrka.inputs().loc["effect_rd", "sd"])
    assert t.loc["effect_rd", "low_value"] == pytest.approx(-0.008 - Z95 * sd, rel=1e-12)
    assert t.loc["effect_rd", "high_value"] == pytest.approx(-0.008 + Z95 * sd, rel=1e-12)
    # Fixed inputs are left out; the swing is sorted.
    assert "cohort.subgroups.girls.share" not in t.index
    assert (np.diff(t["swing"].to_numpy()) <= 0).all()
    # One row against the model evaluated on its own (Scenario.replace of a
    # parameter's base value is not possible, so compare with a direct row).
    names = botkyrka.parameters.names
    row = np.array(botkyrka.parameters.point_values("base"))
    row[names.index("cost_centre_per_year")] = t.loc["cost_centre_per_year", "high_value"]
    out = botkyrka._core.evaluate(row[None, :], 1, 0)
    npv = np.asarray(out["values"])[0, list(out["columns"]).index("society.npv")]
    assert t.loc["cost_centre_per_year", "metric_high"] == npv


def test_tornado_options_ranges_per_participant_and_settings(botkyrka):
    t = sensitivity.tornado(botkyrka, inputs=["effect_rd", "cost_mvp_per_year"], low=0.25, high=0.75,
                            ranges={"cost_mvp_per_year": (0.0, 2e6), "scenario.discount": (0.0, 0.05)},
                            perspective="municipality", per="participant")
    assert list(t.index) == ["effect_rd", "cost_mvp_per_year"]
    assert t.loc["cost_mvp_per_year", "low_value"] == 0.0
    assert t.attrs["metric"] == "municipality NPV per participant"
    t2 = sensitivity.tornado(botkyrka, inputs=["scenario.discount", "effect_rd"],
                             ranges={"scenario.discount": (0.0, 0.05)})
    # At 0 % the society NPV is the undiscounted one (170.8 MSEK in the scenario file).
    assert t2.loc["scenario.discount", "metric_low"] / 1e6 == pytest.approx(170.8, abs=0.05)
    assert math.isnan(t2.loc["scenario.discount", "base_value"])


def test_tornado_plot_writes_png_and_svg(tmp_path, linear_model):
    t = sensitivity.tornado(linear_model, wtp=WTP)
    for name, magic in (("t.png", b"\x89PNG"), ("t.svg", b"<?xml")):
        fig = sensitivity.plot_tornado(t, tmp_path / name, language="sv", title="test")
        assert (tmp_path / name).read_bytes().startswith(magic)
        assert fig.axes[0].get_title() == "test"
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_label_tables_in_swedish_and_english(linear_model):
    t = sensitivity.tornado(linear_model, wtp=WTP)
    sv = sensitivity.label_table(t, "sv")
    assert list(sv.columns) == ["lågt värde", "högt värde", "basvärde", "vid lågt värde", "vid högt värde", "utslag"]
    assert sv.index.name == "indata"
    assert set(sensitivity.LABELS["sv"]) == set(sensitivity.LABELS["en"])
    with pytest.raises(ValueError, match="language is 'de', but must be one of 'en', 'sv'"):
        sensitivity.label_table(t, "de")


# -- two-way ------------------------------------------------------------------------

def test_two_way_grid_is_tidy_and_exact(linear_model, botkyrka):
    g = sensitivity.two_way(linear_model, "cost_b", [800.0, 1200.0], "qaly_b", [0.0, 0.02, 0.04], wtp=WTP)
    assert list(g.columns) == ["cost_b", "qaly_b", "value"]
    assert len(g) == 6
    expected = WTP * g["qaly_b"] - (g["cost_b"] - 200.0)
    assert np.allclose(g["value"], expected, rtol=1e-12, atol=1e-9)
    grid = sensitivity.two_way(botkyrka, "effect_rd", [-0.02, 0.0], "cost_centre_per_year", [4e6, 6e6])
    pivot = grid.pivot(index="cost_centre_per_year", columns="effect_rd", values="value")
    assert pivot.shape == (2, 2)
    # NPV falls by the same amount for the same extra centre cost at either effect.
    d = pivot.loc[6e6] - pivot.loc[4e6]
    assert d.iloc[0] == pytest.approx(d.iloc[1], rel=1e-9)
    with pytest.raises(ValueError, match="x and y are both 'effect_rd'"):
        sensitivity.two_way(botkyrka, "effect_rd", [0.0], "effect_rd", [0.0])


# -- thresholds ---------------------------------------------------------------------

def test_threshold_of_a_linear_model_is_its_algebraic_root(linear_model):
    # INMB = λ·qaly_b − cost_b + cost_a = 0 ⇒ cost_b = 50 000·0.05 + 200 = 2700,
    # outside the support of cost_b (N(1000, 100)) ...
    r = sensitivity.threshold(linear_model, "cost_b", wtp=WTP)
    assert r.roots == [] and r.status == "none_positive"
    assert r.statement().startswith("No threshold: incremental net monetary benefit of B vs A at 50000 per qaly "
                                    "stays positive for every cost_b in [")
    # ... and found on a range that holds it.
    r = sensitivity.threshold(linear_model, "cost_b", wtp=WTP, lower=0.0, upper=5000.0)
    assert r.roots == [pytest.approx(2700.0, rel=1e-12)]
    assert r.status == "found"
    # qaly_b: 50 000·q = 800 ⇒ q = 0.016, inside its support.
    r = sensitivity.threshold(linear_model, "qaly_b", wtp=WTP)
    assert r.roots == [pytest.approx(0.016, rel=1e-12)]
    assert r.metric_at_lower < 0 < r.metric_at_upper
    assert r.base_value == 0.05 and r.metric_at_base == pytest.approx(1700.0, rel=1e-12)


def test_threshold_of_the_effect_size_in_a_scenario(botkyrka):
    # Botkyrka's NPV is linear in the risk difference (cases averted ∝ RD), so
    # the root is the secant through any two points.
    r = sensitivity.threshold(botkyrka, "effect_rd")
    x0, x1 = -0.01, 0.0
    f = lambda x: sensitivity.two_way(botkyrka, "effect_rd", [x], "cost_mvp_per_year", [1e6])["value"][0]
    root = x0 - f(x0) * (x1 - x0) / (f(x1) - f(x0))
    assert r.roots == [pytest.approx(root, rel=1e-9)]
    assert r.status == "found"
    # The range is the support as draws reach it (1e-12 quantiles of the normal).
    sd = float(botkyrka.inputs().loc["effect_rd", "sd"])
    assert r.lower == pytest.approx(-0.008 - 7.034483825 * sd, rel=1e-8)
    assert "NPV > 0 below it, < 0 above it" in r.statement()


def test_threshold_of_a_plain_number_by_replace_and_table(botkyrka):
    parenting = prevsim.load_scenario(prevsim.scenario_path("prevention/parenting_programme.toml"))
    # "Up to what cost per participating family does it still pay?"
    r = sensitivity.threshold(parenting, "interventions.comet.costs[1].amount", lower=0.0, upper=500_000.0)
    assert r.status == "found"
    x = r.roots[0]
    names = parenting.parameters.names
    row = np.array(parenting.parameters.point_values("base"))
    j = names.index("interventions.comet.costs[1].amount")
    for v, sign in ((0.999 * x, 1), (1.001 * x, -1)):
        row[j] = v
        out = parenting._core.evaluate(row[None, :], 1, 0)
        npv = np.asarray(out["values"])[0, list(out["columns"]).index("society.npv")]
        assert np.sign(npv) == sign
    # A settings key (not an uncertain input): the discount rate at which NPV = 0.
    r = sensitivity.threshold(botkyrka, "scenario.discount", lower=0.0, upper=0.2)
    assert r.status == "found" and 0.05 < r.roots[0] < 0.2
    table = sensitivity.thresholds(botkyrka, ["effect_rd", "cost_centre_per_year"])
    assert table.loc["effect_rd", "status"] == "found"
    assert table.loc["cost_centre_per_year", "status"] == "none_positive"
    assert math.isnan(table.loc["cost_centre_per_year", "threshold"])


# -- sweeps with common random numbers ------------------------------------------------

def test_sweep_and_probability_of_gain_use_common_random_numbers(botkyrka):
    p = sensitivity.probability_of_gain(botkyrka, discount=[0.0, 0.03, 0.05], horizon=[10, 53],
                                        draws=2000, seed=5)
    assert list(p.columns) == ["varied", "discount", "horizon_years", "p_positive", "mean", "p5", "p95",
                               "mcse", "draws"]
    run = prevsim.simulate(botkyrka, draws=2000, seed=5).summary().loc["society"]
    at_base = p[(p["varied"] == "discount") & (p["discount"] == 0.03)].iloc[0]
    assert at_base["p_positive"] == run["p_npv_positive"]
    assert at_base["mean"] == run["npv_mean"]
    d = p[p["varied"] == "discount"]
    assert (np.diff(d["mean"].to_numpy()) < 0).all()   # later benefits weigh less
    h = p[p["varied"] == "horizon"].set_index("horizon_years")
    assert h.loc[53, "p_positive"] == run["p_npv_positive"]
    assert h.loc[10, "p_positive"] < h.loc[53, "p_positive"]
    # Fixing an input in a sweep: the other inputs keep their sampled values.
    s = sensitivity.sweep(botkyrka, {"effect_rd": [-0.02, 0.0], "scenario.discount": [0.03]}, draws=500, seed=2)
    assert list(s.columns[:2]) == ["effect_rd", "scenario.discount"]
    assert s.loc[0, "p_positive"] > s.loc[1, "p_positive"]
    assert s.loc[1, "p_positive"] == 0.0   # no effect: the package only costs


# -- errors ---------------------------------------------------------------------------

def test_errors_name_the_value_and_what_was_expected(botkyrka, linear_model):
    with pytest.raises(ValueError, match=r"input 'effect' is not an input of the model \(did you mean 'effect_rd'\?\)"):
        sensitivity.threshold(botkyrka, "effect")
    with pytest.raises(ValueError, match=r"low is 1.5, but must be a probability within \(0, 1\)"):
        sensitivity.tornado(botkyrka, low=1.5)
    with pytest.raises(ValueError, match="low is 0.9, but must be less than high"):
        sensitivity.tornado(botkyrka, low=0.9, high=0.1)
    with pytest.raises(ValueError, match="perspective is 'state', but must be one of municipality, public_sector, society"):
        sensitivity.tornado(botkyrka, perspective="state")
    with pytest.raises(ValueError, match="metric is 'irr', but must be one of npv"):
        sensitivity.tornado(botkyrka, metric="irr")
    with pytest.raises(ValueError, match="a cohort model needs wtp"):
        sensitivity.tornado(linear_model)
    with pytest.raises(ValueError, match="wtp, strategy, comparator and effect apply to cohort models"):
        sensitivity.tornado(botkyrka, wtp=1.0)
    with pytest.raises(ValueError, match="strategy is 'C', but must be one of A, B"):
        sensitivity.tornado(linear_model, wtp=1.0, strategy="C")
    with pytest.raises(ValueError, match=r"the range of 'cost_b' is \[5, 1\]; lower must be less than upper"):
        sensitivity.threshold(linear_model, "cost_b", wtp=1.0, lower=5.0, upper=1.0)
    with pytest.raises(ValueError, match=r"grid key 'scenario.nothing.deeper' is neither an input of the scenario nor a key of its file \(replace: no key"):
        sensitivity.sweep(botkyrka, {"scenario.nothing.deeper": [1]}, draws=10, seed=1)
    with pytest.raises(TypeError, match="model must be a prevsim.Scenario or prevsim.CohortModel, not int"):
        sensitivity.tornado(3)
    sick = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
    with pytest.raises(ValueError, match="the model has 4 strategies: name the strategy to compare with 'SoC'"):
        sensitivity.tornado(sick, wtp=1e5)


# -- command line ---------------------------------------------------------------------

def _cli(*argv):
    parser = argparse.ArgumentParser(prog="prevsim")
    cli_analysis.add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.handler(args)


def test_cli_tornado_threshold_and_outputs(tmp_path, capsys):
    assert _cli("tornado", "prevention/botkyrka.toml", "--top", "3", "--plot", str(tmp_path / "t.svg"),
                "--out", str(tmp_path / "t.csv"), "--language", "sv") == 0
    text = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("indata,lågt värde")
    assert text.splitlines()[1].startswith("effect_rd,")
    assert (tmp_path / "t.svg").is_file()
    assert _cli("threshold", "prevention/botkyrka.toml", "--input", "effect_rd") == 0
    assert "society NPV = 0 at effect_rd = -0.00206" in capsys.readouterr().out
    assert _cli("threshold", "cohort/sick_sicker.toml", "--wtp", "100000", "--strategy", "B",
                "--input", "c_trtB", "--out", str(tmp_path / "th.json")) == 0
    data = json.loads((tmp_path / "th.json").read_text(encoding="utf-8"))
    assert data["table"][0]["status"] == "found"
    assert data["notes"][0].startswith("incremental net monetary benefit of B vs SoC at 100000 per qaly = 0 at c_trtB")


def test_cli_evppi_prints_the_table_and_evpi(tmp_path, capsys):
    assert _cli("evppi", "prevention/norrtalje.toml", "--draws", "3000", "--seed", "1", "--input",
                "effect_drug_rr", "--group", "effect_drug_rr,baseline_drug_use", "--people-per-year", "620",
                "--years", "5", "--out", str(tmp_path / "e.md")) == 0
    text = (tmp_path / "e.md").read_text(encoding="utf-8")
    assert text.startswith("| inputs | EVPPI | share of EVPI | EVPPI, population |")
    assert "| effect_drug_rr + baseline_drug_use |" in text
    assert "EVPI (all inputs):" in text


def test_cli_user_errors_raise_value_errors(tmp_path):
    with pytest.raises(prevsim.ScenarioError, match="no such file"):
        _cli("tornado", str(tmp_path / "missing.toml"))
    with pytest.raises(ValueError, match="a cohort model needs --wtp"):
        _cli("tornado", "cohort/sick_sicker.toml")
    with pytest.raises(ValueError, match="--wtp, --strategy, --comparator and --effect apply to cohort models only"):
        _cli("threshold", "prevention/botkyrka.toml", "--wtp", "1")
    with pytest.raises(ValueError, match=r"--out is '.*t.xlsx', but its extension must be"):
        _cli("tornado", "prevention/botkyrka.toml", "--out", str(tmp_path / "t.xlsx"))
    with pytest.raises(ValueError, match="--people-per-year and --years go together"):
        _cli("evppi", "prevention/botkyrka.toml", "--draws", "500", "--years", "3")
    with pytest.raises(SystemExit):
        _cli("tornado", "prevention/botkyrka.toml", "--low", "5")
