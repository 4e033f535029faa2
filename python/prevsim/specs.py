"""Distributions written as plain data, the way scenario and model files give them.

Example
-------
>>> from prevsim.specs import distribution_from_spec
>>> distribution_from_spec({"dist": "beta", "mean": 0.3, "se": 0.05}, "p")
beta(alpha=24.899999999999995, beta=58.09999999999999)
>>> distribution_from_spec(2000, "cost")
fixed(value=2000)
"""

from __future__ import annotations

import difflib
from typing import Any, Mapping

from prevsim import _core

# For each distribution, the accepted forms: (required keys, optional keys, builder).
_INTERVAL = ("lower", "upper")
_FORMS: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Any]]] = {
    "fixed": [(("value",), (), lambda p: _core.Fixed(p["value"]))],
    "normal": [
        (("mean", "sd"), (), lambda p: _core.Normal(p["mean"], p["sd"])),
        (("mean", "se"), (), lambda p: _core.Normal.from_mean_se(p["mean"], p["se"])),
        (_INTERVAL, ("level",), lambda p: _core.Normal.from_interval(p["lower"], p["upper"], p.get("level", 0.95))),
    ],
    "lognormal": [
        (("meanlog", "sdlog"), (), lambda p: _core.LogNormal(p["meanlog"], p["sdlog"])),
        (("mean", "se"), (), lambda p: _core.LogNormal.from_mean_se(p["mean"], p["se"])),
        (("median", "se"), (), lambda p: _core.LogNormal.from_median_se(p["median"], p["se"])),
        (_INTERVAL, ("level",), lambda p: _core.LogNormal.from_interval(p["lower"], p["upper"], p.get("level", 0.95))),
    ],
    "beta": [
        (("alpha", "beta"), (), lambda p: _core.Beta(p["alpha"], p["beta"])),
        (("mean", "se"), (), lambda p: _core.Beta.from_mean_se(p["mean"], p["se"])),
        (_INTERVAL, ("level",), lambda p: _core.Beta.from_interval(p["lower"], p["upper"], p.get("level", 0.95))),
    ],
    "gamma": [
        (("shape", "scale"), (), lambda p: _core.Gamma(p["shape"], p["scale"])),
        (("shape", "rate"), (), lambda p: _core.Gamma(p["shape"], 1.0 / p["rate"])),
        (("mean", "se"), (), lambda p: _core.Gamma.from_mean_se(p["mean"], p["se"])),
        (_INTERVAL, ("level",), lambda p: _core.Gamma.from_interval(p["lower"], p["upper"], p.get("level", 0.95))),
    ],
    "uniform": [
        (_INTERVAL, (), lambda p: _core.Uniform(p["lower"], p["upper"])),
        (("mean", "se"), (), lambda p: _core.Uniform.from_mean_se(p["mean"], p["se"])),
    ],
    "triangular": [(("lower", "mode", "upper"), (),
                    lambda p: _core.Triangular(p["lower"], p["mode"], p["upper"]))],
    "pert": [(("lower", "mode", "upper"), ("lambda",),
              lambda p: _core.Pert(p["lower"], p["mode"], p["upper"], p.get("lambda", 4.0)))],
    "truncated_normal": [(("mu", "sigma"), _INTERVAL, lambda p: _core.TruncatedNormal(
        p["mu"], p["sigma"], p.get("lower", float("-inf")), p.get("upper", float("inf"))))],
    "empirical": [(("values",), (), lambda p: _core.Empirical([float(v) for v in p["values"]]))],
}
# Keys that describe a parameter rather than its distribution.
DESCRIPTIVE_KEYS = ("unit", "source", "price_year", "note", "base")


def distribution_from_spec(spec: Any, key: str):
    """A distribution from a number (fixed) or a table such as
    ``{dist = "gamma", mean = 2000, se = 400}``. Keys in DESCRIPTIVE_KEYS are
    ignored here. Raises ValueError naming ``key`` and the problem."""
    if isinstance(spec, bool):
        raise ValueError(f"{key} is a bool, but must be a number or a distribution table")
    if isinstance(spec, (int, float)):
        return _core.Fixed(float(spec))
    if not isinstance(spec, Mapping):
        raise ValueError(f"{key} is a {type(spec).__name__}, but must be a number or a "
                         f"distribution table such as {{dist = \"beta\", mean = 0.3, se = 0.05}}")
    if "dist" not in spec:
        raise ValueError(f"{key} has no 'dist' (one of {', '.join(_FORMS)})")
    name = spec["dist"]
    if name not in _FORMS:
        hint = difflib.get_close_matches(str(name), list(_FORMS), n=1)
        raise ValueError(f"{key}.dist is {name!r}, but must be one of {', '.join(_FORMS)}"
                         + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    given = {k for k in spec if k != "dist" and k not in DESCRIPTIVE_KEYS}
    known = set().union(*(set(r) | set(o) for r, o, _ in _FORMS[name]))
    for k in sorted(given - known):
        hint = difflib.get_close_matches(k, sorted(known | set(DESCRIPTIVE_KEYS)), n=1)
        raise ValueError(f"{key}.{k} is not a parameter of a {name} distribution"
                         + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    for k in sorted(given):
        value = spec[k]
        if k == "values":
            if not isinstance(value, list) or not value or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
                raise ValueError(f"{key}.values must be a non-empty list of numbers")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{key}.{k} is {value!r}, but must be a number")
    for required, optional, build in _FORMS[name]:
        if set(required) <= given and given <= set(required) | set(optional):
            try:
                return build({k: spec[k] if k == "values" else float(spec[k]) for k in given})
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from None
    forms = " or ".join("(" + ", ".join(r) + ")" for r, _, _ in _FORMS[name])
    raise ValueError(f"{key}: a {name} distribution takes {forms}, but got "
                     f"({', '.join(sorted(given))})")
