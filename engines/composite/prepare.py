"""Denomination and unit screening (COINr's Denominate and Screen)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .data import Panel
from .errors import DataError
from .tree import IndicatorTree

Array = NDArray[np.float64]


def denominators_needed(tree: IndicatorTree, settings: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for code, s in zip(tree.indicators, settings, strict=True):
        if s["method"] == "meta":
            by = s.get("by") or tree.denominator.get(code)
            if by:
                out.append(by)
    return list(dict.fromkeys(out))


def denominate(raw: Array, tree: IndicatorTree, settings: list[dict[str, Any]], columns: dict[str, Array],
               units: NDArray[Any]) -> Array:  # fmt: skip
    """x / denominator (times `scale`) for every indicator that has one; a zero denominator is a DataError."""
    out = raw.copy()
    problems: list[str] = []
    for j, (code, s) in enumerate(zip(tree.indicators, settings, strict=True)):
        if s["method"] != "meta":
            continue
        by = s.get("by") or tree.denominator.get(code)
        if not by:
            continue
        d = columns[by]
        zero = (d == 0) & ~np.isnan(raw[:, j])
        if zero.any():
            who = ", ".join(str(u) for u in units[zero][:5])
            problems.append(f"{code}: denominator {by!r} is 0 for {who}" + (" ..." if zero.sum() > 5 else ""))
            continue
        out[:, j] = raw[:, j] / d * float(s.get("scale", 1.0))
    if problems:
        raise DataError(problems)
    return out


def screen(x: Array, panel: Panel, settings: dict[str, Any]) -> pd.DataFrame:
    """Data availability of each row (COINr's get_data_avail) and whether it is kept (COINr's Screen)."""
    n_ind = x.shape[1]
    n_missing = np.isnan(x).sum(axis=1)
    n_zero = (x == 0).sum(axis=1)
    availability = 1 - n_missing / n_ind
    with np.errstate(invalid="ignore", divide="ignore"):
        nonzero = 1 - n_zero / (n_ind - n_missing)
    method = settings["method"]
    low_data = availability < settings.get("min_availability", 0.0)
    low_nonzero = nonzero < settings.get("min_nonzero", 0.0)
    if method == "by_na":
        keep = ~low_data
    elif method == "by_zeros":
        keep = ~low_nonzero
    elif method == "by_na_and_zeros":
        keep = ~(low_data | low_nonzero)
    else:
        keep = np.ones(panel.n, dtype=bool)
    forced = pd.Series("", index=range(panel.n))
    for unit in settings.get("force_include", []):
        hit = panel.units == unit
        keep[hit] = True
        forced[hit] = "include"
    for unit in settings.get("force_exclude", []):
        hit = panel.units == unit
        keep[hit] = False
        forced[hit] = "exclude"
    report = panel.ids[[c for c in panel.ids.columns if c in ("uCode", "uName", "Time")]].copy()
    report["n_missing"] = n_missing
    report["n_zero"] = n_zero
    report["availability"] = availability
    report["nonzero"] = nonzero
    report["forced"] = forced.to_numpy()
    report["included"] = keep
    return report
