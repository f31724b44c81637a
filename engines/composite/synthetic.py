"""Synthetic iData/iMeta of any size, for benchmarks and tests (skewed columns, gaps, denominators, groups)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def make_synthetic(n_units: int = 100, n_indicators: int = 20, n_levels: int = 3, group_size: int = 5,
                   missing: float = 0.02, skewed: float = 0.3, denominated: float = 0.2, n_years: int = 1,
                   random_state: int | None = 0) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """iData and iMeta for `n_units` units (times `n_years` years) and a tree of `n_levels` levels.

    Indicators are grouped `group_size` to a parent level by level; the top level is one index "Index".
    A share `skewed` of the indicators is log-normal (so outlier treatment has work to do), `denominated` of them
    are divided by a Population column, `missing` of the values are blank; a Region column gives 5 groups.
    """
    if n_levels < 2:
        raise ValueError("n_levels must be at least 2 (indicators and an index)")
    rng = np.random.default_rng(random_state)
    codes = [f"i{j:03d}" for j in range(n_indicators)]
    rows: list[dict[str, Any]] = []
    level_codes = codes
    parents: dict[str, str] = {}
    for level in range(2, n_levels + 1):
        if level == n_levels:
            names = ["Index"]
        else:
            names = [f"L{level}_{k:02d}" for k in range(math.ceil(len(level_codes) / group_size))]
        for i, child in enumerate(level_codes):
            parents[child] = names[0] if level == n_levels else names[i // group_size]
        for name in names:
            rows.append({"Level": level, "iCode": name, "iName": name, "Direction": 1, "Weight": 1.0,
                         "Parent": None, "Type": "Aggregate", "Denominator": None, "Target": None})  # fmt: skip
        level_codes = names
    kind = rng.random(n_indicators)
    direction = np.where(rng.random(n_indicators) < 0.8, 1, -1)
    denom = rng.random(n_indicators) < denominated
    meta: list[dict[str, Any]] = [
        {"Level": 1, "iCode": c, "iName": f"Indicator {c}", "Direction": int(direction[j]),
         "Weight": float(rng.integers(1, 4)), "Parent": parents[c], "Type": "Indicator",
         "Denominator": "Population" if denom[j] else None, "Target": None}
        for j, c in enumerate(codes)
    ]  # fmt: skip
    for row in rows:
        row["Parent"] = parents.get(str(row["iCode"]))
    meta += rows
    meta.append({"Level": None, "iCode": "Region", "iName": "Region", "Type": "Group"})
    meta.append({"Level": None, "iCode": "Population", "iName": "Population", "Type": "Denominator"})
    n = n_units * n_years
    pop = np.exp(rng.normal(10, 1, n_units))
    values = np.empty((n, n_indicators))
    for j in range(n_indicators):
        skewed_column = kind[j] < skewed
        base = np.exp(rng.normal(0, 1.2, n_units)) * 10 if skewed_column else rng.normal(50, 10, n_units)
        trend = rng.normal(0, 0.03, n_units)
        for y in range(n_years):
            values[y * n_units : (y + 1) * n_units, j] = base * (1 + trend * y) * rng.normal(1, 0.02, n_units)
        if denom[j]:
            values[:, j] *= np.tile(pop, n_years) / 1e4
    values[rng.random(values.shape) < missing] = np.nan
    units = [f"U{u:05d}" for u in range(n_units)]
    idata = pd.DataFrame(values, columns=codes)
    idata.insert(0, "uCode", units * n_years)
    idata.insert(1, "uName", [f"Unit {u}" for u in units] * n_years)
    idata.insert(2, "Region", [f"R{u % 5}" for u in range(n_units)] * n_years)
    if n_years > 1:
        idata.insert(3, "Time", np.repeat(np.arange(2020, 2020 + n_years), n_units))
    idata["Population"] = np.tile(pop, n_years)
    imeta = pd.DataFrame(meta)
    return idata, imeta
