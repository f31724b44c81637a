"""Normalisers, vectorised over columns. Each works on direction-adjusted data D = x * direction, as COINr's
`Normalise.numeric` does, so that for every method a higher normalised value is better."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

SCALED = {"distance_to_target", "distance_to_best", "distance_to_reference", "fraction_of_max", "percentile_rank"}


def _col(values: Sequence[Any]) -> Array:
    return np.asarray(values, dtype=float)


def _nan_stat(fn: Any, d: Array) -> Array:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column gives NaN, which is what we want
        out: Array = fn(d, axis=0)
    return out


def min_rank(d: Array) -> Array:
    """Ranks within each column, smallest = 1, ties share the smallest rank, NaN stay NaN (R's rank(ties="min"))."""
    a = np.ascontiguousarray(d.T)  # sorting along contiguous rows is several times faster than along columns
    if a.size == 0:
        return np.asarray(d, dtype=float).copy()
    order = np.argsort(a, axis=1)  # NaN sort last
    s = np.take_along_axis(a, order, axis=1)
    new = np.ones(s.shape, dtype=bool)
    new[:, 1:] = s[:, 1:] != s[:, :-1]
    pos = np.arange(s.shape[1], dtype=float)
    ranks = np.maximum.accumulate(np.where(new, pos, 0.0), axis=1) + 1.0
    ranks[np.isnan(s)] = np.nan
    out = np.empty_like(ranks)
    np.put_along_axis(out, order, ranks, axis=1)
    result: Array = out.T
    return result


def normalise_block(d: Array, method: str, params: list[dict[str, Any]], directions: Array,
                    ref: Array | None = None) -> Array:  # fmt: skip
    """Normalise the direction-adjusted columns `d` (rows of one block: a year, or the whole panel).

    `params` holds one dict per column; `directions` the +1/-1 of each column (needed where a parameter is given
    in the indicator's own units: goalposts, targets); `ref` the direction-adjusted reference values per row.
    """
    k = d.shape[1]
    if k == 0:
        return d.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            lo, hi = _nan_stat(np.nanmin, d), _nan_stat(np.nanmax, d)
            l_u = np.array([p["range"] for p in params], dtype=float)
            out = (d - lo) / (hi - lo) * (l_u[:, 1] - l_u[:, 0]) + l_u[:, 0]
        elif method == "zscore":
            mean = _nan_stat(np.nanmean, d)
            n = (~np.isnan(d)).sum(axis=0)
            sd = np.sqrt(_nan_stat(np.nansum, (d - mean) ** 2) / (n - 1))  # R's sd: n - 1
            out = (d - mean) / sd * _col([p["sd"] for p in params]) + _col([p["mean"] for p in params])
        elif method == "goalposts":
            lower, upper = _col([p["lower"] for p in params]), _col([p["upper"] for p in params])
            # direction -1: the data arrive times -1, so the posts swap and flip (COINr's get_iMeta_norm_paras)
            lo = np.where(directions > 0, lower, -upper)
            hi = np.where(directions > 0, upper, -lower)
            out = (d - lo) / (hi - lo)
            trunc = np.array([bool(p["truncate"]) for p in params])
            out = np.where(trunc, np.clip(out, 0.0, 1.0), out)
            out = out * _col([p["scale"] for p in params])
        elif method == "distance_to_target":
            targ = _col([p["target"] for p in params]) * directions
            lo = _nan_stat(np.nanmin, d)
            out = (d - lo) / (targ - lo)
        elif method == "distance_to_best":
            lo, hi = _nan_stat(np.nanmin, d), _nan_stat(np.nanmax, d)
            out = 1 - (hi - d) / (hi - lo)
        elif method == "distance_to_reference":
            if ref is None:
                raise ValueError("distance_to_reference needs reference values")
            lo = _nan_stat(np.nanmin, d)
            out = 1 - (ref - d) / (ref - lo)
        elif method == "fraction_of_max":
            out = d / _nan_stat(np.nanmax, d)
        elif method == "rank":
            out = min_rank(d)
        elif method == "percentile_rank":
            n = (~np.isnan(d)).sum(axis=0)
            out = (min_rank(d) - 1) / (n - 1)
        elif method == "borda":
            out = min_rank(d) - 1
        elif method == "scaled":
            lo, hi = _col([p["lower"] for p in params]), _col([p["upper"] for p in params])
            out = (d - lo) / (hi - lo) * 100
        elif method == "none":
            out = d.copy()
        else:
            raise ValueError(f"unknown normalisation {method!r}")
        if method in ("distance_to_target", "distance_to_reference"):
            cap = np.array([bool(p["cap"]) for p in params])
            out = np.where(cap & (out > 1), 1.0, out)
        if method in SCALED:
            out = out * _col([p["scale"] for p in params])
    result: Array = np.asarray(out, dtype=float)
    return result


# The single-vector forms of COINr's n_* functions, with COINr's own signatures, for direct use and tests.


def n_minmax(x: Array, l_u: tuple[float, float] = (0.0, 100.0)) -> Array:
    return normalise_block(_as2d(x), "minmax", [{"range": list(l_u)}], np.ones(1))[:, 0]


def n_zscore(x: Array, m_sd: tuple[float, float] = (0.0, 1.0)) -> Array:
    return normalise_block(_as2d(x), "zscore", [{"mean": m_sd[0], "sd": m_sd[1]}], np.ones(1))[:, 0]


def n_goalposts(x: Array, gposts: tuple[float, float, float], direction: int = 1, trunc2posts: bool = True) -> Array:
    """COINr's n_goalposts on the raw (not yet direction-adjusted) vector `x`."""
    p = {"lower": gposts[0], "upper": gposts[1], "scale": gposts[2], "truncate": trunc2posts}
    return normalise_block(_as2d(x) * direction, "goalposts", [p], np.array([float(direction)]))[:, 0]


def n_dist2targ(x: Array, targ: float, direction: int = 1, cap_max: bool = False) -> Array:
    """COINr's n_dist2targ on the raw vector: (x - min)/(targ - min), or (max - x)/(max - targ) for direction -1."""
    p = {"target": targ, "cap": cap_max, "scale": 1.0}
    return normalise_block(_as2d(x) * direction, "distance_to_target", [p], np.array([float(direction)]))[:, 0]


def n_dist2max(x: Array) -> Array:
    return normalise_block(_as2d(x), "distance_to_best", [{"scale": 1.0}], np.ones(1))[:, 0]


def n_dist2ref(x: Array, iref: int, cap_max: bool = False) -> Array:
    """COINr's n_dist2ref; `iref` is 0-based here (COINr's is 1-based)."""
    d = _as2d(x)
    ref = np.full(d.shape, d[iref, 0])
    return normalise_block(d, "distance_to_reference", [{"cap": cap_max, "scale": 1.0}], np.ones(1), ref)[:, 0]


def n_fracmax(x: Array) -> Array:
    return normalise_block(_as2d(x), "fraction_of_max", [{"scale": 1.0}], np.ones(1))[:, 0]


def n_rank(x: Array) -> Array:
    return normalise_block(_as2d(x), "rank", [{}], np.ones(1))[:, 0]


def n_prank(x: Array) -> Array:
    return normalise_block(_as2d(x), "percentile_rank", [{"scale": 1.0}], np.ones(1))[:, 0]


def n_borda(x: Array) -> Array:
    return normalise_block(_as2d(x), "borda", [{}], np.ones(1))[:, 0]


def n_scaled(x: Array, npara: tuple[float, float] = (0.0, 100.0)) -> Array:
    return normalise_block(_as2d(x), "scaled", [{"lower": npara[0], "upper": npara[1]}], np.ones(1))[:, 0]


def _as2d(x: Any) -> Array:
    return np.asarray(x, dtype=float).reshape(-1, 1)
