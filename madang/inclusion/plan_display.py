"""What a plan page shows, built from a plan's stored inputs and result (never re-solved): numbers, the method
note, the chosen sites, the areas left uncovered, the map and the weekly rota."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core.i18n import Localised, current_language
from madang.core.models import Place

from . import geo, svgmap
from .indicators import BUILTIN, CityData, format_value
from .models import Facility, MapFrame
from .selectors import LegendEntry, area_group, map_view, place_name

DAYS = [gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"), gettext_lazy("Thursday"),
        gettext_lazy("Friday"), gettext_lazy("Saturday"), gettext_lazy("Sunday")]  # fmt: skip
SHIFTS = {1: [gettext_lazy("all day")], 2: [gettext_lazy("morning"), gettext_lazy("afternoon")],
          3: [gettext_lazy("morning"), gettext_lazy("afternoon"), gettext_lazy("evening")]}  # fmt: skip
UNCOVERED_SHOWN = 50


@dataclass
class SiteRow:
    number: int
    name: Localised
    kind: str
    area: Place | None
    demand: str
    visits: int


@dataclass
class AreaRow:
    area: Place
    name: Localised
    group: Localised
    total: str
    share: float
    uncovered: str
    uncovered_value: float


@dataclass
class PlanDisplay:
    inputs: dict[str, Any]
    result: dict[str, Any]
    demand_label: Any
    weight_label: Any
    candidates_label: Any
    covered: str
    total: str
    bound: str
    sites: list[SiteRow]
    uncovered: list[AreaRow]
    n_uncovered: int
    n_untouched: int
    legend: list[LegendEntry]
    rota_guides: list[int]
    rota_rows: list[tuple[str, list[tuple[int, Localised] | None]]]
    svg: SafeString | None = None
    visits_total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _coverage_class(covered: float, total: float) -> int:
    share = covered / total if total else 0.0
    if share <= 0:
        return 0
    if share < 0.5:
        return 1
    return 2 if share < 0.999 else 3


def plan_display(*, city: Place, inputs: dict[str, Any], result: dict[str, Any]) -> PlanDisplay:
    data = CityData(city)
    d, w = data.definition(inputs["demand"]), data.definition(inputs.get("weight") or "")
    unit = "people" if not inputs.get("weight") else "number"
    kinds = dict(Facility.Kind.choices)
    by_id = data.by_id
    sites = [SiteRow(
        s["number"], Localised(s["name"], s["name_language"]), str(kinds.get(s["kind"], s["kind"])),
        by_id.get(s["area"]), format_value(s["demand"], unit), s["visits"],
    ) for s in result["sites"]]  # fmt: skip
    rows = []
    classes: dict[int, int] = {}
    for a in result["areas"]:
        area = by_id.get(a["area"])
        classes[a["area"]] = _coverage_class(a["covered"], a["total"])
        if area is None or a["total"] <= 0:
            continue
        missing = a["total"] - a["covered"]
        if missing > 1e-6:
            rows.append(AreaRow(area, place_name(area), area_group(area), format_value(a["total"], unit),
                                a["covered"] / a["total"], format_value(missing, unit), missing))  # fmt: skip
    rows.sort(key=lambda r: (-r.uncovered_value, r.name.text))
    counts: dict[int, int] = {}
    for c in classes.values():
        counts[c] = counts.get(c, 0) + 1
    labels = [_("not reached (0%)"), _("under half reached"), _("half or more reached"), _("all reached")]
    legend = [LegendEntry(c, labels[c], counts.get(c, 0), svgmap.swatch("p", c)) for c in range(4)]
    n_guides, days, shifts = len(result["rota"]), inputs["days"], inputs["shifts_per_day"]
    names = {s["number"] - 1: Localised(s["name"], s["name_language"]) for s in result["sites"]}
    rota_rows = []
    for day in range(days):
        for shift in range(shifts):
            label = f"{DAYS[day % 7]}, {SHIFTS.get(shifts, SHIFTS[3])[shift]}" if shifts > 1 else str(DAYS[day % 7])
            cells: list[tuple[int, Localised] | None] = []
            for g in range(n_guides):
                pos = result["rota"][g][day][shift]
                cells.append((pos + 1, names[pos]) if pos >= 0 else None)
            rota_rows.append((label, cells))
    display = PlanDisplay(
        inputs=inputs, result=result, demand_label=d.label if d else inputs["demand"],
        weight_label=w.label if w else "", candidates_label=kinds.get(inputs["candidates"], _("All facilities")),
        covered=format_value(result["covered"], unit), total=format_value(result["total"], unit),
        bound=format_value(result["bound"], unit), sites=sites, uncovered=rows[:UNCOVERED_SHOWN],
        n_uncovered=len(rows), n_untouched=counts.get(0, 0), legend=legend, rota_guides=list(range(1, n_guides + 1)),
        rota_rows=rota_rows, visits_total=sum(s["visits"] for s in result["sites"]),
    )  # fmt: skip
    frame = MapFrame.objects.filter(city=city).first()
    if frame is not None:
        view = map_view(city=city, href_prefix=reverse("inclusion:map", args=[city.slug]), prefix="p")
        view.facility_xy = []
        kx, ky = frame.width / (frame.east - frame.west), frame.height / (frame.north - frame.south)
        page_lang = current_language()
        marks = [svgmap.Site((s["lon"] - frame.west) * kx, (frame.north - s["lat"]) * ky, s["number"],
                             f"{s['number']}. {s['name']}", s["name_language"] if s["name_language"] != page_lang
                             else "") for s in result["sites"]]  # fmt: skip
        metres = inputs["radius"] / inputs["detour"]
        reach = geo.Frame(frame.west, frame.south, frame.east, frame.north, frame.width,
                          frame.height).metres_to_units(metres)  # fmt: skip
        name = place_name(city).text
        title = _("Chosen sites and how much of each area they reach, %(city)s") % {"city": name}
        desc = _("%(n)d numbered squares are the chosen sites; dashed circles show a %(m)d m straight-line reach. "
                 "Areas: lighter is less reached, in 4 classes. The tables on this page give every number.") % {
            "n": len(marks), "m": round(metres)}  # fmt: skip
        display.svg = view.svg(title=title, desc=desc, sites=marks, reach=reach, classes=classes, n_classes=4)
    display.extra["builtin_demand"] = inputs["demand"] in BUILTIN
    return display
