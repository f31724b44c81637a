"""Writes for the inclusion map: areas, statistics, facilities and indicators, each import all or nothing.

An import checks the whole file first, outside any transaction (so a job's page sees its `progress`), then writes
every record in one transaction, or nothing. Large uploads are run by the job worker (tasks.py)."""

from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.core.imports import ImportFailed, Progress, RowError
from madang.core.models import Place

from . import geo
from .importing import CleanArea, CleanFacility, CleanStatistic, parse_areas, parse_facilities, parse_statistics
from .indicators import BUILTIN
from .models import AreaShape, AreaStatistic, Facility, Indicator, MapFrame
from .policies import InclusionCityPolicy, MapAreaPolicy


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _may_import(by: User | None, city: Place) -> None:
    # by=None: an operator's management command.
    if by is not None and not InclusionCityPolicy.allows(by, "import_data", city):
        raise PermissionDenied


def _check_areas(by: User | None, rows: list[tuple[int, str, Place]]) -> None:
    """Every feature or row naming an existing area (row, column, area) must name one `by` may change."""
    if by is None:
        return
    errors = [RowError(row, column, _("You may not change the area %(code)s.") % {"code": area.code})
              for row, column, area in rows if not MapAreaPolicy.allows(by, "change_area", area)]  # fmt: skip
    if errors:
        raise ImportFailed(errors)


def _unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def areas_import(*, city: Place, data: bytes, by: User | None, attribution: str = "",
                 progress: Progress | None = None) -> ImportResult:  # fmt: skip
    """Create or update the city's areas (districts) by code from a GeoJSON FeatureCollection, then re-project
    every area of the city into a new map frame. Areas missing from the file are kept."""
    _may_import(by, city)
    clean = parse_areas(data, city=city, progress=progress)
    return _areas_write(city, clean, by=by, attribution=attribution)


@transaction.atomic
def _areas_write(city: Place, clean: list[CleanArea], *, by: User | None, attribution: str) -> ImportResult:
    existing = {p.code: p for p in Place.objects.filter(parent=city, kind=Place.Kind.DISTRICT).exclude(code="")}
    _check_areas(by, [(a.row, "code", existing[a.code]) for a in clean if a.code in existing])
    taken = set(Place.objects.filter(slug__startswith=slugify(city.slug)).values_list("slug", flat=True))
    new, changed = [], []
    for a in clean:
        lon, lat, _km2 = geo.centroid_and_km2(a.geometry)
        names = {k: v for k, v in a.names.items() if k != "en" or a.name_lang != "en"}
        place = existing.get(a.code)
        if place is None:
            slug = _unique_slug(slugify(f"{city.slug}-{a.code}")[:120], taken)
            new.append(Place(kind=Place.Kind.DISTRICT, parent=city, code=a.code, slug=slug, name=a.name,
                             names=names, boundary=a.geometry, latitude=lat, longitude=lon))  # fmt: skip
        else:
            place.name, place.names, place.boundary = a.name, names, a.geometry
            place.latitude, place.longitude = lat, lon
            changed.append(place)
    Place.objects.bulk_create(new, batch_size=500)
    Place.objects.bulk_update(changed, ["name", "names", "boundary", "latitude", "longitude"], batch_size=500)
    shapes_refresh(city=city, groups={a.code: a.group for a in clean if a.group}, attribution=attribution)
    facilities_locate(city=city)
    return ImportResult(created=len(new), updated=len(changed))


def shapes_refresh(*, city: Place, groups: dict[str, str] | None = None, attribution: str | None = None) -> None:
    """Project every bounded area of the city into one frame and store the SVG paths."""
    areas = list(Place.objects.filter(parent=city, kind=Place.Kind.DISTRICT, boundary__isnull=False))
    old_groups = dict(AreaShape.objects.filter(city=city).values_list("area__code", "group"))
    old_groups.update(groups or {})
    AreaShape.objects.filter(city=city).delete()
    if not areas:
        MapFrame.objects.filter(city=city).delete()
        return
    boundaries = [cast(dict[str, Any], a.boundary) for a in areas]  # the filter above excludes empty ones
    frame = geo.frame_for(boundaries)
    shapes = []
    for a, boundary in zip(areas, boundaries, strict=True):
        lon, lat, km2 = geo.centroid_and_km2(boundary)
        x, y = frame.xy(lon, lat)
        shapes.append(AreaShape(
            area=a, city=city, path=geo.svg_path(boundary, frame), x=x, y=y, centroid_lon=lon, centroid_lat=lat,
            km2=km2, group=old_groups.get(a.code, ""),
        ))  # fmt: skip
    AreaShape.objects.bulk_create(shapes, batch_size=500)
    values: dict[str, Any] = {"west": frame.west, "south": frame.south, "east": frame.east, "north": frame.north,
                              "width": frame.width, "height": frame.height}  # fmt: skip
    if attribution is not None:
        values["attribution"] = attribution[:500]
    saved, created = MapFrame.objects.update_or_create(city=city, defaults=values)
    if not created:
        MapFrame.objects.filter(pk=saved.pk).update(version=F("version") + 1)


def _bounded_areas(city: Place) -> list[tuple[int, dict[str, Any]]]:
    rows = Place.objects.filter(parent=city, kind=Place.Kind.DISTRICT, boundary__isnull=False).values_list(
        "pk", "boundary")  # fmt: skip
    return [(pk, b) for pk, b in rows if b]


def facilities_locate(*, city: Place, only_missing: bool = True) -> int:
    """Put each facility in the area containing it (those given an area code keep theirs when only_missing)."""
    facilities = Facility.objects.filter(city=city)
    if only_missing:
        facilities = facilities.filter(area__isnull=True)
    rows = list(facilities)
    found = geo.locate([(f.longitude, f.latitude) for f in rows], _bounded_areas(city))
    changed = []
    for f, area_id in zip(rows, found, strict=True):
        if area_id is not None and area_id != f.area_id:
            f.area_id = area_id
            changed.append(f)
    Facility.objects.bulk_update(changed, ["area"], batch_size=500)
    return len(changed)


def statistics_import(*, city: Place, data: bytes, by: User | None, year: int | None = None, source: str = "",
                      progress: Progress | None = None) -> ImportResult:  # fmt: skip
    """Create or update one value per (area, indicator, year); a population total also becomes the area's."""
    _may_import(by, city)
    clean = parse_statistics(data, city=city, year=year, source=source, progress=progress)
    return _statistics_write(city, clean, by=by)


@transaction.atomic
def _statistics_write(city: Place, clean: list[CleanStatistic], *, by: User | None) -> ImportResult:
    if by is not None:
        named = Place.objects.in_bulk({s.area_id for s in clean})
        _check_areas(by, sorted({(s.row, "area_code", named[s.area_id]) for s in clean}, key=lambda r: r[0]))
    keys = {(s.area_id, s.indicator, s.year) for s in clean}
    existing = set(
        AreaStatistic.objects.filter(area__parent=city, indicator__in={s.indicator for s in clean})
        .values_list("area_id", "indicator", "year")
    )  # fmt: skip
    AreaStatistic.objects.bulk_create(
        [AreaStatistic(area_id=s.area_id, indicator=s.indicator, value=s.value, year=s.year, source=s.source)
         for s in clean],
        update_conflicts=True, unique_fields=["area", "indicator", "year"], update_fields=["value", "source"],
        batch_size=1000,
    )  # fmt: skip
    totals = {s.area_id: s for s in clean if s.indicator == "pop_total"}
    areas = list(Place.objects.filter(pk__in=totals))
    for area in areas:
        if area.population_year is None or totals[area.pk].year >= area.population_year:
            area.population, area.population_year = int(totals[area.pk].value), totals[area.pk].year
    Place.objects.bulk_update(areas, ["population", "population_year"], batch_size=500)
    updated = len(keys & existing)
    return ImportResult(created=len(keys) - updated, updated=updated)


def facilities_import(*, city: Place, data: bytes, by: User | None, name_lang: str = "en",
                      progress: Progress | None = None) -> ImportResult:  # fmt: skip
    """Create or update facilities by code; those without an area code are placed by their coordinates."""
    _may_import(by, city)
    clean = parse_facilities(data, city=city, name_lang=name_lang, progress=progress)
    return _facilities_write(city, clean, by=by)


@transaction.atomic
def _facilities_write(city: Place, clean: list[CleanFacility], *, by: User | None) -> ImportResult:
    if by is not None:
        named = Place.objects.in_bulk({f.area_id for f in clean if f.area_id is not None})
        _check_areas(by, [(f.row, "area_code", named[f.area_id]) for f in clean if f.area_id is not None])
    existing = set(Facility.objects.filter(city=city).values_list("code", flat=True))
    unplaced = [f for f in clean if f.area_id is None]
    located = dict(
        zip(
            (f.code for f in unplaced),
            geo.locate([(f.longitude, f.latitude) for f in unplaced], _bounded_areas(city)),
            strict=True,
        )
    )
    rows = []
    for f in clean:
        area_id = f.area_id if f.area_id is not None else located[f.code]
        rows.append(Facility(
            city=city, code=f.code, kind=f.kind, name=f.name, name_language=f.name_lang, address=f.address,
            latitude=f.latitude, longitude=f.longitude, area_id=area_id,
        ))  # fmt: skip
    Facility.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["city", "code"],
        update_fields=["kind", "name", "name_language", "address", "latitude", "longitude", "area"], batch_size=1000,
    )  # fmt: skip
    updated = len({f.code for f in clean} & existing)
    return ImportResult(created=len(clean) - updated, updated=updated)


def indicator_create(*, city: Place, by: User | None, code: str, name: str, unit: str, name_language: str = "en",
                     description: str = "") -> Indicator:  # fmt: skip
    _may_import(by, city)
    if code in BUILTIN:
        raise ValidationError({"code": _("“%(code)s” is a built-in indicator.") % {"code": code}})
    if Indicator.objects.filter(city=city, code=code).exists():
        raise ValidationError({"code": _("%(city)s already has an indicator “%(code)s”.")
                               % {"city": city.name, "code": code}})  # fmt: skip
    indicator = Indicator(city=city, code=code, name=name, unit=unit, name_language=name_language,
                          description=description)  # fmt: skip
    indicator.full_clean()
    indicator.save()
    return indicator
