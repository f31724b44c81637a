"""All-or-nothing imports: every bad row is named, nothing is written, good files round-trip."""

import csv
import io
import json

import pytest

from madang.catalogue.exporting import export_csv, export_json
from madang.catalogue.models import Initiative, InitiativeTranslation
from madang.catalogue.selectors import initiative_detail_queryset
from madang.catalogue.services import initiatives_import
from madang.core.imports import ImportFailed

HEADER = ["slug", "original_language", "title_en", "summary_en", "title_ko", "summary_ko", "city", "domain", "stage",
          "partners", "groups_served", "sdgs", "sources", "tags"]  # fmt: skip


def make_csv(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def good_row(n: int, city: str = "seoul") -> list[str]:
    return [f"row-{n}", "en", f"Title {n}", "Short summary.", f"제목 {n}", "요약.", city, "mobility", "pilot",
            "city-a:lead", "seniors;children", "11;9", "City page|https://example.org/a", "kiosk;bus"]  # fmt: skip


def test_import_creates_initiatives_with_every_part(world):
    report = initiatives_import(data=make_csv([good_row(1), good_row(2)]), fmt="csv", by=None)
    assert (report.created, report.updated) == (2, 0)
    initiative = initiative_detail_queryset().get(slug="row-1")
    assert initiative.owner == world["city_a"]
    assert {t.language: t.origin for t in initiative.translations.all()} == {"en": "human", "ko": "machine"}
    assert sorted(g.code for g in initiative.groups_served.all()) == ["children", "seniors"]
    assert initiative.sdgs == [11, 9]
    assert [(s.title, s.url) for s in initiative.sources.all()] == [("City page", "https://example.org/a")]
    assert sorted(t.name for t in initiative.tags.all()) == ["bus", "kiosk"]
    assert initiative.is_published is False


def test_import_rejects_row_without_city_and_names_every_bad_row(world):
    rows = [good_row(1), good_row(2, city=""), good_row(3), good_row(4, city="atlantis")]
    rows[2][7] = "teleportation"
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv(rows), fmt="csv", by=None)
    reported = {(e.row, e.column) for e in failed.value.errors}
    assert reported == {(3, "city"), (4, "domain"), (5, "city")}
    assert "atlantis" in " ".join(e.message for e in failed.value.errors)
    assert not Initiative.objects.filter(slug__startswith="row-").exists()


def test_import_rejects_wrong_encoding_without_writing(world):
    data = make_csv([good_row(1)]).decode().replace("Title 1", "서울 키오스크").encode("cp949")
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=data, fmt="csv", by=None)
    assert failed.value.errors[0].row == 0
    assert "UTF-8" in failed.value.errors[0].message
    assert not Initiative.objects.filter(slug="row-1").exists()


def test_import_names_missing_columns(world):
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv([["x", "en"]], header=["slug", "original_language"]), fmt="csv", by=None)
    assert {e.column for e in failed.value.errors} == {"city", "domain", "stage"}


def test_import_rejects_duplicate_slugs_in_one_file(world):
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv([good_row(1), good_row(1)]), fmt="csv", by=None)
    assert [(e.row, e.column) for e in failed.value.errors] == [(3, "slug")]
    assert "row 2" in failed.value.errors[0].message


def test_import_rejects_summary_over_300_characters(world):
    row = good_row(1)
    row[3] = "x" * 301
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv([row]), fmt="csv", by=None)
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "summary_en")]


def test_import_reports_errors_in_the_users_language(world, settings):
    from django.utils import translation

    from madang.core.i18n_tools import compile_mo_files

    compile_mo_files()
    with translation.override("ko"), pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv([good_row(1, city="atlantis")]), fmt="csv", by=None)
    message = failed.value.errors[0].message
    assert "atlantis" in message
    assert "Unknown city" not in message


def test_importing_twice_updates_instead_of_duplicating(world):
    initiatives_import(data=make_csv([good_row(1)]), fmt="csv", by=None)
    row = good_row(1)
    row[2] = "New title"
    report = initiatives_import(data=make_csv([row]), fmt="csv", by=None)
    assert (report.created, report.updated) == (0, 1)
    assert InitiativeTranslation.objects.get(initiative__slug="row-1", language="en").title == "New title"
    assert Initiative.objects.filter(slug="row-1").count() == 1


def test_editor_import_cannot_overwrite_another_organisations_entry(world):
    editor_a = world["users"]["editor_a"]
    row = good_row(1)
    row[0] = "b-published"
    row[9] = ""
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv([row]), fmt="csv", by=editor_a)
    assert failed.value.errors[0].column == "slug"


def test_citizen_cannot_import(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        initiatives_import(data=make_csv([good_row(1)]), fmt="csv", by=world["users"]["citizen"])


def test_import_of_10000_rows_all_or_nothing(world, django_assert_max_num_queries):
    rows = [good_row(n) for n in range(10_000)]
    with django_assert_max_num_queries(1_000):  # batched writes: far fewer queries than rows
        report = initiatives_import(data=make_csv(rows), fmt="csv", by=None)
    assert report.created == 10_000
    assert InitiativeTranslation.objects.filter(initiative__slug__startswith="row-").count() == 20_000
    rows[9_999][6] = "nowhere"
    rows.append(good_row(10_001))
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=make_csv(rows), fmt="csv", by=None)
    assert [e.row for e in failed.value.errors] == [10_001]
    assert not Initiative.objects.filter(slug="row-10001").exists()


def test_bad_json_names_line_and_column(world):
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=b'{"initiatives": [}', fmt="json", by=None)
    assert "line 1" in failed.value.errors[0].message


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_imports_back_unchanged(world, fmt):
    initiatives_import(data=make_csv([good_row(1), good_row(2)]), fmt="csv", by=None)
    qs = initiative_detail_queryset().filter(slug__startswith="row-").order_by("slug")
    exported = "".join((export_csv if fmt == "csv" else export_json)(qs)).encode()
    before = "".join(export_json(qs))
    Initiative.objects.filter(slug__startswith="row-").delete()
    report = initiatives_import(data=exported, fmt=fmt, by=None)
    assert report.created == 2
    after = "".join(export_json(initiative_detail_queryset().filter(slug__startswith="row-").order_by("slug")))
    assert json.loads(after) == json.loads(before)


def test_import_page_shows_every_bad_row_and_changes_nothing(client, world):
    client.force_login(world["users"]["editor_a"])
    upload = io.BytesIO(make_csv([good_row(1, city="atlantis"), good_row(2, city="")]))
    upload.name = "bad.csv"
    response = client.post("/initiatives/import/", {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "atlantis" in text and "Nothing was imported" in text
    assert [e.row for e in response.context["errors"]] == [2, 3]
    assert not Initiative.objects.filter(slug__startswith="row-").exists()


def test_import_page_imports_good_file_as_drafts_of_the_editors_organisation(client, world):
    client.force_login(world["users"]["editor_a"])
    upload = io.BytesIO(make_csv([good_row(1)]))
    upload.name = "good.csv"
    response = client.post("/initiatives/import/", {"file": upload})
    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="row-1")
    assert (initiative.owner, initiative.is_published) == (world["city_a"], False)


def test_import_command_reports_rows_and_fails(world, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "bad.csv"
    path.write_bytes(make_csv([good_row(1, city="atlantis")]))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_initiatives", str(path))
    path.write_bytes(make_csv([good_row(1)]))
    call_command("import_initiatives", str(path), "--publish")
    assert Initiative.objects.get(slug="row-1").is_published


def test_import_page_refuses_oversized_file_with_a_message(client, world, settings):
    settings.MADANG_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(world["users"]["editor_a"])
    upload = io.BytesIO(make_csv([good_row(n) for n in range(12_000)]))
    upload.name = "big.csv"
    response = client.post("/initiatives/import/", {"file": upload})
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    assert not Initiative.objects.filter(slug__startswith="row-").exists()
