"""The needs and solutions lists: cross-lingual search, filters, pages and CSV downloads of what is listed."""

import csv
import io

import pytest

from madang.matching import search
from madang.matching.models import Need

pytestmark = pytest.mark.django_db


def _titles(response):
    return [x.title for x in response.context["page"]]


def test_a_japanese_query_finds_the_korean_kiosk_need(client, market):
    search.vectors_refresh()
    response = client.get("/needs/", {"q": "高齢者 キオスク 注文"})
    assert response.status_code == 200 and _titles(response)[0] == market["need"].title
    assert "Draft need" not in _titles(response)


def test_an_english_query_finds_the_japanese_kiosk_class_first(client, market):
    search.vectors_refresh()
    response = client.get("/solutions/", {"q": "kiosk practice for older people"})
    assert _titles(response)[0] == market["kiosk"].title and "Unpublished" not in _titles(response)


def test_need_filters_by_domain_status_deadline_and_language(client, market):
    market["need"].groups_served.set([])
    assert _titles(client.get("/needs/", {"domain": "open_inclusive"})) == [market["need"].title]
    assert _titles(client.get("/needs/", {"domain": "mobility"})) == []  # the draft is city B's, not public
    assert _titles(client.get("/needs/", {"deadline": "open"})) == [market["need"].title]
    Need.objects.filter(pk=market["need"].pk).update(languages=["ja"])
    assert _titles(client.get("/needs/", {"language": "ja"})) == [market["need"].title]
    assert _titles(client.get("/needs/", {"language": "zh-hans"})) == []
    assert _titles(client.get("/needs/", {"status": "closed"})) == []
    page = client.get("/needs/", {"status": "closed"}).content.decode()
    assert "Nothing matches these filters" in page


def test_the_owner_finds_its_own_draft_by_its_words(client, market):
    client.force_login(market["users"]["editor_b"])
    assert "Draft need" in _titles(client.get("/needs/", {"q": "Draft"}))
    client.logout()
    assert "Draft need" not in _titles(client.get("/needs/", {"q": "Draft"}))


def test_solution_filters_by_price_and_language(client, market):
    assert _titles(client.get("/solutions/", {"price": "mid"})) == ["Basement flood alarms"]
    assert _titles(client.get("/solutions/", {"language": "ja"})) == [market["kiosk"].title]


def test_a_mistyped_filter_is_ignored_not_an_error(client, market):
    response = client.get("/solutions/", {"price": "<script>", "domain": "safe_city"})
    assert response.status_code == 200 and _titles(response) == ["Basement flood alarms"]


def test_the_csv_download_lists_exactly_what_the_filters_show(client, market):
    body = b"".join(client.get("/solutions/export.csv", {"domain": "safe_city"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["title"] for r in rows] == ["Basement flood alarms"] and rows[0]["url"].endswith(
        f"/solutions/{market['flood'].pk}/"
    )
    needs = b"".join(client.get("/needs/export.csv").streaming_content).decode()
    assert [r["title"] for r in csv.DictReader(io.StringIO(needs))] == [market["need"].title]


def test_the_csv_download_neutralises_formula_cells(client, market):
    market["flood"].title = '=HYPERLINK("http://evil")'
    market["flood"].save()
    body = b"".join(client.get("/solutions/export.csv", {"domain": "safe_city"}).streaming_content).decode()
    assert next(csv.DictReader(io.StringIO(body)))["title"].startswith("'=")


def test_lists_are_paginated(client, market, settings):
    settings.MADANG_PAGE_SIZE = 1
    first = client.get("/solutions/")
    assert first.context["page"].paginator.num_pages == 2 and len(_titles(first)) == 1
    assert _titles(client.get("/solutions/", {"page": 2})) != _titles(first)
