"""A weekly patrol rota: guides x days x shifts, each site visited in proportion to the demand it covers."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import NamedTuple

import numpy as np

from .problem import IntArray

APPORTIONMENT = ("webster", "hamilton")


def apportion(weights: object, seats: int, method: str = "webster", minimum: int = 0) -> IntArray:
    """Share `seats` whole visits among sites in proportion to `weights`.

    webster: the Sainte-Laguë divisor method (each next seat to the largest w / (a + 1/2)), starting every site
    at `minimum`. hamilton: largest remainder; sites whose quota is below `minimum` are raised to it and the rest
    re-apportioned. Ties go to the earlier site. All-zero weights count as equal."""
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    if method not in APPORTIONMENT:
        raise ValueError(f"method must be one of {', '.join(APPORTIONMENT)}, got {method!r}")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be finite and not negative")
    if seats < 0 or minimum < 0:
        raise ValueError("seats and minimum must not be negative")
    n = w.size
    if n == 0:
        if seats:
            raise ValueError("there are no sites to give visits to")
        return np.zeros(0, dtype=np.int64)
    if minimum * n > seats:
        raise ValueError(f"{seats} visits cannot give {n} sites at least {minimum} each")
    if w.sum() == 0:
        w = np.ones(n)
    if method == "webster":
        seats_of = np.full(n, minimum, dtype=np.int64)
        for _ in range(seats - minimum * n):
            seats_of[int(np.argmax(w / (seats_of + 0.5)))] += 1
        return seats_of
    return _hamilton(w, seats, minimum)


def _hamilton(w: np.ndarray, seats: int, minimum: int) -> IntArray:
    fixed = np.zeros(w.size, dtype=np.bool_)
    while True:
        free_seats = seats - minimum * int(fixed.sum())
        free_weight = w[~fixed].sum()
        quota = np.where(fixed, 0.0, w * free_seats / free_weight if free_weight > 0 else 0.0)
        below = ~fixed & (quota < minimum)
        if not below.any() or free_weight == 0:
            break
        fixed |= below
    result = np.where(fixed, minimum, np.floor(quota + 1e-12)).astype(np.int64)
    left = seats - int(result.sum())
    remainder = np.where(fixed, -np.inf, quota - np.floor(quota + 1e-12))
    order = np.lexsort((np.arange(w.size), -remainder))
    result[order[:left]] += 1
    return result


class RotaVisit(NamedTuple):
    guide: int
    day: int
    shift: int
    site: Hashable


class PatrolRota:
    """`fit(site_ids, site_demand)` plans `total_visits` (default: every guide on every shift) over the week."""

    def __init__(self, n_guides: int, days: int = 5, shifts_per_day: int = 2, method: str = "webster",
                 total_visits: int | None = None) -> None:  # fmt: skip
        self.n_guides = n_guides
        self.days = days
        self.shifts_per_day = shifts_per_day
        self.method = method
        self.total_visits = total_visits

    def fit(self, site_ids: Sequence[Hashable] | np.ndarray, site_demand: object) -> PatrolRota:
        for name in ("n_guides", "days", "shifts_per_day"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1")
        # numpy scalars (say, MaximalCovering.sites_) become plain Python values, so the schedule serialises.
        ids = [v.item() if isinstance(v, np.generic) else v for v in site_ids]
        demand = np.asarray(site_demand, dtype=np.float64).reshape(-1)
        if demand.size != len(ids):
            raise ValueError(f"{len(ids)} sites but {demand.size} demand values")
        if len(set(ids)) != len(ids):
            raise ValueError("site ids must be distinct")
        guides, shifts = int(self.n_guides), int(self.days) * int(self.shifts_per_day)
        slots = guides * shifts
        total = slots if self.total_visits is None else int(self.total_visits)
        if not 0 <= total <= slots:
            raise ValueError(f"total_visits must be between 0 and {slots} (guides x days x shifts)")
        if not ids:
            total = 0
        minimum = 1 if ids and total >= len(ids) else 0
        self.visits_: IntArray = apportion(demand, total, self.method, minimum) if ids else np.zeros(0, np.int64)
        per_shift = _spread(total, shifts)
        picks = _shift_picks(self.visits_, per_shift)
        self.grid_: IntArray = _assign_guides(picks, guides, shifts).reshape(guides, int(self.days),
                                                                              int(self.shifts_per_day))  # fmt: skip
        self.loads_: IntArray = (self.grid_ >= 0).reshape(guides, -1).sum(axis=1).astype(np.int64)
        self.schedule_: list[RotaVisit] = [
            RotaVisit(g, d, s, ids[int(self.grid_[g, d, s])])
            for d in range(int(self.days)) for s in range(int(self.shifts_per_day)) for g in range(guides)
            if self.grid_[g, d, s] >= 0
        ]  # fmt: skip
        return self


def _spread(total: int, shifts: int) -> IntArray:
    """Guides on duty per shift: `total` spread as evenly as possible (counts differ by at most one)."""
    edges = (np.arange(shifts + 1) * total) // shifts
    return np.diff(edges).astype(np.int64)


def _shift_picks(visits: IntArray, per_shift: IntArray) -> list[list[int]]:
    """Which sites each shift visits. A site takes at most ceil(visits / shifts) guides in one shift, so two
    guides share a site only when it has more visits than there are shifts. Each shift first takes what must be
    done now for the rest to fit (remaining visits beyond what later shifts can hold), then the sites furthest
    behind an even pace through the week."""
    shifts = per_shift.size
    n = visits.size
    cap = -(-visits // shifts)  # ceil
    remaining = visits.copy()
    done = np.zeros(n, dtype=np.int64)
    out: list[list[int]] = []
    for t in range(shifts):
        later = shifts - t - 1
        take = np.minimum(np.maximum(remaining - later * cap, 0), remaining)
        limit = np.minimum(cap, remaining)
        while take.sum() < per_shift[t]:
            behind = visits * (t + 1) / shifts - (done + take)
            behind[take >= limit] = -np.inf
            order = np.lexsort((np.arange(n), -visits, -behind))
            if not np.isfinite(behind[order[0]]):
                raise RuntimeError("no site can take another visit this shift")  # the invariant says never
            take[order[0]] += 1
        remaining -= take
        done += take
        out.append([s for s in range(n) for _ in range(int(take[s]))])
    return out


def _assign_guides(picks: list[list[int]], guides: int, shifts: int) -> IntArray:
    """Guides with the fewest visits so far go on duty (loads stay within one of each other); a guide keeps the
    site they had last when it is visited again, so each guide sees few different places."""
    grid = np.full((guides, shifts), -1, dtype=np.int64)
    load = np.zeros(guides, dtype=np.int64)
    last = np.full(guides, -1, dtype=np.int64)
    for t, sites in enumerate(picks):
        wanted = set(sites)
        order = sorted(range(guides), key=lambda g: (load[g], last[g] not in wanted, g))
        on_duty = order[: len(sites)]
        free = list(on_duty)
        pending: list[int] = []
        for s in sites:
            match = next((g for g in free if last[g] == s), None)
            if match is None:
                pending.append(s)
            else:
                grid[match, t] = s
                free.remove(match)
        for s, g in zip(pending, free, strict=True):
            grid[g, t] = s
        for g in on_duty:
            load[g] += 1
            last[g] = grid[g, t]
    return grid
