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

from madang.catalogue.importing import decode
from madang.core.imports import ImportFailed, RowError

VALUE_COLUMNS = ("place", "indicator", "year", "value", "source", "source_date")
META_COLUMNS = ("iCode", "iName", "Level", "Parent", "Type", "Direction", "Weight", "Unit", "Target", "Denominator")
MAX_ROWS = 50_000
MAX_COLUMNS = 64  # the widest table (iMeta) has ten columns; anything past 64 is never read


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
    """The first sheet's rows, read lazily and bounded: a sheet may declare A1:XFD1048576 (17 billion cells) in a
    1.6 KB file, so its declared size is ignored, columns are cut at MAX_COLUMNS and reading stops past MAX_ROWS."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFailed([RowError(0, "", _("The file is not a readable Excel workbook (.xlsx)."))]) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # trust the cells that are there, not the size the file claims
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append([_cell(c) for c in row])
    finally:
        book.close()
    return rows


def _too_many_rows() -> ImportFailed:
    return ImportFailed([RowError(0, "", _("The file has more than %(n)d rows: split it.") % {"n": MAX_ROWS})])


def _csv_rows(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in csv.reader(io.StringIO(text)):
        if len(rows) > MAX_ROWS:
            raise _too_many_rows()
        rows.append([c.strip() for c in row[:MAX_COLUMNS]])
    return rows


def read_table(data: bytes, filename: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every non-empty row of the CSV or the workbook's first sheet, keyed by the header;
    the whole file is refused when a required column is missing or a row is longer than the header."""
    grid = _xlsx_rows(data) if filename.lower().endswith((".xlsx", ".xlsm")) else _csv_rows(decode(data))
    if not grid:
        raise ImportFailed([RowError(0, "", _("The file is empty."))])
    header = [h.strip() for h in grid[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed(
            [RowError(0, c, _("Required column “%(column)s” is missing.") % {"column": c}) for c in missing]
        )
    if len(grid) - 1 > MAX_ROWS:
        raise _too_many_rows()
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
