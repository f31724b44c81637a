"""Indicators: the built-in ones (stored counts, derived shares and rates, assists from the field log) and a city's
own, and one loader that computes any of them for every area of a city from a few queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from madang.core.models import Place

from .models import AreaStatistic, AssistLog, Indicator

AGE_BANDS: list[tuple[int, int | None]] = [(lo, lo + 4) for lo in range(0, 100, 5)] + [(100, None)]


def band_code(lo: int, hi: int | None) -> str:
    return f"age_{lo:02d}_{hi:02d}" if hi is not None else f"age_{lo}_plus"


def band_label(lo: int, hi: int | None) -> str:
    return f"{lo}-{hi}" if hi is not None else f"{lo}+"


BAND_CODES = [band_code(lo, hi) for lo, hi in AGE_BANDS]


# Translated when shown, not when this module loads (the band itself is a number range).
_band_label: Any = lazy(lambda band: gettext("Residents aged %(band)s") % {"band": band}, str)


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    label: Any  # a lazy translation or a city's own name
    unit: str
    stored: bool  # imported from statistics files (else computed here)
    demand: bool = False  # a count of people: the planner can cover it
    weight: bool = False  # a score the planner can weight demand by
    label_language: str = ""  # set for a city's own indicators, whose names are not translated
    description: str = ""
    on_map: bool = True

    @property
    def is_percent(self) -> bool:
        return self.unit == Indicator.Unit.PERCENT


BUILTIN: dict[str, IndicatorDef] = {
    d.code: d
    for d in [
        IndicatorDef("share_65plus", _("Share of residents aged 65 and over"), "percent", stored=False),
        IndicatorDef("share_75plus", _("Share of residents aged 75 and over"), "percent", stored=False),
        IndicatorDef("pop_65plus", _("Residents aged 65 and over"), "people", stored=True, demand=True),
        IndicatorDef("pop_75plus", _("Residents aged 75 and over"), "people", stored=True, demand=True),
        IndicatorDef("pop_total", _("Residents"), "people", stored=True, demand=True),
        IndicatorDef("digital_divide", _("Digital-divide score"), "score", stored=True, weight=True),
        IndicatorDef("assists", _("Assists by digital guides"), "number", stored=False),
        IndicatorDef("assists_per_1000_65plus", _("Assists per 1,000 residents aged 65 and over"), "per_1000",
                     stored=False),
        *[IndicatorDef(band_code(lo, hi), _band_label(band_label(lo, hi)), "people", stored=True, demand=True,
                       on_map=False) for lo, hi in AGE_BANDS],
    ]
}  # fmt: skip
DERIVED_INPUTS = {
    "share_65plus": ("pop_65plus", "pop_total"),
    "share_75plus": ("pop_75plus", "pop_total"),
    "assists_per_1000_65plus": ("pop_65plus",),
}
# A count can be summed from age bands when a file gives only the bands.
BAND_SUMS = {"pop_65plus": 65, "pop_75plus": 75}


def custom_def(ind: Indicator) -> IndicatorDef:
    return IndicatorDef(
        ind.code, ind.name, ind.unit, stored=True, demand=ind.unit == Indicator.Unit.PEOPLE,
        weight=ind.unit in (Indicator.Unit.SCORE, Indicator.Unit.PERCENT), label_language=ind.name_language,
        description=ind.description,
    )  # fmt: skip


def importable_codes(city: Place) -> dict[str, IndicatorDef]:
    """Codes a statistics file may use as columns for this city."""
    codes = {c: d for c, d in BUILTIN.items() if d.stored}
    codes.update({i.code: custom_def(i) for i in Indicator.objects.filter(city=city)})
    return codes


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit in ("people", "number"):
        return f"{round(value):,}"
    return f"{value:,.1f}"


class CityData:
    """Every area of a city, and the latest stored value of each indicator per area, each loaded when first asked
    for (a map needs two or three indicators, not all of them); any indicator's values on demand."""

    def __init__(self, city: Place) -> None:
        self.city = city
        self.areas: list[Place] = list(
            Place.objects.filter(parent=city, kind=Place.Kind.DISTRICT, shape__isnull=False)
            .select_related("shape").defer("boundary").order_by("code")
        )  # fmt: skip
        self.by_id = {a.pk: a for a in self.areas}
        self.sources: set[str] = set()
        self.years: dict[str, int] = {}
        self.codes = set(AreaStatistic.objects.filter(area__parent=city).values_list("indicator", flat=True)
                         .distinct())  # fmt: skip
        self._stored: dict[str, dict[int, float]] = {}
        self.custom = {i.code: custom_def(i) for i in Indicator.objects.filter(city=city)}
        self._cache: dict[str, dict[int, float]] = {}
        self._assist_counts: dict[int, int] | None = None

    def _load(self, codes: list[str]) -> None:
        wanted = [c for c in codes if c in self.codes and c not in self._stored]
        if not wanted:
            return
        latest: dict[str, dict[int, tuple[int, float]]] = {c: {} for c in wanted}
        rows = AreaStatistic.objects.filter(area__parent=self.city, indicator__in=wanted).values_list(
            "indicator", "area_id", "year", "value", "source")  # fmt: skip
        for code, area_id, year, value, source in rows:
            seen = latest[code].get(area_id)
            if seen is None or year > seen[0]:
                latest[code][area_id] = (year, value)
            if source:
                self.sources.add(source)
        for code, per in latest.items():
            self._stored[code] = {a: v for a, (_y, v) in per.items()}
            if per:
                self.years[code] = max(y for y, _v in per.values())

    def preload(self) -> None:
        """Every stored indicator in one query (for pages that show them all)."""
        self._load(sorted(self.codes))

    def stored(self, code: str) -> dict[int, float]:
        self._load([code])
        return self._stored.get(code, {})

    def boundaries(self) -> dict[int, dict[str, Any]]:
        """GeoJSON boundaries by area id (kept out of `areas`, which pages load without them)."""
        rows = Place.objects.filter(pk__in=self.by_id, boundary__isnull=False).values_list("pk", "boundary")
        return {pk: b for pk, b in rows if b}

    def definition(self, code: str) -> IndicatorDef | None:
        return self.custom.get(code) or BUILTIN.get(code)

    def has(self, code: str) -> bool:
        """Whether the indicator has any value here, without loading every indicator to find out."""
        if code in self._cache:
            return bool(self._cache[code])
        if code in self.codes:
            return True
        if code in BAND_SUMS:
            return all(band_code(lo, hi) in self.codes for lo, hi in AGE_BANDS if lo >= BAND_SUMS[code])
        if code in ("share_65plus", "share_75plus"):
            return self.has(DERIVED_INPUTS[code][0]) and "pop_total" in self.codes
        if code == "assists":
            return bool(self._assists())
        if code == "assists_per_1000_65plus":
            return bool(self._assists()) and self.has("pop_65plus")
        return False

    def available(self, *, map_only: bool = True) -> list[IndicatorDef]:
        defs = [*BUILTIN.values(), *self.custom.values()]
        return [d for d in defs if (d.on_map or not map_only) and self.has(d.code)]

    def values(self, code: str) -> dict[int, float]:
        if code in self._cache:
            return self._cache[code]
        result = dict(self.stored(code))
        if code in BAND_SUMS:
            bands = [band_code(lo, hi) for lo, hi in AGE_BANDS if lo >= BAND_SUMS[code]]
            self._load(bands)
            for area_id in self.by_id:
                if area_id not in result and all(area_id in self._stored.get(b, {}) for b in bands):
                    result[area_id] = sum(self._stored[b][area_id] for b in bands)
        elif code in ("share_65plus", "share_75plus"):
            part, total = self.values(DERIVED_INPUTS[code][0]), self.values("pop_total")
            result = {a: 100 * part[a] / total[a] for a in part if total.get(a)}
        elif code == "assists":
            counts = self._assists()
            result = {a: float(counts.get(a, 0)) for a in self.by_id} if counts else {}
        elif code == "assists_per_1000_65plus":
            counts, older = self._assists(), self.values("pop_65plus")
            result = {a: 1000 * counts.get(a, 0) / older[a] for a in older if older[a]} if counts else {}
        self._cache[code] = result
        return result

    def _assists(self) -> dict[int, int]:
        if self._assist_counts is None:
            logs = AssistLog.objects.filter(city=self.city, area__isnull=False)
            rows = logs.values("area_id").annotate(n=Count("id"))
            self._assist_counts = {r["area_id"]: r["n"] for r in rows}
        return self._assist_counts

    def year(self, code: str) -> int | None:
        """The latest year of a stored indicator, or of the inputs of a computed one."""
        self._load([code])
        if code in self.years:
            return self.years[code]
        inputs = DERIVED_INPUTS.get(code, ()) or (BAND_CODES if code in BAND_SUMS else ())
        self._load(list(inputs))
        found = [self.years[c] for c in inputs if c in self.years]
        return max(found) if found else None

    def label(self, code: str) -> str | Promise:
        d = self.definition(code)
        return d.label if d else code
