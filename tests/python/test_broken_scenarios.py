"""A corpus of broken scenario files (tests/python/broken_scenarios/), each one
change away from _valid.toml; its first line, ``# expect: …``, is the message
the loader must give. Every error names the file and key path, with the line
where the key is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import prevsim

CORPUS = Path(__file__).parent / "broken_scenarios"
BROKEN = sorted(p for p in CORPUS.glob("*.toml") if not p.name.startswith("_"))


def test_the_valid_base_loads_and_runs():
    scenario = prevsim.load_scenario(CORPUS / "_valid.toml")
    assert scenario.evaluate().summary().shape[0] == 3


def test_the_corpus_is_not_empty():
    assert len(BROKEN) >= 25


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_gives_its_message(path: Path):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(prevsim.ScenarioError) as caught:
        prevsim.load_scenario(path)
    message = str(caught.value)
    assert expected in message
    assert message.startswith(str(path))
    # A line number wherever the key is written in the file.
    if caught.value.key and not caught.value.key.startswith(("cohorts", "scenario.price_year", "scenario.double_counting")):
        assert caught.value.line is not None, message
