"""prevsim's command line.

Example
-------
    prevsim demo --draws 100000 --seed 1
"""

from __future__ import annotations

import argparse
import sys


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be >= 1")
    return value


def _nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must be >= 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prevsim",
        description="Monte Carlo simulation of preventive investments for children and young "
                    "people.")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="sample the demonstration parameter set and print its summary",
        description="Samples the uncertain inputs of a Swedish drug-prevention calculation "
                    "(sources in prevsim/demo.py) and prints their summary.",
        epilog="example: prevsim demo --draws 100000 --seed 1")
    demo.add_argument("--draws", type=_positive_int, default=100_000, help="number of draws")
    demo.add_argument("--seed", type=_nonnegative_int, default=20260101, help="random seed")
    demo.add_argument("--threads", type=_nonnegative_int, default=None,
                      help="worker threads (default: all cores; results do not depend on it)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            from prevsim.demo import main_demo

            print(main_demo(args.draws, args.seed, args.threads))
    except ValueError as error:  # invalid input: one line, no traceback
        print(f"prevsim: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
