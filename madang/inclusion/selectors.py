"""Reads for the inclusion map and area pages: rows, classes, legend, summary and the SVG, from a few queries."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from madang.core.i18n import Localised, current_language
from madang.core.models import Place

from . import svgmap
from .indicators import AGE_BANDS, BAND_CODES, CityData, IndicatorDef, band_label, format_value
from .models import Facility, MapFrame

SORTS = ("value", "name", "group", "pop_65plus", "facilities")
TOP_N = 10


def original_language(place: Place) -> str:
    return next((k for k, v in (place.names or {}).items() if v == place.name), "en")


def place_name(place: Place) -> Localised:
    """The name in the visitor's language, else the name in the language it was written in."""
    lang = current_language()
    names = place.names or {}
    if names.get(lang):
        return Localised(names[lang], lang)
    return Localised(place.name, original_language(place))


def area_group(area: Place) -> Localised:
    """The larger unit an area belongs to (a dong's gu), in the language of the area's own name."""
    shape = getattr(area, "shape", None)
    return Localised(shape.group if shape else "", original_language(area))


def city_get(*, slug: str) -> Place:
    city = Place.objects.filter(kind=Place.Kind.CITY, slug=slug).select_related("parent").first()
    if city is None:
        raise Http404
    return city


def cities_with_maps() -> QuerySet[Place]:
    return (
        Place.objects.filter(kind=Place.Kind.CITY, map_frame__isnull=False).select_related("parent")
        .annotate(n_areas=Count("area_shapes")).order_by("name")
    )  # fmt: skip


def area_get(*, city: Place, code: str) -> Place:
    area = Place.objects.filter(parent=city, kind=Place.Kind.DISTRICT, code=code).select_related("shape").first()
    if area is None:
        raise Http404
    return area


@dataclass
class Row:
    area: Place
    name: Localised
    group: Localised
    value: float | None
    value_text: str
    cls: int
    pop_65plus: float | None
    facilities: int
    href: str = ""
    pop_text: str = ""


@dataclass
class LegendEntry:
    cls: int
    label: str
    count: int
    swatch: SafeString


@dataclass
class MapView:
    city: Place
    data: CityData
    frame: MapFrame | None
    indicator: IndicatorDef | None
    choices: list[IndicatorDef]
    rows: list[Row]
    legend: list[LegendEntry]
    top: list[Row] = field(default_factory=list)
    bottom: list[Row] = field(default_factory=list)
    city_value: str = ""
    year: int | None = None
    facility_kind: str = ""
    facility_kinds: list[tuple[str, str, int]] = field(default_factory=list)
    n_facilities: int = 0
    sort: str = "value"
    descending: bool = True
    n_missing: int = 0
    areas: list[svgmap.Area] = field(default_factory=list)
    facility_xy: list[tuple[float, float]] = field(default_factory=list)
    prefix: str = "m"

    @property
    def n_classes(self) -> int:
        return len([e for e in self.legend if e.cls != svgmap.NO_DATA])

    def svg(
        self,
        *,
        title: str,
        desc: str,
        sites: Sequence[svgmap.Site] = (),
        reach: float | None = None,
        classes: dict[int, int] | None = None,
        n_classes: int | None = None,
    ) -> SafeString | None:
        """The drawing; `classes` (area pk -> class) replaces the indicator's classes, e.g. for coverage."""
        if self.frame is None or not self.areas:
            return None
        areas = self.areas
        if classes is not None:
            areas = [svgmap.Area(a.pk, a.path, a.href, a.label, classes.get(a.pk, svgmap.NO_DATA), a.lang)
                     for a in areas]  # fmt: skip
        return svgmap.render(width=self.frame.width, height=self.frame.height, areas=areas,
                             n_classes=n_classes or self.n_classes, title=title, desc=desc,
                             facilities=self.facility_xy, sites=sites, reach=reach, prefix=self.prefix)  # fmt: skip


def legend_for(cuts: list[float], counts: dict[int, int], unit: str, prefix: str) -> list[LegendEntry]:
    bounds = [None, *cuts, None]
    entries = []
    for c in range(len(cuts) + 1):
        lo, hi = bounds[c], bounds[c + 1]
        if lo is None and hi is None:
            label = _("all areas")
        elif lo is None:
            label = f"< {format_value(hi, unit)}"
        elif hi is None:
            label = f"≥ {format_value(lo, unit)}"
        else:
            label = f"{format_value(lo, unit)} – < {format_value(hi, unit)}"
        entries.append(LegendEntry(c, label, counts.get(c, 0), svgmap.swatch(prefix, c)))
    if counts.get(svgmap.NO_DATA):
        missing = svgmap.NO_DATA
        entries.append(LegendEntry(missing, _("no data"), counts[missing], svgmap.swatch(prefix, missing)))
    return entries


def city_value(data: CityData, d: IndicatorDef) -> float | None:
    """The whole city's figure: sums for counts, ratios of sums for shares, else none."""
    values = data.values(d.code)
    if not values:
        return None
    if d.unit in ("people", "number"):
        return sum(values.values())
    if d.code in ("share_65plus", "share_75plus"):
        part = data.values("pop_65plus" if d.code == "share_65plus" else "pop_75plus")
        total = data.values("pop_total")
        both = [a for a in part if total.get(a)]
        denominator = sum(total[a] for a in both)
        return 100 * sum(part[a] for a in both) / denominator if denominator else None
    if d.code == "assists_per_1000_65plus":
        older = sum(data.values("pop_65plus").values())
        return 1000 * sum(data.values("assists").values()) / older if older else None
    return None


def _sort_key(sort: str) -> Any:
    def key(r: Row) -> Any:
        if sort == "name":
            return (0, r.name.text)
        if sort == "group":
            return (0, r.group.text, r.name.text)
        v = {"value": r.value, "pop_65plus": r.pop_65plus, "facilities": r.facilities}[sort]
        return (0, v) if v is not None else (1, 0)

    return key


def facility_kinds(*, city: Place) -> list[tuple[str, str, int]]:
    """(kind, label, count) for each kind of facility the city has."""
    counts = dict(Facility.objects.filter(city=city).values_list("kind").annotate(n=Count("id")).values_list(
        "kind", "n"))  # fmt: skip
    return [(k, str(label), counts[k]) for k, label in Facility.Kind.choices if counts.get(k)]


def map_view(*, city: Place, indicator: str = "", facility_kind: str = "", sort: str = "value",
             descending: bool = True, href_prefix: str = "", prefix: str = "m") -> MapView:  # fmt: skip
    data = CityData(city)
    frame = MapFrame.objects.filter(city=city).first()
    choices = data.available()
    chosen = data.definition(indicator) if indicator and data.has(indicator) else None
    if chosen is None:
        chosen = next((d for d in choices if d.code == "share_65plus"), choices[0] if choices else None)
    kinds = facility_kinds(city=city)
    facility_kind = facility_kind if facility_kind in {k for k, _l, _n in kinds} | {"all"} else ""
    facilities = Facility.objects.filter(city=city)
    if facility_kind and facility_kind != "all":
        facilities = facilities.filter(kind=facility_kind)
    shown = list(facilities.values_list("area_id", "longitude", "latitude")) if facility_kind else []
    per_area: dict[int, int] = {}
    for area_id, _lon, _lat in shown:
        if area_id is not None:
            per_area[area_id] = per_area.get(area_id, 0) + 1
    values = data.values(chosen.code) if chosen else {}
    cuts = svgmap.breaks(list(values.values())) if chosen else []
    older = data.values("pop_65plus")
    area_base = reverse("inclusion:area", args=[city.slug, "_"])[:-2]
    rows = []
    for a in data.areas:
        v = values.get(a.pk)
        rows.append(Row(a, place_name(a), area_group(a), v, format_value(v, chosen.unit) if chosen else "—",
                        svgmap.classify(v, cuts), older.get(a.pk), per_area.get(a.pk, 0),
                        f"{area_base}{a.code}/", format_value(older.get(a.pk), "people")))  # fmt: skip
    sort = sort if sort in SORTS else "value"
    with_values = [r for r in rows if r.value is not None]
    ranked = sorted(with_values, key=lambda r: (-r.value, r.name.text))  # type: ignore[operator]
    ordered = sorted(rows, key=_sort_key(sort), reverse=descending)
    if descending:  # missing values stay last in both directions
        ordered = [r for r in ordered if _sort_key(sort)(r)[0] == 0] + [r for r in ordered if _sort_key(sort)(r)[0]]
    counts: dict[int, int] = {}
    for r in rows:
        counts[r.cls] = counts.get(r.cls, 0) + 1
    view = MapView(
        city=city, data=data, frame=frame, indicator=chosen, choices=choices, rows=ordered,
        legend=legend_for(cuts, counts, chosen.unit, prefix) if chosen else [], top=ranked[:TOP_N],
        bottom=list(reversed(ranked[-5:])) if len(ranked) > TOP_N else [],
        year=data.year(chosen.code) if chosen else None, facility_kind=facility_kind,
        facility_kinds=kinds, n_facilities=len(shown), sort=sort, descending=descending,
        n_missing=len(rows) - len(with_values),
    )  # fmt: skip
    if chosen:
        whole = city_value(data, chosen)
        view.city_value = format_value(whole, chosen.unit) if whole is not None else ""
    if frame is not None:
        view.facility_xy = _facility_points(frame, [(lon, lat) for _a, lon, lat in shown])
        page_lang = current_language()
        view.areas = [svgmap.Area(r.area.pk, r.area.shape.path, f"{href_prefix}areas/{r.area.code}/",
                                  f"{r.name.text}: {r.value_text}", r.cls,
                                  r.name.language if r.name.language != page_lang else "") for r in rows]  # fmt: skip
    view.prefix = prefix
    return view


def _facility_points(frame: MapFrame, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kx = frame.width / (frame.east - frame.west)
    ky = frame.height / (frame.north - frame.south)
    return [((lon - frame.west) * kx, (frame.north - lat) * ky) for lon, lat in points]


@dataclass
class AreaView:
    area: Place
    name: Localised
    group: Localised
    indicators: list[tuple[IndicatorDef, str, int | None]]
    bands: list[tuple[str, float, float]]  # label, residents, share of the largest band (for bars)
    facilities: list[Facility]


def area_view(*, city: Place, area: Place) -> AreaView:
    data = CityData(city)
    data.preload()
    rows = []
    for d in data.available():
        v = data.values(d.code).get(area.pk)
        if v is not None:
            rows.append((d, format_value(v, d.unit), data.year(d.code)))
    bands = []
    counts = [data.values(c).get(area.pk) for c in BAND_CODES]
    if all(c is not None for c in counts):
        top = max(counts) or 1  # type: ignore[type-var]
        bands = [(band_label(lo, hi), c, c / top) for (lo, hi), c in zip(AGE_BANDS, counts, strict=True)]  # type: ignore[operator]
    facilities = list(Facility.objects.filter(area=area).order_by("kind", "name"))
    return AreaView(area, place_name(area), area_group(area), rows, bands, facilities)  # type: ignore[arg-type]
