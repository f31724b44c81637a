"""Long imports run in the job worker: the page shows how far it has got, then the all-or-nothing report."""

import io

from madang.catalogue.models import Initiative
from madang.catalogue.services import initiatives_import
from madang.core.models import ImportRun

from .test_import import good_row, make_csv


def _upload(rows, name="big.csv"):  # type: ignore[no-untyped-def]
    upload = io.BytesIO(make_csv(rows))
    upload.name = name
    return upload


def test_upload_above_the_inline_size_runs_as_a_job_and_ends_with_its_report(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 100
    client.force_login(world["users"]["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/initiatives/import/", {"file": _upload([good_row(1), good_row(2)])})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Imported 2 new and 0 updated initiatives as drafts." in page.content.decode()
    assert set(Initiative.objects.filter(slug__startswith="row-").values_list("owner", flat=True)) == {
        world["city_a"].pk
    }
    run.refresh_from_db()
    assert (run.status, bytes(run.data)) == (ImportRun.Status.DONE, b"")  # the upload is not kept
    assert 'href="/accounts/profile/"' in page.content.decode()


def test_job_with_a_bad_row_imports_nothing_and_lists_the_row(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 100
    client.force_login(world["users"]["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/initiatives/import/", {"file": _upload([good_row(1), good_row(2, city="atlantis")])})
    page = client.get(response["Location"])
    assert page.status_code == 400
    assert "Nothing was imported" in page.content.decode() and "atlantis" in page.content.decode()
    assert [e.row for e in page.context["errors"]] == [3]
    assert not Initiative.objects.filter(slug__startswith="row-").exists()


def test_page_of_a_running_import_says_which_row_it_has_reached(client, world, settings):
    settings.MADANG_IMPORT_INLINE_BYTES = 100
    client.force_login(world["users"]["editor_a"])
    response = client.post("/initiatives/import/", {"file": _upload([good_row(1)])})  # the job is not run yet
    page = client.get(response["Location"])
    assert "Waiting to start" in page.content.decode() and "Check again" in page.content.decode()
    ImportRun.objects.update(status=ImportRun.Status.RUNNING, rows_done=12_000, rows_total=50_000)
    assert "Checked row 12000 of 50000." in client.get(response["Location"]).content.decode()


def test_import_reports_progress_while_checking_rows(world):
    calls = []
    initiatives_import(
        data=make_csv([good_row(n) for n in range(1_200)]),
        fmt="csv",
        by=None,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(0, 1_200), (500, 1_200), (1_000, 1_200)]


def test_someone_else_cannot_see_an_import_run(client, world, settings):
    settings.MADANG_IMPORT_INLINE_BYTES = 100
    client.force_login(world["users"]["editor_a"])
    location = client.post("/initiatives/import/", {"file": _upload([good_row(1)])})["Location"]
    client.force_login(world["users"]["editor_b"])
    assert client.get(location).status_code == 404
