"""Reading value uploads (CSV or XLSX) and iMeta-style framework tables into rows, with row-level errors.

Nothing is written here; services.py checks every row and writes all or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _

from madang.catalogue.importing import ImportFailed, RowError, decode

VALUE_COLUMNS = ("place", "indicator", "year", "value", "source", "source_date")
META_COLUMNS = ("iCode", "iName", "Level", "Parent", "Type", "Direction", "Weight", "Unit", "Target", "Denominator")
MAX_ROWS = 50_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFailed([RowError(0, "", _("The file is not a readable Excel workbook (.xlsx)."))]) from exc
    sheet = book.worksheets[0]
    rows = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def read_table(data: bytes, filename: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every non-empty row of the CSV or the workbook's first sheet, keyed by the header;
    the whole file is refused when a required column is missing or a row is longer than the header."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        grid = _xlsx_rows(data)
    else:
        grid = [[c.strip() for c in row] for row in csv.reader(io.StringIO(decode(data)))]
    if not grid:
        raise ImportFailed([RowError(0, "", _("The file is empty."))])
    header = [h.strip() for h in grid[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed(
            [RowError(0, c, _("Required column “%(column)s” is missing.") % {"column": c}) for c in missing]
        )
    if len(grid) - 1 > MAX_ROWS:
        raise ImportFailed([RowError(0, "", _("The file has more than %(n)d rows: split it.") % {"n": MAX_ROWS})])
    rows, errors = [], []
    for number, cells in enumerate(grid[1:], start=2):
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            errors.append(RowError(number, "", _("This row has more cells than the header.")))
            continue
        rows.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}))
    if errors:
        raise ImportFailed(errors)
    return rows
