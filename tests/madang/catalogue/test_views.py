import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madang.catalogue.models import Group, Initiative
from tests.factories import InitiativeFactory, PlaceFactory


def test_catalogue_filters_by_country_group_and_language(client, world):
    korean = InitiativeFactory(slug="kr-one", owner=world["city_a"], city=world["seoul"], original_language="ko",
                               translations={"ko": ("한국어 제목", "요약")})  # fmt: skip
    korean.groups_served.add(Group.objects.get(code="seniors"))
    response = client.get("/initiatives/", {"country": "KR"})
    assert [i.slug for i in response.context["page"]] == ["kr-one"]
    response = client.get("/initiatives/", {"group": "seniors", "language": "ko"})
    assert [i.slug for i in response.context["page"]] == ["kr-one"]
    response = client.get("/initiatives/", {"country": "PH"})
    assert [i.slug for i in response.context["page"]] == ["b-published"]


def test_search_finds_text_in_any_language(client, world):
    InitiativeFactory(slug="kiosk", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("천천히 해도 괜찮아요 키오스크", "어르신을 위한 캠페인")})  # fmt: skip
    response = client.get("/initiatives/", {"q": "키오스크"})
    assert [i.slug for i in response.context["page"]] == ["kiosk"]
    assert client.get("/initiatives/", {"q": "nothing-like-this"}).context["page"].paginator.count == 0


def test_draft_is_not_listed(client, world):
    slugs = [i.slug for i in client.get("/initiatives/").context["page"]]
    assert "b-draft" not in slugs and "b-published" in slugs


def test_detail_falls_back_to_original_with_language_label(client, world):
    InitiativeFactory(slug="ko-only", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("어르신 디지털 안내사", "요약입니다.")})  # fmt: skip
    response = client.get("/initiatives/ko-only/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<h1 lang="ko">어르신 디지털 안내사</h1>' in html
    assert "not yet available in your language" in html


def test_detail_shows_visitors_language_and_machine_flag(client, world):
    InitiativeFactory(slug="both", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("한국어", "요약"), "en": ("English title", "Summary")})  # fmt: skip
    client.cookies["django_language"] = "en"
    html = client.get("/initiatives/both/").content.decode()
    assert "<h1>English title</h1>" in html
    assert "Translated by machine." in html


@pytest.mark.parametrize("reader", ["ja", "zh-hans"])
def test_a_reader_without_their_language_gets_english_before_the_original(client, world, reader):
    InitiativeFactory(slug="guides", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("어르신 디지털 안내사", "요약입니다."),
                                    "en": ("Digital guides for seniors", "A summary.")})  # fmt: skip
    client.cookies["django_language"] = reader
    html = client.get("/initiatives/guides/").content.decode()
    assert '<h1 lang="en">Digital guides for seniors</h1>' in html
    # Every other stored language is a link, the original marked, with no stray separator.
    also = html.split('class="lang-note"')[2].split("</p>")[0]
    assert '<a href="?text=ko" lang="ko" hreflang="ko">한국어</a>' in also and also.rstrip().endswith(")")
    assert "," not in also and "、" not in also and "，" not in also


def test_the_original_is_one_click_away(client, world):
    InitiativeFactory(slug="guides", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("어르신 디지털 안내사", "요약입니다."),
                                    "en": ("Digital guides for seniors", "A summary.")})  # fmt: skip
    client.cookies["django_language"] = "ja"
    html = client.get("/initiatives/guides/", {"text": "ko"}).content.decode()
    assert '<h1 lang="ko">어르신 디지털 안내사</h1>' in html and 'href="?text=en"' in html
    assert client.get("/initiatives/guides/", {"text": "xx"}).status_code == 200  # an unknown one: the chain


def test_the_fallback_chain_is_configurable(client, world, settings):
    settings.MADANG_LANGUAGE_FALLBACK = {"ja": ["ja"]}  # a deployment whose Japanese readers want the original
    InitiativeFactory(slug="guides", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("어르신 디지털 안내사", "요약입니다."),
                                    "en": ("Digital guides for seniors", "A summary.")})  # fmt: skip
    client.cookies["django_language"] = "ja"
    assert '<h1 lang="ko">' in client.get("/initiatives/guides/").content.decode()


def test_catalogue_query_count_does_not_grow_with_rows(client, world):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/initiatives/").status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    city = PlaceFactory(slug="busan", parent=world["kr"])
    for n in range(30):
        InitiativeFactory(slug=f"more-{n}", owner=world["city_a"], city=city)
    assert count_queries() == few


def test_editor_creates_draft_through_the_form_and_admin_publishes(client, world):
    client.force_login(world["users"]["editor_a"])
    data = {
        "slug": "new-one", "owner": world["city_a"].pk, "original_language": "en", "domain": "mobility",
        "city": world["seoul"].pk, "stage": "idea", "funding_model": "public", "groups": ["seniors"],
        "sdgs_text": "11, 3", "tags_text": "bus, night", "title_en": "Night bus", "summary_en": "Buses at night.",
        "origin_en": "human", "origin_ko": "machine", "origin_ja": "machine", "origin_zh-hans": "machine",
        "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "0", "partners-0-organisation": world["provider"].pk,
        "partners-0-role": "technology_provider",
        "outcomes-TOTAL_FORMS": "0", "outcomes-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "1", "sources-INITIAL_FORMS": "0", "sources-0-url": "https://example.org/bus",
    }  # fmt: skip
    response = client.post("/initiatives/new/", data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="new-one")
    assert (initiative.owner, initiative.is_published, initiative.sdgs) == (world["city_a"], False, [3, 11])
    assert [p.role for p in initiative.partnerships.all()] == ["technology_provider"]
    client.force_login(world["users"]["admin"])
    client.post("/initiatives/new-one/publish/", {"publish": "1"})
    initiative.refresh_from_db()
    assert initiative.is_published


def test_invalid_form_reshows_what_was_typed(client, world):
    client.force_login(world["users"]["editor_a"])
    response = client.post("/initiatives/new/", {
        "slug": "x", "title_en": "Kept title", "summary_en": "s" * 301, "original_language": "en",
        "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0", "outcomes-TOTAL_FORMS": "0",
        "outcomes-INITIAL_FORMS": "0", "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Kept title"' in html
    assert "error-summary" in html
    assert not Initiative.objects.filter(slug="x").exists()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_follows_the_filters(client, world, fmt):
    InitiativeFactory(slug="kr-export", owner=world["city_a"], city=world["seoul"])
    response = client.get(f"/initiatives/export.{fmt}", {"country": "KR"})
    body = b"".join(response.streaming_content).decode()
    assert "kr-export" in body and "b-published" not in body


def test_tag_link_filters_the_catalogue_and_bad_values_drop_only_their_filter(client, world):
    tagged = InitiativeFactory(slug="tagged", owner=world["city_a"], city=world["seoul"])
    tagged.tags.create(name="kiosk")
    assert [i.slug for i in client.get("/initiatives/", {"tag": "kiosk"}).context["page"]] == ["tagged"]
    response = client.get("/initiatives/", {"country": "ZZ", "tag": "kiosk"})
    assert [i.slug for i in response.context["page"]] == ["tagged"]
