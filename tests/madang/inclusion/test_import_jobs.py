"""Large map data uploads (areas, statistics, facilities) run in the job worker: the page shows which feature or row
it has reached, then the all-or-nothing report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from madang.accounts.models import OrganisationRole
from madang.core.models import ImportRun, Place
from madang.inclusion.models import AreaStatistic, Facility, MapFrame
from madang.inclusion.services import areas_import, facilities_import, statistics_import
from tests.madang.inclusion.factories import LAT0, LON0, SIZE, collection, feature, square

pytestmark = pytest.mark.django_db
IMPORT = "/inclusion/seoul/import/"


def _post(client, kind, name, data, **fields):  # type: ignore[no-untyped-def]
    return client.post(IMPORT, {"kind": kind, "file": SimpleUploadedFile(name, data), **fields})


def _areas(n: int, first: int = 0) -> bytes:
    return collection(*[feature(f"N{k}", square(LON0 + (k % 50) * SIZE, LAT0 + 0.5 + (k // 50) * SIZE), f"New {k}")
                        for k in range(first, first + n)])  # fmt: skip


def _facilities(n: int) -> bytes:
    rows = [f"K{k},Kiosk {k},kiosk,{LAT0 + 0.005},{LON0 + 0.005 + k * 1e-5},," for k in range(n)]
    return "\n".join(["code,name,kind,latitude,longitude,area_code,address", *rows]).encode()


def test_large_areas_upload_runs_as_a_job_and_ends_with_its_report(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "areas", "areas.geojson", _areas(3), attribution="Survey office")
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Imported: 3 new, 0 updated." in page.content.decode()
    assert 'href="/inclusion/seoul/"' in page.content.decode()  # the map shows the new areas
    assert set(Place.objects.filter(parent=world["seoul"]).values_list("code", flat=True)) == {"N0", "N1", "N2"}
    assert MapFrame.objects.get(city=world["seoul"]).attribution == "Survey office"  # the form's option travelled
    run.refresh_from_db()
    assert (run.kind, run.status, bytes(run.data)) == ("inclusion-areas", ImportRun.Status.DONE, b"")
    assert (run.rows_done, run.rows_total) == (0, 3)


def test_large_facilities_upload_ends_with_a_link_to_the_map_of_facilities(
    iw, client, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(iw["users"]["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "facilities", "kiosks.csv", _facilities(3), name_lang="ko")
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 3 new, 0 updated." in page and 'href="/inclusion/seoul/?facilities=all"' in page
    kiosks = Facility.objects.filter(code__startswith="K")
    assert {(f.name_language, f.area_id) for f in kiosks} == {("ko", iw["areas"]["A1"].pk)}


def test_large_statistics_upload_with_a_bad_row_imports_nothing_and_lists_the_row(
    iw, client, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(iw["users"]["editor_a"])
    data = b"area_code,pop_total,pop_65plus\nA1,1000,100\nA2,2000,500\nNOPE,30,3\nA3,1500,300\nA4,500,250\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "statistics", "stats.csv", data, year="2030", source="Register")
    page = client.get(response["Location"])
    assert page.status_code == 400
    assert "Nothing was imported" in page.content.decode() and "Unknown area code NOPE" in page.content.decode()
    assert [(e.row, e.column) for e in page.context["errors"]] == [(4, "area_code")]
    assert 'href="/inclusion/seoul/import/#stats-h"' in page.content.decode()
    assert not AreaStatistic.objects.filter(year=2030).exists()


def test_large_statistics_upload_uses_the_year_and_source_typed_in_the_form(
    iw, client, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(iw["users"]["editor_a"])
    data = b"area_code,pop_total,pop_65plus\nA1,1000,110\nA2,2000,520\nA3,1500,330\nA4,500,240\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "statistics", "stats.csv", data, year="2030", source="Register")
    assert "Imported: 8 new, 0 updated." in client.get(response["Location"]).content.decode()
    assert set(AreaStatistic.objects.filter(year=2030).values_list("source", flat=True)) == {"Register"}


def test_small_upload_is_still_imported_at_once(iw, client):
    client.force_login(iw["users"]["editor_a"])
    response = _post(client, "areas", "areas.geojson", _areas(1))
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not ImportRun.objects.exists() and Place.objects.filter(parent=iw["city"], code="N0").exists()


def test_job_rechecks_the_policy_for_someone_who_lost_the_right_since_the_upload(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    editor = world["users"]["editor_a"]
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _post(client, "areas", "areas.geojson", _areas(2))
    OrganisationRole.objects.filter(user=editor).update(organisation=world["city_b"])
    for callback in callbacks:
        callback()
    page = client.get(response["Location"])
    assert page.status_code == 400 and "You may no longer import data for" in page.content.decode()
    assert not Place.objects.filter(parent=world["seoul"]).exists()


def test_someone_else_cannot_see_a_map_data_import_run(world, client, settings):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["editor_a"])
    location = _post(client, "areas", "areas.geojson", _areas(2))["Location"]  # the job is not run yet
    assert "Waiting to start" in client.get(location).content.decode()
    client.force_login(world["users"]["editor_b"])
    assert client.get(location).status_code == 404


# ---------------------------------------------------------------------- progress, service by service
def _calls():  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    return calls, lambda done, total: calls.append((done, total))


def test_areas_import_reports_progress_while_checking_features(world):
    calls, progress = _calls()
    areas_import(city=world["seoul"], data=_areas(250), by=None, progress=progress)
    assert calls == [(0, 250), (100, 250), (200, 250)]


def test_statistics_import_reports_progress_while_checking_rows(world):
    areas_import(city=world["seoul"], data=_areas(600), by=None)
    rows = [f"N{k},{1000 + k},{k}" for k in range(600)]
    calls, progress = _calls()
    statistics_import(city=world["seoul"], data="\n".join(["area_code,pop_total,pop_65plus", *rows]).encode(),
                      by=None, year=2024, progress=progress)  # fmt: skip
    assert calls == [(0, 600), (500, 600)]


def test_facilities_import_reports_progress_while_checking_rows(iw):
    calls, progress = _calls()
    facilities_import(city=iw["city"], data=_facilities(1_200), by=None, progress=progress)
    assert calls == [(0, 1_200), (500, 1_200), (1_000, 1_200)]
