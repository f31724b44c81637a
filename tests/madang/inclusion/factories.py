"""A small city for inclusion tests: four square areas in a row, statistics, facilities, guides.

Areas A1..A4 are 0.01 degree squares (about 883 m east-west, 1,112 m north-south at latitude 37.5) along one
row from longitude 127.00; their centres lie 883 m apart. Residents 65+: A1 100, A2 500, A3 300, A4 250.
"""

import json
from typing import Any

from madang.core.models import Place
from madang.inclusion.fieldlog import guide_add
from madang.inclusion.models import Facility
from madang.inclusion.services import areas_import, facilities_import, statistics_import
from tests.factories import UserFactory

LAT0, LON0, SIZE = 37.50, 127.00, 0.01
POPULATION = {"A1": (1000, 100), "A2": (2000, 500), "A3": (1500, 300), "A4": (500, 250)}
NAMES = {"A1": "Alpha", "A2": "Bravo", "A3": "Charlie", "A4": "Delta"}


def square(lon: float, lat: float, size: float = SIZE) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code: str | None, geometry: Any, name: str = "Area", **props: Any) -> dict[str, Any]:
    properties = {"name": name, **props}
    if code is not None:
        properties["code"] = code
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def areas_file() -> bytes:
    return collection(*[
        feature(code, square(LON0 + k * SIZE, LAT0), NAMES[code], group="West" if k < 2 else "East")
        for k, code in enumerate(POPULATION)
    ])  # fmt: skip


def statistics_file() -> bytes:
    rows = ["area_code,pop_total,pop_65plus"] + [f"{c},{t},{o}" for c, (t, o) in POPULATION.items()]
    return "\n".join(rows).encode()


FACILITIES = """code,name,kind,latitude,longitude,area_code,address
S1,West school,school,37.505,127.005,,
S2,Middle school,school,37.505,127.020,,
S3,East school,school,37.505,127.035,,
C1,Bravo centre,community_centre,37.505,127.012,,
"""


def inclusion_world(world: dict[str, Any]) -> dict[str, Any]:
    """The world fixture's Seoul with four areas; guides: `guide` (city_a), `other_guide` (city_b, Makati)."""
    city = world["seoul"]
    areas_import(city=city, data=areas_file(), by=None, attribution="Test boundaries")
    statistics_import(city=city, data=statistics_file(), by=None, year=2024, source="Test register")
    facilities_import(city=city, data=FACILITIES.encode(), by=None)
    guide_user = UserFactory(username="guide")
    other_user = UserFactory(username="otherguide")
    guide = guide_add(organisation=world["city_a"], username="guide", by=world["users"]["editor_a"])
    other = guide_add(organisation=world["city_b"], username="otherguide", by=world["users"]["editor_b"])
    areas = {p.code: p for p in Place.objects.filter(parent=city, kind="district")}
    facilities = {f.code: f for f in Facility.objects.filter(city=city)}
    return {**world, "city": city, "areas": areas, "facilities": facilities, "guide": guide, "other_guide": other,
            "guide_user": guide_user, "other_guide_user": other_user}  # fmt: skip
