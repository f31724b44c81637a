"""Coverage problems: demand points, candidate sites and which candidate covers which point."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.spatial import cKDTree

from . import geo

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Coordinates often come as integers or rounded metres, so a point exactly on the radius must count as covered
# whatever the floating-point rounding of the distance.
RADIUS_TOLERANCE = 1e-9


class InstanceError(ValueError):
    """A bad instance file; `problems` holds one message per bad line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _points(values: object, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0:
        return array.reshape(0, 2)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must have one (x, y) pair per row, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains missing or infinite coordinates")
    return array


@dataclass(frozen=True, eq=False)
class CoverageProblem:
    demand_xy: FloatArray
    demand_weight: FloatArray
    candidate_xy: FloatArray
    radius: float
    detour: float = 1.0
    origin: tuple[float, float] | None = None
    coverage: sparse.csr_array = field(init=False, repr=False)
    distance: sparse.csr_array = field(init=False, repr=False)

    def __post_init__(self) -> None:
        demand = _points(self.demand_xy, "demand points")
        candidates = _points(self.candidate_xy, "candidate sites")
        weight = np.asarray(self.demand_weight, dtype=np.float64).reshape(-1)
        if weight.shape[0] != demand.shape[0]:
            raise ValueError(f"{demand.shape[0]} demand points but {weight.shape[0]} weights")
        if not np.isfinite(weight).all() or (weight < 0).any():
            raise ValueError("demand weights must be finite and not negative")
        if not (np.isfinite(self.radius) and self.radius > 0):
            raise ValueError("the radius must be a positive number of metres")
        if not (np.isfinite(self.detour) and self.detour >= 1):
            raise ValueError("the detour factor must be at least 1")
        object.__setattr__(self, "demand_xy", demand)
        object.__setattr__(self, "candidate_xy", candidates)
        object.__setattr__(self, "demand_weight", weight)
        object.__setattr__(self, "radius", float(self.radius))
        object.__setattr__(self, "detour", float(self.detour))
        coverage, distance = _coverage(demand, candidates, self.radius / self.detour)
        object.__setattr__(self, "coverage", coverage)
        object.__setattr__(self, "distance", distance)

    @classmethod
    def from_points(cls, demand_xy: object, demand_weight: object, candidate_xy: object, radius: float,
                    detour: float = 1.0) -> CoverageProblem:  # fmt: skip
        return cls(np.asarray(demand_xy, dtype=np.float64), np.asarray(demand_weight, dtype=np.float64),
                   np.asarray(candidate_xy, dtype=np.float64), radius, detour)  # fmt: skip

    @classmethod
    def from_lonlat(cls, demand_lonlat: object, demand_weight: object, candidate_lonlat: object, radius: float,
                    detour: float = 1.0, origin: tuple[float, float] | None = None) -> CoverageProblem:  # fmt: skip
        demand = _points(demand_lonlat, "demand points")
        candidates = _points(candidate_lonlat, "candidate sites")
        for name, pts in (("demand points", demand), ("candidate sites", candidates)):
            if pts.size and ((np.abs(pts[:, 0]) > 180).any() or (np.abs(pts[:, 1]) > 90).any()):
                raise ValueError(f"{name} must be (longitude, latitude) pairs in degrees")
        if origin is None:
            origin = geo.bbox_centre(np.vstack([demand, candidates]))
        origin = (float(origin[0]), float(origin[1]))
        return cls(geo.project(demand, origin), np.asarray(demand_weight, dtype=np.float64),
                   geo.project(candidates, origin), radius, detour, origin=origin)  # fmt: skip

    @property
    def n_demand(self) -> int:
        return int(self.demand_xy.shape[0])

    @property
    def n_candidates(self) -> int:
        return int(self.candidate_xy.shape[0])

    @property
    def total_demand(self) -> float:
        return float(self.demand_weight.sum())

    def covered_mask(self, sites: IntArray) -> BoolArray:
        """Which demand points at least one of `sites` covers."""
        mask = np.zeros(self.n_candidates, dtype=np.float64)
        mask[np.asarray(sites, dtype=np.int64)] = 1.0
        return np.asarray(self.coverage @ mask > 0, dtype=np.bool_)

    def covered_demand(self, sites: IntArray) -> float:
        return float(self.demand_weight[self.covered_mask(sites)].sum())


def _coverage(demand: FloatArray, candidates: FloatArray, reach: float) -> tuple[sparse.csr_array, sparse.csr_array]:
    n, m = demand.shape[0], candidates.shape[0]
    if n == 0 or m == 0:
        empty = sparse.csr_array((n, m), dtype=np.float64)
        return sparse.csr_array((n, m), dtype=np.bool_), empty
    pairs = cKDTree(demand).sparse_distance_matrix(cKDTree(candidates), reach * (1 + RADIUS_TOLERANCE),
                                                   output_type="ndarray")  # fmt: skip
    rows = pairs["i"].astype(np.int64)
    cols = pairs["j"].astype(np.int64)
    cover = sparse.csr_array((np.ones(rows.shape[0], dtype=np.bool_), (rows, cols)), shape=(n, m))
    cover.sort_indices()
    # Built from (data, indices, indptr) so that a point on top of a candidate keeps its explicit distance 0.
    point_rows = np.repeat(np.arange(n), np.diff(cover.indptr))
    gaps = demand[point_rows] - candidates[cover.indices]
    dist = sparse.csr_array((np.hypot(gaps[:, 0], gaps[:, 1]), cover.indices.copy(), cover.indptr.copy()),
                            shape=(n, m))  # fmt: skip
    return cover, dist


def read_sjc(path: Path | str, radius: float, detour: float = 1.0) -> CoverageProblem:
    """Read the São José dos Campos format: header `n 9999 p S`, then one `x y demand` line per node."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError([f"{path}: cannot read as UTF-8 text ({exc})"]) from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InstanceError([f"{path}: the file is empty (expected a header line 'n 9999 p S')"])
    header = lines[0].split()
    if len(header) != 4 or not header[0].isdigit():
        raise InstanceError([f"line 1: the header must be 'n 9999 p S' with n the number of nodes, "
                             f"got {lines[0].strip()!r}"])  # fmt: skip
    expected = int(header[0])
    problems: list[str] = []
    rows: list[tuple[float, float, float]] = []
    for number, line in enumerate(lines[1:], start=2):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3:
            problems.append(f"line {number}: expected 3 numbers 'x y demand', got {len(parts)}")
            continue
        try:
            x, y, w = (float(v) for v in parts)
        except ValueError:
            problems.append(f"line {number}: 'x y demand' must be numbers, got {line.strip()!r}")
            continue
        if not (np.isfinite(x) and np.isfinite(y) and np.isfinite(w)) or w < 0:
            problems.append(f"line {number}: coordinates must be finite and demand not negative")
            continue
        rows.append((x, y, w))
    if not problems and len(rows) != expected:
        problems.append(f"line 1: the header announces {expected} nodes but the file has {len(rows)}")
    if problems:
        raise InstanceError(problems)
    data = np.asarray(rows, dtype=np.float64).reshape(-1, 3)
    try:
        return CoverageProblem.from_points(data[:, :2], data[:, 2], data[:, :2], radius, detour)
    except ValueError as exc:
        raise InstanceError([str(exc)]) from exc
