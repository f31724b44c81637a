"""Aggregators (COINr's a_amean, a_gmean, a_hmean, a_genmean), vectorised over units, and weights."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .tree import IndicatorTree

Array = NDArray[np.float64]


def aggregate_rows(v: Array, w: Array, method: str, p: float = 2.0,
                   min_share: float | None = None) -> tuple[Array, str]:  # fmt: skip
    """Aggregate each row of `v` (units x children) with relative weights `w`.

    Missing values are skipped and the remaining weights rescaled (COINr); a row with no value, or with a share
    of present children below `min_share` (COINr's dat_thresh), gives NaN. Returns the values and a problem
    sentence ("" when fine) when the method cannot be computed on these values.
    """
    ok = ~np.isnan(v)
    wm = np.where(ok, w, 0.0)
    wsum = wm.sum(axis=1)
    vz = np.where(ok, v, 0.0)
    problem = ""
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "arithmetic":
            out = (vz * wm).sum(axis=1) / wsum
        elif method == "geometric":
            bad = ok & (v <= 0)
            if bad.any():
                problem = f"geometric mean of zero or negative values ({int(bad.any(axis=1).sum())} unit(s))"
            out = np.exp((np.log(np.where(ok & ~bad, v, 1.0)) * wm).sum(axis=1) / wsum)
        elif method == "harmonic":
            bad = ok & (v == 0)
            if bad.any():
                problem = f"harmonic mean of zero values ({int(bad.any(axis=1).sum())} unit(s))"
            out = wsum / (np.where(ok & ~bad, wm / np.where(bad, 1.0, vz), 0.0)).sum(axis=1)
        elif method == "generalised":
            if p == 0:
                raise ValueError("the generalised mean needs p != 0 (p = 0 is the geometric mean)")
            # x^p needs x > 0 for p < 0, and x >= 0 for a fractional p
            bad = ok & ((v <= 0) if p < 0 else (v < 0) if not float(p).is_integer() else np.zeros_like(ok))
            if bad.any():
                n_bad = int(bad.any(axis=1).sum())
                problem = f"generalised mean (p = {p:g}) of values it cannot take ({n_bad} unit(s))"
            out = ((np.where(ok & ~bad, vz, 1.0) ** p * wm).sum(axis=1) / wsum) ** (1 / p)
        else:
            raise ValueError(f"unknown aggregation {method!r}")
    present = ok.sum(axis=1)
    out = np.where(present == 0, np.nan, out)
    if min_share is not None and v.shape[1]:
        out = np.where(present / v.shape[1] < min_share, np.nan, out)
    result: Array = np.asarray(out, dtype=float)
    return result, problem


def _one(x: Any, w: Any, method: str, p: float = 2.0) -> float:
    v = np.asarray(x, dtype=float).reshape(1, -1)
    wv = np.ones(v.shape[1]) if w is None else np.asarray(w, dtype=float)
    out, problem = aggregate_rows(v, wv, method, p)
    if problem:
        raise ValueError(problem)
    return float(out[0])


def a_amean(x: Any, w: Any = None) -> float:
    """Weighted arithmetic mean, NaN skipped (COINr's a_amean)."""
    return _one(x, w, "arithmetic")


def a_gmean(x: Any, w: Any = None) -> float:
    """Weighted geometric mean exp(sum w log x / sum w), NaN skipped; x must be > 0 (COINr's a_gmean)."""
    return _one(x, w, "geometric")


def a_hmean(x: Any, w: Any = None) -> float:
    """Weighted harmonic mean sum w / sum(w / x), NaN skipped; no zeros (COINr's a_hmean)."""
    return _one(x, w, "harmonic")


def a_genmean(x: Any, w: Any = None, p: float = 2.0) -> float:
    """Weighted generalised mean (sum w x^p / sum w)^(1/p), NaN skipped (COINr's a_genmean)."""
    return _one(x, w, "generalised", p)


def base_weights(tree: IndicatorTree, settings: dict[str, Any]) -> dict[str, float]:
    """Weights from iMeta (or equal), with the spec's `values` on top; PCA weights are derived later, per group."""
    weights = dict.fromkeys(tree.codes, 1.0) if settings["method"] == "equal" else dict(tree.weight)
    weights.update({k: float(v) for k, v in settings.get("values", {}).items()})
    return weights


def pca_weights(v: Array) -> tuple[Array | None, str]:
    """COINr's get_PCA weights: loadings of the first principal component of the standardised columns (rows with
    a missing value dropped). PCA leaves the sign open; it is chosen so that the loadings sum to >= 0."""
    k = v.shape[1]
    if k == 1:
        return np.ones(1), ""
    rows = v[~np.isnan(v).any(axis=1)]
    if rows.shape[0] < 2:
        return None, "fewer than 2 units have all of its children"
    sd = rows.std(axis=0, ddof=1)
    if np.any(sd == 0):
        return None, "a child has the same value for every unit"
    z = (rows - rows.mean(axis=0)) / sd
    _, _, vt = np.linalg.svd(z, full_matrices=False)
    load = vt[0]
    if load.sum() < 0:
        load = -load
    return load, ""
