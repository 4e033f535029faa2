#!/usr/bin/env python3
"""Benchmark: the Botkyrka reference scenario with 100 000 Monte Carlo draws.

Target (issue 4): ``prevsim.simulate`` of scenarios/prevention/botkyrka.toml
with 100 000 draws in under 1 second on 2 cores, end to end (preflight at the
base values, sampling, evaluation, the per-draw DataFrame). Reported besides:
the same on 1 thread (the 2-thread speed-up), the share spent sampling the
inputs (the floor set by the random numbers), draws per second per core, and
the peak memory of the run in a fresh process.

Usage:  python3 benchmarks/bench_botkyrka.py [--draws 100000] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys

import prevsim
from timing import best_of

TARGET_SECONDS = 1.0


def peak_memory_mb(draws: int, threads: int) -> tuple[float, float]:
    """Peak resident memory of a fresh process that runs the scenario once, and
    its resident memory just before the run (MB). Read from /proc/self/status
    (VmHWM, VmRSS): getrusage's ru_maxrss is inherited from the parent on Linux
    and would report this benchmark's own peak."""
    code = (
        "import prevsim\n"
        "def status(key):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(key + ':'):\n"
        "            return int(line.split()[1])\n"
        "s = prevsim.load_scenario(prevsim.scenario_path('prevention/botkyrka.toml'))\n"
        "before = status('VmRSS')\n"
        f"r = prevsim.simulate(s, draws={draws}, seed=1, threads={threads})\n"
        "print(status('VmHWM'), before)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak, before = (int(x) for x in out.stdout.split()[-2:])
    return peak / 1024.0, before / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    scenario = prevsim.load_scenario(prevsim.scenario_path("prevention/botkyrka.toml"))
    prevsim.simulate(scenario, draws=1000, seed=1, threads=2)  # warm up
    t2 = best_of(args.repeat, lambda: prevsim.simulate(scenario, draws=args.draws, seed=1, threads=2))
    t1 = best_of(args.repeat, lambda: prevsim.simulate(scenario, draws=args.draws, seed=1, threads=1))
    sampling = best_of(args.repeat, lambda: scenario.parameters.sample(args.draws, seed=1, threads=1))
    a = prevsim.simulate(scenario, draws=20_000, seed=5, threads=1).draws
    b = prevsim.simulate(scenario, draws=20_000, seed=5, threads=2).draws
    identical = a.equals(b)
    peak, baseline = peak_memory_mb(args.draws, 2)

    figures = {
        "scenario": "botkyrka", "draws": args.draws, "uncertain_inputs": len(scenario.parameters),
        "seconds_2_threads": t2, "seconds_1_thread": t1, "two_thread_speedup": t1 / t2,
        "sampling_seconds_1_thread": sampling, "sampling_share_1_thread": sampling / t1,
        "draws_per_second_per_core": args.draws / t1,
        "peak_rss_mb": peak, "rss_before_run_mb": baseline,
        "bit_identical_1_vs_2_threads": identical,
        "target_seconds_2_threads": TARGET_SECONDS, "meets_target": t2 < TARGET_SECONDS,
        "machine": f"{platform.machine()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}",
        "prevsim": prevsim.__version__,
    }
    print(f"Botkyrka, {args.draws} draws, {len(scenario.parameters)} uncertain inputs (best of {args.repeat}):")
    print(f"  2 threads: {t2:.3f} s   (target < {TARGET_SECONDS:.1f} s: {'ok' if t2 < TARGET_SECONDS else 'FAIL'})")
    print(f"  1 thread:  {t1:.3f} s   (2-thread speed-up {t1 / t2:.2f}x; {args.draws / t1:,.0f} draws/s per core)")
    print(f"  sampling the inputs alone, 1 thread: {sampling:.3f} s ({sampling / t1:.0%} of the run)")
    print(f"  peak memory of the run: {peak:.0f} MB (process before the run: {baseline:.0f} MB)")
    print(f"  bit-identical for 1 and 2 threads: {identical}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=1)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
