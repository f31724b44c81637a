"""All-or-nothing import of initiatives from CSV or JSON.

Every row is validated against the database before anything is written, so a bad file changes
nothing and the report names every bad row (row, column, reason) in the user's language.
The CSV and JSON formats are documented in docs/import-format.md; export writes the same formats.
"""

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from madang.core.i18n import CONTENT_LANGUAGES
from madang.core.imports import ImportFailed, RowError
from madang.core.models import Organisation, Place
from madang.core.spreadsheet import spreadsheet_unescape

SLUG_RE = re.compile(r"^[-a-z0-9_]{1,120}$")
CSV_REQUIRED = ("slug", "original_language", "city", "domain", "stage")
CSV_COLUMNS = (
    "slug",
    "original_language",
    *[f"{f}_{lang}" for lang in CONTENT_LANGUAGES for f in ("title", "summary", "body", "origin")],
    "domain",
    "tags",
    "city",
    "district",
    "owner",
    "partners",
    "stage",
    "start_year",
    "end_year",
    "budget_amount",
    "budget_currency",
    "funding_model",
    "groups_served",
    "sdgs",
    "sources",
    "outcomes",
    "last_verified",
)
_url = URLValidator(schemes=["http", "https"])
# Bounds checked while reading, before anything is built from the file: a file under the upload size limit can
# still hold hundreds of thousands of short rows, one enormous cell or NUL bytes PostgreSQL cannot store.
MAX_ROWS = 20_000
MAX_CELL_CHARS = 50_000
MAX_ROW_ERRORS = 200  # past this many bad rows the report says so and stops, instead of listing a whole bad file


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class CleanRecord:
    row: int
    slug: str
    original_language: str
    translations: dict[str, dict[str, str]]
    domain: str
    tags: list[str]
    city: Place
    district: Place | None
    owner: Organisation
    partners: list[tuple[Organisation, str]]
    stage: str
    start_year: int | None
    end_year: int | None
    budget_amount: Decimal | None
    budget_currency: str
    funding_model: str
    groups_served: list[str]
    sdgs: list[int]
    sources: list[tuple[str, str]]
    outcomes: list[dict[str, Any]]
    last_verified: dt.date | None


# ---------------------------------------------------------------- parsing


def decode(data: bytes) -> str:
    """UTF-8 text without NUL bytes, for every text import (catalogue, assessment, inclusion): PostgreSQL cannot
    store NUL and the csv module refuses it outright, so the file is refused here with the line that has it."""
    text = _utf8(data)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed([RowError(line, "", _("This line contains a NUL character, which cannot be stored."))])
    return text


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [
                RowError(
                    0,
                    "",
                    _("The file is not UTF-8 text (error at byte %(pos)d). Save it as UTF-8 and try again.")
                    % {"pos": exc.start},
                )
            ]
        ) from exc


def _max_rows() -> int:
    return int(getattr(settings, "MADANG_IMPORT_MAX_ROWS", MAX_ROWS))


def _too_many_rows() -> ImportFailed:
    limit = _max_rows()
    return ImportFailed(
        [RowError(0, "", _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": f"{limit:,}"})]
    )


def _bad_text(value: str) -> str | None:
    if "\x00" in value:
        return _("This cell contains a NUL character, which cannot be stored. Remove it and try again.")
    if len(value) > MAX_CELL_CHARS:
        return _("This cell has more than %(n)s characters.") % {"n": f"{MAX_CELL_CHARS:,}"}
    return None


def _bad_json_text(item: Any) -> str | None:
    """The first unusable string anywhere in one JSON record; a stack, not recursion, since the depth is the
    sender's choice."""
    stack = [item]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if found := _bad_text(value):
                return found
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def parse_json(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except (RecursionError, ValueError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            where = {"line": exc.lineno, "col": exc.colno}
            message = _("The file is not valid JSON (line %(line)d, column %(col)d).") % where
        else:  # nested too deep, or a number with thousands of digits: no real catalogue has either
            message = _("The file is JSON nested too deeply or with a number too long to read.")
        raise ImportFailed([RowError(0, "", message)]) from exc
    items = data.get("initiatives") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportFailed([RowError(0, "", _("Expected a list of initiatives or an object with “initiatives”."))])
    if len(items) > _max_rows():
        raise _too_many_rows()
    errors = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(RowError(i, "", _("Each initiative must be an object with fields, not “%(value)s”.")
                                   % {"value": str(item)[:40]}))  # fmt: skip
        elif problem := _bad_json_text(item):
            errors.append(RowError(i, "", problem))
        if len(errors) >= MAX_ROW_ERRORS:
            break
    if errors:
        raise ImportFailed(errors)
    return [(i, item) for i, item in enumerate(items, start=1)]


def _split(value: str, sep: str = ";") -> list[str]:
    return [part.strip() for part in (value or "").split(sep) if part.strip()]


def parse_csv(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise ImportFailed(
            [RowError(0, c, _("Required column “%(column)s” is missing.") % {"column": c}) for c in missing]
        )
    reader.fieldnames = header
    records: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    for row in reader:
        rownum = reader.line_num
        if len(records) + len(errors) >= _max_rows():
            raise _too_many_rows()
        if len(errors) >= MAX_ROW_ERRORS:
            break
        if None in row:
            errors.append(RowError(rownum, "", _("This row has more cells than the header.")))
            continue
        cells = {k: spreadsheet_unescape((v or "").strip()) for k, v in row.items()}
        bad = next(((k, problem) for k, v in cells.items() if (problem := _bad_text(v))), None)
        if bad:
            errors.append(RowError(rownum, bad[0], bad[1]))
            continue
        if not any(cells.values()):
            continue
        record: dict[str, Any] = {k: cells.get(k, "") for k in CSV_COLUMNS if k in cells}
        record["translations"] = {
            lang: {f: cells.get(f"{f}_{lang}", "") for f in ("title", "summary", "body", "origin")}
            for lang in CONTENT_LANGUAGES
            if cells.get(f"title_{lang}") or cells.get(f"summary_{lang}")
        }
        record["tags"] = _split(cells.get("tags", ""))
        record["groups_served"] = _split(cells.get("groups_served", ""))
        record["sdgs"] = _split(cells.get("sdgs", ""))
        record["partners"] = [
            {"organisation": p.partition(":")[0].strip(), "role": p.partition(":")[2].strip()}
            for p in _split(cells.get("partners", ""))
        ]
        record["sources"] = [
            {"title": s.rpartition("|")[0].strip(), "url": s.rpartition("|")[2].strip()}
            for s in _split(cells.get("sources", ""))
        ]
        outcomes = cells.get("outcomes", "")
        try:
            record["outcomes"] = json.loads(outcomes) if outcomes else []
        except json.JSONDecodeError:
            record["outcomes"] = None
        records.append((rownum, record))
    if errors:
        raise ImportFailed(errors)
    return records


def parse(data: bytes, fmt: str) -> list[tuple[int, dict[str, Any]]]:
    text = decode(data)
    if fmt == "json":
        return parse_json(text)
    if fmt == "csv":
        return parse_csv(text)
    raise ImportFailed([RowError(0, "", _("Unknown file format “%(fmt)s”: use CSV or JSON.") % {"fmt": fmt})])


def guess_format(filename: str) -> str:
    return "json" if filename.lower().endswith(".json") else "csv"
