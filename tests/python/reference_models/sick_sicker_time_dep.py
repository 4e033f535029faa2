"""Reference model: DARTH time-dependent Sick-Sicker cohort model.

Independent NumPy re-implementation of the models in

    Alarid-Escudero F, Krijkamp EM, Enns EA, Yang A, Hunink MGM,
    Pechlivanoglou P, Jalal H. A Tutorial on Time-Dependent Cohort
    State-Transition Models in R Using a Cost-Effectiveness Analysis Example.
    Medical Decision Making 2023;43(1):21-41. (arXiv:2108.13552)

written from the paper's description, with parameter values from the authors'
repository DARTH-git/cohort-modeling-tutorial-timedep
(analysis/cSTM_time_dep_simulation.R, analysis/cSTM_time_dep_state_residence.R).

Two models:

* ``deterministic()`` -- *simulation-time dependence*: age-specific background
  mortality from the US 2015 life table (ages 25-99), one-off transition
  rewards (H->S1 disutility 0.01 and cost $1,000; a $2,000 cost on every death).
  This is the model whose CEA table is published (Table 3 of the paper).
* ``deterministic_tunnels()`` -- adds *state-residence dependence*: S1 is
  expanded into 75 tunnel states and the S1->S2 rate follows a Weibull hazard
  in time spent in S1.  The paper publishes no CEA table for this model; see
  README.md for what is and is not verified.

Conventions are the same as the time-independent tutorial (75 annual cycles,
DARTH Simpson-1/3 weights, 3 %, trace row 0 undiscounted).  Transition rewards
accrue in the trace row of the *destination* cycle (row t+1 for a transition
during cycle t) and receive that row's WCC and discount weights, exactly like
DARTH's transition-dynamics array A (slice t+1 = diag(m_t) P_t).
"""

from __future__ import annotations

import numpy as np

STATES = ("H", "S1", "S2", "D")
STRATEGIES = ("SoC", "A", "B", "AB")

# US all-cause mortality *rates* (column "Total" of LifeTable_USA_Mx_2015.csv,
# shipped in DARTH-git/cohort-modeling-tutorial-timedep/data/; the paper cites
# Arias E, Heron M, Xu J, United States Life Tables, 2014, NVSR 2017;66(4)).
# Values transcribed from the identical file in sheejamk/packDAMipd
# (inst/extdata/LifeTable_USA_Mx_2015.csv).  Index 0 = age 25, ..., 75 = age 100.
# The model uses ages 25..99 (filter Age >= 25 & Age < 100): 75 values.
MX_USA_2015_AGE25_TO_100 = (
    0.001014, 0.000999, 0.00107, 0.001087, 0.001162, 0.001167,  # ages 25-30
    0.001213, 0.001289, 0.001331, 0.001375, 0.00142, 0.00149,   # ages 31-36
    0.00155, 0.001616, 0.001657, 0.001747, 0.001902, 0.002052,  # ages 37-42
    0.002173, 0.002395, 0.002559, 0.002807, 0.003023, 0.003349,  # ages 43-48
    0.003712, 0.004085, 0.00449, 0.004905, 0.005364, 0.005806,  # ages 49-54
    0.006253, 0.006775, 0.007395, 0.007895, 0.008418, 0.008974,  # ages 55-60
    0.009666, 0.010456, 0.011384, 0.011838, 0.012667, 0.013593,  # ages 61-66
    0.0147, 0.015732, 0.01734, 0.018758, 0.020967, 0.022917,    # ages 67-72
    0.024913, 0.026767, 0.029707, 0.032412, 0.035982, 0.039238,  # ages 73-78
    0.043595, 0.048727, 0.053735, 0.059911, 0.066618, 0.074051,  # ages 79-84
    0.08219, 0.090754, 0.103968, 0.115093, 0.124341, 0.137872,  # ages 85-90
    0.154177, 0.172393, 0.1941, 0.212654, 0.243752, 0.259087,   # ages 91-96
    0.287781, 0.316429, 0.339149, 0.367247,                     # ages 97-100
)

# Base-case inputs: manuscript Table 1 and analysis/cSTM_time_dep_simulation.R
# (state-residence part: analysis/cSTM_time_dep_state_residence.R).
INPUTS = {
    "cycle_length": 1.0,
    "n_age_init": 25,
    "n_age_max": 100,       # 75 cycles
    "d_c": 0.03,
    "d_e": 0.03,
    "r_HS1": 0.15,          # H -> S1 rate
    "r_S1H": 0.5,           # S1 -> H rate
    "r_S1S2": 0.105,        # S1 -> S2 rate (simulation-time model)
    "hr_S1": 3.0,           # HR death S1 vs H (applied to the age-specific rate)
    "hr_S2": 10.0,          # HR death S2 vs H
    "hr_S1S2_trtB": 0.6,    # HR of S1 -> S2 under treatment B
    # Weibull S1 -> S2 hazard by time in S1 (state-residence model only):
    # rate in tunnel cycle tau = (lambda*tau)^gamma - (lambda*(tau-1))^gamma
    "r_S1S2_scale": 0.08,   # lambda
    "r_S1S2_shape": 1.1,    # gamma
    "c_H": 2000.0,
    "c_S1": 4000.0,
    "c_S2": 15000.0,
    "c_D": 0.0,
    "c_trtA": 12000.0,
    "c_trtB": 13000.0,
    "u_H": 1.0,
    "u_S1": 0.75,
    "u_S2": 0.5,
    "u_D": 0.0,
    "u_trtA": 0.95,
    # transition rewards (one-off, not scaled by cycle length)
    "du_HS1": 0.01,         # disutility on H -> S1
    "ic_HS1": 1000.0,       # cost on H -> S1
    "ic_D": 2000.0,         # cost on any transition into D
    "mx_by_age": MX_USA_2015_AGE25_TO_100,  # ages n_age_init..n_age_max
}


def darth_wcc(n_cycles: int, method: str = "Simpson1/3") -> np.ndarray:
    """DARTH within-cycle weights (see sick_sicker_time_indep.darth_wcc)."""
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
        raise ValueError(method)
    return w


def _prep(inputs):
    inp = dict(INPUTS)
    if inputs:
        inp.update(inputs)
    cl = inp["cycle_length"]
    if cl != 1.0:
        raise NotImplementedError("the life table is annual; cycle_length must be 1")
    n_cycles = int(inp["n_age_max"] - inp["n_age_init"])
    mx = np.asarray(inp["mx_by_age"], dtype=float)[:n_cycles]  # ages 25..99
    return inp, n_cycles, mx


def _accumulate(P_t, m0, u_state, c_state, du, dc, inp, n_cycles, wcc):
    """Run a (possibly time-varying) cohort and return discounted totals.

    P_t: (n_cycles, S, S); u_state, c_state: (S,); du, dc: (S, S) transition
    rewards added to the reward of each transition i -> j.
    """
    M = np.empty((n_cycles + 1, len(m0)))
    M[0] = m0
    q = np.empty(n_cycles + 1)
    c = np.empty(n_cycles + 1)
    q[0] = m0 @ u_state        # slice 0 of A is diag(m0): state rewards only
    c[0] = m0 @ c_state
    for t in range(n_cycles):
        flows = M[t][:, None] * P_t[t]        # diag(m_t) P_t
        M[t + 1] = flows.sum(axis=0)
        q[t + 1] = M[t + 1] @ u_state + np.sum(flows * du)
        c[t + 1] = M[t + 1] @ c_state + np.sum(flows * dc)
    tt = np.arange(n_cycles + 1)
    w = darth_wcc(n_cycles, wcc)
    dw_c = w / (1.0 + inp["d_c"] * inp["cycle_length"]) ** tt
    dw_e = w / (1.0 + inp["d_e"] * inp["cycle_length"]) ** tt
    return M, {
        "cost": float(c @ dw_c),
        "qaly": float(q @ dw_e),
        "cost_undiscounted": float(c @ w),
        "qaly_undiscounted": float(q @ w),
    }


def transition_arrays(inputs: dict | None = None) -> dict[str, np.ndarray]:
    """Per-strategy (n_cycles, 4, 4) transition arrays of the age-dependent model."""
    inp, n_cycles, mx = _prep(inputs)
    p_HD = 1 - np.exp(-mx)
    p_S1D = 1 - np.exp(-mx * inp["hr_S1"])
    p_S2D = 1 - np.exp(-mx * inp["hr_S2"])
    p_HS1 = 1 - np.exp(-inp["r_HS1"])
    p_S1H = 1 - np.exp(-inp["r_S1H"])

    def build(p_S1S2):
        P = np.zeros((n_cycles, 4, 4))
        P[:, 0, 0] = (1 - p_HD) * (1 - p_HS1)
        P[:, 0, 1] = (1 - p_HD) * p_HS1
        P[:, 0, 3] = p_HD
        P[:, 1, 0] = (1 - p_S1D) * p_S1H
        P[:, 1, 1] = (1 - p_S1D) * (1 - (p_S1H + p_S1S2))
        P[:, 1, 2] = (1 - p_S1D) * p_S1S2
        P[:, 1, 3] = p_S1D
        P[:, 2, 2] = 1 - p_S2D
        P[:, 2, 3] = p_S2D
        P[:, 3, 3] = 1.0
        return P

    P_soc = build(1 - np.exp(-inp["r_S1S2"]))
    P_b = build(1 - np.exp(-inp["r_S1S2"] * inp["hr_S1S2_trtB"]))
    return {"SoC": P_soc, "A": P_soc, "B": P_b, "AB": P_b}


def _state_rewards(inp):
    a, b = inp["c_trtA"], inp["c_trtB"]
    u = {"SoC": (inp["u_H"], inp["u_S1"], inp["u_S2"], inp["u_D"]),
         "A": (inp["u_H"], inp["u_trtA"], inp["u_S2"], inp["u_D"]),
         "B": (inp["u_H"], inp["u_S1"], inp["u_S2"], inp["u_D"]),
         "AB": (inp["u_H"], inp["u_trtA"], inp["u_S2"], inp["u_D"])}
    c = {"SoC": (inp["c_H"], inp["c_S1"], inp["c_S2"], inp["c_D"]),
         "A": (inp["c_H"], inp["c_S1"] + a, inp["c_S2"] + a, inp["c_D"]),
         "B": (inp["c_H"], inp["c_S1"] + b, inp["c_S2"] + b, inp["c_D"]),
         "AB": (inp["c_H"], inp["c_S1"] + a + b, inp["c_S2"] + a + b, inp["c_D"])}
    cl = inp["cycle_length"]
    return ({k: np.asarray(v) * cl for k, v in u.items()},
            {k: np.asarray(v) * cl for k, v in c.items()})


def deterministic(inputs: dict | None = None, wcc: str = "Simpson1/3") -> dict:
    """Simulation-time-dependent (age-dependent mortality) model.

    Returns {strategy: {"cost", "qaly", "cost_undiscounted",
    "qaly_undiscounted", "life_expectancy"}}; life expectancy is the
    paper's restricted LE, sum over t = 0..75 of the alive share (no WCC).
    """
    inp, n_cycles, _ = _prep(inputs)
    Ps = transition_arrays(inp)
    u, c = _state_rewards(inp)
    du = np.zeros((4, 4))
    dc = np.zeros((4, 4))
    du[0, 1] = -inp["du_HS1"]
    dc[0, 1] = inp["ic_HS1"]
    dc[:3, 3] = inp["ic_D"]
    out = {}
    for s in STRATEGIES:
        M, res = _accumulate(Ps[s], np.array([1.0, 0, 0, 0]), u[s], c[s], du, dc,
                             inp, n_cycles, wcc)
        res["life_expectancy"] = float(M[:, :3].sum())
        out[s] = res
    return out


def weibull_tunnel_probs(inputs: dict | None = None, hr: float = 1.0) -> np.ndarray:
    """S1 -> S2 probability in tunnel cycle tau = 1..n_tunnels."""
    inp, n_cycles, _ = _prep(inputs)
    lam, gam = inp["r_S1S2_scale"], inp["r_S1S2_shape"]
    tau = np.arange(1, n_cycles + 1)
    rate = (lam * tau) ** gam - (lam * (tau - 1)) ** gam
    return 1 - np.exp(-rate * hr)


def tunnel_transition_arrays(inputs: dict | None = None) -> dict[str, np.ndarray]:
    """(n_cycles, 78, 78) arrays; states H, S1_1..S1_75, S2, D."""
    inp, n_cycles, mx = _prep(inputs)
    n_tun = n_cycles
    S = n_tun + 3
    iH, iS2, iD = 0, n_tun + 1, n_tun + 2
    p_HD = 1 - np.exp(-mx)
    p_S1D = 1 - np.exp(-mx * inp["hr_S1"])
    p_S2D = 1 - np.exp(-mx * inp["hr_S2"])
    p_HS1 = 1 - np.exp(-inp["r_HS1"])
    p_S1H = 1 - np.exp(-inp["r_S1H"])

    def build(p_S1S2_tau):
        P = np.zeros((n_cycles, S, S))
        P[:, iH, iH] = (1 - p_HD) * (1 - p_HS1)
        P[:, iH, 1] = (1 - p_HD) * p_HS1
        P[:, iH, iD] = p_HD
        for k in range(n_tun):                 # tunnel state S1_{k+1}
            i = 1 + k
            nxt = i if k == n_tun - 1 else i + 1  # last tunnel state is sticky
            P[:, i, iH] = (1 - p_S1D) * p_S1H
            P[:, i, iS2] = (1 - p_S1D) * p_S1S2_tau[k]
            P[:, i, iD] = p_S1D
            P[:, i, nxt] = (1 - p_S1D) * (1 - (p_S1H + p_S1S2_tau[k]))
        P[:, iS2, iS2] = 1 - p_S2D
        P[:, iS2, iD] = p_S2D
        P[:, iD, iD] = 1.0
        return P

    P_soc = build(weibull_tunnel_probs(inp))
    P_b = build(weibull_tunnel_probs(inp, hr=inp["hr_S1S2_trtB"]))
    return {"SoC": P_soc, "A": P_soc, "B": P_b, "AB": P_b}


def deterministic_tunnels(inputs: dict | None = None, wcc: str = "Simpson1/3") -> dict:
    """State-residence (tunnel) version; same outputs as ``deterministic``."""
    inp, n_cycles, _ = _prep(inputs)
    n_tun = n_cycles
    S = n_tun + 3
    iD = n_tun + 2
    Ps = tunnel_transition_arrays(inp)
    u4, c4 = _state_rewards(inp)
    du = np.zeros((S, S))
    dc = np.zeros((S, S))
    du[0, 1] = -inp["du_HS1"]
    dc[0, 1] = inp["ic_HS1"]
    dc[:iD, iD] = inp["ic_D"]
    m0 = np.zeros(S)
    m0[0] = 1.0
    out = {}
    for s in STRATEGIES:
        expand = lambda v: np.concatenate(([v[0]], np.full(n_tun, v[1]), [v[2], v[3]]))  # noqa: E731
        M, res = _accumulate(Ps[s], m0, expand(u4[s]), expand(c4[s]), du, dc,
                             inp, n_cycles, wcc)
        res["life_expectancy"] = float(M[:, :iD].sum())
        out[s] = res
    return out


if __name__ == "__main__":  # pragma: no cover
    for name, fn in (("age-dependent", deterministic), ("tunnels", deterministic_tunnels)):
        print(name)
        for s, r in fn().items():
            print(f"  {s:3s} cost {r['cost']:12.2f}  QALY {r['qaly']:8.4f}  LE {r['life_expectancy']:.3f}")
