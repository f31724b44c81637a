"""Boundaries too large to check in a request are refused before the quadratic checks run, all or nothing."""

import math
import time

import pytest

from madang.core.imports import ImportFailed
from madang.inclusion.importing import MAX_VERTICES_PER_AREA
from madang.inclusion.services import areas_import
from tests.madang.inclusion.factories import LAT0, LON0, collection, feature, square


def _circle(n: int) -> dict:
    ring = [
        [LON0 + 0.01 * math.cos(2 * math.pi * i / n), LAT0 + 0.01 * math.sin(2 * math.pi * i / n)] for i in range(n)
    ]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def test_a_400000_position_polygon_is_refused_in_well_under_a_second(world):
    data = collection(feature("A1", _circle(400_000)))
    start = time.perf_counter()
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=data, by=None)
    assert time.perf_counter() - start < 10  # parsing the JSON dominates; the crossing check never runs
    assert "simplify" in excinfo.value.errors[0].message


def test_an_area_over_the_per_area_limit_is_named(world):
    data = collection(feature("A1", square(LON0, LAT0)), feature("A2", _circle(MAX_VERTICES_PER_AREA + 10)))
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=data, by=None)
    assert [(e.row, e.column) for e in excinfo.value.errors] == [(2, "geometry")]


def test_deeply_nested_geojson_is_a_file_error(world):
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=b"[" * 100_000 + b"]" * 100_000, by=None)
    assert excinfo.value.errors[0].row == 0 and "nested too deeply" in excinfo.value.errors[0].message


@pytest.mark.parametrize("name", ["Al\x00pha", "Al\\u0000pha"])
def test_a_nul_in_a_boundary_file_is_refused_before_it_reaches_the_database(world, name):
    data = collection(feature("A1", square(LON0, LAT0), "NAME")).replace(b"NAME", name.encode())
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=data, by=None)
    assert "NUL" in excinfo.value.errors[0].message
