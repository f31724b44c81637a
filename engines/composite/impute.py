"""Imputation: column or group mean/median within each year (COINr's i_mean, i_median, i_mean_grp,
i_median_grp), or from the same unit's other years (COINr's impute_panel)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .data import Panel

Array = NDArray[np.float64]


def _stat(values: Array, how: str) -> Array:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing column: stays missing
        out: Array = np.nanmean(values, axis=0) if how == "mean" else np.nanmedian(values, axis=0)
    return out


def impute_columns(x: Array, how: str) -> Array:
    """Fill each column's missing values with its mean or median."""
    out = x.copy()
    fill = _stat(x, how)
    rows, cols = np.nonzero(np.isnan(out))
    out[rows, cols] = fill[cols]
    return out


def impute_groups(x: Array, groups: NDArray[Any], how: str) -> Array:
    """Fill with the mean or median of the unit's group; units whose group is missing are left missing and do not
    count in any group (as COINr's i_mean_grp)."""
    out = x.copy()
    labels = pd.Series(groups).where(pd.Series(groups).notna(), None).to_numpy(dtype=object)
    for g in dict.fromkeys(v for v in labels if v is not None and not (isinstance(v, float) and np.isnan(v))):
        rows = np.flatnonzero(labels == g)
        out[rows] = impute_columns(x[rows], how)
    return out


def impute_panel(x: Array, units: NDArray[Any], times: NDArray[Any], mode: str = "nearest",
                 max_gap: float | None = None) -> Array:  # fmt: skip
    """Fill a unit's missing value from its own other years.

    `nearest`: the value of the nearest year with data (the earlier one on a tie); `constant`: the latest earlier
    value, else the next later one (COINr's impute_panel "constant"); `linear`: linear in time between the years
    around it, else the nearest one (COINr's "linear"). `max_gap`: never reach further than this many years.
    """
    n, k = x.shape
    t = np.asarray(times, dtype=float)
    order = np.lexsort((t, pd.factorize(pd.Series(units))[0]))
    xs, ts = x[order], t[order]
    uid = pd.factorize(pd.Series(units[order]))[0]
    start = np.zeros(n, dtype=np.intp)
    new = np.r_[True, uid[1:] != uid[:-1]]
    start[new] = np.flatnonzero(new)
    start = np.maximum.accumulate(start)
    end = np.empty(n, dtype=np.intp)
    last = np.r_[uid[1:] != uid[:-1], True]
    end_idx = np.flatnonzero(last)
    end[:] = end_idx[np.searchsorted(end_idx, np.arange(n))]
    obs = ~np.isnan(xs)
    pos = np.arange(n)[:, None].repeat(k, axis=1)
    prev = np.maximum.accumulate(np.where(obs, pos, -1), axis=0)
    nxt = np.minimum.accumulate(np.where(obs, pos, n)[::-1], axis=0)[::-1]
    has_prev = prev >= start[:, None]
    has_next = nxt <= end[:, None]
    cols = np.arange(k)[None, :].repeat(n, axis=0)
    prev_c, next_c = np.where(has_prev, prev, 0), np.where(has_next, nxt, 0)
    v_prev, v_next = xs[prev_c, cols], xs[next_c, cols]
    gap_prev = np.where(has_prev, ts[:, None] - ts[prev_c], np.inf)
    gap_next = np.where(has_next, ts[next_c] - ts[:, None], np.inf)
    if mode == "constant":
        use_prev = has_prev
        fill = np.where(use_prev, v_prev, v_next)
        gap = np.where(use_prev, gap_prev, gap_next)
    else:
        use_prev = gap_prev <= gap_next
        fill = np.where(use_prev, v_prev, v_next)
        gap = np.minimum(gap_prev, gap_next)
        if mode == "linear":
            both = has_prev & has_next
            with np.errstate(invalid="ignore", divide="ignore"):
                lin = v_prev + (v_next - v_prev) * gap_prev / (gap_prev + gap_next)
            fill = np.where(both, lin, fill)
            gap = np.where(both, np.maximum(gap_prev, gap_next), gap)
    missing = ~obs & (has_prev | has_next)
    if max_gap is not None:
        missing &= gap <= max_gap
    out_sorted = np.where(missing, fill, xs)
    out = np.empty_like(x)
    out[order] = out_sorted
    return out


def impute(x: Array, panel: Panel, settings: list[dict[str, Any]]) -> Array:
    """Impute every column with its own settings; same settings are done together."""
    out = x.copy()
    by_setting: dict[str, list[int]] = {}
    for j, s in enumerate(settings):
        if s["method"] != "none":
            by_setting.setdefault(repr(sorted(s.items())), []).append(j)
    for cols_list in by_setting.values():
        cols = np.array(cols_list)
        s = settings[cols_list[0]]
        method = s["method"]
        if method == "panel":
            if panel.times is None:
                continue
            out[:, cols] = impute_panel(x[:, cols], panel.units, panel.times, s["mode"], s["max_gap"])
            continue
        for rows in panel.blocks():
            block = x[np.ix_(rows, cols)]
            if method in ("mean", "median"):
                filled = impute_columns(block, method)
            else:
                filled = impute_groups(block, panel.groups[s["group"]][rows], method.removeprefix("group_"))
            out[np.ix_(rows, cols)] = filled
    return out
