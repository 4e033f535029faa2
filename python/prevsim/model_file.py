"""Cohort models written as TOML files (the same model the Python builder makes).

A model file holds every number with its distribution, unit and source, the
states, rewards, transitions, values and strategies, and the conventions. The
format is documented key by key in ``scenarios/README.md``; an example is
``scenarios/cohort/sick_sicker.toml``.

Example
-------
>>> import prevsim
>>> model = prevsim.load_model(prevsim.scenario_path("cohort/sick_sicker.toml"))
>>> model.strategies
['SoC', 'A', 'B', 'AB']
>>> model.evaluate(at="base").round({"cost": 0, "qaly": 3})   # the published table
              cost    qaly
strategy
SoC       116374.0  18.879
A         218789.0  19.636
B         202536.0  20.199
AB        296300.0  21.097
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import tomllib

from prevsim.cohort import CohortModel
from prevsim.errors import ScenarioError
from prevsim.parameters import ParameterSet
from prevsim.specs import distribution_from_spec

_TOP = {"title", "description", "model", "parameters", "correlation", "tables", "derived",
        "rewards", "start", "transitions", "values", "transition_values", "time_in_state",
        "strategies"}
_MODEL = {"states", "cycles", "cycle_length", "start_age", "counting", "discount_timing",
          "discount"}
_STRATEGY = {"description", "start", "transitions", "values", "transition_values"}
_ARROW = re.compile(r"^\s*([^\s]+)\s*->\s*([^\s]+)\s*$")


class _File:
    """The parsed file with its text, for error messages with lines."""

    def __init__(self, path: Path | None, *, data: Mapping | None = None, name: str = "") -> None:
        """Reads and parses ``path``; or, with ``data``, wraps data built in
        Python (errors then name ``name`` and no line)."""
        self.path = path
        self.name = str(path) if path is not None else name
        if data is not None:
            self.text, self.data = "", data
            return
        try:
            self.text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ScenarioError(f"cannot read the file ({error.strerror})", file=self.name) from None
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            line = getattr(error, "lineno", None)
            match = re.search(r"line (\d+)", str(error))
            if line is None and match:
                line = int(match.group(1))
            raise ScenarioError(f"is not valid TOML: {error}", file=self.name, line=line) from None

    def line_of(self, path: tuple[str, ...]) -> int | None:
        """The line where the key at ``path`` is written (best effort)."""
        lines = self.text.splitlines()
        start = 0
        # The deepest table header that is a prefix of the path.
        for depth in range(len(path), 0, -1):
            header = re.compile(r"^\s*\[+\s*" + r"\s*\.\s*".join(
                r'"?' + re.escape(p) + r'"?' for p in path[:depth]) + r"\s*\]+")
            for i, text in enumerate(lines):
                if header.match(text):
                    if depth == len(path):
                        return i + 1
                    start = i
                    rest = path[depth:]
                    key = re.compile(r'^\s*"?' + re.escape(rest[0]) + r'"?\s*(=|\.)')
                    for j in range(start + 1, len(lines)):
                        if lines[j].lstrip().startswith("["):
                            break
                        if key.match(lines[j]):
                            return j + 1
                    return i + 1
        key = re.compile(r'^\s*"?' + re.escape(path[-1]) + r'"?\s*=')
        for i, text in enumerate(lines):
            if key.match(text):
                return i + 1
        return None

    def error(self, path: tuple, message: str) -> ScenarioError:
        """An error at ``path``: key names, and ints for list positions (0-based,
        shown 1-based as ``[1]``)."""
        key = ""
        for p in path:
            if isinstance(p, int):
                key += f"[{p + 1}]"
            else:
                key += ("." if key else "") + (p if re.fullmatch(r"[A-Za-z0-9_]+", p) else f"'{p}'")
        keys: tuple[str, ...] = ()
        for p in path:
            if isinstance(p, int):
                break
            keys += (p,)
        return ScenarioError(message, file=self.name, key=key or None,
                             line=self.line_of(keys) if keys else None)


def _check_keys(f: _File, table: Mapping, allowed: set[str], path: tuple[str, ...]) -> None:
    for key in table:
        if key not in allowed:
            hint = difflib.get_close_matches(key, sorted(allowed), n=1)
            raise f.error(path + (key,), "unknown key" + (f" (did you mean '{hint[0]}'?)" if hint
                                                           else f"; allowed: {', '.join(sorted(allowed))}"))


def _table(f: _File, data: Mapping, key: str, path: tuple[str, ...], *, required: bool = False) -> dict:
    if key not in data:
        if required:
            raise f.error(path + (key,), "is missing")
        return {}
    value = data[key]
    if not isinstance(value, dict):
        raise f.error(path + (key,), f"is a {type(value).__name__}, but must be a table")
    return value


def _expression(f: _File, value: Any, path: tuple[str, ...]) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise f.error(path, f"is {value!r}, but must be a number or an expression string")
    return value if isinstance(value, str) else repr(float(value))


def _arrow(f: _File, key: str, path: tuple[str, ...]) -> tuple[str, str]:
    match = _ARROW.match(key)
    if not match:
        raise f.error(path, "must be written 'FROM -> TO', e.g. \"H -> S1\"")
    return match.group(1), match.group(2)


def described_distribution(f: _File, spec: Any, path: tuple) -> tuple[Any, Mapping, float | None]:
    """A parameter written as a number or a distribution table with its
    descriptive keys: (distribution, the table, its base value), every key
    checked with file, key and line in the error."""
    try:
        dist = distribution_from_spec(spec, "")
    except ValueError as error:
        raise f.error(path, str(error).lstrip(": ").lstrip(".")) from None
    info = spec if isinstance(spec, dict) else {}
    for k in ("unit", "source", "note"):
        if k in info and not isinstance(info[k], str):
            raise f.error(path + (k,), f"is {info[k]!r}, but must be a string")
    base = info.get("base")
    if base is not None and (isinstance(base, bool) or not isinstance(base, (int, float))):
        raise f.error(path + ("base",), f"is {base!r}, but must be a number")
    return dist, info, base


def _parameters(f: _File, data: Mapping) -> ParameterSet:
    ps = ParameterSet()
    for name, spec in _table(f, data, "parameters", (), required=True).items():
        path = ("parameters", name)
        dist, info, base = described_distribution(f, spec, path)
        try:
            ps.add(name, dist, unit=info.get("unit", ""), source=info.get("source", ""), base=base)
        except ValueError as error:
            raise f.error(path, str(error)) from None
    corr = _table(f, data, "correlation", ())
    _check_keys(f, corr, {"scale", "pairs"}, ("correlation",))
    for i, pair in enumerate(corr.get("pairs", [])):
        path = ("correlation", "pairs", str(i + 1))
        if not (isinstance(pair, list) and len(pair) == 3 and all(isinstance(x, str) for x in pair[:2])
                and isinstance(pair[2], (int, float)) and not isinstance(pair[2], bool)):
            raise f.error(path, f"is {pair!r}, but must be [\"a\", \"b\", rho]")
    pairs = [(a, b, float(r)) for a, b, r in corr.get("pairs", [])]
    if pairs:
        try:
            ps.correlate_pairs(pairs, scale=corr.get("scale", "spearman"))
        except ValueError as error:
            raise f.error(("correlation", "pairs"), str(error)) from None
    return ps


# Installed packages carry scenarios/ inside; a source checkout has it at the root.
BUNDLED = next((d for d in (Path(__file__).parent / "scenarios",
                            Path(__file__).resolve().parents[2] / "scenarios") if d.is_dir()),
               Path(__file__).parent / "scenarios")


def scenario_path(name: str) -> Path:
    """The path of a bundled scenario or model file, e.g. "cohort/sick_sicker.toml"."""
    root = BUNDLED
    path = root / name
    if not path.is_file():
        bundled = sorted(str(p.relative_to(root)) for p in root.rglob("*.toml"))
        raise ValueError(f"scenario_path: no bundled file {name!r} (bundled: {', '.join(bundled)})")
    return path


def load_model(path: str | Path) -> CohortModel:
    """Reads and validates a cohort model file; nothing is simulated.

    Every problem is a ScenarioError naming the file, the key path and the line:
    unknown keys (with a suggestion), wrong types, missing fields, out-of-range
    values, unknown states or names in expressions.
    """
    f = _File(Path(path))
    data = f.data
    _check_keys(f, data, _TOP, ())
    model = _table(f, data, "model", (), required=True)
    _check_keys(f, model, _MODEL, ("model",))
    for key in ("states", "cycles", "counting", "discount_timing", "discount"):
        if key not in model:
            raise f.error(("model", key), "is missing (a model states its conventions; see "
                                          "scenarios/README.md)")
    states = model["states"]
    if not isinstance(states, list) or not states or not all(isinstance(s, str) for s in states):
        raise f.error(("model", "states"), "must be a non-empty list of state names")
    cycles = model["cycles"]
    if isinstance(cycles, bool) or not isinstance(cycles, int) or cycles < 1:
        raise f.error(("model", "cycles"), f"is {cycles!r}, but must be a whole number >= 1")
    discount = model["discount"]
    if not isinstance(discount, dict):
        raise f.error(("model", "discount"), "must be a table {costs = ..., effects = ...}")
    _check_keys(f, discount, {"costs", "effects"}, ("model", "discount"))
    for k in ("costs", "effects"):
        if k not in discount:
            raise f.error(("model", "discount", k), "is missing (0 is a valid rate)")
    ps = _parameters(f, data)
    try:
        m = CohortModel(states=states, cycles=cycles, counting=model["counting"],
                        discount_timing=model["discount_timing"],
                        discount_costs=discount["costs"], discount_effects=discount["effects"],
                        parameters=ps, cycle_length=float(model.get("cycle_length", 1.0)),
                        start_age=float(model.get("start_age", 0.0)))
    except (ValueError, TypeError) as error:
        raise f.error(("model",), str(error)) from None

    for name, table in _table(f, data, "tables", ()).items():
        path = ("tables", name)
        if not isinstance(table, dict):
            raise f.error(path, "must be a table {breakpoints = [...], values = [...]}")
        _check_keys(f, table, {"breakpoints", "values", "source", "unit", "note"}, path)
        for k in ("breakpoints", "values"):
            if k not in table:
                raise f.error(path + (k,), "is missing")
        m.table(name, np.asarray(table["breakpoints"], float), np.asarray(table["values"], float))
    for name, expr in _table(f, data, "derived", ()).items():
        m.derive(**{name: _expression(f, expr, ("derived", name))})
    for name, kind in _table(f, data, "rewards", (), required=True).items():
        if kind not in ("cost", "effect"):
            raise f.error(("rewards", name), f"is {kind!r}, but must be \"cost\" or \"effect\"")
        m.reward(name, kind=kind)
    for state, cycles_tracked in _table(f, data, "time_in_state", ()).items():
        if isinstance(cycles_tracked, bool) or not isinstance(cycles_tracked, int):
            raise f.error(("time_in_state", state), "must be a whole number of cycles")
        m.track_time_in_state(state, cycles=cycles_tracked)

    rewards = [r for r, _ in m.description["rewards"]]

    def parts(table: Mapping, path: tuple[str, ...]):
        start = {}
        for s, v in _table(f, table, "start", path).items():
            _check_names(f, [s], states, "state", path + ("start", s))
            start[s] = _expression(f, v, path + ("start", s))
        transitions = {}
        for k, v in _table(f, table, "transitions", path).items():
            src, dst = _arrow(f, k, path + ("transitions", k))
            _check_names(f, [src, dst], states, "state", path + ("transitions", k))
            transitions[(src, dst)] = _expression(f, v, path + ("transitions", k))
        values = {}
        for reward, by_state in _table(f, table, "values", path).items():
            _check_names(f, [reward], rewards, "reward", path + ("values", reward))
            if not isinstance(by_state, dict):
                raise f.error(path + ("values", reward), "must be a table {STATE = value}")
            _check_names(f, list(by_state), states, "state", path + ("values", reward))
            values[reward] = {s: _expression(f, v, path + ("values", reward, s)) for s, v in by_state.items()}
        on_transition = []
        for reward, by_arrow in _table(f, table, "transition_values", path).items():
            _check_names(f, [reward], rewards, "reward", path + ("transition_values", reward))
            if not isinstance(by_arrow, dict):
                raise f.error(path + ("transition_values", reward), "must be a table {\"FROM -> TO\" = value}")
            for k, v in by_arrow.items():
                src, dst = _arrow(f, k, path + ("transition_values", reward, k))
                _check_names(f, [dst] + ([] if src == "*" else [src]), states, "state",
                             path + ("transition_values", reward, k))
                on_transition.append((reward, src, dst, _expression(f, v, path + ("transition_values", reward, k))))
        return start, transitions, values, on_transition

    start, transitions, values, on_transition = parts(data, ())
    if start:
        m.start(start)
    m.transitions(transitions)
    for reward, by_state in values.items():
        m.values(reward, by_state)
    for item in on_transition:
        m.on_transition(*item)
    strategies = _table(f, data, "strategies", (), required=True)
    if not strategies:
        raise f.error(("strategies",), "is empty, but a model needs at least one strategy")
    for name, table in strategies.items():
        path = ("strategies", name)
        if not isinstance(table, dict):
            raise f.error(path, "must be a table")
        _check_keys(f, table, _STRATEGY, path)
        s_start, s_trans, s_values, s_on = parts(table, path)
        m.strategy(name, start=s_start or None, transitions=s_trans, values=s_values,
                   on_transition=s_on)
    try:
        m.compile()
    except ValueError as error:
        raise _locate(f, str(error)) from None
    m.source_file = f.name
    return m


def _locate(f: _File, message: str) -> ScenarioError:
    """Attaches the file, and the line of the expression (or else the first
    quoted name) the engine's message is about, to an error from compiling."""
    expression = re.search(r"in expression '([^']+)'", message)
    candidates = [f'"{expression.group(1)}"'] if expression else []
    candidates += [q for q in re.findall(r"'([^']+)'", message)]
    lines = f.text.splitlines()
    for quoted in candidates:
        for i, text in enumerate(lines):
            if quoted in text.split("#")[0]:
                return ScenarioError(message, file=f.name, line=i + 1)
    return ScenarioError(message, file=f.name)


def _check_names(f: _File, names: list[str], known: list[str], what: str,
                 path: tuple[str, ...]) -> None:
    for name in names:
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=1)
            raise f.error(path, f"{what} '{name}' is not one of the {what}s ({', '.join(known)})"
                                + (f"; did you mean '{hint[0]}'?" if hint else ""))
