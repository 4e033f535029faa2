"""The command line: every subcommand, its exit codes and messages, the
progress bar, and Ctrl-C (nothing written, status 130)."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import prevsim
import prevsim.__main__ as cli
from prevsim.prevention_results import simulate

BROKEN = Path(__file__).parent / "broken_scenarios"
VALID = BROKEN / "_valid.toml"
CORPUS = sorted(p for p in BROKEN.glob("*.toml") if not p.name.startswith("_"))
REPO = Path(__file__).parents[2]
# The subprocesses import the same prevsim as this process: the installed
# package (CI), or a source tree with its built extension (development).
PACKAGE_ROOT = str(Path(prevsim.__file__).resolve().parents[1])


def run(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": PACKAGE_ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "prevsim", *args], capture_output=True, text=True,
                          timeout=300, env=env, **kwargs)


# -- demo (kept) ------------------------------------------------------------

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


# -- help -------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["run"], ["validate"], ["compare"], ["regress"], ["demo"]])
def test_help_everywhere_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(command + ["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: prevsim" in out
    assert "example" in out
    assert "prevsim " + (command[0] if command else "run") in out.split("example", 1)[1]


def test_installed_entry_point_and_module_agree():
    # pyproject's [project.scripts] names this function.
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'prevsim = "prevsim.__main__:main"' in text


# -- run --------------------------------------------------------------------

def test_run_writes_every_format_for_a_scenario(tmp_path, capsys):
    out = tmp_path / "report"
    assert cli.main(["run", str(VALID), "--draws", "500", "--seed", "3", "--out", str(out)]) == 0
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "Minimal valid scenario" in text
    assert "NPV (mean), MSEK" in text and "Probability of a net gain" in text
    assert "500 draws, seed 3" in text
    assert "SHA-256" in text
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"report.md", "report.html", "report.json", "_valid.xlsx", ".prevsim-report",
            "csv/_valid_summary.csv", "csv/_valid_by_outcome.csv", "csv/_valid_by_payer.csv",
            "csv/_valid_cashflow.csv", "csv/_valid_summary_per_participant.csv", "csv/_valid_inputs.csv",
            "plots/_valid_npv.png", "plots/_valid_npv.svg", "plots/_valid_payback.png",
            "plots/_valid_by_payer.svg", "plots/_valid_by_outcome.png"} <= names
    assert f"wrote {out}" in capsys.readouterr().out


def test_run_format_and_lang_options(tmp_path):
    out = tmp_path / "r"
    assert cli.main(["run", str(VALID), "--draws", "300", "--out", str(out), "--format", "md,json",
                     "--lang", "sv"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".prevsim-report", "report.json", "report.md"]
    assert "Sammanfattning, alla kohorter" in (out / "report.md").read_text(encoding="utf-8")
    both = tmp_path / "both"
    assert cli.main(["run", str(VALID), "--draws", "300", "--out", str(both), "--format", "md",
                     "--lang", "both"]) == 0
    assert "Nettonuvärde" in (both / "sv" / "report.md").read_text(encoding="utf-8")
    assert "Net present value" in (both / "en" / "report.md").read_text(encoding="utf-8")


def test_run_accepts_a_folder_of_scenarios(tmp_path):
    folder = tmp_path / "scen"
    folder.mkdir()
    (folder / "a.toml").write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.toml").write_text(VALID.read_text(encoding="utf-8").replace(
        'title = "Minimal valid scenario"', 'title = "Second copy"'), encoding="utf-8")
    result = run("run", str(folder), "--draws", "256", "--format", "md", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "Overview of the scenarios" in text  # two runs: an overview table first
    assert text.index("Overview") < text.index("## Minimal valid scenario") < text.index("## Second copy")


def test_run_with_a_broken_scenario_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "report"
    broken = BROKEN / "unknown_key.toml"
    assert cli.main(["run", str(VALID), str(broken), "--draws", "100", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "unknown_key.toml:8: scenario.timng: unknown key (did you mean 'timing'?)" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_broken_file_exits_2_naming_file_and_key(path, tmp_path):
    """The whole corpus through a subprocess: status 2, the corpus's expected
    message on one line after "prevsim: error:", no traceback, no output."""
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    result = run("run", str(path), "--draws", "100", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("prevsim: error: " + str(path))
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_file_and_empty_folder_exit_2(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "nope.toml: cannot read the file" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "empty").mkdir()
    assert cli.main(["run", str(tmp_path / "empty")]) == 2
    assert "holds no scenario files" in capsys.readouterr().err


def test_bad_format_is_an_argument_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "--format", "md,docx"])
    assert exit_.value.code == 2
    assert "'docx' is not a format" in capsys.readouterr().err


def test_out_folder_that_is_not_a_report_is_never_replaced(tmp_path, capsys):
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work", encoding="utf-8")
    assert cli.main(["run", str(VALID), "--draws", "100", "--out", str(precious)]) == 2
    assert "is not a prevsim report" in capsys.readouterr().err
    assert (precious / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    # A folder holding a prevsim report is replaced whole.
    out = tmp_path / "r"
    assert cli.main(["run", str(VALID), "--draws", "100", "--out", str(out), "--format", "md,csv"]) == 0
    assert cli.main(["run", str(VALID), "--draws", "100", "--out", str(out), "--format", "json"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".prevsim-report", "report.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "r"]  # no staging left


def test_internal_failure_exits_1_with_a_traceback(tmp_path, monkeypatch, capsys):
    import prevsim.report as report

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(report, "write_report", broken)
    assert cli.main(["run", str(VALID), "--draws", "100", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert "prevsim: internal error: RuntimeError: a bug" in err.strip().splitlines()[-1]


def test_a_value_error_inside_the_report_is_internal_not_the_users(tmp_path, monkeypatch, capsys):
    """Only errors about the input are status 2: a ValueError from a plotting
    library is a bug (status 1), even though ScenarioError is a ValueError."""
    import prevsim.plots as plots

    def broken(*args, **kwargs):
        raise ValueError("'xerr' must not contain negative values")

    monkeypatch.setattr(plots, "plot_npv", broken)
    assert cli.main(["run", str(VALID), "--draws", "100", "--out", str(tmp_path / "o")]) == 1
    assert "internal error: ValueError" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- validate and compare ---------------------------------------------------

def test_validate_checks_without_running(tmp_path, capsys):
    from prevsim.regression import reference_scenarios

    bundled = [str(p) for p in reference_scenarios()]
    assert cli.main(["validate", str(VALID), str(prevsim.scenario_path("cohort/sick_sicker.toml"))] + bundled) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"ok  {VALID}: Minimal valid scenario")
    assert "cohort model, 4 strategies" in out
    assert cli.main(["validate", str(VALID), str(BROKEN / "unknown_key.toml"),
                     str(BROKEN / "wrong_type.toml")]) == 2
    captured = capsys.readouterr()
    assert "ok  " in captured.out
    errors = [line for line in captured.err.splitlines() if line.startswith("prevsim: error:")]
    assert len(errors) == 2  # every bad file reported, not only the first
    assert "scenario.timng: unknown key" in errors[0]
    assert "2 invalid file(s)" in captured.err


def test_validate_reports_a_draw_error_at_the_base_values(tmp_path, capsys):
    text = VALID.read_text(encoding="utf-8").replace("share = 0.49", "share = 0.4")
    bad = BROKEN / "_tmp_shares.toml"
    try:
        bad.write_text(text, encoding="utf-8")
        assert cli.main(["validate", str(bad)]) == 2
    finally:
        bad.unlink()
    err = capsys.readouterr().err
    assert "_tmp_shares.toml" in err and "sum to" in err


def test_compare_puts_two_scenarios_side_by_side(tmp_path, capsys):
    a = prevsim.scenario_path("prevention/norrtalje.toml")
    assert cli.main(["compare", str(a), str(VALID), "--draws", "512", "--no-progress"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Comparison (society)"
    assert "A: norrtalje.toml" in out and "B: _valid.toml" in out and "Difference (B − A)" in out
    npv = next(line for line in lines if line.startswith("NPV (mean), MSEK"))
    r_a = simulate(prevsim.load_scenario(a), draws=512, seed=cli.DEFAULT_SEED)
    r_b = simulate(prevsim.load_scenario(VALID), draws=512, seed=cli.DEFAULT_SEED)
    npv_a, npv_b = (r.summary().loc["society", "npv_mean"] / 1e6 for r in (r_a, r_b))
    assert npv.split()[-3:] == [f"{npv_a:.1f}", f"{npv_b:.1f}", f"{npv_b - npv_a:.1f}"]
    assert cli.main(["compare", str(a), str(VALID), "--draws", "256", "--lang", "sv",
                     "--out", str(tmp_path / "cmp")]) == 0
    assert "Jämförelse (samhället)" in capsys.readouterr().out
    assert (tmp_path / "cmp" / "report.html").is_file()


# -- progress and Ctrl-C ----------------------------------------------------

class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_progress_bar_shows_draws_rate_and_time_left_after_a_second():
    stream, clock = io.StringIO(), FakeClock()
    bar = cli.ProgressBar("botkyrka", stream=stream, enabled=True, clock=clock)
    clock.t = 0.5
    bar(8192, 100_000)
    assert stream.getvalue() == ""  # a short run stays quiet
    clock.t = 1.0
    bar(16384, 100_000)
    line = stream.getvalue()
    assert line.startswith("\rbotkyrka  [")
    assert "16,384/100,000 draws" in line and "16,384 draws/s" in line and "5 s left" in line
    clock.t = 2.0
    bar(100_000, 100_000)
    assert "100,000/100,000 draws" in stream.getvalue() and "done" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\n")
    quiet = io.StringIO()
    off = cli.ProgressBar("x", stream=quiet, enabled=None)  # not a terminal: off by default
    clock.t = 10
    off(1, 2)
    assert quiet.getvalue() == ""


def test_progress_is_fed_between_chunks_and_results_are_the_same_bits():
    scenario = prevsim.load_scenario(prevsim.scenario_path("prevention/kiva_anti_bullying.toml"))
    calls = []
    with_bar = simulate(scenario, draws=5000, seed=4, threads=2, chunk=1024,
                        progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1024, 5000), (2048, 5000), (3072, 5000), (4096, 5000), (5000, 5000)]
    plain = simulate(scenario, draws=5000, seed=4, threads=1, chunk=8192)  # one call, one thread
    assert with_bar.draws.equals(plain.draws)
    assert (with_bar._paths == plain._paths).all()
    # The mean yearly flows: chunk sums added in order, bit-identical.
    assert (with_bar._mean_flows == plain._mean_flows).all()
    assert with_bar.cashflow().equals(plain.cashflow())
    assert with_bar.cashflow("municipality").equals(plain.cashflow("municipality"))
    assert with_bar.cashflow_by_outcome().equals(plain.cashflow_by_outcome())
    # Latin hypercube too: each chunk samples its rows of the whole design.
    lhs = [simulate(scenario, draws=3000, seed=4, method="lhs", chunk=c).draws for c in (512, 4096)]
    assert lhs[0].equals(lhs[1])
    with pytest.raises(ValueError, match="chunk is 1000, but must be a positive multiple of 256"):
        simulate(scenario, draws=10, seed=1, chunk=1000)


def test_keyboard_interrupt_from_the_progress_callback_leaves_no_output(tmp_path, monkeypatch, capsys):
    seen = []

    class Interrupting(cli.ProgressBar):
        def __call__(self, done, total):
            seen.append(done)
            if done >= 512:
                raise KeyboardInterrupt

    monkeypatch.setattr(cli, "ProgressBar", Interrupting)
    monkeypatch.setattr("prevsim.prevention_results.CHUNK_DRAWS", 256)
    out = tmp_path / "report"
    assert cli.main(["run", str(VALID), "--draws", "5000", "--out", str(out)]) == 130
    assert seen == [256, 512]  # stopped at the first chunk boundary after the interrupt
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == f"prevsim: interrupted; nothing written to {out}"
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_interrupt_while_writing_the_report_leaves_no_output(tmp_path, monkeypatch, capsys):
    import prevsim.report_excel as excel

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(excel, "write_workbooks", interrupted)
    out = tmp_path / "report"
    assert cli.main(["run", str(VALID), "--draws", "300", "--out", str(out)]) == 130
    assert list(tmp_path.iterdir()) == []  # neither the folder nor its staging copy


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_sigint_stops_a_run_within_a_second_and_writes_nothing(tmp_path):
    """A real Ctrl-C: SIGINT to `prevsim run` in the middle of a long run."""
    out = tmp_path / "report"
    env = {**os.environ, "PYTHONPATH": PACKAGE_ROOT}
    with subprocess.Popen([sys.executable, "-m", "prevsim", "run",
                           str(prevsim.scenario_path("prevention/pax_good_behavior_game.toml")),
                           "--draws", "300000", "--threads", "1", "--out", str(out)],
                          stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env) as proc:
        try:
            # Wait until the run has started (its "running" line), then interrupt.
            line = proc.stderr.readline()
            assert line.startswith("running pax_good_behavior_game.toml"), line
            time.sleep(1.5)
            assert proc.poll() is None, "the run ended before the interrupt"
            sent = time.monotonic()
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
            stopped = time.monotonic() - sent
            _, err = proc.communicate()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, err
    assert stopped < 1.0, f"took {stopped:.2f} s to stop"
    assert err.strip().splitlines()[-1] == f"prevsim: interrupted; nothing written to {out}"
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
