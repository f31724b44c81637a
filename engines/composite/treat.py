"""Outlier treatment as COINr does it: skew/kurtosis check, one-point-at-a-time winsorisation, log fallback."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def _moments(x: Array) -> tuple[int, float, float, float]:
    v = x[~np.isnan(x)]
    if v.size == 0:
        return 0, 0.0, 0.0, 0.0
    d = v - v.mean()
    d2 = d * d  # products, not **: pow() is several times slower and these run inside the winsorisation loop
    return v.size, float(d2.sum()), float((d2 * d).sum()), float((d2 * d2).sum())


def _skew(n: int, m2: float, m3: float) -> float:
    if n < 3:
        return math.nan
    if m2 == 0:
        return 0.0
    return float(math.sqrt(n) * m3 / m2**1.5 * math.sqrt(n * (n - 1)) / (n - 2))


def _kurt(n: int, m2: float, m4: float) -> float:
    if n < 4:
        return math.nan
    if m2 == 0:
        return 0.0
    r = n * m4 / m2**2
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


def skew(x: Array) -> float:
    """Sample skewness as COINr's `skew()` (e1071 type 2, Excel's SKEW, pandas' `.skew()`); NaN are dropped."""
    n, m2, m3, _ = _moments(x)
    return _skew(n, m2, m3)


def kurt(x: Array) -> float:
    """Sample excess kurtosis as COINr's `kurt()` (e1071 type 2, Excel's KURT, pandas' `.kurt()`)."""
    n, m2, _, m4 = _moments(x)
    return _kurt(n, m2, m4)


def skew_kurt(x: Array) -> tuple[float, float]:
    n, m2, m3, m4 = _moments(x)
    return _skew(n, m2, m3), _kurt(n, m2, m4)


def skew_kurt_columns(x: Array) -> tuple[Array, Array]:
    """Skew and kurtosis of every column at once (same formulas), so passing columns cost one pass."""
    mask = ~np.isnan(x)
    n = mask.sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(mask, x, 0.0).sum(axis=0) / n
        d = np.where(mask, x - mean, 0.0)
        d2 = d * d
        m2 = d2.sum(axis=0)
        m3 = (d2 * d).sum(axis=0)
        m4 = (d2 * d2).sum(axis=0)
        sk = np.sqrt(n) * m3 / m2**1.5 * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * m4 / m2**2
        kt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    sk = np.where(m2 == 0, 0.0, sk)
    kt = np.where(m2 == 0, 0.0, kt)
    sk = np.where(n < 3, np.nan, sk)
    kt = np.where(n < 4, np.nan, kt)
    return sk, kt


def passes(sk: float, kt: float, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> bool:
    """COINr's `check_SkewKurt`: a column passes when |skew| < threshold OR kurtosis < threshold.

    Too few points to compute either counts as a pass: there is nothing to treat.
    """
    if math.isnan(sk) or math.isnan(kt):
        return True
    return abs(sk) < skew_thresh or kt < kurt_thresh


@dataclass
class Winsorised:
    x: Array
    n_points: int
    high: NDArray[np.bool_]  # points lowered to the next highest value
    low: NDArray[np.bool_]  # points raised to the next lowest value


def winsorise(x: Array, winmax: int | None = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5,
              force_win: bool = False) -> Winsorised:  # fmt: skip
    """COINr's `winsorise()`: while the column fails (or `force_win`) and fewer than `winmax` points are treated,
    replace the maximum (the minimum when skew < 0) by the next value; tied extremes move together and count
    as separate points. Stops early if no second value is left to move to."""
    x = x.astype(float, copy=True)
    high = np.zeros(x.shape, dtype=bool)
    low = np.zeros(x.shape, dtype=bool)
    ok = ~np.isnan(x)
    n_points = 0

    def below() -> bool:
        return winmax is None or n_points < winmax

    sk, kt = skew_kurt(x)
    passing = passes(sk, kt, skew_thresh, kurt_thresh)
    while (not passing or force_win) and below():
        v = x[ok]
        top_v, bottom_v = v.max(), v.min()
        if top_v == bottom_v:
            break
        if sk >= 0:  # COINr recomputes skew(x) here: the same x, so the same value
            top = ok & (x == top_v)
            x[top] = v[v < top_v].max()
            high |= top
        else:
            bottom = ok & (x == bottom_v)
            x[bottom] = v[v > bottom_v].min()
            low |= bottom
        n_points = int(high.sum() + low.sum())
        sk, kt = skew_kurt(x)
        passing = passes(sk, kt, skew_thresh, kurt_thresh)
    return Winsorised(x, n_points, high, low)


def log_ct(x: Array) -> Array:
    """COINr's `log_CT`: log(x - min + 0.01 (max - min))."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    out: Array = np.log(x - lo + 0.01 * (hi - lo))
    return out


def log_ct_orig(x: Array) -> Array:
    """COINr's `log_CT_orig`: log(x - min + 1)."""
    out: Array = np.log(x - np.nanmin(x) + 1)
    return out


def log_gii(x: Array) -> Array:
    """COINr's `log_GII` (the GII 2020 transform): log((max - 1)(x - min)/(max - min) + 1)."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    out: Array = np.log((hi - 1) * (x - lo) / (hi - lo) + 1)
    return out


def boxcox(x: Array, lam: float) -> Array:
    """COINr's `boxcox` with makepos: x - min + 1, then (x^lambda - 1)/lambda, or log when lambda is 0."""
    y = x - np.nanmin(x) + 1
    out: Array = np.log(y) if lam == 0 else (y**lam - 1) / lam
    return out


def transform(x: Array, name: str, lam: float | None = None) -> tuple[Array, str]:
    """Apply a named transform; a plain log of non-positive values is refused (the column stays as it is)."""
    if name == "log":
        if np.any(x[~np.isnan(x)] <= 0):
            return x, "log refused: zero or negative values (left untreated)"
        return np.log(x), "log"
    if name == "log_ct":
        return log_ct(x), "log_ct"
    if name == "log_ct_orig":
        return log_ct_orig(x), "log_ct_orig"
    if name == "log_gii":
        return log_gii(x), "log_gii"
    if name == "boxcox":
        lam = 1.0 if lam is None else lam
        return boxcox(x, float(lam)), f"boxcox(lambda={lam:g})"
    return x, "none"


def treat_column(x: Array, settings: dict[str, Any], n_units: int) -> tuple[Array, dict[str, Any]]:
    """COINr's `Treat.numeric` with winsorise as f1 and the fallback as f2, applied to the original column."""
    method = settings["method"]
    sk0, kt0 = skew_kurt(x)
    report: dict[str, Any] = {"skew_before": sk0, "kurt_before": kt0, "treatment": "none", "winsorised": 0,
                              "winsorised_high": 0, "winsorised_low": 0}  # fmt: skip
    out = x
    if method == "winsorise":
        winmax = settings["winmax"]
        if winmax is None:
            winmax = math.ceil(0.1 * n_units)
        s, k = settings["skew"], settings["kurt"]
        if not passes(sk0, kt0, s, k) or settings["force_win"]:
            w = winsorise(x, int(winmax), s, k, settings["force_win"])
            out = w.x
            report.update(winsorised=w.n_points, winsorised_high=int(w.high.sum()), winsorised_low=int(w.low.sum()))
            if w.n_points:
                report["treatment"] = f"winsorised {w.n_points}"
            if not passes(*skew_kurt(out), s, k) and settings["fallback"] != "none":
                out, done = transform(x, settings["fallback"], settings.get("lambda"))
                report.update(treatment=done, winsorised=0, winsorised_high=0, winsorised_low=0)
    elif method != "none":
        out, done = transform(x, method, settings.get("lambda"))
        report["treatment"] = done
    report["skew_after"], report["kurt_after"] = skew_kurt(out)
    report["passes"] = passes(report["skew_after"], report["kurt_after"], settings.get("skew", 2.0),
                              settings.get("kurt", 3.5))  # fmt: skip
    return out, report
