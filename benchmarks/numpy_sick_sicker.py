#!/usr/bin/env python3
"""NumPy baseline: PSA of a 4-state, 4-strategy, 75-cycle Sick-Sicker model.

What this is
------------
The baseline the cohort engine is measured against: a plain, vectorised NumPy
implementation of the DARTH Sick-Sicker cost-effectiveness model, with
probabilistic sensitivity analysis (PSA) over its uncertain inputs, written the
way a competent Python health economist would write it: every draw and every
strategy advanced at once (state occupancy held as an array of shape
(states, draws, strategies), state-major so each state's slice is contiguous),
the per-cycle transition array P[from, to, draw, strategy] rebuilt each cycle
(mortality depends on age), m_{t+1} = m_t P_t as one einsum, and one Python
loop over the 75 annual cycles -- nothing cleverer (no hand-unrolled state
equations, no compiled code, no threads).

Two variants (``--variant``):

* ``age_dependent`` (default, the one the issue asks for): the simulation-time
  dependent model of Alarid-Escudero et al., "A Tutorial on Time-Dependent
  Cohort State-Transition Models in R using a Cost-Effectiveness Analysis
  Example", Med Decis Making 2023 -- US 2015 life-table background mortality
  by age (25..99), HRs for death in S1/S2, one-off transition rewards (H->S1
  disutility 0.01 and cost $1,000, $2,000 on every death).  18 uncertain
  inputs.
* ``time_independent``: the model of the companion "Introductory Tutorial"
  (constant background mortality rate r_HD, no transition rewards).  16
  uncertain inputs.

PSA distributions are exactly those of the authors' ``generate_psa_params``
(R/Functions_cSTM_time_dep_simulation.R and R/Functions_cSTM_time_indep.R in
the DARTH-git repositories): gamma for rates and costs, lognormal for hazard
ratios, beta for utilities and the disutility.  R's rgamma(shape, rate) is
NumPy's gamma(shape, scale=1/rate).

Conventions (identical to the published tutorials, verified by
tests/python/test_reference_models.py which reproduces both published CEA
tables with ``evaluate`` at the base case):
75 annual cycles, cohort starts in H at age 25; trace rows t = 0..75 weighted
by DARTH's Simpson-1/3 vector (1/3, 2/3, 4/3, 2/3, ..., 4/3, 1/3) and
discounted by 1/1.03**t (row 0 undiscounted); transition rewards accrue in the
destination row.

Usage
-----
    python3 benchmarks/numpy_sick_sicker.py                 # 10k and 100k draws
    python3 benchmarks/numpy_sick_sicker.py --draws 1000000 --repeat 1
    python3 benchmarks/numpy_sick_sicker.py --variant time_independent
    python3 benchmarks/numpy_sick_sicker.py --json out.json

``run_psa(n_draws, seed)`` is the importable entry point.
"""

from __future__ import annotations

import os

# Single-threaded baseline (the per-cycle einsums do not use BLAS, but be
# explicit, as in bench_sampling.py).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

STRATEGIES = ("SoC", "A", "B", "AB")
N_CYCLES = 75          # ages 25 -> 100, annual cycles
DISCOUNT = 0.03        # costs and QALYs

# US 2015 all-cause mortality rates, ages 25..99 (column "Total" of the
# tutorial's data/LifeTable_USA_Mx_2015.csv).
MX_AGE_25_TO_99 = np.array([
    0.001014, 0.000999, 0.00107, 0.001087, 0.001162, 0.001167,
    0.001213, 0.001289, 0.001331, 0.001375, 0.00142, 0.00149,
    0.00155, 0.001616, 0.001657, 0.001747, 0.001902, 0.002052,
    0.002173, 0.002395, 0.002559, 0.002807, 0.003023, 0.003349,
    0.003712, 0.004085, 0.00449, 0.004905, 0.005364, 0.005806,
    0.006253, 0.006775, 0.007395, 0.007895, 0.008418, 0.008974,
    0.009666, 0.010456, 0.011384, 0.011838, 0.012667, 0.013593,
    0.0147, 0.015732, 0.01734, 0.018758, 0.020967, 0.022917,
    0.024913, 0.026767, 0.029707, 0.032412, 0.035982, 0.039238,
    0.043595, 0.048727, 0.053735, 0.059911, 0.066618, 0.074051,
    0.08219, 0.090754, 0.103968, 0.115093, 0.124341, 0.137872,
    0.154177, 0.172393, 0.1941, 0.212654, 0.243752, 0.259087,
    0.287781, 0.316429, 0.339149,
])

# Base-case values (for evaluate() at the point estimates).
BASE_CASE = {
    "r_HD": 0.002, "r_HS1": 0.15, "r_S1H": 0.5, "r_S1S2": 0.105,
    "hr_S1": 3.0, "hr_S2": 10.0, "hr_S1S2_trtB": 0.6,
    "c_H": 2000.0, "c_S1": 4000.0, "c_S2": 15000.0,
    "c_trtA": 12000.0, "c_trtB": 13000.0,
    "u_H": 1.0, "u_S1": 0.75, "u_S2": 0.5, "u_trtA": 0.95,
    "du_HS1": 0.01, "ic_HS1": 1000.0, "ic_D": 2000.0,
}

VARIANTS = ("age_dependent", "time_independent")

# A prior measurement on this machine kind (time-independent variant,
# 100 000 draws): ~2.4 s; PSA means (cost, QALY).
PRIOR_TIME_INDEPENDENT_MEANS = {
    "SoC": (151.3e3, 20.556), "A": (284.1e3, 21.377),
    "B": (258.6e3, 21.970), "AB": (378.0e3, 22.963),
}


def sample_params(n: int, rng: np.random.Generator,
                  variant: str = "age_dependent") -> dict[str, np.ndarray]:
    """Draw the uncertain inputs (DARTH generate_psa_params), in its order."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}")
    g = rng.gamma
    p = {}
    if variant == "time_independent":
        p["r_HD"] = g(20.0, 1.0 / 10000.0, n)            # gamma(20, rate 10000)
    p["r_HS1"] = g(30.0, 1.0 / 200.0, n)                 # gamma(30, rate 170+30)
    p["r_S1H"] = g(60.0, 1.0 / 120.0, n)                 # gamma(60, rate 60+60)
    p["r_S1S2"] = g(84.0, 1.0 / 800.0, n)                # gamma(84, rate 716+84)
    p["hr_S1"] = rng.lognormal(np.log(3.0), 0.01, n)
    p["hr_S2"] = rng.lognormal(np.log(10.0), 0.02, n)
    p["hr_S1S2_trtB"] = rng.lognormal(np.log(0.6), 0.02, n)
    p["c_H"] = g(100.0, 20.0, n)                         # gamma(shape, scale)
    p["c_S1"] = g(177.8, 22.5, n)
    p["c_S2"] = g(225.0, 66.7, n)
    p["c_trtA"] = g(73.5, 163.3, n)
    p["c_trtB"] = g(86.2, 150.8, n)
    p["u_H"] = rng.beta(200.0, 3.0, n)
    p["u_S1"] = rng.beta(130.0, 45.0, n)
    p["u_S2"] = rng.beta(230.0, 230.0, n)
    p["u_trtA"] = rng.beta(300.0, 15.0, n)
    if variant == "age_dependent":
        p["du_HS1"] = rng.beta(11.0, 1088.0, n)
        p["ic_HS1"] = g(25.0, 40.0, n)
        p["ic_D"] = g(100.0, 20.0, n)
    return p


def evaluate(params: dict, variant: str = "age_dependent") -> tuple[np.ndarray, np.ndarray]:
    """Discounted, WCC-corrected costs and QALYs, each of shape (draws, 4).

    ``params`` maps input names to arrays of equal length (or scalars).
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}")
    age_dep = variant == "age_dependent"
    names = [k for k in BASE_CASE if age_dep or k not in ("du_HS1", "ic_HS1", "ic_D")]
    if age_dep:
        names.remove("r_HD")
    p = {k: np.atleast_1d(np.asarray(params[k], dtype=float)) for k in names}
    n = max(v.shape[0] for v in p.values())
    p = {k: np.broadcast_to(v, (n,)) for k, v in p.items()}
    S = len(STRATEGIES)

    # --- constant pieces, shape (draws,) or (draws, strategies) --------------
    p_HS1 = 1.0 - np.exp(-p["r_HS1"])
    p_S1H = 1.0 - np.exp(-p["r_S1H"])
    trtB = np.array([0.0, 0.0, 1.0, 1.0])            # strategies using B
    trtA = np.array([0.0, 1.0, 0.0, 1.0])            # strategies using A
    hr_prog = 1.0 + trtB[None, :] * (p["hr_S1S2_trtB"][:, None] - 1.0)
    p_S1S2 = 1.0 - np.exp(-p["r_S1S2"][:, None] * hr_prog)          # (n, S)

    # State rewards.  Layout (states, draws, strategies) -- state-major so that
    # every per-state slice is one contiguous (draws, strategies) block.
    cost = np.zeros((4, n, S))
    cost[0] = p["c_H"][:, None]
    add = trtA[None, :] * p["c_trtA"][:, None] + trtB[None, :] * p["c_trtB"][:, None]
    cost[1] = p["c_S1"][:, None] + add
    cost[2] = p["c_S2"][:, None] + add
    util = np.zeros((4, n, S))
    util[0] = p["u_H"][:, None]
    util[1] = np.where(trtA[None, :] == 1.0, p["u_trtA"][:, None], p["u_S1"][:, None])
    util[2] = p["u_S2"][:, None]

    # within-cycle correction (DARTH Simpson 1/3) times discount factor
    t = np.arange(N_CYCLES + 1)
    wcc = np.where(t % 2 == 1, 2.0 / 3.0, 4.0 / 3.0)
    wcc[0] = wcc[-1] = 1.0 / 3.0
    weight = wcc / (1.0 + DISCOUNT) ** t

    # --- cohort: everybody starts healthy -------------------------------------
    m = np.zeros((4, n, S))                      # state occupancy
    m[0] = 1.0
    tot_cost = weight[0] * np.einsum("kds,kds->ds", m, cost)
    tot_qaly = weight[0] * np.einsum("kds,kds->ds", m, util)

    # transition probability array P[from, to, draw, strategy], rebuilt each
    # cycle because background mortality depends on age
    P = np.zeros((4, 4, n, S))
    P[3, 3] = 1.0
    for cyc in range(N_CYCLES):
        if age_dep:
            r_HD = np.full(n, MX_AGE_25_TO_99[cyc])
        else:
            r_HD = p["r_HD"]
        p_HD = (1.0 - np.exp(-r_HD))[:, None]
        p_S1D = (1.0 - np.exp(-r_HD * p["hr_S1"]))[:, None]
        p_S2D = (1.0 - np.exp(-r_HD * p["hr_S2"]))[:, None]

        P[0, 0] = (1.0 - p_HD) * (1.0 - p_HS1)[:, None]
        P[0, 1] = (1.0 - p_HD) * p_HS1[:, None]
        P[0, 3] = p_HD
        P[1, 0] = (1.0 - p_S1D) * p_S1H[:, None]
        P[1, 1] = (1.0 - p_S1D) * (1.0 - (p_S1H[:, None] + p_S1S2))
        P[1, 2] = (1.0 - p_S1D) * p_S1S2
        P[1, 3] = p_S1D
        P[2, 2] = 1.0 - p_S2D
        P[2, 3] = p_S2D

        m_next = np.einsum("ids,ijds->jds", m, P)    # m_{t+1} = m_t P_t
        c_t = np.einsum("kds,kds->ds", m_next, cost)
        q_t = np.einsum("kds,kds->ds", m_next, util)
        if age_dep:
            new_sick = m[0] * P[0, 1]                                  # H -> S1
            deaths = np.einsum("kds,kds->ds", m[:3], P[:3, 3])         # -> D
            c_t += p["ic_HS1"][:, None] * new_sick + p["ic_D"][:, None] * deaths
            q_t -= p["du_HS1"][:, None] * new_sick
        tot_cost += weight[cyc + 1] * c_t
        tot_qaly += weight[cyc + 1] * q_t
        m = m_next
    return tot_cost, tot_qaly


def run_psa(n_draws: int, seed: int = 20240601, variant: str = "age_dependent") -> dict:
    """Sample ``n_draws`` parameter sets and evaluate all 4 strategies.

    Returns a dict with ``cost`` and ``qaly`` (arrays, draws x strategies, in
    the order of ``strategies``), the sampled ``params`` and the run settings.
    """
    rng = np.random.default_rng(seed)
    params = sample_params(int(n_draws), rng, variant)
    cost, qaly = evaluate(params, variant)
    return {"strategies": STRATEGIES, "cost": cost, "qaly": qaly,
            "params": params, "n_draws": int(n_draws), "seed": seed,
            "variant": variant}


def _timed(n, seed, variant, repeat):
    """Best wall time and best CPU (process) time of ``repeat`` runs.

    CPU time is reported too because wall time on a shared machine includes
    time the process spent waiting for a core.
    """
    best_wall = best_cpu = float("inf")
    out = None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = run_psa(n, seed, variant)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--draws", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs (after a warm-up)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--variant", choices=VARIANTS + ("both",), default="both")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args(argv)

    variants = VARIANTS if args.variant == "both" else (args.variant,)
    print(f"NumPy {np.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, single thread; best of {args.repeat}")
    run_psa(1000, args.seed, variants[0])              # warm-up
    report = []
    for variant in variants:
        n_inputs = len(sample_params(1, np.random.default_rng(0), variant))
        print(f"\n== {variant} ({n_inputs} uncertain inputs, 4 strategies, "
              f"{N_CYCLES} cycles) ==")
        for n in args.draws:
            secs, cpu, out = _timed(n, args.seed, variant, args.repeat)
            means_c = out["cost"].mean(axis=0)
            means_q = out["qaly"].mean(axis=0)
            print(f"{n:>9,d} draws: wall {secs:7.3f} s, CPU {cpu:7.3f} s "
                  f"({cpu / n * 1e6:6.2f} us CPU per draw)")
            for s, c, q in zip(STRATEGIES, means_c, means_q):
                line = f"    {s:3s} mean cost {c:12,.0f}  mean QALY {q:8.4f}"
                if variant == "time_independent":
                    pc, pq = PRIOR_TIME_INDEPENDENT_MEANS[s]
                    line += f"   (prior {pc / 1e3:.1f}k / {pq:.3f})"
                print(line)
            report.append({"variant": variant, "draws": n, "seconds": secs,
                           "cpu_seconds": cpu,
                           "mean_cost": dict(zip(STRATEGIES, means_c.tolist())),
                           "mean_qaly": dict(zip(STRATEGIES, means_q.tolist()))})
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"numpy": np.__version__, "python": platform.python_version(),
                       "machine": platform.machine(), "repeat": args.repeat,
                       "seed": args.seed, "results": report}, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
