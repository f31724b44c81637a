"""Peer groups: the UN M49 region and sub-region of a place's country, and city-size bands.

M49 (unstats.un.org/unsd/methodology/m49) is the grouping city networks and UN-Habitat report by; the table below
is its sub-regions by ISO 3166-1 alpha-2 code (Taiwan, not in M49, is listed with Eastern Asia).
"""

from django.utils.translation import gettext_lazy as _

from madang.core.models import Place

_SUBREGIONS = {
    ("Asia", "Eastern Asia"): "CN HK MO JP KP KR MN TW",
    ("Asia", "South-eastern Asia"): "BN KH ID LA MY MM PH SG TH TL VN",
    ("Asia", "Southern Asia"): "AF BD BT IN IR MV NP PK LK",
    ("Asia", "Central Asia"): "KZ KG TJ TM UZ",
    ("Asia", "Western Asia"): "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    ("Europe", "Northern Europe"): "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    ("Europe", "Western Europe"): "AT BE FR DE LI LU MC NL CH",
    ("Europe", "Eastern Europe"): "BY BG CZ HU PL MD RO RU SK UA",
    ("Europe", "Southern Europe"): "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    ("Oceania", "Australia and New Zealand"): "AU NZ NF",
    ("Oceania", "Melanesia"): "FJ NC PG SB VU",
    ("Oceania", "Micronesia"): "GU KI MH FM NR MP PW",
    ("Oceania", "Polynesia"): "AS CK PF NU PN WS TK TO TV WF",
    ("Americas", "Northern America"): "BM CA GL PM US",
    ("Americas", "Caribbean"): "AG AI AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    ("Americas", "Central America"): "BZ CR SV GT HN MX NI PA",
    ("Americas", "South America"): "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    ("Africa", "Northern Africa"): "DZ EG LY MA SD TN EH",
    ("Africa", "Eastern Africa"): "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    ("Africa", "Middle Africa"): "AO CM CF TD CG CD GQ GA ST",
    ("Africa", "Southern Africa"): "BW SZ LS NA ZA",
    ("Africa", "Western Africa"): "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
}
REGION_OF: dict[str, tuple[str, str]] = {code: key for key, codes in _SUBREGIONS.items() for code in codes.split()}
REGION_NAMES = {
    "Asia": _("Asia"), "Europe": _("Europe"), "Oceania": _("Oceania"), "Americas": _("Americas"),
    "Africa": _("Africa"), "Eastern Asia": _("Eastern Asia"), "South-eastern Asia": _("South-eastern Asia"),
    "Southern Asia": _("Southern Asia"), "Central Asia": _("Central Asia"), "Western Asia": _("Western Asia"),
    "Northern Europe": _("Northern Europe"), "Western Europe": _("Western Europe"),
    "Eastern Europe": _("Eastern Europe"), "Southern Europe": _("Southern Europe"),
    "Australia and New Zealand": _("Australia and New Zealand"), "Melanesia": _("Melanesia"),
    "Micronesia": _("Micronesia"), "Polynesia": _("Polynesia"), "Northern America": _("Northern America"),
    "Caribbean": _("Caribbean"), "Central America": _("Central America"), "South America": _("South America"),
    "Northern Africa": _("Northern Africa"), "Eastern Africa": _("Eastern Africa"),
    "Middle Africa": _("Middle Africa"), "Southern Africa": _("Southern Africa"),
    "Western Africa": _("Western Africa"), "unknown": _("Region unknown"),
}  # fmt: skip

# City size: under 250,000 small, under 1 million medium (together the "small and medium-sized cities" that
# national programmes tend to leave behind), under 5 million large, then very large.
SIZE_BANDS: tuple[tuple[int, str], ...] = ((250_000, "small"), (1_000_000, "medium"), (5_000_000, "large"))
SIZE_NAMES = {
    "small": _("small (under 250,000)"), "medium": _("medium (250,000 to 1 million)"),
    "large": _("large (1 to 5 million)"), "very_large": _("very large (5 million or more)"),
    "unknown": _("size unknown"),
}  # fmt: skip
SMALL_AND_MEDIUM = ("small", "medium")
PEER_POPULATION_FACTOR = 2.0  # "similar population": between half and twice the city's


def country_code(place: Place) -> str:
    country = place if place.kind == Place.Kind.COUNTRY else place.country
    return (country.code if country else "").upper()


def region(place: Place) -> tuple[str, str]:
    """(M49 region, sub-region) of the place's country, ("unknown", "unknown") when not known."""
    return REGION_OF.get(country_code(place), ("unknown", "unknown"))


def size_band(population: int | None) -> str:
    if not population:
        return "unknown"
    for limit, band in SIZE_BANDS:
        if population < limit:
            return band
    return "very_large"


def similar_size(a: int | None, b: int | None) -> bool:
    return bool(a and b) and 1 / PEER_POPULATION_FACTOR <= a / b <= PEER_POPULATION_FACTOR  # type: ignore[operator]
