"""The command line: the demo job, its exit codes and messages."""

import subprocess
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
