"""iData: validation and the row layout (units, years, groups) that every stage shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .errors import DataError
from .tree import IndicatorTree

Array = NDArray[np.float64]


def _lines(mask: Iterable[bool], limit: int = 5) -> str:
    rows = [i + 2 for i, bad in enumerate(mask) if bad]  # CSV line numbers: line 1 is the header
    shown = ", ".join(str(r) for r in rows[:limit])
    return f"line {shown}" + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def numeric_column(frame: pd.DataFrame, column: str, problems: list[str], what: str) -> Array:
    """The column as floats; text that is not a number and infinities become problems (blank is missing)."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan, copy=True)  # nullable Int64/Float64 columns too
        blank = np.isnan(values)
    else:
        values = pd.to_numeric(raw, errors="coerce").astype(float).to_numpy(copy=True)
        blank = raw.isna().to_numpy() | raw.astype(str).str.strip().eq("").to_numpy()
    bad = np.isnan(values) & ~blank
    if bad.any():
        problems.append(f"{what} {column!r} has values that are not numbers ({_lines(bad)})")
    inf = np.isinf(values)
    if inf.any():
        problems.append(f"{what} {column!r} has infinite values ({_lines(inf)})")
        values[inf] = np.nan
    values[blank] = np.nan
    return values


@dataclass
class Panel:
    """Row layout shared by the stages: one row per unit (per year), in input order."""

    units: NDArray[Any]
    times: NDArray[Any] | None
    ids: pd.DataFrame  # uCode, uName, Time, group columns (those present), in input order
    groups: dict[str, NDArray[Any]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.units)

    @property
    def time_values(self) -> list[Any]:
        return [] if self.times is None else sorted(set(self.times.tolist()))

    def blocks(self) -> list[NDArray[np.intp]]:
        """Row indices of each year (in year order), or of all rows when there is no Time column."""
        if self.times is None:
            return [np.arange(self.n)]
        return [np.flatnonzero(self.times == t) for t in self.time_values]

    def subset(self, keep: NDArray[np.bool_]) -> Panel:
        times = None if self.times is None else self.times[keep]
        groups = {k: v[keep] for k, v in self.groups.items()}
        return Panel(self.units[keep], times, self.ids.loc[keep].reset_index(drop=True), groups)

    def index(self) -> pd.Index:
        index: pd.Index
        if self.times is None:
            index = pd.Index(self.units, name="uCode")
            return index
        index = pd.MultiIndex.from_arrays([self.times, self.units], names=["Time", "uCode"])
        return index

    def reference_rows(self, unit: str) -> NDArray[np.intp]:
        """For each row, the row of `unit` in the same year (-1 when that unit has no row that year)."""
        out = np.full(self.n, -1, dtype=np.intp)
        for rows in self.blocks():
            hit = rows[self.units[rows] == unit]
            if hit.size:
                out[rows] = hit[0]
        return out


def read_idata(
    idata: pd.DataFrame, tree: IndicatorTree, needed: Iterable[str] = ()
) -> tuple[Panel, Array, dict[str, Array]]:
    """Validate iData against the tree; returns the panel, the raw indicator matrix (rows x tree.indicators) and
    the numeric columns named in `needed` (denominators). Raises DataError listing every problem."""
    if not isinstance(idata, pd.DataFrame):
        raise DataError(["iData must be a table (a pandas DataFrame)"])
    problems: list[str] = []
    if "uCode" not in idata.columns:
        raise DataError(["iData has no uCode column"])
    if idata.empty:
        raise DataError(["iData has no rows"])
    frame = idata.reset_index(drop=True)
    text = frame["uCode"].astype(str).str.strip()
    empty = frame["uCode"].isna() | text.eq("")
    units = text.where(~empty, None)
    if empty.any():
        problems.append(f"uCode is empty ({_lines(empty)})")
    times: NDArray[Any] | None = None
    if "Time" in frame.columns:
        t = numeric_column(frame, "Time", problems, "column")
        if np.isnan(t).any():
            problems.append(f"Time is empty or not a number ({_lines(np.isnan(t))})")
        whole = bool(np.all(np.isfinite(t)) and np.all(t == np.round(t)))
        times = t.astype(np.int64) if whole else t  # 2018.0 in a CSV is the year 2018
    key = pd.DataFrame({"u": units, "t": times if times is not None else 0})
    dup = key.duplicated(keep=False) & units.notna()
    if dup.any():
        what = "uCode and Time" if times is not None else "uCode"
        problems.append(f"the same {what} appears on more than one row ({_lines(dup)})")
    missing = [c for c in tree.indicators if c not in frame.columns]
    if missing:
        problems.append(f"no column for indicator(s) {', '.join(missing)}")
    raw = np.full((len(frame), len(tree.indicators)), np.nan)
    for j, code in enumerate(tree.indicators):
        if code in frame.columns:
            raw[:, j] = numeric_column(frame, code, problems, "indicator")
    extra: dict[str, Array] = {}
    for name in dict.fromkeys(needed):
        if name not in frame.columns:
            users = [c for c in tree.indicators if tree.denominator.get(c) == name]
            by = f" (the denominator of {', '.join(users)})" if users else ""
            problems.append(f"no column {name!r}{by}")
            continue
        extra[name] = numeric_column(frame, name, problems, "denominator")
    if problems:
        raise DataError(problems)
    id_cols = ["uCode"] + [c for c in ("uName", "Time") if c in frame.columns]
    id_cols += [g for g in tree.groups if g in frame.columns and g not in id_cols]
    ids = frame[id_cols].copy()
    ids["uCode"] = units.astype(str)
    if times is not None:
        ids["Time"] = times
    skip = {"uCode", "Time", *tree.indicators}
    groups = {str(g): frame[g].to_numpy(dtype=object) for g in frame.columns if g not in skip}
    panel = Panel(units.to_numpy(dtype=object), times, ids, groups)
    return panel, raw, extra
