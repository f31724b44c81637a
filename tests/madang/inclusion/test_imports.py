"""Areas (GeoJSON), statistics and facilities (CSV) import all or nothing, naming every bad feature or row."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madang.core.imports import ImportFailed
from madang.core.models import Place
from madang.inclusion.models import AreaShape, AreaStatistic, Facility, MapFrame
from madang.inclusion.services import areas_import, facilities_import, indicator_create, statistics_import
from tests.madang.inclusion.factories import LAT0, LON0, SIZE, collection, feature, square

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in excinfo.value.errors]


def _districts(city) -> int:
    return Place.objects.filter(parent=city, kind="district").count()


def test_areas_import_creates_districts_shapes_and_a_map_frame(iw):
    city = iw["city"]
    assert _districts(city) == 4 and AreaShape.objects.filter(city=city).count() == 4
    frame = MapFrame.objects.get(city=city)
    assert frame.width == 1000 and frame.attribution == "Test boundaries"
    a2 = iw["areas"]["A2"]
    assert a2.name == "Bravo" and a2.shape.group == "West"
    assert a2.longitude == pytest.approx(LON0 + 1.5 * SIZE) and a2.latitude == pytest.approx(LAT0 + SIZE / 2)
    assert a2.shape.km2 == pytest.approx(0.883 * 1.112, rel=0.01)
    assert a2.shape.path.startswith("M") and a2.shape.path.endswith("z")


def test_reimporting_areas_updates_by_code_without_duplicates(iw):
    city = iw["city"]
    version = MapFrame.objects.get(city=city).version
    moved = collection(feature("A1", square(LON0, LAT0 - SIZE), "Alpha renamed", name_lang="en"))
    result = areas_import(city=city, data=moved, by=iw["users"]["editor_a"])
    assert (result.created, result.updated) == (0, 1)
    assert _districts(city) == 4
    a1 = Place.objects.get(parent=city, code="A1")
    assert a1.name == "Alpha renamed" and a1.latitude == pytest.approx(LAT0 - SIZE / 2)
    assert MapFrame.objects.get(city=city).version == version + 1
    assert AreaShape.objects.get(area=a1).group == "West"  # kept from the first import


BAD_GEOMETRIES = {
    "not a polygon": ({"type": "Point", "coordinates": [127.0, 37.5]}, "not a Polygon"),
    "a line": ({"type": "LineString", "coordinates": [[127.0, 37.5], [127.01, 37.5]]}, "not a Polygon"),
    "unclosed ring": ({"type": "Polygon", "coordinates": [[[127.0, 37.5], [127.01, 37.5], [127.01, 37.51],
                                                          [127.0, 37.51]]]}, "not closed"),
    "self-intersection": ({"type": "Polygon", "coordinates": [[[127.0, 37.5], [127.01, 37.51], [127.01, 37.5],
                                                              [127.0, 37.51], [127.0, 37.5]]]}, "crosses itself"),
    "out of range": ({"type": "Polygon", "coordinates": [[[200.0, 37.5], [127.01, 37.5], [127.01, 37.51],
                                                          [200.0, 37.5]]]}, "out of range"),
    "too few positions": ({"type": "Polygon", "coordinates": [[[127.0, 37.5], [127.01, 37.5], [127.0, 37.5]]]},
                          "at least 4"),
    "not numbers": ({"type": "Polygon", "coordinates": [[["a", 37.5], [127.01, 37.5], [127.01, 37.51],
                                                         ["a", 37.5]]]}, "pair of numbers"),
    "no geometry": (None, "no geometry"),
    "far from the city": (square(2.35, 48.85), "swapped"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_GEOMETRIES))
def test_a_bad_geometry_is_reported_for_its_feature_and_nothing_is_saved(world, case):
    geometry, expected = BAD_GEOMETRIES[case]
    good = feature("G1", square(LON0, LAT0), "Good")
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=collection(good, feature("B2", geometry, "Bad")), by=None)
    errors = _errors(excinfo)
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (2, "geometry") and expected in message
    assert _districts(world["seoul"]) == 0 and not MapFrame.objects.exists()


def test_missing_and_duplicate_codes_are_reported_per_feature(world):
    data = collection(
        feature("X1", square(LON0, LAT0)), feature(None, square(LON0 + SIZE, LAT0)),
        feature("X1", square(LON0 + 2 * SIZE, LAT0)), feature("bad code!", square(LON0 + 3 * SIZE, LAT0)),
        feature("X5", square(LON0 + 4 * SIZE, LAT0), name=""),
    )  # fmt: skip
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=data, by=None)
    errors = _errors(excinfo)
    assert [(r, c) for r, c, _m in errors] == [(2, "code"), (3, "code"), (4, "code"), (5, "name")]
    assert "missing" in errors[0][2] and "also used by feature 1" in errors[1][2]
    assert _districts(world["seoul"]) == 0


@pytest.mark.parametrize(("data", "expected"), [
    (b"{not json", "not valid JSON"),
    (b'{"type": "Feature"}', "FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": []}', "no features"),
    ("\ufeff".encode() + b"\xff\xfe", "not UTF-8"),
])  # fmt: skip
def test_a_file_that_is_not_a_feature_collection_is_refused_as_a_whole(world, data, expected):
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=world["seoul"], data=data, by=None)
    assert excinfo.value.errors[0].row == 0 and expected in excinfo.value.errors[0].message


# ---------------------------------------------------------------------- statistics
def test_statistics_import_stores_values_and_the_area_population(iw):
    a2 = iw["areas"]["A2"]
    assert AreaStatistic.objects.get(area=a2, indicator="pop_65plus", year=2024).value == 500
    assert (a2.population, a2.population_year) == (2000, 2024)
    assert AreaStatistic.objects.get(area=a2, indicator="pop_total").source == "Test register"
    again = statistics_import(city=iw["city"], data=b"area_code,year,pop_65plus\nA2,2024,510\n", by=None)
    assert (again.created, again.updated) == (0, 1)
    assert AreaStatistic.objects.get(area=a2, indicator="pop_65plus", year=2024).value == 510


def test_unknown_district_codes_fail_the_whole_statistics_file_with_their_lines(iw):
    before = AreaStatistic.objects.count()
    data = b"area_code,year,pop_total,pop_65plus\nA1,2025,1000,100\nZZ9,2025,10,1\nA3,2025,1500,300\nQQ,2025,1,1\n"
    with pytest.raises(ImportFailed) as excinfo:
        statistics_import(city=iw["city"], data=data, by=iw["users"]["editor_a"])
    errors = _errors(excinfo)
    assert [(r, c) for r, c, _m in errors] == [(3, "area_code"), (5, "area_code")]
    assert "Unknown area code ZZ9" in errors[0][2]
    assert AreaStatistic.objects.count() == before  # the good rows were not saved either


def test_an_area_of_another_city_is_an_unknown_code(iw):
    makati = iw["makati"]
    areas_import(city=makati, data=collection(feature("M1", square(LON0, LAT0))), by=None)
    with pytest.raises(ImportFailed) as excinfo:
        statistics_import(city=iw["city"], data=b"area_code,pop_total\nM1,10\n", by=None, year=2024)
    assert _errors(excinfo)[0][:2] == (2, "area_code")


@pytest.mark.parametrize(("csv", "expected"), [
    ("area_code,pop_total,pop_65plus\nA1,100,200\n", (2, "pop_65plus", "More residents in this age group")),
    ("area_code,pop_total\nA1,abc\n", (2, "pop_total", "not a number")),
    ("area_code,pop_total\nA1,-5\n", (2, "pop_total", "cannot be negative")),
    ("area_code,pop_total\nA1,10.5\n", (2, "pop_total", "whole number")),
    ("area_code,pop_total\nA1,10\nA1,12\n", (3, "area_code", "already has a row")),
    ("area_code,year,pop_total\nA1,20x4,10\n", (2, "year", "not a year")),
    ("area_code,pop_total\n,10\n", (2, "area_code", "empty")),
    ("area_code,share_65plus\nA1,10\n", (0, "share_65plus", "computed")),
    ("area_code,happiness\nA1,10\n", (0, "happiness", "Unknown indicator")),
    ("code,pop_total\nA1,10\n", (0, "area_code", "missing")),
    ("area_code,pop_total\nA1,10,11\n", (2, "", "more cells")),
])  # fmt: skip
def test_a_bad_statistics_row_is_named_and_nothing_is_saved(iw, csv, expected):
    before = AreaStatistic.objects.count()
    with pytest.raises(ImportFailed) as excinfo:
        statistics_import(city=iw["city"], data=csv.encode(), by=None, year=2025)
    row, column, message = _errors(excinfo)[0]
    assert (row, column) == expected[:2] and expected[2] in message
    assert AreaStatistic.objects.count() == before


def test_statistics_need_a_year_from_the_form_or_a_column(iw):
    with pytest.raises(ImportFailed) as excinfo:
        statistics_import(city=iw["city"], data=b"area_code,pop_total\nA1,10\n", by=None)
    assert _errors(excinfo)[0][:2] == (0, "year")


def test_a_citys_own_indicator_can_be_imported_once_defined(iw):
    data = b"area_code;digital_gap\nA1;0.7\nA2;0.2\n"  # a spreadsheet saved with semicolons
    with pytest.raises(ImportFailed):
        statistics_import(city=iw["city"], data=data, by=None, year=2024)
    indicator_create(city=iw["city"], by=iw["users"]["editor_a"], code="digital_gap", name="Digital gap",
                     unit="score")  # fmt: skip
    statistics_import(city=iw["city"], data=data, by=None, year=2024)
    assert AreaStatistic.objects.get(area=iw["areas"]["A1"], indicator="digital_gap").value == 0.7


# ---------------------------------------------------------------------- facilities
def test_facilities_are_placed_in_the_area_that_contains_them(iw):
    f = iw["facilities"]
    assert f["S1"].area == iw["areas"]["A1"] and f["S3"].area == iw["areas"]["A4"] and f["C1"].area == iw["areas"]["A2"]
    assert f["S1"].kind == "school" and f["C1"].kind == "community_centre"


@pytest.mark.parametrize(("row", "expected"), [
    ("F1,Shop,shop,37.5,127.0,,", "kind"),
    ("F1,Shop,kiosk,97.5,127.0,,", "latitude"),
    ("F1,Shop,kiosk,37.5,227.0,,", "longitude"),
    ("F1,Shop,kiosk,37.5,127.0,NOPE,", "area_code"),
    ("F1,,kiosk,37.5,127.0,,", "name"),
    ("F 1,Shop,kiosk,37.5,127.0,,", "code"),
    ("F1,Shop,kiosk,127.0,37.5,,", "latitude"),  # swapped: far from the city
])  # fmt: skip
def test_a_bad_facility_row_is_named_and_nothing_is_saved(iw, row, expected):
    before = Facility.objects.count()
    data = f"code,name,kind,latitude,longitude,area_code,address\nOK1,Fine,kiosk,37.505,127.005,,\n{row}\n"
    with pytest.raises(ImportFailed) as excinfo:
        facilities_import(city=iw["city"], data=data.encode(), by=None)
    assert [(e.row, e.column) for e in excinfo.value.errors] == [(3, expected)]
    assert Facility.objects.count() == before


def test_duplicate_facility_codes_are_reported(iw):
    data = b"code,name,kind,latitude,longitude\nK1,A,kiosk,37.505,127.005\nK1,B,kiosk,37.505,127.006\n"
    with pytest.raises(ImportFailed) as excinfo:
        facilities_import(city=iw["city"], data=data, by=None)
    assert _errors(excinfo)[0][:2] == (3, "code")


# ---------------------------------------------------------------------- through the page
def test_the_import_page_lists_every_problem_and_keeps_nothing(client, iw):
    client.force_login(iw["users"]["editor_a"])
    upload = SimpleUploadedFile("stats.csv", b"area_code,pop_total\nA1,10\nNOPE,3\n", content_type="text/csv")
    response = client.post(reverse("inclusion:import", args=["seoul"]),
                           {"kind": "statistics", "file": upload, "year": "2030"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 1 problem found" in page and "Unknown area code NOPE" in page
    assert not AreaStatistic.objects.filter(year=2030).exists()
    good = SimpleUploadedFile("stats.csv", b"area_code,pop_total\nA1,10\n", content_type="text/csv")
    response = client.post(reverse("inclusion:import", args=["seoul"]), {"kind": "statistics", "file": good,
                                                                         "year": "2030"})  # fmt: skip
    assert response.status_code == 302 and AreaStatistic.objects.filter(year=2030).count() == 1


def test_an_editor_of_another_city_cannot_import(client, iw):
    client.force_login(iw["users"]["editor_b"])
    upload = SimpleUploadedFile("areas.geojson", collection(feature("Z", square(LON0, LAT0))))
    response = client.post(reverse("inclusion:import", args=["seoul"]), {"kind": "areas", "file": upload})
    assert response.status_code == 403 and _districts(iw["city"]) == 4
    with pytest.raises(PermissionDenied):
        areas_import(city=iw["city"], data=collection(feature("Z", square(LON0, LAT0))), by=iw["users"]["editor_b"])
