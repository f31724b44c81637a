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

from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from madang.core.i18n import CONTENT_LANGUAGES
from madang.core.models import Organisation, Place

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


@dataclass(frozen=True)
class RowError:
    row: int  # 0 = the file as a whole
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


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


def parse_json(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            [
                RowError(
                    0,
                    "",
                    _("The file is not valid JSON (line %(line)d, column %(col)d).")
                    % {"line": exc.lineno, "col": exc.colno},
                )
            ]
        ) from exc
    items = data.get("initiatives") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportFailed([RowError(0, "", _("Expected a list of initiatives or an object with “initiatives”."))])
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
        if None in row:
            errors.append(RowError(rownum, "", _("This row has more cells than the header.")))
            continue
        cells = {k: (v or "").strip() for k, v in row.items()}
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
