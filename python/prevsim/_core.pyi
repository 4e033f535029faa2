"""
Compiled core of prevsim (import prevsim, not prevsim._core).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Accumulator', 'Beta', 'CompiledCohortModel', 'Dirichlet', 'DrawError', 'Empirical', 'Fixed', 'Gamma', 'LogNormal', 'Microsimulation', 'Normal', 'ParameterSet', 'Pert', 'PreventionModel', 'Triangular', 'TruncatedNormal', 'Uniform', 'acceptability', 'apply_odds_ratio', 'apply_relative_risk', 'discounted_population', 'evpi', 'evppi', 'expected_net_benefit', 'find_thresholds', 'incremental_analysis', 'instruction_set', 'interval', 'net_monetary_benefit', 'odds_to_probability', 'optimal_strategies', 'optimal_strategy', 'parameter_means', 'population_evpi', 'probability_above', 'probability_to_odds', 'probability_to_rate', 'quantiles', 'rate_to_probability', 'rescale_probability', 'summarize_columns', 'use_instruction_set']
class Fixed:
    """
    A value that is not uncertain.
    """
    def __init__(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
    @property
    def value(self) -> float:
        ...
class Normal:
    """
    Normal distribution N(mean, sd²).
    """
    @staticmethod
    def from_interval(lower: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex, level: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> Normal:
        """
        From a symmetric interval holding probability level.
        """
    @staticmethod
    def from_mean_se(mean: typing.SupportsFloat | typing.SupportsIndex, se: typing.SupportsFloat | typing.SupportsIndex) -> Normal:
        """
        From an estimate and its standard error.
        """
    def __init__(self, mean: typing.SupportsFloat | typing.SupportsIndex, sd: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class LogNormal:
    """
    Lognormal distribution, log X ~ N(meanlog, sdlog²). from_mean_se preserves the mean; from_median_se and from_interval preserve the median.
    """
    @staticmethod
    def from_interval(lower: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex, level: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> LogNormal:
        """
        Median-preserving, from an interval symmetric on the log scale (e.g. a relative risk's 95 % CI).
        """
    @staticmethod
    def from_mean_se(mean: typing.SupportsFloat | typing.SupportsIndex, se: typing.SupportsFloat | typing.SupportsIndex) -> LogNormal:
        """
        Mean-preserving: E[X] = mean, SD[X] = se.
        """
    @staticmethod
    def from_median_se(median: typing.SupportsFloat | typing.SupportsIndex, se: typing.SupportsFloat | typing.SupportsIndex) -> LogNormal:
        """
        Median-preserving: median = median, SD[X] = se.
        """
    def __init__(self, meanlog: typing.SupportsFloat | typing.SupportsIndex, sdlog: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def meanlog(self) -> float:
        ...
    @property
    def median(self) -> float:
        ...
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def preserves(self) -> str:
        ...
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def sdlog(self) -> float:
        ...
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class Beta:
    """
    Beta(alpha, beta) on [0, 1], for probabilities and shares.
    """
    @staticmethod
    def from_interval(lower: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex, level: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> Beta:
        """
        The beta whose central interval is [lower, upper].
        """
    @staticmethod
    def from_mean_se(mean: typing.SupportsFloat | typing.SupportsIndex, se: typing.SupportsFloat | typing.SupportsIndex) -> Beta:
        """
        Method of moments; an impossible spread is an error.
        """
    def __init__(self, alpha: typing.SupportsFloat | typing.SupportsIndex, beta: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def alpha(self) -> float:
        ...
    @property
    def beta(self) -> float:
        ...
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class Gamma:
    """
    Gamma(shape, scale) on [0, ∞), for costs and rates.
    """
    @staticmethod
    def from_interval(lower: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex, level: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> Gamma:
        """
        The gamma whose central interval is [lower, upper].
        """
    @staticmethod
    def from_mean_se(mean: typing.SupportsFloat | typing.SupportsIndex, se: typing.SupportsFloat | typing.SupportsIndex) -> Gamma:
        """
        Method of moments: shape = mean²/se², scale = se²/mean.
        """
    def __init__(self, shape: typing.SupportsFloat | typing.SupportsIndex, scale: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def scale(self) -> float:
        ...
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def shape(self) -> float:
        ...
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class Uniform:
    """
    Uniform on [lower, upper].
    """
    @staticmethod
    def from_mean_se(mean: typing.SupportsFloat | typing.SupportsIndex, se: typing.SupportsFloat | typing.SupportsIndex) -> Uniform:
        """
        mean ± √3·se.
        """
    def __init__(self, lower: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class Triangular:
    """
    Triangular(lower, mode, upper).
    """
    def __init__(self, lower: typing.SupportsFloat | typing.SupportsIndex, mode: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def mode(self) -> float:
        ...
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class Pert:
    """
    PERT(lower, mode, upper, lambda=4): a rescaled beta.
    """
    def __init__(self, lower: typing.SupportsFloat | typing.SupportsIndex, mode: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex, lam: typing.SupportsFloat | typing.SupportsIndex = 4.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lam(self) -> float:
        ...
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def mode(self) -> float:
        ...
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class TruncatedNormal:
    """
    N(mu, sigma²) restricted to [lower, upper]; mu and sigma are the untruncated parameters.
    """
    def __init__(self, mu: typing.SupportsFloat | typing.SupportsIndex, sigma: typing.SupportsFloat | typing.SupportsIndex, lower: typing.SupportsFloat | typing.SupportsIndex = ..., upper: typing.SupportsFloat | typing.SupportsIndex = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def pdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Probability density at x; vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def mu(self) -> float:
        ...
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def sigma(self) -> float:
        ...
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
class Empirical:
    """
    Resamples the supplied values with replacement (mass 1/n each).
    """
    def __init__(self, values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def cdf(self, x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Cumulative distribution function P(X <= x); vectorised.
        """
    def quantile(self, p: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
        """
        Quantile (inverse cdf) at probability p in [0, 1]; vectorised.
        """
    @property
    def lower(self) -> float:
        """
        Lower end of the support.
        """
    @property
    def mean(self) -> float:
        """
        Expected value.
        """
    @property
    def name(self) -> str:
        """
        Kind of distribution, e.g. 'beta'.
        """
    @property
    def sd(self) -> float:
        """
        Standard deviation.
        """
    @property
    def upper(self) -> float:
        """
        Upper end of the support.
        """
    @property
    def values(self) -> list[float]:
        """
        The values, sorted.
        """
class Dirichlet:
    """
    Dirichlet(alpha): uncertain shares that sum to 1.
    """
    @staticmethod
    def from_shares(shares: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], sample_size: typing.SupportsFloat | typing.SupportsIndex) -> Dirichlet:
        """
        alpha = shares × sample_size.
        """
    def __init__(self, alpha: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def alpha(self) -> list[float]:
        ...
    @property
    def mean(self) -> list[float]:
        ...
    @property
    def sd(self) -> list[float]:
        ...
class ParameterSet:
    """
    Named uncertain inputs (compiled core).
    """
    def __init__(self) -> None:
        ...
    def __len__(self) -> int:
        ...
    def add(self, name: str, distribution: typing.Any, unit: str = '', source: str = '') -> None:
        ...
    def add_dirichlet(self, name: str, components: collections.abc.Sequence[str], distribution: Dirichlet, unit: str = '', source: str = '') -> None:
        ...
    def entries(self) -> list:
        """
        Per column: (name, kind, distribution, mean, sd, unit, source).
        """
    def sample(self, draws: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, first_draw: typing.SupportsInt | typing.SupportsIndex = 0, method: str = 'monte_carlo', design_draws: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Draws × columns matrix; bit-identical for any thread count and chunking.
        """
    def set_correlation(self, names: collections.abc.Sequence[str], matrix: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], scale: str = 'spearman') -> None:
        ...
    @property
    def column_names(self) -> list[str]:
        ...
    @property
    def correlation_names(self) -> list[str]:
        ...
    @property
    def normal_score_correlation(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
class Accumulator:
    """
    Streaming mean, variance, min and max that can be merged.
    """
    def __init__(self) -> None:
        ...
    def add(self, values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> None:
        """
        Adds the values (any shape, flattened).
        """
    def merge(self, other: Accumulator) -> None:
        """
        Merges another accumulator, as if it had seen both sequences.
        """
    @property
    def count(self) -> int:
        ...
    @property
    def max(self) -> float:
        ...
    @property
    def mcse(self) -> float:
        """
        Monte Carlo standard error of the mean, sd/sqrt(n).
        """
    @property
    def mean(self) -> float:
        ...
    @property
    def min(self) -> float:
        ...
    @property
    def sd(self) -> float:
        ...
    @property
    def variance(self) -> float:
        ...
class CompiledCohortModel:
    """
    A cohort model validated and compiled against its parameters.
    """
    def __init__(self, description: dict, parameters: ParameterSet) -> None:
        ...
    def evaluate(self, values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], context: str = 'with the given parameter values') -> tuple[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        """
        (discounted, undiscounted) totals, strategies × rewards, at one set of parameter values.
        """
    def simulate(self, parameters: ParameterSet, draws: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, first_draw: typing.SupportsInt | typing.SupportsIndex = 0, method: str = 'monte_carlo', design_draws: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
        """
        Probabilistic sensitivity analysis: per-draw totals of every reward and strategy.
        """
    def trace(self, values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], strategy: typing.SupportsInt | typing.SupportsIndex) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        (cycles + 1) × states occupancy of one strategy (row 0 = start distribution).
        """
class PreventionModel:
    """
    A compiled prevention model (made by prevsim.Scenario).
    """
    def __init__(self, model: dict, parameter_columns: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def evaluate(self, parameters: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.c_contiguous"], threads: typing.SupportsInt | typing.SupportsIndex = 0, first_draw: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
        """
        Evaluates every row of a draws × parameters matrix; returns a dict of columns, values (draws × columns), paths (draws × perspectives·years), mean_flows (flow rows × years) and flow_chunk_sums (flow rows·years × chunks of 256 draws: the sums behind mean_flows, to be added in order when a run is evaluated in pieces).
        """
    @property
    def columns(self) -> list[str]:
        ...
    @property
    def horizon(self) -> int:
        ...
class DrawError(ValueError):
    pass
class Microsimulation:
    """
    A prevention model evaluated by individual-level microsimulation (made by prevsim.microsimulate).
    """
    def __init__(self, model: PreventionModel, spec: dict) -> None:
        ...
    def evaluate(self, parameters: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.c_contiguous"], seed: typing.SupportsInt | typing.SupportsIndex, threads: typing.SupportsInt | typing.SupportsIndex = 0, first_draw: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
        """
        Simulates every row of a draws × parameters matrix; returns the cohort evaluator's dict (columns, values, paths, mean_flows, flow_chunk_sums) plus distribution_columns, distribution (draws × columns), history_columns, histories and individual_years_per_draw.
        """
    def random_floor(self, parameters: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.c_contiguous"], seed: typing.SupportsInt | typing.SupportsIndex, threads: typing.SupportsInt | typing.SupportsIndex = 0, first_draw: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
        """
        Draws exactly the random numbers evaluate() consumes, and nothing else (the floor of its cost); returns the counts of normals and uniforms.
        """
    @property
    def block_size(self) -> int:
        ...
    @property
    def classes(self) -> int:
        ...
    @property
    def columns(self) -> list[str]:
        ...
    @property
    def distribution_columns(self) -> list[str]:
        ...
    @property
    def history_columns(self) -> list[str]:
        ...
    @property
    def individual_years(self) -> float:
        """
        Individual-years simulated per draw.
        """
def acceptability(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], wtp: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> tuple[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], list[int], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]]:
    """
    Acceptability curves: (probability wtp x strategies, optimal columns, frontier).
    """
def apply_odds_ratio(probability: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], odds_ratio: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    """
    The probability whose odds are odds_ratio times those of p.
    """
def apply_relative_risk(probability: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], relative_risk: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    """
    p * relative_risk; an error if above 1.
    """
def discounted_population(people_per_year: typing.SupportsFloat | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex, discount_rate: typing.SupportsFloat | typing.SupportsIndex, timing: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Sum over t < years of people_per_year * (1 + discount_rate)^-(t + timing).
    """
def evpi(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], wtp: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    Expected value of perfect information per person at each wtp value.
    """
def evppi(net_benefit: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], inputs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], groups: collections.abc.Sequence[collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]], main_degree: typing.SupportsInt | typing.SupportsIndex = 5, interaction_degree: typing.SupportsInt | typing.SupportsIndex = 3, folds: typing.SupportsInt | typing.SupportsIndex = 5, max_group: typing.SupportsInt | typing.SupportsIndex = 8) -> dict:
    """
    EVPPI of groups of input columns (0-based) by regression on the draws: dict with evpi, chosen (0-based option), and per group evppi, raw, cross_validated, r_squared, r_squared_cv, columns, rank.
    """
def expected_net_benefit(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], wtp: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
    """
    Expected net monetary benefit, wtp values x strategies.
    """
def find_thresholds(f: collections.abc.Callable, lower: typing.SupportsFloat | typing.SupportsIndex, upper: typing.SupportsFloat | typing.SupportsIndex, brackets: typing.SupportsInt | typing.SupportsIndex = 8) -> dict:
    """
    The x in [lower, upper] with f(x) = 0 (bracketing grid, then TOMS 748): dict with roots, grid, values.
    """
def incremental_analysis(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], names: collections.abc.Sequence[str]) -> dict:
    """
    Incremental analysis of mean costs and effects: per strategy (input order) name, cost, effect, status, reference, upper_reference (0-based columns or None), incremental_cost, incremental_effect, icer (None where undefined); order (sort order) and frontier.
    """
def instruction_set() -> str:
    """
    The vector instruction set the compute kernels use: 'generic', 'avx2' or 'avx512'
    (the widest this processor supports, unless capped). Results are the same bit for
    bit on each; only the speed differs. The environment variable PREVSIM_ISA caps it.
    """
def interval(values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], level: typing.SupportsFloat | typing.SupportsIndex) -> tuple[float, float]:
    """
    Central interval holding probability level.
    """
def net_monetary_benefit(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], wtp: typing.SupportsFloat | typing.SupportsIndex) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
    """
    Net monetary benefit wtp * effect - cost per draw and strategy.
    """
def odds_to_probability(odds: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    """
    p = odds / (1 + odds).
    """
def optimal_strategies(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], wtp: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> list[int]:
    """
    optimal_strategy at every wtp value.
    """
def optimal_strategy(costs: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], effects: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], wtp: typing.SupportsFloat | typing.SupportsIndex) -> int:
    """
    0-based column of the strategy with the highest expected net benefit (first on a tie).
    """
def parameter_means(parameters: ParameterSet) -> list[float]:
    """
    The mean of every parameter column.
    """
def population_evpi(evpi_per_person: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"], population: typing.SupportsFloat | typing.SupportsIndex) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    EVPI per person times the population.
    """
def probability_above(values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], threshold: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Share of values strictly above threshold.
    """
def probability_to_odds(probability: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    """
    odds = p / (1 - p).
    """
def probability_to_rate(probability: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], time: typing.Annotated[numpy.typing.ArrayLike, numpy.float64] = 1.0) -> typing.Any:
    """
    r = -ln(1 - p) / time.
    """
def quantiles(values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], probs: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> list[float]:
    """
    Sample quantiles (Hyndman & Fan type 7, as NumPy's default).
    """
def rate_to_probability(rate: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], time: typing.Annotated[numpy.typing.ArrayLike, numpy.float64] = 1.0) -> typing.Any:
    """
    p = 1 - exp(-rate * time).
    """
def rescale_probability(probability: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], from_time: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], to_time: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    """
    1 - (1 - p)^(to_time / from_time): the same constant rate over another length.
    """
def summarize_columns(draws: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
    """
    Per column: n, mean, sd, mcse, min, max, median, p05, p95, p025, p975.
    """
def use_instruction_set(name: str) -> str:
    """
    Use at most the instruction set `name` ('generic', 'avx2' or 'avx512') from now on;
    returns the one now in use (never beyond what the processor supports).
    """
__version__: str = '0.1.0'
