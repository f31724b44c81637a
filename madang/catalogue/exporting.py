"""Export in the import formats, so an exported file imports back unchanged."""

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from madang.core.listing import csv_stream

from .importing import CSV_COLUMNS
from .models import Initiative


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def initiative_record(i: Initiative) -> dict[str, Any]:
    """Needs the prefetches of selectors.initiative_detail_queryset (or the export queryset)."""
    return {
        "slug": i.slug,
        "original_language": i.original_language,
        "translations": {
            t.language: {"title": t.title, "summary": t.summary, "body": t.body, "origin": t.origin}
            for t in i.translations.all()
        },
        "domain": i.domain,
        "tags": sorted(t.name for t in i.tags.all()),
        "city": i.city.slug,
        "district": i.district.slug if i.district_id and i.district else None,
        "owner": i.owner.slug,
        "partners": [{"organisation": p.organisation.slug, "role": p.role} for p in i.partnerships.all()],
        "stage": i.stage,
        "start_year": i.start_year,
        "end_year": i.end_year,
        "budget_amount": _num(i.budget_amount),
        "budget_currency": i.budget_currency,
        "funding_model": i.funding_model,
        "groups_served": sorted(g.code for g in i.groups_served.all()),
        "outcomes": [
            {
                "indicator": o.indicator,
                "baseline": _num(o.baseline),
                "result": _num(o.result),
                "unit": o.unit,
                "year": o.year,
                "source": o.source,
            }
            for o in i.outcomes.all()
        ],
        "sdgs": list(i.sdgs),
        "sources": [{"title": s.title, "url": s.url} for s in i.sources.all()],
        "last_verified": i.last_verified.isoformat() if i.last_verified else None,
    }


def export_json(initiatives: Iterable[Initiative]) -> Iterator[str]:
    """Streamed so a 10,000-row export does not hold one big string."""
    yield '{"initiatives": [\n'
    for n, i in enumerate(initiatives):
        yield ("," if n else "") + json.dumps(initiative_record(i), ensure_ascii=False) + "\n"
    yield "]}\n"


def _csv_row(i: Initiative) -> dict[str, str]:
    r = initiative_record(i)
    row: dict[str, str] = {
        k: "" if r.get(k) is None else str(r[k]) for k in CSV_COLUMNS if k in r and not isinstance(r[k], list | dict)
    }
    for lang, content in r["translations"].items():
        for f, v in content.items():
            row[f"{f}_{lang}"] = v
    row["tags"] = ";".join(r["tags"])
    row["groups_served"] = ";".join(r["groups_served"])
    row["sdgs"] = ";".join(str(s) for s in r["sdgs"])
    row["partners"] = ";".join(f"{p['organisation']}:{p['role']}" for p in r["partners"])
    row["sources"] = ";".join(f"{s['title'].replace(';', ',').replace('|', '/')}|{s['url']}" for s in r["sources"])
    row["outcomes"] = json.dumps(r["outcomes"], ensure_ascii=False) if r["outcomes"] else ""
    return row


def export_csv(initiatives: Iterable[Initiative]) -> Iterator[str]:
    return csv_stream(CSV_COLUMNS, (_csv_row(i) for i in initiatives))
