"""Summaries of Monte Carlo draws, one row per output.

Example
-------
>>> import numpy as np, prevsim
>>> draws = np.random.default_rng(0).normal(size=(10_000, 2))
>>> table = prevsim.summarize(draws, names=["a", "b"])
>>> list(table.columns)[:4]
['mean', 'mcse', 'sd', 'median']
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from prevsim import _core

_CORE_COLUMNS = ["n", "mean", "sd", "mcse", "min", "max", "median", "p05", "p95", "p025", "p975"]
_ORDER = ["mean", "mcse", "sd", "median", "p05", "p95", "p025", "p975", "min", "max", "n"]


def summarize(draws, names: Sequence[str] | None = None, *,
              threshold: float | None = None) -> pd.DataFrame:
    """Mean (with its Monte Carlo standard error), sd, median, 90 % and 95 %
    intervals, min and max of every column of a draws × outputs array or
    DataFrame.

    With ``threshold``, adds ``p_above``: the share of draws above it (e.g.
    ``threshold=0`` on net present values gives P(NPV > 0)).
    """
    if isinstance(draws, pd.DataFrame):
        names = list(draws.columns) if names is None else list(names)
        values = draws.to_numpy(dtype=float)
    else:
        values = np.asarray(draws, dtype=float)
        if values.ndim == 1:
            values = values[:, None]
        if values.ndim != 2:
            raise ValueError(f"summarize: draws has {values.ndim} dimensions, but must have 1 or 2")
        names = [f"x{i + 1}" for i in range(values.shape[1])] if names is None else list(names)
    if len(names) != values.shape[1]:
        raise ValueError(f"summarize: {len(names)} names given for {values.shape[1]} columns")
    if values.shape[0] == 0:
        raise ValueError("summarize: draws has no rows")
    table = pd.DataFrame(_core.summarize_columns(np.asfortranarray(values)), columns=_CORE_COLUMNS,
                         index=pd.Index(names, name="output"))[_ORDER]
    table["n"] = table["n"].astype(int)
    if threshold is not None:
        table["p_above"] = [float(_core.probability_above(values[:, i], threshold))
                            for i in range(values.shape[1])]
    return table
