"""Imports that could hurt the service are refused whole with a clear row error, before anything is built; exports
never hand a spreadsheet a formula."""

import csv
import io
import json

import pytest

from madang.catalogue.exporting import export_csv
from madang.catalogue.models import Initiative
from madang.catalogue.selectors import initiative_detail_queryset
from madang.catalogue.services import initiatives_import
from madang.core.imports import ImportFailed
from madang.core.spreadsheet import spreadsheet_safe
from tests.factories import MembershipFactory, OrganisationFactory
from tests.madang.catalogue.test_import import HEADER, good_row, make_csv


def _refused(data: bytes, fmt: str) -> list:
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(data=data, fmt=fmt, by=None)
    assert not Initiative.objects.filter(slug__startswith="row-").exists()
    return failed.value.errors


def test_import_refuses_more_rows_than_the_limit_before_reading_them_all(world, settings):
    settings.MADANG_IMPORT_MAX_ROWS = 100
    errors = _refused(make_csv([good_row(n) for n in range(300)]), "csv")
    assert len(errors) == 1 and errors[0].row == 0 and "more than 100 rows" in errors[0].message


def test_import_names_the_cell_with_a_nul_byte(world):
    row = good_row(1)
    row[2] = "Title\x00with NUL"
    errors = _refused(make_csv([good_row(0), row]), "csv")
    assert [(e.row, "NUL" in e.message) for e in errors] == [(3, True)]


def test_import_refuses_an_enormous_cell(world):
    row = good_row(1)
    row[5] = "요" * 60_000
    errors = _refused(make_csv([row]), "csv")
    assert errors[0].row == 2 and errors[0].column == "summary_ko"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"initiatives": [' + "1" * 5001 + "]}", "number too long"),
    ],
)
def test_json_that_cannot_be_parsed_safely_is_a_file_error(world, payload, expected):
    errors = _refused(payload.encode(), "json")
    assert errors[0].row == 0 and expected in errors[0].message


def test_json_items_that_are_not_objects_are_row_errors(world):
    errors = _refused(b'{"initiatives": [1, "x", null]}', "json")
    assert [e.row for e in errors] == [1, 2, 3]


def test_json_nul_anywhere_in_a_record_is_a_row_error(world):
    record = {"slug": "row-1", "translations": {"en": {"title": "A\x00B", "summary": "s"}}}
    errors = _refused(json.dumps({"initiatives": [record]}).encode(), "json")
    assert errors[0].row == 1 and "NUL" in errors[0].message


def test_import_page_answers_nul_and_deep_json_with_a_400(client, world):
    client.force_login(world["users"]["editor_a"])
    for name, body in (("deep.json", b"[" * 50_000), ("nul.csv", make_csv([good_row(1)]).replace(b"Title", b"T\x00"))):
        upload = io.BytesIO(body)
        upload.name = name
        response = client.post("/initiatives/import/", {"file": upload})
        assert response.status_code == 400
        assert "Nothing was imported" in response.content.decode()


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil","Click")', '\'=HYPERLINK("http://evil","Click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("-5", "-5"),
        ("+82", "+82"),
        ("Seoul", "Seoul"),
        (12, 12),
    ],
)
def test_spreadsheet_safe_turns_formulas_into_text(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_csv_export_neutralises_formulas_and_still_round_trips(world):
    row = good_row(1)
    row[2] = '=HYPERLINK("http://evil.example","Click")'
    initiatives_import(data=make_csv([row]), fmt="csv", by=None)
    qs = initiative_detail_queryset().filter(slug="row-1")
    exported = "".join(export_csv(qs))
    cells = next(csv.DictReader(io.StringIO(exported)))
    assert cells["title_en"] == "'" + row[2]
    Initiative.objects.filter(slug="row-1").delete()
    initiatives_import(data=exported.encode(), fmt="csv", by=None)
    assert Initiative.objects.get(slug="row-1").translations.get(language="en").title == row[2]


def test_a_network_admin_cannot_take_over_another_networks_entry_by_import(world):
    ours = OrganisationFactory(slug="ascn-city", kind="city", city=world["makati"])
    MembershipFactory(organisation=ours, network=world["users"]["other_admin"].network)
    taken = world["initiative_b"]  # published, owned by city B, a member of the other network
    row = good_row(1, city="makati")
    row[0] = taken.slug
    header = [*HEADER, "owner"]
    with pytest.raises(ImportFailed) as failed:
        initiatives_import(
            data=make_csv([[*row, "ascn-city"]], header=header), fmt="csv", by=world["users"]["other_admin"]
        )
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "slug")]
    taken.refresh_from_db()
    assert taken.owner == world["city_b"] and taken.is_published


def test_a_network_admin_still_updates_their_members_entries_by_import(world):
    row = good_row(1, city="makati")
    row[0] = world["initiative_b"].slug
    header = [*HEADER, "owner"]
    report = initiatives_import(data=make_csv([[*row, "city-b"]], header=header), fmt="csv", by=world["users"]["admin"])
    assert report.updated == 1
