"""Reference model: DARTH time-independent Sick-Sicker cohort model.

Independent NumPy re-implementation of the model in

    Alarid-Escudero F, Krijkamp EM, Enns EA, Yang A, Hunink MGM,
    Pechlivanoglou P, Jalal H. An Introductory Tutorial on Cohort
    State-Transition Models in R Using a Cost-Effectiveness Analysis Example.
    Medical Decision Making 2023;43(1):3-20. doi:10.1177/0272989X221103163

written from the description in the paper (and the parameter values in the
authors' repository DARTH-git/cohort-modeling-tutorial-intro,
analysis/cSTM_time_indep.R). See README.md in this folder for the conventions
and the published table this reproduces.

States: H (healthy), S1 (sick), S2 (sicker), D (dead).  Strategies: SoC, A, B,
AB.  75 annual cycles from age 25 to 100, all start in H, Simpson-1/3 style
within-cycle correction with DARTH's exact weights, 3 % discounting of costs
and QALYs with the first row (cycle 0) undiscounted.
"""

from __future__ import annotations

import numpy as np

STATES = ("H", "S1", "S2", "D")
STRATEGIES = ("SoC", "A", "B", "AB")

# Base-case inputs.  Every value: manuscript Table 1 ("Description of parameters,
# their R variable name, base-case values and distribution") and the R script
# DARTH-git/cohort-modeling-tutorial-intro analysis/cSTM_time_indep.R.
INPUTS = {
    "cycle_length": 1.0,   # years per cycle ("cycle_length <- 1")
    "n_age_init": 25,      # age at baseline
    "n_age_max": 100,      # maximum age of follow-up -> n_cycles = 75
    "d_c": 0.03,           # annual discount rate, costs (3 %)
    "d_e": 0.03,           # annual discount rate, QALYs (3 %)
    # Annual transition rates and hazard ratios
    "r_HD": 0.002,         # background mortality rate H -> D
    "r_HS1": 0.15,         # disease onset rate H -> S1
    "r_S1H": 0.5,          # recovery rate S1 -> H
    "r_S1S2": 0.105,       # progression rate S1 -> S2
    "hr_S1": 3.0,          # HR of death in S1 vs H
    "hr_S2": 10.0,         # HR of death in S2 vs H
    "hr_S1S2_trtB": 0.6,   # HR of S1 -> S2 under treatment B
    # Annual state costs (USD)
    "c_H": 2000.0,
    "c_S1": 4000.0,
    "c_S2": 15000.0,
    "c_D": 0.0,
    "c_trtA": 12000.0,     # treatment A, added in S1 and S2 (strategies A, AB)
    "c_trtB": 13000.0,     # treatment B, added in S1 and S2 (strategies B, AB);
                           # note Table 1 of the paper misprints this as $12,000,
                           # the text and the code say $13,000
    # Utilities
    "u_H": 1.0,
    "u_S1": 0.75,
    "u_S2": 0.5,
    "u_D": 0.0,
    "u_trtA": 0.95,        # utility in S1 under treatment A (strategies A, AB)
}


def darth_wcc(n_cycles: int, method: str = "Simpson1/3") -> np.ndarray:
    """Within-cycle-correction weights for trace rows t = 0..n_cycles.

    "Simpson1/3" reproduces darthtools::gen_wcc exactly: 1/3 at t = 0 and at
    t = n_cycles, 2/3 at odd t, 4/3 at even t (1-based R index: even -> 2/3).
    This is *not* the textbook composite Simpson rule (4/3 at odd t).
    """
    t = np.arange(n_cycles + 1)
    if method == "Simpson1/3":
        w = np.where(t % 2 == 1, 2.0 / 3.0, 4.0 / 3.0)
        w[0] = w[-1] = 1.0 / 3.0
    elif method == "half-cycle":
        w = np.ones(n_cycles + 1)
        w[0] = w[-1] = 0.5
    elif method == "none":
        w = np.ones(n_cycles + 1)
    else:
        raise ValueError(f"unknown within-cycle correction {method!r}")
    return w


def rate_to_prob(rate, t=1.0):
    return 1.0 - np.exp(-np.asarray(rate, dtype=float) * t)


def transition_matrices(inp: dict) -> dict[str, np.ndarray]:
    """Per-strategy 4 x 4 annual transition matrices (rows = from)."""
    cl = inp["cycle_length"]
    p_HD = rate_to_prob(inp["r_HD"], cl)
    p_S1D = rate_to_prob(inp["r_HD"] * inp["hr_S1"], cl)
    p_S2D = rate_to_prob(inp["r_HD"] * inp["hr_S2"], cl)
    p_HS1 = rate_to_prob(inp["r_HS1"], cl)
    p_S1H = rate_to_prob(inp["r_S1H"], cl)

    def build(p_S1S2):
        # transitions between alive states are conditional on surviving
        return np.array([
            [(1 - p_HD) * (1 - p_HS1), (1 - p_HD) * p_HS1, 0.0, p_HD],
            [(1 - p_S1D) * p_S1H, (1 - p_S1D) * (1 - (p_S1H + p_S1S2)),
             (1 - p_S1D) * p_S1S2, p_S1D],
            [0.0, 0.0, 1 - p_S2D, p_S2D],
            [0.0, 0.0, 0.0, 1.0],
        ])

    p_S1S2 = rate_to_prob(inp["r_S1S2"], cl)
    p_S1S2_B = rate_to_prob(inp["r_S1S2"] * inp["hr_S1S2_trtB"], cl)
    P_soc, P_b = build(p_S1S2), build(p_S1S2_B)
    return {"SoC": P_soc, "A": P_soc, "B": P_b, "AB": P_b}


def trace(P: np.ndarray, n_cycles: int, m0=(1.0, 0.0, 0.0, 0.0)) -> np.ndarray:
    """Cohort trace, rows t = 0..n_cycles."""
    M = np.empty((n_cycles + 1, P.shape[0]))
    M[0] = m0
    for t in range(n_cycles):
        M[t + 1] = M[t] @ P
    return M


def state_rewards(inp: dict) -> tuple[dict, dict]:
    cl = inp["cycle_length"]
    u = {
        "SoC": [inp["u_H"], inp["u_S1"], inp["u_S2"], inp["u_D"]],
        "A": [inp["u_H"], inp["u_trtA"], inp["u_S2"], inp["u_D"]],
        "B": [inp["u_H"], inp["u_S1"], inp["u_S2"], inp["u_D"]],
        "AB": [inp["u_H"], inp["u_trtA"], inp["u_S2"], inp["u_D"]],
    }
    a, b = inp["c_trtA"], inp["c_trtB"]
    c = {
        "SoC": [inp["c_H"], inp["c_S1"], inp["c_S2"], inp["c_D"]],
        "A": [inp["c_H"], inp["c_S1"] + a, inp["c_S2"] + a, inp["c_D"]],
        "B": [inp["c_H"], inp["c_S1"] + b, inp["c_S2"] + b, inp["c_D"]],
        "AB": [inp["c_H"], inp["c_S1"] + a + b, inp["c_S2"] + a + b, inp["c_D"]],
    }
    u = {k: np.asarray(v) * cl for k, v in u.items()}
    c = {k: np.asarray(v) * cl for k, v in c.items()}
    return u, c


def deterministic(inputs: dict | None = None, wcc: str = "Simpson1/3") -> dict:
    """Base-case (or user-supplied) deterministic results per strategy.

    Returns {strategy: {"cost", "qaly", "cost_undiscounted",
    "qaly_undiscounted", "life_years"}} where all figures include the
    within-cycle correction; "undiscounted" uses discount weights of 1 and
    "life_years" is the WCC-weighted, undiscounted sum of the alive share.
    Discount weight for trace row t is 1 / (1 + d * cycle_length) ** t, so row
    0 is undiscounted (DARTH's v_dwc / v_dwe).
    """
    inp = dict(INPUTS)
    if inputs:
        inp.update(inputs)
    cl = inp["cycle_length"]
    n_cycles = int(round((inp["n_age_max"] - inp["n_age_init"]) / cl))
    t = np.arange(n_cycles + 1)
    w = darth_wcc(n_cycles, wcc)
    dw_c = w / (1.0 + inp["d_c"] * cl) ** t
    dw_e = w / (1.0 + inp["d_e"] * cl) ** t

    Ps = transition_matrices(inp)
    u, c = state_rewards(inp)
    out = {}
    for s in STRATEGIES:
        M = trace(Ps[s], n_cycles)
        qaly_t = M @ u[s]          # expected reward per trace row
        cost_t = M @ c[s]
        out[s] = {
            "cost": float(cost_t @ dw_c),
            "qaly": float(qaly_t @ dw_e),
            "cost_undiscounted": float(cost_t @ w),
            "qaly_undiscounted": float(qaly_t @ w),
            "life_years": float(M[:, :3].sum(axis=1) @ w) * cl,
        }
    return out


def cohort_trace(strategy: str = "SoC", inputs: dict | None = None) -> np.ndarray:
    inp = dict(INPUTS)
    if inputs:
        inp.update(inputs)
    n_cycles = int(round((inp["n_age_max"] - inp["n_age_init"]) / inp["cycle_length"]))
    return trace(transition_matrices(inp)[strategy], n_cycles)


if __name__ == "__main__":  # pragma: no cover
    for s, r in deterministic().items():
        print(f"{s:3s} cost {r['cost']:12.2f}  QALY {r['qaly']:8.4f}")
