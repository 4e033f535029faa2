"""prevsim: Monte Carlo cohort simulation of preventive investments.

Example
-------
>>> import prevsim
>>> p = prevsim.Beta.from_mean_se(0.3, 0.05)
>>> round(p.mean, 6), round(p.sd, 6)
(0.3, 0.05)
>>> ps = prevsim.ParameterSet()
>>> ps.add("p_complete", p, unit="share", source="Skolverket 2019")
>>> ps.add("cost", prevsim.Gamma.from_mean_se(1000.0, 200.0), unit="SEK 2020")
>>> draws = ps.sample(1000, seed=1)
>>> draws.shape
(1000, 2)
"""

from prevsim import _core
from prevsim._core import (
    Accumulator,
    Beta,
    Dirichlet,
    Empirical,
    Fixed,
    Gamma,
    LogNormal,
    Normal,
    Pert,
    TruncatedNormal,
    Triangular,
    Uniform,
    apply_odds_ratio,
    apply_relative_risk,
    instruction_set,
    interval,
    odds_to_probability,
    probability_above,
    probability_to_odds,
    probability_to_rate,
    quantiles,
    rate_to_probability,
    rescale_probability,
)
from prevsim.cohort import CohortModel, CohortResults
from prevsim.errors import ScenarioError
from prevsim.model_file import load_model, scenario_path
from prevsim.decision import acceptability, evpi, incremental_analysis, net_benefit
from prevsim.parameters import ParameterSet, sample_distribution
from prevsim.scenario import Scenario, load_scenario
from prevsim.prevention_results import Results, simulate
from prevsim.microsimulation import MicrosimResults, microsimulate
from prevsim.summary import summarize

__version__ = _core.__version__

__all__ = [
    "Accumulator",
    "Beta",
    "CohortModel",
    "CohortResults",
    "Dirichlet",
    "Empirical",
    "Fixed",
    "Gamma",
    "LogNormal",
    "MicrosimResults",
    "Normal",
    "ParameterSet",
    "Results",
    "Scenario",
    "ScenarioError",
    "Pert",
    "TruncatedNormal",
    "Triangular",
    "Uniform",
    "acceptability",
    "apply_odds_ratio",
    "apply_relative_risk",
    "evpi",
    "incremental_analysis",
    "instruction_set",
    "interval",
    "load_model",
    "load_scenario",
    "microsimulate",
    "net_benefit",
    "odds_to_probability",
    "probability_above",
    "probability_to_odds",
    "probability_to_rate",
    "quantiles",
    "rate_to_probability",
    "rescale_probability",
    "sample_distribution",
    "scenario_path",
    "simulate",
    "summarize",
]

# Public classes show as prevsim.X, not prevsim._core.X. (scripts/stubgen.sh
# turns this off so that the stub generator sees where the classes live.)
for _name in (__all__ if not __import__("os").environ.get("PREVSIM_STUBGEN") else []):
    _obj = globals()[_name]
    if getattr(_obj, "__module__", None) == "prevsim._core":
        try:
            _obj.__module__ = "prevsim"
        except (AttributeError, TypeError):  # pragma: no cover - builtin functions
            pass
    del _obj
