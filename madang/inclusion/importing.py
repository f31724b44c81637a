"""Parsing and validation of a city's areas (GeoJSON), statistics (CSV) and facilities (CSV).

Nothing here writes: each parser returns clean records or raises ImportFailed with every problem (feature or row
number, column, reason, in the user's language). services.py writes a clean file in one transaction.
Formats: madang/inclusion/demo_data/README.md.
"""

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from madang.catalogue.importing import decode
from madang.core.imports import ImportFailed, Progress, RowError
from madang.core.models import Place

from . import geo
from .indicators import BUILTIN, IndicatorDef, importable_codes
from .models import Facility

AREA_CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,20}$")
FACILITY_CODE_RE = re.compile(r"^[A-Za-z0-9._:-]{1,40}$")
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
MAX_FEATURES = 20_000
# A dong boundary is tens to a few thousand positions; the self-crossing check costs the square of a ring's length.
MAX_VERTICES_PER_AREA = 5_000
MAX_VERTICES = 200_000
FAR_KM = 300  # an area this far from its city's centre most likely has longitude and latitude swapped
# How often a parser reports how far it has got (a job's page shows it): a boundary costs far more than a CSV row.
AREAS_PROGRESS_EVERY = 100
ROWS_PROGRESS_EVERY = 500


@dataclass
class CleanArea:
    row: int
    code: str
    name: str
    name_lang: str
    names: dict[str, str]
    group: str
    geometry: dict[str, Any]


@dataclass
class CleanStatistic:
    row: int
    area_id: int
    indicator: str
    value: float
    year: int
    source: str


@dataclass
class CleanFacility:
    row: int
    code: str
    name: str
    name_lang: str
    kind: str
    latitude: float
    longitude: float
    area_id: int | None
    address: str


@dataclass
class _Errors:
    items: list[RowError] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(RowError(row, column, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value).strip() if isinstance(value, str) else ""


# ---------------------------------------------------------------------- areas
def parse_areas(data: bytes, *, city: Place, progress: Progress | None = None) -> list[CleanArea]:
    text = decode(data)
    if "\\u0000" in text:  # a NUL written as a JSON escape: decode() only sees raw ones
        raise ImportFailed([RowError(0, "", _("This line contains a NUL character, which cannot be stored."))])
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([RowError(0, "", _("The file is not valid JSON (line %(line)d, column %(col)d).")
                                     % {"line": exc.lineno, "col": exc.colno})]) from exc  # fmt: skip
    except (RecursionError, ValueError) as exc:
        raise ImportFailed([RowError(0, "", _("The file is JSON nested too deeply or with a number too long to read."))
                            ]) from exc  # fmt: skip
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ImportFailed([RowError(0, "", _("Expected a GeoJSON FeatureCollection with a list of features."))])
    features = doc["features"]
    if not features:
        raise ImportFailed([RowError(0, "", _("The file has no features."))])
    if len(features) > MAX_FEATURES:
        raise ImportFailed([RowError(0, "", _("The file has more than %(n)d features.") % {"n": MAX_FEATURES})])
    counts = [geo.vertex_count(f.get("geometry")) if isinstance(f, dict) else 0 for f in features]
    if sum(counts) > MAX_VERTICES:
        raise ImportFailed([RowError(0, "geometry", _("The boundaries have more than %(n)s positions in all: simplify "
                                                      "them (for example with mapshaper) and try again.")
                                     % {"n": f"{MAX_VERTICES:,}"})])  # fmt: skip
    errors = _Errors()
    for row, count in enumerate(counts, start=1):
        if count > MAX_VERTICES_PER_AREA:
            message = _("This boundary has %(count)s positions, more than %(n)s: simplify it and try again.")
            errors.add(row, "geometry", message % {"count": f"{count:,}", "n": f"{MAX_VERTICES_PER_AREA:,}"})
    errors.raise_if_any()
    clean: list[CleanArea] = []
    seen: dict[str, int] = {}
    for row, feature in enumerate(features, start=1):
        if progress is not None and (row - 1) % AREAS_PROGRESS_EVERY == 0:
            progress(row - 1, len(features))
        n_before = len(errors.items)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.add(row, "", _("This is not a GeoJSON Feature."))
            continue
        props: dict[str, Any] = feature["properties"] if isinstance(feature.get("properties"), dict) else {}
        code = _text(props.get("code"))
        if not code:
            errors.add(row, "code", _("The area code is missing (property “code”)."))
        elif not AREA_CODE_RE.match(code):
            errors.add(row, "code", _("“%(code)s” is not a valid area code: up to 20 letters, digits, dots, dashes "
                                      "or underscores.") % {"code": code})  # fmt: skip
        elif code in seen:
            errors.add(row, "code", _("The code %(code)s is also used by feature %(other)d.")
                       % {"code": code, "other": seen[code]})  # fmt: skip
        else:
            seen[code] = row
        name = _text(props.get("name"))
        if not name:
            errors.add(row, "name", _("The area name is missing (property “name”)."))
        elif len(name) > 200:
            errors.add(row, "name", _("The name is longer than 200 characters."))
        name_lang = _text(props.get("name_lang")) or "en"
        if name_lang not in LANGUAGE_CODES:
            errors.add(row, "name_lang", _("Unknown language “%(lang)s”: use one of %(langs)s.")
                       % {"lang": name_lang, "langs": ", ".join(sorted(LANGUAGE_CODES))})  # fmt: skip
        names = props.get("names") or {}
        if not isinstance(names, dict) or any(k not in LANGUAGE_CODES or not isinstance(v, str) for k, v in
                                              names.items()):  # fmt: skip
            errors.add(row, "names", _("“names” must map language codes to names."))
            names = {}
        group = _text(props.get("group"))[:120]
        geometry = feature.get("geometry")
        problems = geo.geometry_errors(geometry)
        for message in problems:
            errors.add(row, "geometry", message)
        if not problems and city.latitude is not None and city.longitude is not None:
            west, south, east, north = geo.bbox(geometry)  # type: ignore[arg-type]
            km = geo.distance_m((west + east) / 2, (south + north) / 2, city.longitude, city.latitude) / 1000
            if km > FAR_KM:
                errors.add(row, "geometry", _("The area lies %(km)d km from %(city)s: are longitude and latitude "
                                              "swapped? GeoJSON writes [longitude, latitude].")
                           % {"km": km, "city": city.name})  # fmt: skip
        if len(errors.items) == n_before:
            clean.append(CleanArea(row, code, name, name_lang, {**names, name_lang: name}, group, geometry))  # type: ignore[arg-type]
    errors.raise_if_any()
    return clean


# ---------------------------------------------------------------------- CSV helpers
def _csv_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in many locales save with semicolons or tabs; a header without commas tells which.
    delimiter = "," if "," in first_line else ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    errors = _Errors()
    for raw in reader:
        if None in raw:
            errors.add(reader.line_num, "", _("This row has more cells than the header."))
            continue
        cells = {k: (v or "").strip() for k, v in raw.items()}
        if any(cells.values()):
            rows.append((reader.line_num, cells))
    errors.raise_if_any()
    if not rows:
        raise ImportFailed([RowError(0, "", _("The file has no data rows."))])
    return header, rows


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _require_columns(header: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed([RowError(0, c, _("Required column “%(column)s” is missing.") % {"column": c})
                            for c in missing])  # fmt: skip


def _district_codes(city: Place) -> dict[str, int]:
    return dict(Place.objects.filter(parent=city, kind=Place.Kind.DISTRICT).exclude(code="")
                .values_list("code", "pk"))  # fmt: skip


# ---------------------------------------------------------------------- statistics
def parse_statistics(data: bytes, *, city: Place, year: int | None, source: str,
                     progress: Progress | None = None) -> list[CleanStatistic]:  # fmt: skip
    """Wide CSV: `area_code`, optional `year` and `source`, then one column per indicator code."""
    header, rows = _csv_rows(data)
    _require_columns(header, ("area_code",))
    known = importable_codes(city)
    errors = _Errors()
    indicator_columns = [h for h in header if h not in ("area_code", "year", "source", "area_name")]
    for column in indicator_columns:
        if column in BUILTIN and not BUILTIN[column].stored:
            errors.add(0, column, _("“%(code)s” is computed from other indicators and cannot be imported.")
                       % {"code": column})  # fmt: skip
        elif column not in known:
            message = _("Unknown indicator “%(code)s”. Add it on this page first, or use one of: %(known)s.")
            errors.add(0, column, message % {"code": column, "known": ", ".join(sorted(known)[:12])})
    if not indicator_columns:
        errors.add(0, "", _("The file has no indicator columns besides area_code."))
    if "year" not in header and year is None:
        errors.add(0, "year", _("Give the year on the form, or add a “year” column."))
    errors.raise_if_any()
    codes = _district_codes(city)
    seen: dict[tuple[str, int], int] = {}
    clean: list[CleanStatistic] = []
    for done, (row, cells) in enumerate(rows):
        if progress is not None and done % ROWS_PROGRESS_EVERY == 0:
            progress(done, len(rows))
        code = cells.get("area_code", "")
        area_id = codes.get(code)
        if not code:
            errors.add(row, "area_code", _("The area code is empty."))
        elif area_id is None:
            errors.add(row, "area_code", _("Unknown area code %(code)s: import the areas of %(city)s first.")
                       % {"code": code, "city": city.name})  # fmt: skip
        row_year = year
        if cells.get("year"):
            parsed = _number(cells["year"])
            if parsed is None or not parsed.is_integer() or not 1900 <= parsed <= 2100:
                errors.add(row, "year", _("“%(value)s” is not a year.") % {"value": cells["year"]})
                row_year = None
            else:
                row_year = int(parsed)
        if row_year is None and not cells.get("year") and year is None:
            errors.add(row, "year", _("The year is empty."))
        if code and row_year is not None:
            if (code, row_year) in seen:
                errors.add(row, "area_code", _("Area %(code)s already has a row for %(year)d (row %(other)d).")
                           % {"code": code, "year": row_year, "other": seen[(code, row_year)]})  # fmt: skip
            seen[(code, row_year)] = row
        values: dict[str, float] = {}
        for column in indicator_columns:
            raw = cells.get(column, "")
            if raw == "":
                continue
            value = _number(raw)
            definition: IndicatorDef = known[column]
            if value is None:
                errors.add(row, column, _("“%(value)s” is not a number (use a dot for decimals, no thousands "
                                          "separators).") % {"value": raw})  # fmt: skip
            elif value < 0 and definition.unit in ("people", "percent", "per_1000"):
                errors.add(row, column, _("The value cannot be negative."))
            elif definition.unit == "percent" and value > 100:
                errors.add(row, column, _("A percentage cannot be over 100."))
            elif definition.unit == "people" and not value.is_integer():
                errors.add(row, column, _("A number of people must be a whole number."))
            else:
                values[column] = value
        total = values.get("pop_total")
        for part in ("pop_65plus", "pop_75plus"):
            if total is not None and values.get(part, 0) > total:
                errors.add(row, part, _("More residents in this age group than residents in total (%(total)d).")
                           % {"total": total})  # fmt: skip
        if values.get("pop_75plus", 0) > values.get("pop_65plus", math.inf):
            errors.add(row, "pop_75plus", _("More residents aged 75+ than aged 65+."))
        row_source = (cells.get("source") or source)[:300]
        if area_id is not None and row_year is not None:
            clean.extend(CleanStatistic(row, area_id, c, v, row_year, row_source) for c, v in values.items())
    errors.raise_if_any()
    return clean


# ---------------------------------------------------------------------- facilities
FACILITY_REQUIRED = ("code", "name", "kind", "latitude", "longitude")


def parse_facilities(data: bytes, *, city: Place, name_lang: str = "en",
                     progress: Progress | None = None) -> list[CleanFacility]:  # fmt: skip
    """CSV: code, name, kind, latitude, longitude; optional area_code, address, name_lang."""
    header, rows = _csv_rows(data)
    _require_columns(header, FACILITY_REQUIRED)
    kinds = set(Facility.Kind.values)
    codes = _district_codes(city)
    errors = _Errors()
    seen: dict[str, int] = {}
    clean: list[CleanFacility] = []
    for done, (row, cells) in enumerate(rows):
        if progress is not None and done % ROWS_PROGRESS_EVERY == 0:
            progress(done, len(rows))
        n_before = len(errors.items)
        code = cells["code"]
        if not code:
            errors.add(row, "code", _("The facility code is empty."))
        elif not FACILITY_CODE_RE.match(code):
            errors.add(row, "code", _("“%(code)s” is not a valid code: up to 40 letters, digits, dots, dashes, "
                                      "colons or underscores.") % {"code": code})  # fmt: skip
        elif code in seen:
            errors.add(row, "code", _("The code %(code)s is also used on row %(other)d.")
                       % {"code": code, "other": seen[code]})  # fmt: skip
        else:
            seen[code] = row
        if not cells["name"]:
            errors.add(row, "name", _("The name is empty."))
        if cells["kind"] not in kinds:
            errors.add(row, "kind", _("Unknown kind “%(kind)s”: use one of %(kinds)s.")
                       % {"kind": cells["kind"], "kinds": ", ".join(Facility.Kind.values)})  # fmt: skip
        lat, lon = _number(cells["latitude"]), _number(cells["longitude"])
        if lat is None or not -90 <= lat <= 90:
            errors.add(row, "latitude", _("“%(value)s” is not a latitude (-90 to 90).") % {"value": cells["latitude"]})
        if lon is None or not -180 <= lon <= 180:
            errors.add(row, "longitude", _("“%(value)s” is not a longitude (-180 to 180).")
                       % {"value": cells["longitude"]})  # fmt: skip
        if (lat is not None and lon is not None and city.latitude is not None and city.longitude is not None
                and -90 <= lat <= 90 and -180 <= lon <= 180
                and geo.distance_m(lon, lat, city.longitude, city.latitude) > FAR_KM * 1000):  # fmt: skip
            errors.add(row, "latitude", _("This place is over %(km)d km from %(city)s: are latitude and longitude "
                                          "swapped?") % {"km": FAR_KM, "city": city.name})  # fmt: skip
        area_code = cells.get("area_code", "")
        if area_code and area_code not in codes:
            errors.add(row, "area_code", _("Unknown area code %(code)s: import the areas of %(city)s first.")
                       % {"code": area_code, "city": city.name})  # fmt: skip
        lang = cells.get("name_lang") or name_lang
        if lang not in LANGUAGE_CODES:
            errors.add(row, "name_lang", _("Unknown language “%(lang)s”.") % {"lang": lang})
        if len(errors.items) == n_before:
            clean.append(CleanFacility(
                row, code, cells["name"][:200], lang, cells["kind"], lat, lon,  # type: ignore[arg-type]
                codes.get(area_code) if area_code else None, cells.get("address", "")[:300],
            ))  # fmt: skip
    errors.raise_if_any()
    return clean
