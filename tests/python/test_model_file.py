"""Cohort model files (TOML): the bundled model reproduces its published table,
and every kind of mistake is reported with file, key path and line before any
simulation."""

from pathlib import Path

import pytest

import prevsim

GOOD = prevsim.scenario_path("cohort/sick_sicker.toml").read_text(encoding="utf-8")


def test_bundled_model_reproduces_the_published_table():
    # Alarid-Escudero et al., Med Decis Making 2023 (time-dependent tutorial), CEA table.
    model = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
    table = model.evaluate(at="base")
    assert table["cost"].round(0).tolist() == [116374, 218789, 202536, 296300]
    assert table["qaly"].round(3).tolist() == [18.879, 19.636, 20.199, 21.097]


def test_every_bundled_number_has_a_source_and_a_unit():
    for path in Path(prevsim.scenario_path("cohort/sick_sicker.toml")).parent.glob("*.toml"):
        described = prevsim.load_model(path).parameters.describe()
        assert (described["source"] != "").all(), f"{path.name}: parameters without a source"
        assert (described["unit"] != "").all(), f"{path.name}: parameters without a unit"


def test_the_file_and_the_builder_are_the_same_model():
    import sys
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    import bench_cohort

    from_file = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
    built = bench_cohort.build_model()
    a = from_file.simulate(300, seed=8).discounted.to_numpy()
    b = built.simulate(300, seed=8).discounted.to_numpy()
    assert a == pytest.approx(b, rel=1e-12)


def line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(text.splitlines()) if needle in line)


BROKEN = [
    # (description, old text, new text, expected message parts, line anchor in the new text)
    ("unknown key with a suggestion", 'counting = "darth"', 'countng = "darth"',
     ["model.countng: unknown key (did you mean 'counting'?)"], 'countng = "darth"'),
    ("wrong type", "cycles = 75 ", 'cycles = "75" ',
     ["model.cycles: is '75', but must be a whole number >= 1"], 'cycles = "75"'),
    ("out of range", "cycles = 75 ", "cycles = 0 ",
     ["model.cycles: is 0, but must be a whole number >= 1"], "cycles = 0"),
    ("missing convention", 'discount_timing = "start"\n', "",
     ["model.discount_timing: is missing"], None),
    ("unknown state", '"S2 -> D" = "p_S2D"', '"S2 -> Dead" = "p_S2D"',
     ["transitions.'S2 -> Dead': state 'Dead' is not one of the states (H, S1, S2, D)"],
     '"S2 -> Dead"'),
    ("misspelt state with a suggestion", '"S1 -> S1" = "C"', '"S1 -> S11" = "C"',
     ["state 'S11' is not one of the states (H, S1, S2, D); did you mean 'S1'?"], '"S1 -> S11"'),
    ("unknown name with a suggestion", '"S1 -> D" = "p_S1D"', '"S1 -> D" = "p_S1DD"',
     ["unknown name 'p_S1DD' (did you mean 'p_S1D'?)"], '"S1 -> D" = "p_S1DD"'),
    ("malformed arrow", '"H -> D" = "p_HD"', '"H to D" = "p_HD"',
     ["transitions.'H to D': must be written 'FROM -> TO'"], '"H to D"'),
    ("unknown distribution", 'dist = "beta", alpha = 200', 'dist = "betta", alpha = 200',
     ["parameters.u_H: dist is 'betta', but must be one of", "(did you mean 'beta'?)"],
     'dist = "betta"'),
    ("impossible beta", 'u_S1 = { dist = "beta", alpha = 130, beta = 45,',
     'u_S1 = { dist = "beta", mean = 0.75, se = 0.5,',
     ["parameters.u_S1: beta.from_mean_se: se is 0.5, but must be below sqrt(mean*(1-mean))"],
     "u_S1 = "),
    ("wrong distribution parameter", 'c_H = { dist = "gamma", shape = 100, scale = 20',
     'c_H = { dist = "gamma", shape = 100, scal = 20',
     ["parameters.c_H: scal is not a parameter of a gamma distribution (did you mean 'scale'?)"],
     "c_H = "),
    ("unknown reward kind", 'qaly = "effect"', 'qaly = "benefit"',
     ["rewards.qaly: is 'benefit', but must be \"cost\" or \"effect\""], 'qaly = "benefit"'),
    ("invalid TOML", "start_age = 25", "start_age = = 25", ["is not valid TOML"], None),
    ("start shares not summing to 1", "[start]\nH = 1", "[start]\nH = 0.9",
     ["the sum of the start shares is 0.9, but must be 1"], None),
]


@pytest.mark.parametrize("description,old,new,parts,anchor", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_are_reported_with_key_and_line(tmp_path, description, old, new, parts, anchor):
    assert old in GOOD, f"the test's anchor text is no longer in the bundled file: {old!r}"
    text = GOOD.replace(old, new, 1)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(prevsim.ScenarioError) as error:
        prevsim.load_model(path)
    message = str(error.value)
    assert message.startswith(str(path))
    for part in parts:
        assert part in message
    if anchor is not None:
        assert error.value.line == line_of(text, anchor), message


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(prevsim.ScenarioError, match="cannot read the file"):
        prevsim.load_model(tmp_path / "nope.toml")


def test_scenario_path_lists_what_is_bundled():
    with pytest.raises(ValueError, match="bundled: cohort/sick_sicker.toml"):
        prevsim.scenario_path("cohort/nope.toml")
