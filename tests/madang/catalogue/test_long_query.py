"""A long query in the catalogue search box is searched (in part when very long), never silently dropped."""

import html as htmllib

import pytest

from madang.catalogue.selectors import CatalogueFilters
from madang.core.listing import SEARCH_MAX_CHARS, search_text
from madang.matching import search
from tests.factories import InitiativeFactory

PARAGRAPH = (
    "Our city has many older residents who live alone and find it hard to use smartphones, ticket kiosks and "
    "online services for the bank, the clinic and the town hall. We are looking for programmes where trained "
    "digital guides visit community centres and help seniors step by step, patiently, in their own language, so "
    "that they can book appointments, pay bills and keep in touch with their families without asking for help."
)


@pytest.fixture
def indexed(world):
    InitiativeFactory(slug="guides", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("어르신 디지털 안내사",
                                           "디지털 안내사가 노인의 스마트폰과 키오스크 사용을 돕습니다.")})  # fmt: skip
    InitiativeFactory(slug="buses", owner=world["city_a"], city=world["seoul"],
                      translations={"en": ("Night buses", "Buses that run after midnight.")})  # fmt: skip
    search.vectors_refresh()
    return world


def test_a_500_character_query_finds_initiatives_and_stays_in_the_box(client, indexed):
    q = (PARAGRAPH + " " + PARAGRAPH)[:500]
    assert len(q) == 500
    response = client.get("/initiatives/", {"q": q})
    assert response.context["filters"].q == q.strip()
    slugs = [i.slug for i in response.context["page"]]
    assert slugs and slugs[0] == "guides"
    page = htmllib.unescape(response.content.decode())
    assert q.strip() in page  # the box shows what was searched
    assert "only its first" not in page  # nothing was cut, so nothing is said


def test_an_overlong_query_is_cut_between_words_and_the_page_says_so(client, indexed):
    q = " ".join([PARAGRAPH] * 4)
    assert len(q) > SEARCH_MAX_CHARS
    response = client.get("/initiatives/", {"q": q})
    searched = response.context["filters"].q
    assert len(searched) <= SEARCH_MAX_CHARS and q.startswith(searched) and q[len(searched)] == " "
    assert [i.slug for i in response.context["page"]][0] == "guides"
    assert f"only its first {len(searched)} characters were searched" in response.content.decode()


def test_overlong_query_export_searches_the_same_words(client, indexed):
    q = " ".join([PARAGRAPH] * 4)
    body = b"".join(client.get("/initiatives/export.csv", {"q": q}).streaming_content).decode()
    assert "guides" in body


def test_search_text_cuts_unspaced_chinese_at_the_limit():
    q = "智慧城市数字包容" * 200
    assert search_text(q) == q[:SEARCH_MAX_CHARS]
    assert CatalogueFilters.from_mapping({"q": q}).q == q[:SEARCH_MAX_CHARS]


def test_search_text_keeps_short_queries_whole_and_collapses_spaces():
    assert search_text("  smart   parking ") == "smart parking"
