"""Value uploads (CSV and XLSX): all or nothing, every problem reported with its row, through the page too."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from madang.assessment.models import Framework, Node, Value
from madang.assessment.services import values_import
from madang.core.imports import ImportFailed

HEADER = "place,indicator,year,value,source,source_date\n"


@pytest.fixture
def dii(db):
    return Framework.objects.get(slug="digital-inclusion-index")


def _errors(dii, user, text, filename="values.csv"):
    with pytest.raises(ImportFailed) as failed:
        values_import(framework=dii, data=text.encode(), filename=filename, by=user)
    return {(e.row, e.column) for e in failed.value.errors}, failed.value.errors


def test_a_clean_csv_is_saved_as_submitted(world, dii):
    Node.objects.create(framework=dii, code="POP", kind="denominator", unit="people")
    text = HEADER + 'seoul,ACC1,2024,81.5,Household survey,2024-11-01\nseoul,POP,2024,"1,200",Census,2024-10-01\n'
    report = values_import(framework=dii, data=text.encode(), filename="v.csv", by=world["users"]["editor_a"])
    assert (report.created, report.updated) == (2, 0)
    assert set(Value.objects.values_list("node__code", "value", "status")) == {
        ("ACC1", 81.5, "submitted"),
        ("POP", 1200.0, "submitted"),
    }  # a comma groups thousands
    again = values_import(framework=dii, data=text.encode(), filename="v.csv", by=world["users"]["editor_a"])
    assert (again.created, again.updated) == (0, 2)


def test_import_reports_every_bad_row_and_saves_nothing(world, dii):
    text = HEADER + "\n".join([
        "seoul,ACC1,2024,81.5,Household survey,2024-11-01",  # fine, but not saved: the file has errors
        "atlantis,ACC1,2024,10,Survey,2024-01-01",            # unknown place
        "makati,ACC1,2024,10,Survey,2024-01-01",              # another city's values
        "seoul,XYZ,2024,10,Survey,2024-01-01",                # unknown indicator
        "seoul,DII,2024,10,Survey,2024-01-01",                # an aggregate is computed, not entered
        "seoul,ACC2,24,10,Survey,2024-01-01",                 # year
        "seoul,ACC3,2024,many,Survey,2024-01-01",             # not a number
        'seoul,USE1,2024,"12,5",Survey,2024-01-01',           # a decimal comma is ambiguous: refused
        "seoul,COM1,2024,10,,2024-01-01",                     # no source
        "seoul,COM2,2024,10,Survey,01/02/2024",               # date format
        "seoul,ACC1,2024,82,Survey,2024-01-01",               # the same value twice
    ]) + "\n"  # fmt: skip
    where, errors = _errors(dii, world["users"]["editor_a"], text)
    assert where == {(3, "place"), (4, "place"), (5, "indicator"), (6, "indicator"), (7, "year"), (8, "value"),
                     (9, "value"), (10, "source"), (11, "source_date"), (12, "")}  # fmt: skip
    assert any("Makati" in e.message for e in errors if e.row == 4)
    assert Value.objects.count() == 0


def test_missing_columns_and_unreadable_files_are_refused_whole(world, dii):
    where, _ = _errors(dii, world["users"]["editor_a"], "place,indicator,year\nseoul,ACC1,2024\n")
    assert where == {(0, "value"), (0, "source"), (0, "source_date")}
    where, errors = _errors(dii, world["users"]["editor_a"], "not a workbook", filename="v.xlsx")
    assert where == {(0, "")} and "Excel" in errors[0].message
    with pytest.raises(ImportFailed) as failed:
        values_import(framework=dii, data=b"\xff\xfe\x00bad", filename="v.csv", by=world["users"]["editor_a"])
    assert "UTF-8" in failed.value.errors[0].message


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_is_read_from_its_first_sheet(world, dii):
    import datetime as dt

    data = _xlsx([["place", "indicator", "year", "value", "source", "source_date"],
                  ["seoul", "COM2", 2023, 55.25, "Digital skills survey", dt.date(2023, 12, 1)],
                  [None, None, None, None, None, None],
                  ["seoul", "COM3", 2023.0, 20, "Training records", dt.datetime(2023, 12, 31, 0, 0)]])  # fmt: skip
    report = values_import(framework=dii, data=data, filename="values.xlsx", by=world["users"]["editor_a"])
    assert report.created == 2
    assert Value.objects.get(node__code="COM3").source_date.isoformat() == "2023-12-31"


def test_the_upload_page_shows_the_problems_and_keeps_nothing(client, world, dii):
    client.force_login(world["users"]["editor_a"])
    bad = io.BytesIO((HEADER + "seoul,ACC1,20x4,81,Survey,2024-11-01\n").encode())
    bad.name = "values.csv"
    response = client.post(reverse("assessment:submit", args=[dii.slug]), {"action": "upload", "file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page and "Write the year as four digits" in page
    good = io.BytesIO((HEADER + "seoul,ACC1,2024,81,Survey,2024-11-01\n").encode())
    good.name = "values.csv"
    response = client.post(reverse("assessment:submit", args=[dii.slug]), {"action": "upload", "file": good})
    assert response.status_code == 302 and Value.objects.filter(status="submitted").count() == 1


def test_the_single_value_form_shows_what_was_typed_when_it_is_wrong(client, world, dii):
    client.force_login(world["users"]["editor_a"])
    node = dii.nodes.get(code="ACC1")
    response = client.post(reverse("assessment:submit", args=[dii.slug]), {
        "action": "one", "place": world["seoul"].pk, "node": node.pk, "year": 2024, "value": "eighty",
        "source": "My typed source", "source_date": "2024-11-01",
    })  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "My typed source" in page and 'value="eighty"' in page


def _claiming(data: bytes, dimension: str) -> bytes:
    """The same workbook with its sheet declaring another size, as a hostile 1.6 KB file can."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), body)
            target.writestr(item, body)
    return out.getvalue()


def test_a_workbook_declaring_a_huge_sheet_is_read_by_its_real_cells(world, dii):
    import time

    rows = [["place", "indicator", "year", "value", "source", "source_date"],
            ["seoul", "COM2", 2023, 55, "Digital skills survey", "2023-12-01"]]  # fmt: skip
    data = _claiming(_xlsx(rows), "A1:XFD1048576")
    assert len(data) < 10_000
    start = time.perf_counter()
    report = values_import(framework=dii, data=data, filename="values.xlsx", by=world["users"]["editor_a"])
    assert report.created == 1
    assert time.perf_counter() - start < 10  # the old reader padded 17 billion cells
