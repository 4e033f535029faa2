#!/usr/bin/env python3
"""Benchmark: the microsimulation's speed against its random-number floor.

Model: scenarios/microsim/shared_risk_example.toml (5 outcomes: 3 states and 2
events, 2 correlated latent factors, 2 interventions, one of them on a factor,
3 cohorts sharing one population per subgroup, 2 subgroups, 38 years from age
7 to 45), every input at its base value, ``--individuals`` per cell.

Reported, for each residual process (ar1, renewal):
- individual-years per second per core (1 thread), the C++ engine alone
  (``Microsimulation.evaluate``; the Python around it is excluded);
- the floor: the time to draw exactly the random numbers the simulation
  consumes, from the same streams, and nothing else
  (``Microsimulation.random_floor``, in the same process), and the ratio
  simulation / floor;
- the numbers drawn per individual-year;
- the speed-up on 2 threads (results are bit-identical; checked).

Targets (issue 6): >= 50 million individual-years per second per core, within
3x of the floor, near-linear scaling on 2 threads. The machine is shared: run
it on an idle machine, and take the best of ``--repeat`` runs.

Usage:  python3 benchmarks/bench_microsim.py [--individuals 20000] [--draws 8] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform

# One BLAS thread: an idle OpenBLAS thread spinning on the second core would
# take it from the 2-thread measurement (set before NumPy is imported).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import prevsim  # noqa: E402
from prevsim import _core  # noqa: E402
from timing import best_of  # noqa: E402

TARGET_PER_CORE = 50e6
TARGET_RATIO = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--individuals", type=int, default=20_000)
    parser.add_argument("--draws", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    scenario = prevsim.load_scenario(prevsim.scenario_path("microsim/shared_risk_example.toml"))
    rows = np.tile(np.asarray(scenario.parameters.point_values("base"), dtype=float), (args.draws, 1))
    report = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
              "individuals": args.individuals, "draws": args.draws, "results": {}}
    print(f"microsimulation benchmark: {args.draws} draws x {args.individuals} individuals per cell, "
          f"5 outcomes, best of {args.repeat}")
    for residual in ("ar1", "renewal"):
        spec = dict(scenario._model["microsimulation"], individuals=args.individuals, residual=residual)
        engine = _core.Microsimulation(scenario._core, spec)
        individual_years = engine.individual_years * args.draws
        engine.evaluate(rows[:1], 1, 1, 0)  # warm up
        t1 = best_of(args.repeat, lambda: engine.evaluate(rows, 1, 1, 0))
        t2 = best_of(args.repeat, lambda: engine.evaluate(rows, 1, 2, 0))
        floor = engine.random_floor(rows, 1, 1, 0)
        f1 = best_of(args.repeat, lambda: engine.random_floor(rows, 1, 1, 0))
        same = all(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)
                   for a, b in zip((engine.evaluate(rows, 1, 1, 0)[k] for k in ("values", "distribution")),
                                   (engine.evaluate(rows, 1, 2, 0)[k] for k in ("values", "distribution"))))
        r = {"individual_years": individual_years,
             "seconds_1_thread": t1, "seconds_2_threads": t2, "floor_seconds_1_thread": f1,
             "individual_years_per_second_per_core": individual_years / t1,
             "floor_individual_years_per_second": individual_years / f1,
             "ratio_to_floor": t1 / f1, "speedup_2_threads": t1 / t2,
             "normals_per_individual_year": floor["normals"] / individual_years,
             "uniforms_per_individual_year": floor["uniforms"] / individual_years,
             "bit_identical_1_2_threads": bool(same)}
        report["results"][residual] = r
        print(f"\nresidual = {residual}: {individual_years / 1e6:.2f} M individual-years "
              f"({r['normals_per_individual_year']:.2f} normals + {r['uniforms_per_individual_year']:.2f} "
              f"uniforms per individual-year)")
        print(f"  1 thread : {t1:.3f} s = {r['individual_years_per_second_per_core'] / 1e6:.1f} M individual-years/s per core"
              f"  (target >= {TARGET_PER_CORE / 1e6:.0f} M: {'met' if r['individual_years_per_second_per_core'] >= TARGET_PER_CORE else 'NOT met'})")
        print(f"  floor    : {f1:.3f} s = {r['floor_individual_years_per_second'] / 1e6:.1f} M individual-years/s"
              f"  -> simulation / floor = {r['ratio_to_floor']:.2f}x (target <= {TARGET_RATIO:.0f}x: "
              f"{'met' if r['ratio_to_floor'] <= TARGET_RATIO else 'NOT met'})")
        print(f"  2 threads: {t2:.3f} s = {r['speedup_2_threads']:.2f}x faster; bit-identical: {same}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
