#!/usr/bin/env python3
"""Benchmark: sampling 20 mixed parameters with prevsim against NumPy/SciPy.

What is measured
----------------
A set of 20 uncertain parameters (5 beta, 5 gamma, 5 lognormal, 5 normal) is
sampled into a (draws, 20) array of doubles, two ways, in this one process:

* independent: prevsim ``ParameterSet.sample`` against NumPy's ``Generator``
  (``rng.beta``, ``rng.gamma``, ``rng.lognormal``, ``rng.normal``, one
  vectorised call per column);
* correlated (Gaussian copula, inverse CDF): prevsim with a 20 × 20
  normal-score correlation matrix against the usual SciPy route
  ``Z = rng.standard_normal((n, 20)) @ L.T``, ``U = norm.cdf(Z)``,
  ``X[:, j] = dist_j.ppf(U[:, j])``.

Both sides draw from the same distributions (the baseline reads its parameters
from the prevsim objects) and the same correlation matrix. Each timing is the
best wall time (``time.perf_counter``) of ``--repeat`` runs after one warm-up
run; a prevsim timing includes everything a user pays for one ``sample`` call
on a new parameter set (building the set, its quantile tables, the copula
factor and the output array). A set keeps its tables, so later calls on the
same set cost less; the timings do not count on that.

The targets (from the project's issue) are ratios, baseline time / prevsim
time, measured per core, i.e. prevsim on one thread against the single-threaded
baseline:

* independent: ratio >= 1 (at least as fast as NumPy's Generator);
* correlated:  ratio >= 5 (at least 5x faster than SciPy's ppf route).

prevsim on all cores is timed and reported as well. Before any timing is
trusted, the script checks that both sides sample the same distributions
(column means within 5 Monte Carlo standard errors; for the correlated case
also the Spearman rank correlation matrices).

Usage
-----
    python3 benchmarks/bench_sampling.py                      # 10^6 draws, best of 3
    python3 benchmarks/bench_sampling.py --draws 100000       # quick smoke run
    python3 benchmarks/bench_sampling.py --json results.json  # also write JSON
    python3 benchmarks/bench_sampling.py --breakdown          # time each kind alone too

The exit status is 0 when the sanity checks pass (whether or not the
performance targets are met), 1 when a sanity check fails.
"""

from __future__ import annotations

import os

# The baseline must run on one core: NumPy's Generator and SciPy's ppf are
# single-threaded anyway, but the copula's matrix product could use a threaded
# BLAS. Pin BLAS to one thread before NumPy is imported (an explicit setting in
# the environment wins). prevsim's own threads (TBB) are not affected.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import scipy
import scipy.stats as st

import prevsim

TARGET_INDEPENDENT = 1.0  # baseline time / prevsim time, per core
TARGET_CORRELATED = 5.0


# -- the parameter set ----------------------------------------------------------

def build_parameters() -> list[tuple[str, object]]:
    """20 (name, distribution) pairs of the kind a health-economic model uses."""
    params: list[tuple[str, object]] = []
    # Probabilities and shares: beta by the method of moments.
    for name, mean, se in [("p_complete", 0.10, 0.02), ("p_dropout", 0.20, 0.03),
                           ("p_relapse", 0.30, 0.05), ("p_employed", 0.40, 0.04),
                           ("p_uptake", 0.50, 0.08)]:
        params.append((name, prevsim.Beta.from_mean_se(mean, se)))
    # Costs (SEK): gamma by the method of moments, from tight (shape ~100) to
    # very skewed (shape ~2).
    for name, mean, se in [("c_visit", 1_200.0, 120.0), ("c_programme", 8_500.0, 2_100.0),
                           ("c_placement", 45_000.0, 12_000.0), ("c_school", 350.0, 90.0),
                           ("c_court", 15_000.0, 10_000.0)]:
        params.append((name, prevsim.Gamma.from_mean_se(mean, se)))
    # Relative risks / hazard ratios: lognormal from their 95 % intervals.
    for name, lo, hi in [("rr_dropout", 0.55, 0.85), ("rr_relapse", 0.70, 0.95),
                         ("rr_placement", 0.40, 0.90), ("hr_mortality", 0.85, 1.20),
                         ("rr_crime", 1.10, 1.60)]:
        params.append((name, prevsim.LogNormal.from_interval(lo, hi)))
    # Effect sizes and utility changes: normal from an estimate and its SE.
    for name, mean, se in [("es_reading", 0.25, 0.08), ("es_behaviour", -0.15, 0.05),
                           ("es_wellbeing", 0.40, 0.12), ("du_anxiety", 0.05, 0.02),
                           ("es_math", 0.10, 0.10)]:
        params.append((name, prevsim.Normal.from_mean_se(mean, se)))
    return params


def correlation_matrix(k: int = 20, block_size: int = 4, within: float = 0.4,
                       between: float = 0.1) -> np.ndarray:
    """Normal-score correlation: 5 blocks of 4 parameters, one of each kind
    (beta, gamma, lognormal, normal), rho = 0.4 within a block, 0.1 between.

    Parameters are ordered by kind (5 beta, 5 gamma, ...), so block b holds
    columns b, b+5, b+10, b+15. With the defaults the matrix is
    0.1 J + 0.3 (block ones) + 0.6 I, a sum of positive semi-definite terms and
    0.6 I, hence positive definite.
    """
    blocks = k // block_size  # also the number of parameters of each kind
    block_of = np.arange(k) % blocks
    r = np.where(block_of[:, None] == block_of[None, :], within, between)
    np.fill_diagonal(r, 1.0)
    assert np.linalg.eigvalsh(r).min() > 0
    return r


def prevsim_set(params, corr: np.ndarray | None) -> prevsim.ParameterSet:
    ps = prevsim.ParameterSet()
    for name, dist in params:
        ps.add(name, dist)
    if corr is not None:
        ps.set_correlation([name for name, _ in params], corr, scale="normal_scores")
    return ps


# -- the baselines, written plainly ------------------------------------------------

def numpy_independent(params, n: int, seed: int) -> np.ndarray:
    """NumPy Generator, one vectorised call per column."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, len(params)))
    for j, (_, d) in enumerate(params):
        if d.name == "beta":
            out[:, j] = rng.beta(d.alpha, d.beta, n)
        elif d.name == "gamma":
            out[:, j] = rng.gamma(d.shape, d.scale, n)
        elif d.name == "lognormal":
            out[:, j] = rng.lognormal(d.meanlog, d.sdlog, n)
        elif d.name == "normal":
            out[:, j] = rng.normal(d.mean, d.sd, n)
        else:
            raise ValueError(d.name)
    return out


def scipy_frozen(d):
    """The SciPy distribution equal to a prevsim one."""
    if d.name == "beta":
        return st.beta(d.alpha, d.beta)
    if d.name == "gamma":
        return st.gamma(d.shape, scale=d.scale)
    if d.name == "lognormal":
        return st.lognorm(s=d.sdlog, scale=np.exp(d.meanlog))
    if d.name == "normal":
        return st.norm(d.mean, d.sd)
    raise ValueError(d.name)


def scipy_copula(params, corr: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Gaussian copula by inverse CDF, the usual SciPy way."""
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(corr)
    z = rng.standard_normal((n, len(params))) @ chol.T   # correlated normal scores
    u = st.norm.cdf(z)                                   # uniforms
    out = np.empty((n, len(params)))
    for j, (_, d) in enumerate(params):
        out[:, j] = scipy_frozen(d).ppf(u[:, j])         # inverse CDF per column
    return out


# -- timing ---------------------------------------------------------------------

def cpu_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


@dataclass
class Timing:
    wall_s: float        # best wall time
    cpu_s: float         # this process's CPU time in that best run (all threads)
    background: float    # other processes' CPU use during that best run, in cores


def time_interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Best-of-`repeat` wall time of each function, after one untimed warm-up.

    The functions are timed in rounds (a, b, c, a, b, c, ...) rather than one
    after the other, so that a burst of load from other processes spreads over
    all of them instead of penalising one side of a ratio. For each run the
    script also records its own CPU time and the CPU time the rest of the
    machine used meanwhile ("background", in cores), to tell a quiet
    measurement from a disturbed one.
    """
    for fn in fns.values():
        fn()
    best: dict[str, Timing] = {}
    for _ in range(repeat):
        for key, fn in fns.items():
            busy0, cpu0, t0 = cpu_busy_seconds(), time.process_time(), time.perf_counter()
            result = fn()
            wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            busy1 = cpu_busy_seconds()
            del result  # free the 160 MB matrix before the next run
            background = (max(0.0, busy1 - busy0 - cpu) / wall
                          if busy0 is not None and busy1 is not None else float("nan"))
            if key not in best or wall < best[key].wall_s:
                best[key] = Timing(wall, cpu, background)
    return best


@dataclass
class Case:
    name: str            # "independent" or "correlated"
    baseline_label: str
    baseline: Timing
    prevsim_1: Timing
    prevsim_all: Timing
    target: float
    values: int          # draws × columns

    def ns(self, t: Timing) -> float:
        return t.wall_s / self.values * 1e9

    @property
    def ratio_1(self) -> float:
        return self.baseline.wall_s / self.prevsim_1.wall_s

    @property
    def ratio_all(self) -> float:
        return self.baseline.wall_s / self.prevsim_all.wall_s

    @property
    def background(self) -> float:
        return max(t.background for t in (self.baseline, self.prevsim_1, self.prevsim_all))

    def as_dict(self) -> dict:
        out = {"baseline": self.baseline_label}
        for key, t in (("baseline", self.baseline), ("prevsim_1thread", self.prevsim_1),
                       ("prevsim_allcores", self.prevsim_all)):
            out[f"{key}_s"] = t.wall_s
            out[f"{key}_ns_per_value"] = self.ns(t)
            out[f"{key}_cpu_s"] = t.cpu_s
            out[f"{key}_background_cores"] = t.background
        out.update({
            "ratio_1thread": self.ratio_1,
            "ratio_allcores": self.ratio_all,
            "target": self.target,
            "pass_per_core": self.ratio_1 >= self.target,
            "pass_allcores": self.ratio_all >= self.target,
        })
        return out


# -- sanity checks (not timed) -----------------------------------------------------

def check_means(names, a: np.ndarray, b: np.ndarray, label: str) -> list[str]:
    """Column means of two samples agree within 5 Monte Carlo standard errors."""
    failures = []
    n_a, n_b = a.shape[0], b.shape[0]
    se = np.sqrt(a.var(axis=0, ddof=1) / n_a + b.var(axis=0, ddof=1) / n_b)
    z = (a.mean(axis=0) - b.mean(axis=0)) / se
    for name, zj in zip(names, z):
        if not abs(zj) <= 5.0:
            failures.append(f"{label}: mean of {name} differs by {zj:+.1f} standard errors")
    print(f"  {label}: column means agree, max |difference| = {np.abs(z).max():.2f} SE "
          f"(limit 5)" if not failures else f"  {label}: MEAN CHECK FAILED")
    return failures


def check_correlation(a: np.ndarray, b: np.ndarray, label: str) -> list[str]:
    """Spearman rank correlation matrices agree within 5·sqrt(2/n).

    Rank correlations do not depend on the marginal distributions, so this
    checks the copula itself. Under a Gaussian copula the standard error of a
    sample Spearman correlation is at most about 1/sqrt(n) (its value at rho =
    0), so sqrt(2/n) bounds that of the difference of two independent samples.
    """
    n = min(a.shape[0], b.shape[0])
    rank_a, rank_b = st.rankdata(a, axis=0), st.rankdata(b, axis=0)
    diff = np.abs(np.corrcoef(rank_a, rowvar=False) - np.corrcoef(rank_b, rowvar=False)).max()
    limit = 5.0 * np.sqrt(2.0 / n)
    ok = diff <= limit
    print(f"  {label}: rank correlation matrices agree, max |difference| = {diff:.4f} "
          f"(limit {limit:.4f})" if ok else f"  {label}: CORRELATION CHECK FAILED ({diff:.4f})")
    return [] if ok else [f"{label}: rank correlations differ by {diff:.4f} > {limit:.4f}"]


# -- reporting ------------------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "prevsim": prevsim.__version__,
        "platform": platform.platform(),
        "revision": git_revision(),
    }


def git_revision() -> str:
    """The commit of the prevsim checkout this script lives in, '+dirty' if modified."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        rev = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--",
                                "include", "src", "python"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (rev or "unknown") + ("+dirty" if dirty else "")


def markdown_table(cases: list[Case], cores: int) -> str:
    def verdict(ratio: float, target: float) -> str:
        return "PASS" if ratio >= target else "FAIL"

    lines = [
        "| benchmark | baseline: s (ns/value) | prevsim 1 thread: s (ns/value) "
        f"| prevsim {cores} threads: s (ns/value) | ratio, 1 thread | ratio, {cores} threads "
        "| target (per core) |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in cases:
        lines.append(
            f"| {c.name} | {c.baseline_label}: {c.baseline.wall_s:.3f} ({c.ns(c.baseline):.1f}) "
            f"| {c.prevsim_1.wall_s:.3f} ({c.ns(c.prevsim_1):.1f}) "
            f"| {c.prevsim_all.wall_s:.3f} ({c.ns(c.prevsim_all):.1f}) "
            f"| **{c.ratio_1:.2f}×** | {c.ratio_all:.2f}× "
            f"| ≥ {c.target:g}×: {verdict(c.ratio_1, c.target)} |")
    return "\n".join(lines)


# -- optional: where the time goes ------------------------------------------------------

def breakdown(params, n: int, repeat: int, seed: int) -> list[dict]:
    """Each kind of distribution alone (its 5 columns), independent sampling:
    prevsim on one thread (and the fixed cost of one call, sampling 1 draw)
    against NumPy's Generator and against SciPy's ppf applied to uniforms."""
    rows = []
    for kind in ("beta", "gamma", "lognormal", "normal"):
        sub = [(name, d) for name, d in params if d.name == kind]
        u = np.random.default_rng(seed).random((n, len(sub)))
        t = time_interleaved({  # a new set each time: its tables are built in the call
            "prevsim": lambda: prevsim_set(sub, None).sample(n, seed=seed, threads=1),
            "setup": lambda: prevsim_set(sub, None).sample(1, seed=seed, threads=1),
            "numpy": lambda: numpy_independent(sub, n, seed),
            "ppf": lambda: [scipy_frozen(d).ppf(u[:, j]) for j, (_, d) in enumerate(sub)],
        }, repeat)
        values = n * len(sub)
        rows.append({"kind": kind,
                     "prevsim_ns": t["prevsim"].wall_s / values * 1e9,
                     "prevsim_call_ms": t["setup"].wall_s * 1e3,
                     "numpy_ns": t["numpy"].wall_s / values * 1e9,
                     "scipy_ppf_ns": t["ppf"].wall_s / values * 1e9})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=1_000_000,
                        help="draws per sample (default 10^6; 100000 for a quick run)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per measurement; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for the all-cores prevsim run (default: all usable cores)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time each kind of distribution alone")
    args = parser.parse_args(argv)
    if args.draws < 2 or args.repeat < 1:
        parser.error("--draws must be >= 2 and --repeat >= 1")

    n, seed = args.draws, args.seed
    info = machine()
    cores = args.threads or info["cores"]
    params = build_parameters()
    names = [name for name, _ in params]
    corr = correlation_matrix()
    ps_ind = prevsim_set(params, None)
    ps_cor = prevsim_set(params, corr)
    values = n * len(params)

    print(f"prevsim {info['prevsim']} ({info['revision']}), NumPy {info['numpy']}, "
          f"SciPy {info['scipy']}, Python {info['python']}")
    print(f"{info['cpu']}, {info['cores']} cores; {n:,} draws × {len(params)} parameters, "
          f"best of {args.repeat} after a warm-up\n")

    # 1. Sanity: both sides sample the same distributions (independent seeds).
    print("Sanity checks (untimed):")
    failures: list[str] = []
    a, b = ps_ind.sample(n, seed=seed, threads=cores), numpy_independent(params, n, seed + 1)
    failures += check_means(names, a, b, "independent")
    a, b = ps_cor.sample(n, seed=seed, threads=cores), scipy_copula(params, corr, n, seed + 1)
    failures += check_means(names, a, b, "correlated")
    failures += check_correlation(a, b, "correlated")
    del a, b
    if not np.array_equal(ps_cor.sample(1000, seed=seed, threads=1),
                          ps_cor.sample(1000, seed=seed, threads=cores)):
        failures.append("prevsim: results depend on the thread count")
    print()

    # 2. Timings: baseline, prevsim on 1 thread and on all cores, interleaved.
    cases = []
    for name, c, label, base, target in [
        ("independent", None, "NumPy Generator",
         lambda: numpy_independent(params, n, seed), TARGET_INDEPENDENT),
        ("correlated", corr, "SciPy copula + ppf",
         lambda: scipy_copula(params, corr, n, seed), TARGET_CORRELATED),
    ]:
        print(f"timing {name} ...", flush=True)
        # A new parameter set per call, so that each timing builds the quantile
        # tables (a set keeps them after its first sample).
        t = time_interleaved({
            "baseline": base,
            "prevsim_1": lambda: prevsim_set(params, c).sample(n, seed=seed, threads=1),
            "prevsim_all": lambda: prevsim_set(params, c).sample(n, seed=seed, threads=cores),
        }, args.repeat)
        cases.append(Case(name, label, t["baseline"], t["prevsim_1"], t["prevsim_all"],
                          target, values))

    # 3. Report.
    print()
    table = markdown_table(cases, cores)
    print(table)
    print()
    for c in cases:
        print(f"{c.name}: {c.ratio_1:.2f}× per core (prevsim on 1 thread vs. single-threaded "
              f"baseline): {'PASS' if c.ratio_1 >= c.target else 'FAIL'} (target ≥ "
              f"{c.target:g}×); {c.ratio_all:.2f}× with prevsim on {cores} threads "
              f"(CPU/wall {c.prevsim_all.cpu_s / c.prevsim_all.wall_s:.2f}); other processes "
              f"used at most {c.background:.2f} cores during the best runs")
    noisy = [c for c in cases if c.background > 0.25]
    for c in noisy:
        print(f"WARNING: other processes used up to {c.background:.2f} cores during the best "
              f"'{c.name}' runs; the figures may be disturbed, rerun on a quiet machine.")

    rows = breakdown(params, n, args.repeat, seed) if args.breakdown else None
    if rows:
        print("\nPer kind (5 columns each, independent, one thread), ns per value:\n")
        print("| kind | prevsim | prevsim fixed cost per call, ms | NumPy Generator "
              "| SciPy ppf(U) |")
        print("|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['kind']} | {r['prevsim_ns']:.1f} | {r['prevsim_call_ms']:.1f} "
                  f"| {r['numpy_ns']:.1f} | {r['scipy_ppf_ns']:.1f} |")

    if failures:
        print("\nSANITY CHECKS FAILED:\n  " + "\n  ".join(failures))

    if args.json:
        result = {
            "machine": info,
            "draws": n,
            "parameters": len(params),
            "repeat": args.repeat,
            "seed": seed,
            "threads_all": cores,
            "parameter_set": [{"name": nm, "distribution": repr(d)} for nm, d in params],
            "correlation": {"structure": "5 blocks of 4 (one per kind), 0.4 within, 0.1 between",
                            "scale": "normal_scores"},
            "cases": {c.name: c.as_dict() for c in cases},
            "breakdown": rows,
            "sanity_failures": failures,
            "markdown": table,
        }
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print(f"\nwrote {args.json}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
