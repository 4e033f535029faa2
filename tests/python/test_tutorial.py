"""docs/tutorial.md runs: its ```python blocks are executed in order, in one
namespace, as a reader would run them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).parents[2] / "docs" / "tutorial.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", TUTORIAL.read_text(encoding="utf-8"), re.S | re.M)


def test_the_tutorial_has_code():
    assert len(BLOCKS) >= 6
    assert "Scenario.from_dict" in BLOCKS[0]


def test_the_tutorial_runs(capsys):
    namespace: dict = {"__name__": "tutorial"}
    for i, block in enumerate(BLOCKS, start=1):
        try:
            exec(compile(block, f"{TUTORIAL.name}, block {i}", "exec"), namespace)
        except Exception as error:  # name the block that failed
            pytest.fail(f"docs/tutorial.md, python block {i} failed: {type(error).__name__}: {error}")
    out = capsys.readouterr().out
    assert "Mentoring for upper-secondary completion" in out
    assert "society NPV per participant" in out
