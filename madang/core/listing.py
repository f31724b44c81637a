"""What every searchable list shares (the catalogue, needs, solutions, pilots, organisations): the query cut to a
searchable length, filters read from a GET form, the place menus, and the CSV download of what is listed."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any, Self, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Place
from .spreadsheet import spreadsheet_safe

# A pasted paragraph is a fair query (the encoder reads it whole), but past a thousand characters nothing is gained
# and an unbounded GET parameter is a cost anyone can impose: longer queries are cut, and the page says so.
SEARCH_MAX_CHARS = 1000


def search_text(q: str) -> str:
    """The part of a query that is searched: at most SEARCH_MAX_CHARS, cut between words where the text has spaces."""
    q = " ".join(q.split())
    if len(q) <= SEARCH_MAX_CHARS:
        return q
    cut = q[:SEARCH_MAX_CHARS]
    space = cut.rfind(" ")
    # Korean and Latin text break at a space near the end; Chinese and Japanese have none, so cut the characters.
    return cut[:space] if space > SEARCH_MAX_CHARS * 0.8 else cut


class Filters:
    """A list's filters as a frozen dataclass of strings (subclasses add the fields), read from cleaned GET data:
    every value trimmed and bounded, the query cut by `search_text`."""

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Self:
        values = {f.name: str(data.get(f.name) or "").strip()[:200] for f in fields(cls)}  # type: ignore[arg-type]
        if "q" in values:
            values["q"] = search_text(str(data.get("q") or ""))
        return cls(**values)

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}  # type: ignore[arg-type]


def place_choices(form: forms.Form, cities: Sequence[Place]) -> None:
    """Fill a filter form's `country` and `city` menus from the cities the list has."""
    countries = sorted({c.parent for c in cities if c.parent is not None}, key=lambda p: p.name)
    cast(forms.ChoiceField, form.fields["country"]).choices = [("", _("All countries"))] + [
        (c.code, str(c.display_name())) for c in countries
    ]
    cast(forms.ChoiceField, form.fields["city"]).choices = [("", _("All cities"))] + [
        (c.slug, str(c.display_name())) for c in cities
    ]


def csv_stream(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A CSV download row by row (a long list is never built in memory), formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        yield buffer.getvalue()
