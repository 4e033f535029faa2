"""The published numbers the reference models and prevsim are checked against.

One copy, with its source next to every table; README.md in this folder says
where each was found and how it was checked.
"""

import numpy as np

# Intro tutorial (MDM 2023;43(1):3-20), table tab:table-cea: discounted,
# within-cycle-corrected cost ($, to the dollar) and QALYs (3 dp) per person.
PUB_TIME_INDEP = {"SoC": (151_580, 20.711), "A": (284_805, 21.499),
                  "B": (259_100, 22.184), "AB": (378_875, 23.137)}
PUB_TIME_INDEP_ICER = [  # strategy, incremental cost, incremental QALYs, ICER, status
    ("SoC", None, None, None, "ND"),
    ("B", 107_521, 1.473, 72_988, "ND"),
    ("AB", 119_775, 0.952, 125_764, "ND"),
    ("A", None, None, None, "D"),
]
# Same paper, table tab:Trace: the SoC cohort in cycles 0-5, 3 dp.
PUB_TIME_INDEP_TRACE = np.array([
    [1.000, 0.000, 0.000, 0.000],
    [0.859, 0.139, 0.000, 0.002],
    [0.792, 0.189, 0.014, 0.005],
    [0.755, 0.206, 0.032, 0.008],
    [0.729, 0.208, 0.052, 0.011],
    [0.707, 0.206, 0.072, 0.015],
])

# Time-dependent tutorial (MDM 2023;43(1):21-41), table tab:table-cea of the
# simulation-time-dependent model.
PUB_TIME_DEP = {"SoC": (116_374, 18.879), "A": (218_789, 19.636),
                "B": (202_536, 20.199), "AB": (296_300, 21.097)}
PUB_TIME_DEP_ICER = [
    ("SoC", None, None, None, "ND"),
    ("B", 86_162, 1.320, 65_288, "ND"),
    ("AB", 93_764, 0.898, 104_461, "ND"),
    ("A", None, None, None, "D"),
]
# Same paper, printed a_P_SoC[, , 1]: the SoC transition matrix at age 25
# (R's default 7 significant digits).
PUB_TIME_DEP_P_AGE25 = np.array([
    [0.8598357, 0.1391509, 0.00000000, 0.001013486],
    [0.3922742, 0.5053157, 0.09937273, 0.003037378],
    [0.0000000, 0.0000000, 0.98991124, 0.010088764],
    [0.0000000, 0.0000000, 0.00000000, 1.000000000],
])

# Briggs, Claxton & Sculpher 2006, Table 2.2 (3 dp) and Exercise 2.5: cost
# (GBP, 6 %, to the pound), life years (undiscounted, 3 dp), ICER (GBP per LY
# gained, to the pound), half-cycle-corrected life years (3 and 2 dp as printed).
PUB_HIV_P_MONO = np.array([[0.721, 0.202, 0.067, 0.010],
                           [0.000, 0.581, 0.407, 0.012],
                           [0.000, 0.000, 0.750, 0.250],
                           [0.000, 0.000, 0.000, 1.000]])
PUB_HIV_P_COMB = np.array([[0.858, 0.103, 0.034, 0.005],
                           [0.000, 0.787, 0.207, 0.006],
                           [0.000, 0.000, 0.873, 0.127],
                           [0.000, 0.000, 0.000, 1.000]])
PUB_HIV = {"mono": (44_663, 7.991), "comb": (50_602, 8.937)}
PUB_HIV_ICER = 6_276
PUB_HIV_LY_HALF_CYCLE = {"mono": (8.475, 3), "comb": (9.42, 2)}
