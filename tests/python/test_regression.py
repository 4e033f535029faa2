"""Regression of the reference scenarios against scenarios/expected/*.json, and
the checks that make the comparison trustworthy (it flags what it should)."""

from __future__ import annotations

import copy
import json

import pytest

from prevsim import regression
from prevsim.__main__ import main


def test_reference_scenarios_match_their_stored_results():
    differences = regression.check()
    changed = [d for d in differences if not d.ok]
    assert not changed, ("reference results changed (if intended, run `python -m prevsim regress "
                         "--update --store scenarios/expected` and commit with the reason):\n"
                         + regression.format_table(differences))
    # Every bundled scenario has stored results, and each stores its quantities.
    assert {d.scenario for d in differences} == {p.name for p in regression.reference_scenarios()}
    assert len(differences) >= 30 * len(regression.reference_scenarios())


@pytest.fixture(scope="module")
def stored():
    path = regression.default_store() / "botkyrka.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_deterministic_change_beyond_1e9_is_flagged(stored):
    now = copy.deepcopy(stored)
    now["central"]["society.npv"] *= 1 + 1e-7
    flagged = {d.quantity for d in regression.compare(stored, now) if not d.ok}
    assert flagged == {"society.npv"}
    now["central"]["society.npv"] = stored["central"]["society.npv"] * (1 + 1e-12)
    assert all(d.ok for d in regression.compare(stored, now))


def test_a_payback_year_that_appears_or_disappears_is_flagged(stored):
    now = copy.deepcopy(stored)
    now["central"]["society.payback_year"] = None
    assert [d.quantity for d in regression.compare(stored, now) if not d.ok] == ["society.payback_year"]


def test_monte_carlo_means_move_within_three_standard_errors_of_the_difference(stored):
    key = "society.npv_mean"
    value = stored["monte_carlo"]["values"][key]
    tolerance = 3 * (2 ** 0.5) * value["mcse"]
    for shift, ok in ((0.9 * tolerance, True), (1.1 * tolerance, False)):
        now = copy.deepcopy(stored)
        now["monte_carlo"]["values"][key]["mean"] += shift
        result = {d.quantity: d.ok for d in regression.compare(stored, now)}
        assert result["mc." + key] is ok


def test_cli_exit_status_and_update(tmp_path, capsys):
    scenario = str(regression.reference_scenarios()[0])
    assert main(["regress", "--update", "--store", str(tmp_path), scenario]) == 0
    written = list(tmp_path.glob("*.json"))
    assert len(written) == 1
    assert main(["regress", "--store", str(tmp_path), scenario]) == 0
    assert "0 changed" in capsys.readouterr().out
    record = json.loads(written[0].read_text())
    record["central"]["society.npv"] += 1000.0
    written[0].write_text(json.dumps(record))
    assert main(["regress", "--store", str(tmp_path), scenario]) == 1
    out = capsys.readouterr().out
    assert "society.npv" in out and "CHANGED" in out and "1 changed" in out
