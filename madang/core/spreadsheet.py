"""Cells that a spreadsheet would run as formulas are written as text.

Excel, LibreOffice and Google Sheets treat a cell starting with =, +, -, @ (and tab or carriage return, which
some of them strip first) as a formula, so an initiative titled `=HYPERLINK("http://evil", "Click")` in a CSV
export runs in the reader's spreadsheet (OWASP "CSV injection"). A leading apostrophe makes it text in all of them
and is not shown. Plain numbers such as -5 or +82 stay numbers. Imports remove the apostrophe again, so exports
round-trip.
"""

import csv
import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(_FORMULA_START) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def spreadsheet_unescape(value: str) -> str:
    """The inverse for imports: a leading apostrophe before a formula character was added by an export."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


class SafeWriter:
    """csv.writer with every cell made safe."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([spreadsheet_safe(cell) for cell in row])
