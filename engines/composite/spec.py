"""The pipeline spec: one JSON-able dict, validated up front so a typo never runs silently."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .errors import SpecError

Check = Callable[[Any], str | None]  # returns a problem, or None when the value is fine

STEPS = ("denominate", "impute", "screen", "treat", "normalise", "weights", "aggregate")
STEP_DEFAULT_METHOD = {"denominate": "meta", "impute": "none", "screen": "none", "treat": "winsorise",
                       "normalise": "minmax", "weights": "meta", "aggregate": "arithmetic"}  # fmt: skip
TOP_KEYS = (*STEPS, "index", "description")


def _num(lo: float | None = None, hi: float | None = None, *, none: bool = False, integer: bool = False,
         above: float | None = None, nonzero: bool = False) -> Check:  # fmt: skip
    def check(v: Any) -> str | None:
        if v is None:
            return None if none else "must be a number"
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            return "must be a number"
        if integer and not float(v).is_integer():
            return "must be a whole number"
        if lo is not None and v < lo:
            return f"must be >= {lo:g}"
        if hi is not None and v > hi:
            return f"must be <= {hi:g}"
        if above is not None and v <= above:
            return f"must be > {above:g}"
        if nonzero and v == 0:
            return "must not be 0"
        return None

    return check


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be true or false"


def _pair(v: Any) -> str | None:
    if not isinstance(v, list | tuple) or len(v) != 2 or any(_num()(x) for x in v):
        return "must be two numbers [low, high]"
    return "must be two different numbers" if v[0] == v[1] else None


def _text(*, none: bool = False, choices: tuple[str, ...] = ()) -> Check:
    def check(v: Any) -> str | None:
        if v is None and none:
            return None
        if not isinstance(v, str) or not v:
            return "must be a text"
        if choices and v not in choices:
            return f"must be one of {', '.join(choices)}"
        return None

    return check


def _texts(v: Any) -> str | None:
    return None if isinstance(v, list) and all(isinstance(x, str) for x in v) else "must be a list of texts"


def _levels(v: Any) -> str | None:
    if v is None:
        return None
    ok = isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in v)
    return None if ok else "must be a list of whole numbers >= 1, or null"


def _weights(v: Any) -> str | None:
    if not isinstance(v, Mapping) or any(_num(0)(x) for x in v.values()):
        return "must map codes to numbers >= 0"
    return None


FALLBACKS = ("log_ct", "log", "log_ct_orig", "log_gii", "boxcox", "none")
SCALE = {"scale": (1.0, _num())}
# step -> method -> parameter -> (default, check); a default of REQUIRED must be given by the user
REQUIRED = object()
METHODS: dict[str, dict[str, dict[str, tuple[Any, Check]]]] = {
    "denominate": {"meta": {"by": (None, _text(none=True)), "scale": (1.0, _num(nonzero=True))}, "none": {}},
    "impute": {
        "none": {}, "mean": {}, "median": {},
        "group_mean": {"group": (REQUIRED, _text())}, "group_median": {"group": (REQUIRED, _text())},
        "panel": {"mode": ("nearest", _text(choices=("nearest", "constant", "linear"))),
                  "max_gap": (None, _num(0, none=True))},
    },
    "screen": {
        "none": {}, "by_na": {"min_availability": (2 / 3, _num(0, 1))}, "by_zeros": {"min_nonzero": (0.05, _num(0, 1))},
        "by_na_and_zeros": {"min_availability": (2 / 3, _num(0, 1)), "min_nonzero": (0.05, _num(0, 1))},
    },
    "treat": {
        "none": {},
        "winsorise": {"winmax": (5, _num(0, none=True, integer=True)), "skew": (2.0, _num(0)), "kurt": (3.5, _num()),
                      "fallback": ("log_ct", _text(choices=FALLBACKS)), "lambda": (None, _num(none=True)),
                      "force_win": (False, _bool)},
        "log_ct": {}, "log": {}, "log_ct_orig": {}, "log_gii": {}, "boxcox": {"lambda": (REQUIRED, _num())},
    },
    "normalise": {
        "minmax": {"range": ([0.0, 100.0], _pair)},
        "zscore": {"mean": (0.0, _num()), "sd": (1.0, _num(above=0))},
        "goalposts": {"lower": (None, _num(none=True)), "upper": (None, _num(none=True)), "scale": (1.0, _num()),
                      "truncate": (True, _bool)},
        "distance_to_target": {"target": (None, _num(none=True)), "cap": (False, _bool), **SCALE},
        "distance_to_best": {**SCALE},
        "distance_to_reference": {"reference": (REQUIRED, _text()), "cap": (False, _bool), **SCALE},
        "fraction_of_max": {**SCALE},
        "rank": {}, "percentile_rank": {**SCALE}, "borda": {},
        "scaled": {"lower": (0.0, _num()), "upper": (100.0, _num())},
        "none": {},
    },
    "weights": {"meta": {}, "equal": {}, "pca": {"levels": (None, _levels)}},
    "aggregate": {"arithmetic": {}, "geometric": {}, "harmonic": {}, "generalised": {"p": (2.0, _num(nonzero=True))}},
}  # fmt: skip
# keys of a step that are not method parameters (and are not inherited method-wise)
STEP_KEYS: dict[str, dict[str, tuple[Any, Check]]] = {
    "denominate": {}, "impute": {}, "treat": {},
    "screen": {"force_include": ([], _texts), "force_exclude": ([], _texts)},
    "normalise": {"across_time": (True, _bool)},
    "weights": {"values": ({}, _weights)},
    "aggregate": {"min_share": (None, _num(0, 1, none=True))},
}  # fmt: skip
OVERRIDES = {"denominate": "per_indicator", "impute": "per_indicator", "treat": "per_indicator",
             "normalise": "per_indicator", "aggregate": "per_aggregate"}  # fmt: skip
ALIASES = {
    "normalise": {"n_minmax": "minmax", "n_zscore": "zscore", "n_goalposts": "goalposts",
                  "n_dist2targ": "distance_to_target", "n_dist2max": "distance_to_best",
                  "n_dist2ref": "distance_to_reference", "n_fracmax": "fraction_of_max", "n_rank": "rank",
                  "n_prank": "percentile_rank", "n_borda": "borda", "n_scaled": "scaled"},
    "aggregate": {"a_amean": "arithmetic", "a_gmean": "geometric", "a_hmean": "harmonic", "a_genmean": "generalised"},
    "impute": {"i_mean": "mean", "i_median": "median", "i_mean_grp": "group_mean", "i_median_grp": "group_median",
               "impute_panel": "panel"},
    "treat": {"log_CT": "log_ct", "log_CT_orig": "log_ct_orig", "log_GII": "log_gii", "winsorize": "winsorise"},
    "screen": {"byNA": "by_na", "byzeros": "by_zeros", "byNAandzeros": "by_na_and_zeros"},
    "denominate": {}, "weights": {},
}  # fmt: skip


def _method(step: str, name: Any, where: str, problems: list[str]) -> str | None:
    if not isinstance(name, str):
        problems.append(f"{where}: method must be a text")
        return None
    method = str(ALIASES[step].get(name, name))
    if method not in METHODS[step]:
        problems.append(f"{where}: unknown method {method!r} (one of {', '.join(METHODS[step])})")
        return None
    return method


def _params(step: str, method: str, given: Mapping[str, Any], base: Mapping[str, Any], where: str,
            problems: list[str], extra: Mapping[str, tuple[Any, Check]] | None = None) -> dict[str, Any]:  # fmt: skip
    schema = {**METHODS[step][method], **(extra or {})}
    out: dict[str, Any] = {k: v[0] if v[0] is REQUIRED else copy.deepcopy(v[0]) for k, v in schema.items()}
    out.update({k: v for k, v in base.items() if k in schema})
    for key, value in given.items():
        if key == "method":
            continue
        if key not in schema:
            takes = ", ".join(schema) or "no parameters"
            problems.append(f"{where}: {method} has no parameter {key!r} (it takes {takes})")
            continue
        out[key] = value
    for key, (_, check) in schema.items():
        if out[key] is REQUIRED:
            problems.append(f"{where}: {method} needs {key!r}")
            continue
        problem = check(out[key])
        if problem:
            problems.append(f"{where}.{key}: {problem} (got {out[key]!r})")
    if isinstance(out.get("range"), tuple):
        out["range"] = list(out["range"])
    return {"method": method, **out}


class Spec:
    """A validated spec; `to_dict()` gives it back with every default filled in."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @classmethod
    def load(cls, path: str | Path) -> Spec:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError([f"{path}: cannot read ({exc})"]) from None
        except json.JSONDecodeError as exc:
            raise SpecError([f"{path}: not valid JSON ({exc})"]) from None
        return cls.from_dict(raw)

    @classmethod
    def coerce(cls, spec: Spec | Mapping[str, Any] | None) -> Spec:
        if isinstance(spec, Spec):
            return spec
        return cls.from_dict(spec or {})

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Spec:
        problems: list[str] = []
        if not isinstance(raw, Mapping):
            raise SpecError(["the spec must be a JSON object (a dict)"])
        for key in raw:
            if key not in TOP_KEYS:
                problems.append(f"unknown key {key!r} (the spec takes {', '.join(TOP_KEYS)})")
        data: dict[str, Any] = {"index": raw.get("index"), "description": raw.get("description")}
        if data["index"] is not None and not isinstance(data["index"], str):
            problems.append("index must be a code (a text)")
        for step in STEPS:
            given = raw.get(step, {})
            if given is None:
                given = {}
            if isinstance(given, str):
                given = {"method": given}
            if not isinstance(given, Mapping):
                problems.append(f'{step}: must be an object such as {{"method": ...}}')
                continue
            data[step] = cls._step(step, given, problems)
        if problems:
            raise SpecError(problems)
        return cls(data)

    @staticmethod
    def _step(step: str, given: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
        method = _method(step, given.get("method", STEP_DEFAULT_METHOD[step]), step, problems)
        if method is None:
            return {"method": STEP_DEFAULT_METHOD[step]}
        extra = STEP_KEYS[step]
        override_key = OVERRIDES.get(step)
        structural = {override_key, "per_level"} if step == "aggregate" else {override_key}
        params = {k: v for k, v in given.items() if k not in structural}
        out = _params(step, method, params, {}, step, problems, extra)
        for key in ("per_level", override_key) if step == "aggregate" else (override_key,):
            if key is None:
                continue
            overrides = given.get(key, {}) or {}
            if not isinstance(overrides, Mapping):
                problems.append(f"{step}.{key}: must map codes to objects")
                continue
            resolved: dict[str, Any] = {}
            for code, o in overrides.items():
                where = f"{step}.{key}.{code}"
                if isinstance(o, str):
                    o = {"method": o}
                if not isinstance(o, Mapping):
                    problems.append(f'{where}: must be an object such as {{"method": ...}}')
                    continue
                if key == "per_level" and not str(code).isdigit():
                    problems.append(f"{where}: levels are whole numbers")
                    continue
                om = _method(step, o.get("method", method), where, problems)
                if om is None:
                    continue
                base = {k: v for k, v in out.items() if k != "method"} if om == method else {}
                base.update({k: out[k] for k in extra})  # step keys always carry over
                resolved[str(code)] = _params(step, om, o, base, where, problems, extra)
            out[key] = resolved
        return out

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    @property
    def index(self) -> str | None:
        value = self._data.get("index")
        return value if isinstance(value, str) else None

    def step(self, step: str) -> dict[str, Any]:
        out: dict[str, Any] = self._data[step]
        return out

    def for_code(self, step: str, code: str) -> dict[str, Any]:
        """Settings of `step` for one indicator: its override if any, else the step's settings."""
        s = self._data[step]
        out: dict[str, Any] = s.get(OVERRIDES.get(step, ""), {}).get(code, s)
        return out

    def for_aggregate(self, code: str, level: int) -> dict[str, Any]:
        s = self._data["aggregate"]
        by_code = s.get("per_aggregate", {})
        if code in by_code:
            out: dict[str, Any] = by_code[code]
            return out
        level_spec: dict[str, Any] = s.get("per_level", {}).get(str(level), s)
        return level_spec


def set_path(spec: Mapping[str, Any], path: str | list[str], value: Any, *, merge: bool = False) -> dict[str, Any]:
    """A deep copy of `spec` with `value` at the dotted `path` (missing objects on the way are created).

    Setting a `method` removes the parameters that the new method does not take."""
    out = copy.deepcopy(dict(spec))
    keys = path.split(".") if isinstance(path, str) else list(path)
    node: dict[str, Any] = out
    for key in keys[:-1]:
        nxt = node.get(key)
        if isinstance(nxt, str) and key in STEPS:
            nxt = {"method": nxt}
        if not isinstance(nxt, dict):
            nxt = {}
        node[key] = nxt
        node = nxt
    last = keys[-1]
    if merge and isinstance(value, Mapping) and isinstance(node.get(last), Mapping):
        node[last] = {**node[last], **copy.deepcopy(dict(value))}
    else:
        node[last] = copy.deepcopy(value)
    step = keys[0]
    if last == "method" and step in STEPS and isinstance(value, str):
        # a new method drops the old one's parameters (p of a generalised mean is no parameter of the arithmetic)
        method = ALIASES[step].get(value, value)
        if method in METHODS[step]:
            keep = {"method", "per_level", OVERRIDES.get(step), *METHODS[step][method], *STEP_KEYS[step]}
            for key in [k for k in node if k not in keep]:
                del node[key]
    return out
