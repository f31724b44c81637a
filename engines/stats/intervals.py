"""Confidence intervals for small usability samples (Sauro & Lewis, Quantifying the User Experience)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    n: int

    def entirely_below(self, other: Interval) -> bool:
        return self.high < other.low


def _z(confidence: float) -> float:
    return float(stats.norm.ppf(1 - (1 - confidence) / 2))


def mean_ci(values: Sequence[float] | npt.NDArray[np.float64], confidence: float = 0.95) -> Interval:
    """Mean with a t interval (SUS scores, ratings)."""
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    if n == 0:
        raise ValueError("no values")
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, math.nan, math.nan, 1)
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(1 - (1 - confidence) / 2, n - 1)) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


def log_mean_ci(seconds: Sequence[float] | npt.NDArray[np.float64], confidence: float = 0.95) -> Interval:
    """Geometric mean of task times with the t interval computed on log times, then transformed back
    (task times are positively skewed; Sauro & Lewis recommend the geometric mean for small samples)."""
    x = np.asarray(seconds, dtype=np.float64)
    if (x <= 0).any():
        raise ValueError("task times must be positive")
    logs = mean_ci(np.log(x), confidence)
    return Interval(math.exp(logs.estimate), math.exp(logs.low), math.exp(logs.high), logs.n)


def adjusted_wald(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Completion rate (observed x/n) with the adjusted-Wald interval (Agresti & Coull 1998; Sauro & Lewis 2005):
    p_adj = (x + z^2/2) / (n + z^2), p_adj +- z * sqrt(p_adj (1 - p_adj) / (n + z^2)), clipped to [0, 1]."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n and n > 0")
    z = _z(confidence)
    n_adj = n + z * z
    p_adj = (successes + z * z / 2) / n_adj
    half = z * math.sqrt(p_adj * (1 - p_adj) / n_adj)
    return Interval(successes / n, max(0.0, p_adj - half), min(1.0, p_adj + half), n)


def difference_of_proportions(x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95) -> Interval:
    """p1 - p2 with the adjusted-Wald interval for a difference (Agresti & Caffo 2000: one success and one failure
    added to each group), as Sauro & Lewis recommend for comparing completion rates."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both groups need testers")
    z = _z(confidence)
    p1, p2 = (x1 + 1) / (n1 + 2), (x2 + 1) / (n2 + 2)
    half = z * math.sqrt(p1 * (1 - p1) / (n1 + 2) + p2 * (1 - p2) / (n2 + 2))
    diff = p1 - p2
    return Interval(x1 / n1 - x2 / n2, max(-1.0, diff - half), min(1.0, diff + half), n1 + n2)
