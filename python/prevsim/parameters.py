"""Parameter sets: named uncertain inputs sampled into NumPy arrays or pandas.

Example
-------
>>> import prevsim
>>> ps = prevsim.ParameterSet()
>>> ps.add("risk", prevsim.Beta.from_mean_se(0.2, 0.03), unit="share", source="survey")
>>> ps.add("cost", prevsim.Gamma.from_mean_se(5000.0, 800.0), unit="SEK 2023")
>>> ps.correlate("risk", "cost", 0.4)
>>> frame = ps.sample_frame(2000, seed=7)
>>> list(frame.columns)
['risk', 'cost']
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from prevsim import _core

_METHODS = {"monte_carlo": "monte_carlo", "random": "monte_carlo", "lhs": "latin_hypercube",
            "latin_hypercube": "latin_hypercube"}


def _threads(threads: int | None) -> int:
    """0 lets the core use every available core."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)):
        raise TypeError(f"threads must be an int or None, but is {type(threads).__name__}")
    return int(threads)


def _seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, but is {type(seed).__name__}")
    if not 0 <= int(seed) < 2**64:
        raise ValueError(f"seed is {seed}, but must be within [0, 2**64)")
    return int(seed)


class ParameterSet:
    """Named uncertain inputs, each with a unit and a source.

    Parameters are sampled together: each draw is one row of a
    draws × parameters matrix. Draw ``d`` depends only on the parameter set,
    the seed, the method and ``d`` itself, never on the thread count or on how
    the draws were split into calls (see ``sample``).
    """

    def __init__(self) -> None:
        self._core = _core.ParameterSet()
        self._base: dict[str, float] = {}
        self._pairs: dict[tuple[str, str], float] = {}
        self._pair_scale = "spearman"

    # -- building -------------------------------------------------------------
    def add(self, name: str, distribution, *, unit: str = "", source: str = "",
            base: float | None = None) -> None:
        """Adds a parameter with the unit its values are in and its source.

        ``base`` is the point estimate for a deterministic base case when it
        differs from the distribution's mean (as in many published models).
        """
        self._core.add(name, distribution, unit, source)
        if base is not None:
            self._base[name] = float(base)

    def add_dirichlet(self, name: str, components: Sequence[str], distribution: _core.Dirichlet,
                      *, unit: str = "share", source: str = "") -> None:
        """Adds shares that sum to one; columns are named ``name.component``."""
        self._core.add_dirichlet(name, list(components), distribution, unit, source)

    def correlate_pairs(self, pairs: Sequence[tuple[str, str, float]], *, scale: str = "spearman") -> None:
        """Sets several pairwise correlations at once, e.g. a block of
        mutually correlated costs whose matrix is valid only once every pair of
        the block is in it. Validated as a whole; refused pairs leave the set
        unchanged."""
        for first, second, rho in pairs:
            if first == second:
                raise ValueError(f"correlate: a parameter cannot be correlated with itself ({first!r})")
        if self._pairs and scale != self._pair_scale:
            raise ValueError(f"correlate: scale is {scale!r}, but earlier pairs used "
                             f"{self._pair_scale!r}; use one scale per parameter set")
        merged = dict(self._pairs)
        for first, second, rho in pairs:
            merged[tuple(sorted((first, second)))] = float(rho)
        self._set_pairs(merged, scale)

    def correlate(self, first: str, second: str, rho: float, *, scale: str = "spearman") -> None:
        """Sets the correlation of two parameters (Gaussian copula).

        ``scale="spearman"`` (default) reads ``rho`` as the rank correlation of the
        parameters themselves; ``"normal_scores"`` as the copula's own Pearson
        correlation of normal scores. All pairs of one set share one scale.
        Pairs never named are independent (rho = 0), and the whole matrix, those
        zeros included, must be a valid correlation matrix: it is validated
        (positive semi-definite) at every call, and a refused pair leaves the
        set unchanged.
        """
        self.correlate_pairs([(first, second, rho)], scale=scale)

    def _set_pairs(self, pairs: dict, scale: str) -> None:
        names: list[str] = []
        for a, b in pairs:
            for n in (a, b):
                if n not in names:
                    names.append(n)
        order = [n for n in self._core.column_names if n in names]
        order += [n for n in names if n not in order]  # unknown names: the core reports them
        index = {n: i for i, n in enumerate(order)}
        matrix = np.eye(len(order))
        for (a, b), r in pairs.items():
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = r
        self._core.set_correlation(order, matrix, scale)
        self._pairs, self._pair_scale = pairs, scale

    def set_correlation(self, names: Sequence[str], matrix, *, scale: str = "spearman") -> None:
        """Sets the full correlation matrix of the named parameters (Gaussian copula)."""
        self._core.set_correlation(list(names), np.asarray(matrix, dtype=float), scale)
        self._pairs = {}
        self._pair_scale = scale

    # -- reading ----------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Column names, in sampling order."""
        return list(self._core.column_names)

    def __len__(self) -> int:
        return len(self._core)

    def point_values(self, at: str = "mean") -> list[float]:
        """One value per column: the distributions' means (``at="mean"``) or the
        base-case values where given, else the means (``at="base"``)."""
        if at not in ("mean", "base"):
            raise ValueError(f"point_values: at is {at!r}, but must be 'mean' or 'base'")
        means = list(_core.parameter_means(self._core))
        if at == "base":
            means = [self._base.get(n, m) for n, m in zip(self.names, means)]
        return means

    def describe(self) -> pd.DataFrame:
        """One row per column: kind, distribution, mean, sd, unit and source."""
        rows = self._core.entries()
        frame = pd.DataFrame(rows, columns=["name", "kind", "distribution", "mean", "sd", "unit",
                                            "source"])
        return frame.set_index("name")

    def __repr__(self) -> str:
        return f"ParameterSet({', '.join(self.names)})"

    # -- sampling ---------------------------------------------------------------
    def sample(self, draws: int, *, seed: int, first_draw: int = 0, method: str = "monte_carlo",
               design_draws: int | None = None, threads: int | None = None) -> np.ndarray:
        """Samples ``draws`` rows: a NumPy array of shape (draws, len(self)).

        Parameters
        ----------
        draws : int
            Number of draws (rows), >= 1.
        seed : int
            Seed in [0, 2**64). Same seed, same numbers, on any machine.
        first_draw : int
            Index of the first draw returned. ``sample(n, seed=s, first_draw=k)``
            equals rows ``k:k+n`` of a larger run with the same seed, so a run can
            be split into chunks or across machines.
        method : {"monte_carlo", "lhs"}
            Plain Monte Carlo, or Latin hypercube sampling.
        design_draws : int, optional
            Latin hypercube only: the size of the whole design when draws are
            requested in chunks (default ``first_draw + draws``).
        threads : int, optional
            Worker threads (default: all cores). Results do not depend on it.
        """
        if method not in _METHODS:
            raise ValueError(f"sample: method is {method!r}, but must be one of "
                             f"'monte_carlo', 'lhs'")
        return self._core.sample(int(draws), _seed(seed), int(first_draw), _METHODS[method],
                                 int(design_draws or 0), _threads(threads))

    def sample_frame(self, draws: int, *, seed: int, first_draw: int = 0,
                     method: str = "monte_carlo", design_draws: int | None = None,
                     threads: int | None = None) -> pd.DataFrame:
        """As ``sample``, as a DataFrame with one column per parameter and the
        draw index (``first_draw`` ...) as its index."""
        values = self.sample(draws, seed=seed, first_draw=first_draw, method=method,
                             design_draws=design_draws, threads=threads)
        index = pd.RangeIndex(first_draw, first_draw + draws, name="draw")
        return pd.DataFrame(values, columns=self.names, index=index)


def sample_distribution(distribution, draws: int, *, seed: int, method: str = "monte_carlo",
                        threads: int | None = None) -> np.ndarray:
    """Draws from a single distribution (a one-parameter set), as a 1-D array."""
    ps = ParameterSet()
    ps.add("x", distribution)
    return ps.sample(draws, seed=seed, method=method, threads=threads)[:, 0]
