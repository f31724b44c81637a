"""Plane geometry for city-sized areas: local projection, centroids, point-in-polygon, population-weighted points.

Geometries are GeoJSON-like mappings (`{"type": "Polygon" | "MultiPolygon", "coordinates": ...}`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Geometry = Mapping[str, Any]

WGS84_A = 6_378_137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)


def _radii(lat0: float) -> tuple[float, float]:
    """Metres per radian of latitude (meridional radius) and of longitude (parallel radius) at `lat0`."""
    phi = np.radians(lat0)
    w = 1 - WGS84_E2 * np.sin(phi) ** 2
    meridional = WGS84_A * (1 - WGS84_E2) / w**1.5
    parallel = WGS84_A / np.sqrt(w) * np.cos(phi)
    return float(meridional), float(parallel)


def bbox_centre(lonlat: FloatArray) -> tuple[float, float]:
    pts = np.asarray(lonlat, dtype=np.float64).reshape(-1, 2)
    if pts.shape[0] == 0:
        raise ValueError("no points to centre the projection on")
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return float((lo[0] + hi[0]) / 2), float((lo[1] + hi[1]) / 2)


def project(lonlat: object, origin: tuple[float, float]) -> FloatArray:
    """WGS84 (lon, lat) degrees to metres east/north of `origin` (equirectangular on the ellipsoid's local radii)."""
    pts = np.asarray(lonlat, dtype=np.float64).reshape(-1, 2)
    meridional, parallel = _radii(origin[1])
    x = np.radians(pts[:, 0] - origin[0]) * parallel
    y = np.radians(pts[:, 1] - origin[1]) * meridional
    return np.column_stack([x, y])


def unproject(xy: object, origin: tuple[float, float]) -> FloatArray:
    pts = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    meridional, parallel = _radii(origin[1])
    lon = origin[0] + np.degrees(pts[:, 0] / parallel)
    lat = origin[1] + np.degrees(pts[:, 1] / meridional)
    return np.column_stack([lon, lat])


def polygons(geometry: Geometry) -> list[list[FloatArray]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of rings (first ring the exterior)."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon":
        parts = list(coords or [])
    else:
        raise ValueError(f"expected a Polygon or MultiPolygon geometry, got {kind!r}")
    out: list[list[FloatArray]] = []
    for part in parts:
        rings = [np.asarray(ring, dtype=np.float64).reshape(-1, 2) for ring in (part or [])]
        rings = [ring for ring in rings if ring.shape[0] >= 3]
        if rings:
            out.append(rings)
    if not out:
        raise ValueError("the geometry has no ring with at least 3 points")
    return out


def project_geometry(geometry: Geometry, origin: tuple[float, float]) -> dict[str, Any]:
    parts = [[project(ring, origin).tolist() for ring in part] for part in polygons(geometry)]
    return {"type": "MultiPolygon", "coordinates": parts}


def _ring_moments(ring: FloatArray, shift: FloatArray) -> tuple[float, FloatArray]:
    """Signed area and first moments (area times centroid) of a closed or open ring."""
    pts = ring - shift
    x, y = pts[:, 0], pts[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    area = cross.sum() / 2
    moment = np.array([((x + xn) * cross).sum(), ((y + yn) * cross).sum()]) / 6
    return float(area), moment


def polygon_area(geometry: Geometry) -> float:
    """Area in squared units of the coordinates (holes subtracted, ring orientation ignored)."""
    total = 0.0
    for part in polygons(geometry):
        for k, ring in enumerate(part):
            area = abs(_ring_moments(ring, ring[0])[0])
            total += area if k == 0 else -area
    return total


def polygon_centroid(geometry: Geometry) -> tuple[float, float]:
    """Area-weighted centroid; vertex mean when the area is zero. Exact under any affine map, so lon/lat input
    gives the same point as projecting, taking the centroid and projecting back."""
    parts = polygons(geometry)
    shift = parts[0][0][0].copy()
    area_sum = 0.0
    moment_sum = np.zeros(2)
    for part in parts:
        for k, ring in enumerate(part):
            area, moment = _ring_moments(ring, shift)
            # Orientation differs between sources; the exterior adds, holes subtract, whatever their winding.
            sign = (1.0 if area >= 0 else -1.0) * (1.0 if k == 0 else -1.0)
            area_sum += sign * area
            moment_sum += sign * moment
    if abs(area_sum) <= 1e-12 * max(1.0, float(np.abs(parts[0][0] - shift).max()) ** 2):
        mean = np.vstack([ring for part in parts for ring in part]).mean(axis=0)
        return float(mean[0]), float(mean[1])
    centre = moment_sum / area_sum + shift
    return float(centre[0]), float(centre[1])


def points_in_polygon(points: object, geometry: Geometry) -> BoolArray:
    """Even-odd rule over every ring, so holes and the parts of a MultiPolygon are respected."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    edges = []
    for part in polygons(geometry):
        for ring in part:
            edges.append(np.column_stack([ring, np.roll(ring, -1, axis=0)]))
    seg = np.vstack(edges)
    seg = seg[seg[:, 1] != seg[:, 3]]  # horizontal edges never cross a horizontal ray
    x1, y1, x2, y2 = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    inside = np.zeros(pts.shape[0], dtype=np.bool_)
    chunk = max(1, 2_000_000 // max(1, seg.shape[0]))
    for start in range(0, pts.shape[0], chunk):
        px = pts[start : start + chunk, 0:1]
        py = pts[start : start + chunk, 1:2]
        straddles = (y1 > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        crossings = (straddles & (px < x_cross)).sum(axis=1)
        inside[start : start + chunk] = crossings % 2 == 1
    return inside


def population_points(geometry_xy: Geometry, weight: float, spacing: float) -> tuple[FloatArray, FloatArray]:
    """Spread `weight` evenly over the cells of a `spacing`-metre grid whose centres fall inside the polygon.

    Grid cells are aligned on multiples of `spacing`, so neighbouring areas share one lattice. An area too small
    to contain a cell centre becomes its centroid."""
    if not spacing > 0:
        raise ValueError("the grid spacing must be positive")
    rings = np.vstack([ring for part in polygons(geometry_xy) for ring in part])
    lo, hi = rings.min(axis=0), rings.max(axis=0)
    xs = (np.arange(np.floor(lo[0] / spacing), np.ceil(hi[0] / spacing) + 1) + 0.5) * spacing
    ys = (np.arange(np.floor(lo[1] / spacing), np.ceil(hi[1] / spacing) + 1) + 0.5) * spacing
    xs = xs[(xs >= lo[0]) & (xs <= hi[0])]
    ys = ys[(ys >= lo[1]) & (ys <= hi[1])]
    grid = np.array(np.meshgrid(xs, ys)).reshape(2, -1).T if xs.size and ys.size else np.empty((0, 2))
    inside = grid[points_in_polygon(grid, geometry_xy)] if grid.size else grid
    if inside.shape[0] == 0:
        inside = np.array([polygon_centroid(geometry_xy)])
    return inside, np.full(inside.shape[0], float(weight) / inside.shape[0])


def area_points(geometries_lonlat: Sequence[Geometry], weights: object, spacing: float | None = None,
                origin: tuple[float, float] | None = None) -> tuple[FloatArray, FloatArray, IntArray]:  # fmt: skip
    """Demand points for many areas as (lon/lat points, weights, area index of each point).

    `spacing=None` gives one point per area at its centroid; otherwise population-weighted grid points."""
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    if w.shape[0] != len(geometries_lonlat):
        raise ValueError(f"{len(geometries_lonlat)} areas but {w.shape[0]} weights")
    if not len(geometries_lonlat):
        return np.empty((0, 2)), np.empty(0), np.empty(0, dtype=np.int64)
    if origin is None:
        every = np.vstack([ring for g in geometries_lonlat for part in polygons(g) for ring in part])
        origin = bbox_centre(every)
    points: list[FloatArray] = []
    point_weights: list[FloatArray] = []
    index: list[IntArray] = []
    for k, geometry in enumerate(geometries_lonlat):
        if spacing is None:
            pts, pw = np.array([polygon_centroid(geometry)]), np.array([w[k]])
        else:
            xy, pw = population_points(project_geometry(geometry, origin), float(w[k]), spacing)
            pts = unproject(xy, origin)
        points.append(pts)
        point_weights.append(pw)
        index.append(np.full(pts.shape[0], k, dtype=np.int64))
    return np.vstack(points), np.concatenate(point_weights), np.concatenate(index)
