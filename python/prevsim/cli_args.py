"""Argument types shared by the command line's subcommands (``__main__`` and
``cli_analysis``): each turns the text into a value or raises
``argparse.ArgumentTypeError`` with a message naming the value and what is
expected, which argparse prints with the option's name."""

from __future__ import annotations

import argparse


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text.replace("_", ""))  # 100_000 as Python writes it
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{value} must be >= {minimum}")
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (draws, individuals, repeats)."""
    return _whole_number(text, 1)


def nonnegative_int(text: str) -> int:
    """A whole number >= 0 (seeds, counts that may be zero)."""
    return _whole_number(text, 0)
