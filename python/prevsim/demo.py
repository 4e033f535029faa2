"""The demonstration job: uncertain inputs of a Swedish drug-prevention
calculation, sampled and summarised.

Until the reference scenarios exist this is prevsim's main job. Every number
below carries its source, its price year and how its uncertainty was set;
ranges that a source gives without a stated confidence level are read as 95 %
intervals, which is an assumption and is said so.

Example
-------
>>> from prevsim.demo import demo_parameters
>>> ps = demo_parameters()
>>> "cost_per_problem_user_msek" in ps.names
True
"""

from __future__ import annotations

import pandas as pd

from prevsim import _core
from prevsim.parameters import ParameterSet
from prevsim.summary import summarize

FOHM_NARCOTICS = ("Folkhälsomyndigheten/IHE 2024, 'Samhällskostnader för narkotikabruk' "
                  "(44.1 bn SEK/yr, 2020 prices) and 'Problematiskt narkotikabruk i Sverige "
                  "2007-2020' (71 000 users, range 63 000-83 000)")


def demo_parameters() -> ParameterSet:
    """The demo's parameter set (see the module docstring for the sources)."""
    ps = ParameterSet()
    # SCB via Hållbarometern: registered-resident pupils with an upper-secondary
    # examen within 4 years, Riket, 72-75 % in 2021-2025; non-completion 25-28 %.
    # Read as a 95 % interval for the share without an examen (assumption).
    ps.add("share_without_examen", _core.Beta.from_interval(0.25, 0.28), unit="share of cohort",
           source="SCB, gymnasieelever med examen inom 4 år, Riket 2021-2025 (Hållbarometern)")
    # Problematic drug users in Sweden, 71 000 (2020), range 63 000-83 000 over
    # 2007-2020 (FoHM); range read as a 95 % interval, median-preserving lognormal.
    ps.add("problem_drug_users", _core.LogNormal.from_interval(63_000.0, 83_000.0),
           unit="persons", source=FOHM_NARCOTICS)
    # Cost per problem user and year: 44.1 bn / 71 000 = 0.62 MSEK (upper bound,
    # not all costs come from problem users); 0.33 MSEK from the 2022 direct+indirect
    # split. 0.33-0.62 read as a 95 % interval of a gamma (assumption). 2020 prices.
    ps.add("cost_per_problem_user_msek", _core.Gamma.from_interval(0.33, 0.62),
           unit="MSEK per person-year, 2020 prices", source=FOHM_NARCOTICS)
    # Relative reduction in problem use a prevention package achieves: expert
    # range 0-10 %, most likely 3 % (illustrative, no Swedish trial; PERT).
    ps.add("relative_reduction", _core.Pert(0.0, 0.03, 0.10), unit="share",
           source="illustrative assumption (no Swedish effect estimate found)")
    # Larger user populations go with higher per-user cost estimates in the
    # source (same total); a mild negative rank correlation keeps the total stable.
    ps.correlate("problem_drug_users", "cost_per_problem_user_msek", -0.3)
    return ps


def run_demo(*, draws: int, seed: int, threads: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Samples the demo set; returns (inputs described, summary of the draws),
    including the derived national cost avoided per year in MSEK."""
    ps = demo_parameters()
    frame = ps.sample_frame(draws, seed=seed, threads=threads)
    frame["avoided_cost_msek_per_year"] = (frame["problem_drug_users"]
                                           * frame["cost_per_problem_user_msek"]
                                           * frame["relative_reduction"])
    return ps.describe(), summarize(frame, threshold=0.0)


def format_report(inputs: pd.DataFrame, table: pd.DataFrame, *, draws: int, seed: int) -> str:
    lines = [f"prevsim demo: {draws} draws, seed {seed}", "", "Inputs:"]
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        lines.append(inputs[["distribution", "mean", "sd", "unit"]].to_string())
        lines += ["", "Summary of the draws (mean ± mcse, sd, median, 90 % interval):"]
        cols = ["mean", "mcse", "sd", "median", "p05", "p95"]
        lines.append(table[cols].to_string(float_format=lambda v: f"{v:,.4g}"))
    return "\n".join(lines)


def main_demo(draws: int, seed: int, threads: int | None) -> str:
    inputs, table = run_demo(draws=draws, seed=seed, threads=threads)
    return format_report(inputs, table, draws=draws, seed=seed)


__all__ = ["demo_parameters", "run_demo", "format_report", "main_demo"]
