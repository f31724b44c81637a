"""Boundary checks for imports and the projection of boundaries into a city's SVG map frame.

Cities are small enough for a local equirectangular projection (x scaled by cos of the mid latitude): distortion
across 50 km is far below a pixel of the drawn map.
"""

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from engines.coverage import geo as cgeo

EARTH_RADIUS_M = 6_371_008.8
MAP_WIDTH = 1000  # SVG units; integer coordinates are then finer than the drawn pixels


def rings_of(geometry: dict[str, Any]) -> Iterator[tuple[int, int, list[list[float]]]]:
    """(polygon index, ring index, ring) for a valid Polygon or MultiPolygon; ring 0 is each polygon's outline."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for p, polygon in enumerate(polygons):
        for r, ring in enumerate(polygon):
            yield p, r, ring


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def vertex_count(geometry: Any) -> int:
    """Positions in a (Multi)Polygon, counted without trusting its shape: cheap, so it runs before the checks that
    cost the square of a ring's length."""
    if not isinstance(geometry, dict) or not isinstance(geometry.get("coordinates"), list):
        return 0
    polygons = [geometry["coordinates"]] if geometry.get("type") == "Polygon" else geometry["coordinates"]
    return sum(len(ring) for polygon in polygons if isinstance(polygon, list) for ring in polygon
               if isinstance(ring, list))  # fmt: skip


def geometry_errors(geometry: Any) -> list[str]:
    """Every reason this is not a usable area boundary, in the user's language (empty when it is fine)."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        return [_("The feature has no geometry.")]
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        return [_("The geometry is a %(kind)s, not a Polygon or MultiPolygon.") % {"kind": kind}]
    coords = geometry.get("coordinates")
    polygons = [coords] if kind == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons or not all(isinstance(p, list) and p for p in polygons):
        return [_("The polygon has no rings of coordinates.")]
    errors: list[str] = []
    for p, polygon in enumerate(polygons, start=1):
        for r, ring in enumerate(polygon, start=1):
            where = _("polygon %(p)d, ring %(r)d") % {"p": p, "r": r}
            if not isinstance(ring, list) or not all(
                isinstance(pt, list | tuple) and len(pt) >= 2 and _is_number(pt[0]) and _is_number(pt[1]) for pt in ring
            ):
                errors.append(_("%(where)s: every position must be a pair of numbers [longitude, latitude].")
                              % {"where": where})  # fmt: skip
                continue
            if any(not (-180 <= pt[0] <= 180 and -90 <= pt[1] <= 90) for pt in ring):
                bad = next(pt for pt in ring if not (-180 <= pt[0] <= 180 and -90 <= pt[1] <= 90))
                errors.append(
                    _("%(where)s: the position [%(lon)s, %(lat)s] is out of range (longitude -180 to 180, latitude "
                      "-90 to 90).") % {"where": where, "lon": bad[0], "lat": bad[1]}
                )  # fmt: skip
                continue
            if len(ring) < 4:
                errors.append(_("%(where)s: a ring needs at least 4 positions.") % {"where": where})
                continue
            if list(ring[0][:2]) != list(ring[-1][:2]):
                errors.append(_("%(where)s: the ring is not closed (its last position must repeat the first).")
                              % {"where": where})  # fmt: skip
                continue
            crossing = ring_crossing(ring)
            if crossing is not None:
                errors.append(_("%(where)s: the ring crosses itself near [%(lon).5f, %(lat).5f].")
                              % {"where": where, "lon": crossing[0], "lat": crossing[1]})  # fmt: skip
    return errors


def ring_crossing(ring: Sequence[Sequence[float]], chunk: int = 256) -> tuple[float, float] | None:
    """A point where two non-adjacent edges of a closed ring cross properly, or None. Touching is allowed."""
    pts = np.asarray([pt[:2] for pt in ring], dtype=float)
    a, b = pts[:-1], pts[1:]
    n = len(a)
    if n < 4:
        return None
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    for start in range(0, n, chunk):
        i = np.arange(start, min(start + chunk, n))[:, None]
        j = np.arange(n)[None, :]
        candidate = (j > i + 1) & ~((i == 0) & (j == n - 1))
        candidate &= (lo[i, 0] <= hi[j, 0]) & (lo[j, 0] <= hi[i, 0]) & (lo[i, 1] <= hi[j, 1]) & (lo[j, 1] <= hi[i, 1])
        if not candidate.any():
            continue
        ii, jj = np.nonzero(candidate)
        ii = ii + start
        p, r = a[ii], b[ii] - a[ii]
        q, s = a[jj], b[jj] - a[jj]

        def cross(u: Any, v: Any) -> Any:
            return u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]

        o1, o2 = cross(r, q - p), cross(r, q + s - p)
        o3, o4 = cross(s, p - q), cross(s, p + r - q)
        proper = (o1 * o2 < 0) & (o3 * o4 < 0)
        if proper.any():
            k = int(np.argmax(proper))
            t = cross(q - p, s)[k] / cross(r, s)[k]
            x, y = p[k] + t * r[k]
            return float(x), float(y)
    return None


# ---------------------------------------------------------------------- frame and projection
@dataclass(frozen=True)
class Frame:
    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    @property
    def kx(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def ky(self) -> float:
        return self.height / (self.north - self.south)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.kx, (self.north - lat) * self.ky

    def metres_to_units(self, metres: float) -> float:
        """A distance on the ground in map units (the frame keeps x and y at the same scale)."""
        return metres / (EARTH_RADIUS_M * math.radians(1)) * self.ky


def frame_for(geometries: Sequence[dict[str, Any]], width: int = MAP_WIDTH) -> Frame:
    lons = [pt[0] for g in geometries for _p, _r, ring in rings_of(g) for pt in ring]
    lats = [pt[1] for g in geometries for _p, _r, ring in rings_of(g) for pt in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = (east - west) * 0.01 or 0.001, (north - south) * 0.01 or 0.001
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    shrink = math.cos(math.radians((north + south) / 2))
    height = max(1, round(width * (north - south) / ((east - west) * shrink)))
    return Frame(west, south, east, north, width, height)


def svg_path(geometry: dict[str, Any], frame: Frame) -> str:
    """Compact path data: integer units, relative moves, repeated points dropped."""
    parts: list[str] = []
    for _p, _r, ring in rings_of(geometry):
        pts = [tuple(round(v) for v in frame.xy(pt[0], pt[1])) for pt in ring]
        kept = [pts[0]]
        for pt in pts[1:]:
            if pt != kept[-1]:
                kept.append(pt)
        if len(kept) > 1 and kept[-1] == kept[0]:
            kept.pop()
        x0, y0 = kept[0]
        steps = [f"{x - px} {y - py}" for (px, py), (x, y) in zip(kept, kept[1:], strict=False)]
        if not steps:
            steps = ["1 0", "0 1"]  # a sliver smaller than a unit still gets a visible, clickable speck
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts)


def centroid_and_km2(geometry: dict[str, Any]) -> tuple[float, float, float]:
    """Area-weighted centroid (lon, lat) and area in km² (holes subtracted), from engines.coverage.geo."""
    lon, lat = cgeo.polygon_centroid(geometry)
    return lon, lat, cgeo.polygon_area(cgeo.project_geometry(geometry, (lon, lat))) / 1e6


def locate(points: Sequence[tuple[float, float]], areas: Sequence[tuple[int, dict[str, Any]]]) -> list[int | None]:
    """For each (lon, lat) point, the id of the first area containing it (None outside all of them)."""
    found: list[int | None] = [None] * len(points)
    if not points:
        return found
    pts = np.asarray(points, dtype=float)
    open_ = np.ones(len(points), dtype=bool)
    for pk, boundary in areas:
        west, south, east, north = bbox(boundary)
        near = np.nonzero(open_ & (pts[:, 0] >= west) & (pts[:, 0] <= east) & (pts[:, 1] >= south)
                          & (pts[:, 1] <= north))[0]  # fmt: skip
        if near.size:
            inside = near[cgeo.points_in_polygon(pts[near], boundary)]
            for i in inside:
                found[int(i)] = pk
            open_[inside] = False
    return found


def bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    lons = [pt[0] for _p, _r, ring in rings_of(geometry) for pt in ring]
    lats = [pt[1] for _p, _r, ring in rings_of(geometry) for pt in ring]
    return min(lons), min(lats), max(lons), max(lats)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
