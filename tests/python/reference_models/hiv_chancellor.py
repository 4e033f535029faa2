"""Reference model: Chancellor et al. (1997) HIV model as worked in Briggs,
Claxton & Sculpher (2006), Decision Modelling for Health Economic Evaluation,
chapter 2, Exercise 2.5.

    Chancellor JV, Hill AM, Sabin CA, Simpson KN, Youle M. Modelling the cost
    effectiveness of lamivudine/zidovudine combination therapy in HIV
    infection. PharmacoEconomics 1997;12(1):54-66.
    Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic
    Evaluation. Oxford University Press, 2006 (Handbooks in Health Economic
    Evaluation). Tables 2.2-2.4 and Exercise 2.5.

States A (200 < CD4 < 500), B (CD4 < 200), C (AIDS), D (death); cohort starts
in A.  Monotherapy = zidovudine for 20 years; combination = zidovudine +
lamivudine for the first 2 years (relative risk 0.509 applied to every
transition *probability* out of each state, lamivudine cost added), then
monotherapy.  Annual cycles, 20 cycles.

Book conventions (verified against the published numbers, see README.md):
transitions happen at the *end* of each year and rewards are counted on trace
rows t = 1..20 only (row 0 is not counted); costs discounted at 6 % with
weight 1/1.06**t (so the first year *is* discounted); life years undiscounted
(0 %); no within-cycle correction in the base case.  The optional "half-cycle"
life-year variant of Exercise 2.5 corrects only the life years (trapezoid over
rows 0..20); costs are left uncorrected.
"""

from __future__ import annotations

import numpy as np

STATES = ("A", "B", "C", "D")
STRATEGIES = ("mono", "comb")

INPUTS = {
    # Observed annual transition counts (Chancellor 1997 / Briggs Table 2.2);
    # probabilities are count / row total, NOT the 3-dp rounded values printed
    # in the book (the rounded matrix gives 44,614 / 7.979 instead of the
    # published 44,663 / 7.991).
    "counts": (
        (1251, 350, 116, 17),   # from A: to A, B, C, D   (row total 1734)
        (0, 731, 512, 15),      # from B                  (row total 1258)
        (0, 0, 1312, 437),      # from C                  (row total 1749)
    ),
    "rr": 0.509,                # relative risk of progression, combination therapy
    "comb_years": 2,            # lamivudine (and its effect) for the first 2 cycles
    # Annual costs (GBP), Briggs Table 2.1 / Chancellor 1997
    "dmc": (1701.0, 1774.0, 6948.0),   # direct medical costs, states A, B, C
    "ccc": (1055.0, 1278.0, 2059.0),   # community care costs, states A, B, C
    "c_zidovudine": 2278.0,
    "c_lamivudine": 2086.5,     # 2086.50 in the book; rdecision/dan-wagner use 2087
    "d_c": 0.06,                # cost discount rate
    "d_e": 0.0,                 # life-year discount rate
    "n_cycles": 20,
}


def transition_matrices(inputs: dict | None = None) -> dict[str, np.ndarray]:
    inp = dict(INPUTS)
    if inputs:
        inp.update(inputs)
    counts = np.asarray(inp["counts"], dtype=float)
    P = np.zeros((4, 4))
    P[:3] = counts / counts.sum(axis=1, keepdims=True)
    P[3, 3] = 1.0
    Pc = P * inp["rr"]
    np.fill_diagonal(Pc, 0.0)
    Pc[3] = 0.0
    Pc[np.arange(4), np.arange(4)] = 1.0 - Pc.sum(axis=1)   # complement on diagonal
    return {"mono": P, "comb": Pc}


def deterministic(inputs: dict | None = None, half_cycle_ly: bool = False) -> dict:
    """Returns {strategy: {"cost", "ly", "cost_undiscounted", "ly_undiscounted"}}.

    ``ly`` is discounted at d_e (0 % in the base case, so equal to the
    undiscounted value).  With ``half_cycle_ly`` the life years use the
    trapezoid rule over rows 0..n (the book's half-cycle variant); costs are
    unchanged.
    """
    inp = dict(INPUTS)
    if inputs:
        inp.update(inputs)
    n = int(inp["n_cycles"])
    Ps = transition_matrices(inp)
    c_state = np.zeros(4)
    c_state[:3] = np.asarray(inp["dmc"]) + np.asarray(inp["ccc"]) + inp["c_zidovudine"]
    c_lam = np.zeros(4)
    c_lam[:3] = inp["c_lamivudine"]
    t = np.arange(n + 1)
    dw_c = 1.0 / (1.0 + inp["d_c"]) ** t
    dw_e = 1.0 / (1.0 + inp["d_e"]) ** t
    # rows 1..n counted (row 0 weight 0); optional trapezoid for life years
    w_cost = np.ones(n + 1)
    w_cost[0] = 0.0
    w_ly = w_cost.copy()
    if half_cycle_ly:
        w_ly[0] = w_ly[-1] = 0.5
    out = {}
    for s in STRATEGIES:
        k = inp["comb_years"] if s == "comb" else 0
        M = np.empty((n + 1, 4))
        M[0] = (1.0, 0.0, 0.0, 0.0)
        for i in range(n):
            M[i + 1] = M[i] @ (Ps["comb"] if i < k else Ps["mono"])
        # cost of trace row t uses the lamivudine cost for rows 1..k
        cost_t = M @ c_state + np.where((t >= 1) & (t <= k), M @ c_lam, 0.0)
        alive_t = M[:, :3].sum(axis=1)
        out[s] = {
            "cost": float(cost_t @ (w_cost * dw_c)),
            "ly": float(alive_t @ (w_ly * dw_e)),
            "cost_undiscounted": float(cost_t @ w_cost),
            "ly_undiscounted": float(alive_t @ w_ly),
        }
    return out


if __name__ == "__main__":  # pragma: no cover
    r = deterministic()
    for s, v in r.items():
        print(f"{s:4s} cost {v['cost']:10.2f}  LY {v['ly']:.4f}")
    print("ICER", (r["comb"]["cost"] - r["mono"]["cost"]) / (r["comb"]["ly"] - r["mono"]["ly"]))
    r = deterministic(half_cycle_ly=True)
    print("half-cycle LY", {s: round(v["ly"], 4) for s, v in r.items()})
