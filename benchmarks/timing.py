"""Timing helpers shared by the benchmark scripts (imported from the scripts'
own folder, which Python puts first on the path when a script runs)."""

from __future__ import annotations

import time
from typing import Any, Callable


def best_of_with_result(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest wall time (``time.perf_counter``) of ``repeat`` calls of
    ``fn``, and what the last call returned."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    """The shortest wall time of ``repeat`` calls of ``fn``."""
    return best_of_with_result(repeat, fn)[0]
