"""The command line: the demo job, its exit codes and messages."""

import subprocess
from pathlib import Path
import sys

import prevsim.__main__ as cli


def run(*args):
    return subprocess.run([sys.executable, "-m", "prevsim", *args], capture_output=True, text=True,
                          timeout=120)


def test_demo_prints_inputs_and_summary():
    result = run("demo", "--draws", "2000", "--seed", "3")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "prevsim demo: 2000 draws, seed 3" in out
    for name in ["share_without_examen", "problem_drug_users", "cost_per_problem_user_msek",
                 "relative_reduction", "avoided_cost_msek_per_year"]:
        assert name in out


def test_demo_is_reproducible_and_thread_independent():
    assert cli.main(["demo", "--draws", "500", "--threads", "1"]) == 0
    one = run("demo", "--draws", "3000", "--seed", "9", "--threads", "1").stdout
    two = run("demo", "--draws", "3000", "--seed", "9", "--threads", "2").stdout
    assert one == two


def test_bad_arguments_exit_with_status_2_and_a_message():
    result = run("demo", "--draws", "0")
    assert result.returncode == 2
    assert "argument --draws: 0 must be >= 1" in result.stderr
    assert "Traceback" not in result.stderr


BROKEN = Path(__file__).parent / "broken_scenarios"


def test_run_writes_a_report_for_a_scenario(tmp_path, capsys):
    out = tmp_path / "report"
    assert cli.main(["run", str(BROKEN / "_valid.toml"), "--draws", "500", "--seed", "3", "--out", str(out)]) == 0
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "Minimal valid scenario" in text
    assert "NPV, MSEK (mean)" in text and "P(NPV > 0)" in text
    assert "500 draws, seed 3" in text
    assert "SHA-256" in text
    assert sorted(p.name for p in out.glob("*.csv")) == [
        "_valid_by_outcome.csv", "_valid_by_payer.csv", "_valid_cashflow_society.csv", "_valid_summary.csv"]


def test_run_with_a_broken_scenario_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "report"
    broken = BROKEN / "unknown_key.toml"
    assert cli.main(["run", str(BROKEN / "_valid.toml"), str(broken), "--draws", "100", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "unknown_key.toml:8: scenario.timng: unknown key (did you mean 'timing'?)" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
