"""Every public module's docstring example runs (doctest)."""

import doctest
import importlib

import pytest

MODULES = ["prevsim", "prevsim.parameters", "prevsim.summary", "prevsim.demo", "prevsim.decision",
           "prevsim.cohort", "prevsim.scenario", "prevsim.prevention_results", "prevsim.microsimulation"]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no example"
    assert result.failed == 0


def test_stub_lists_every_public_name_of_the_core():
    import pathlib

    import prevsim._core as core

    stub = (pathlib.Path(__file__).parents[2] / "python" / "prevsim" / "_core.pyi").read_text()
    public = [n for n in dir(core) if not n.startswith("_")]
    missing = [n for n in public if f"class {n}" not in stub and f"def {n}(" not in stub]
    assert missing == [], f"_core.pyi is stale; run scripts/stubgen.sh (missing: {missing})"
