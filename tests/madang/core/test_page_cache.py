"""The anonymous page cache (madang/core/page_cache.py): hits, invalidation, copies per language and display
settings, never for signed-in people, CSRF tokens per visitor, conditional GET."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from madang.catalogue.models import InitiativeTranslation
from madang.catalogue.services import initiative_update
from madang.core.page_cache import CSRF_PLACEHOLDER, VERSION_KEY, bump_version
from tests.factories import InitiativeFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _page_cache(settings):
    # Each test starts from an empty cache; pages rendered inside the test's transaction may be stored here only.
    settings.MADANG_PAGE_CACHE_IN_TRANSACTIONS = True
    settings.MADANG_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _get(client: Client, path: str, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **extra)
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/", "/initiatives/", "/initiatives/?q=kiosk", "/initiatives/b-published/",
                                  "/api/initiatives"])  # fmt: skip
def test_second_anonymous_get_is_served_from_the_cache_with_fewer_queries(world, client, path):
    first, first_queries = _get(client, path)
    second, second_queries = _get(client, path)
    assert first.status_code == second.status_code == 200
    assert "X-Madang-Page-Cache" not in first
    assert second["X-Madang-Page-Cache"] == "hit"
    assert second_queries < first_queries
    assert second_queries == 0  # LocMem cache, no session: nothing asks the database
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())
    assert "Cookie" in second["Vary"] and "Accept-Language" in second["Vary"]
    assert "private" in second["Cache-Control"] and "no-cache" in second["Cache-Control"]


def test_a_change_shows_on_the_next_anonymous_get(world, client):
    initiative = world["initiative_b"]
    assert "Title of b-published" in client.get("/initiatives/").content.decode()
    assert client.get("/initiatives/")["X-Madang-Page-Cache"] == "hit"
    initiative_update(
        initiative=initiative,
        by=world["users"]["editor_b"],
        translations={"en": {"title": "Kiosk helpers in every market", "summary": "Now with helpers."}},
    )
    for path in ("/initiatives/", f"/initiatives/{initiative.slug}/"):
        response = client.get(path)
        assert "X-Madang-Page-Cache" not in response
        assert "Kiosk helpers in every market" in response.content.decode()


def test_a_plain_save_and_a_delete_invalidate_too(world, client):
    client.get("/initiatives/")
    version = cache.get(VERSION_KEY)
    InitiativeTranslation.objects.filter(initiative=world["initiative_b"], language="en").update(title="Unseen")
    assert client.get("/initiatives/")["X-Madang-Page-Cache"] == "hit"  # a queryset update sends no signal
    InitiativeFactory(slug="new-one", owner=world["city_a"], city=world["seoul"])
    assert cache.get(VERSION_KEY) != version
    assert "Title of new-one" in client.get("/initiatives/").content.decode()
    client.get("/initiatives/")
    world["initiative_b"].delete()
    assert "b-published" not in client.get("/initiatives/").content.decode()


def test_languages_and_display_settings_get_their_own_copies(world, client):
    english = client.get("/initiatives/").content.decode()
    client.cookies["django_language"] = "ko"
    korean = client.get("/initiatives/")
    assert "X-Madang-Page-Cache" not in korean
    assert korean["Content-Language"] == "ko"
    assert client.get("/initiatives/")["X-Madang-Page-Cache"] == "hit"
    del client.cookies["django_language"]
    japanese = client.get("/initiatives/", HTTP_ACCEPT_LANGUAGE="ja")
    assert "X-Madang-Page-Cache" not in japanese and japanese["Content-Language"] == "ja"
    client.cookies["madang_text"] = "larger"
    larger = client.get("/initiatives/")
    assert "X-Madang-Page-Cache" not in larger
    client.cookies["madang_contrast"] = "high"
    assert "X-Madang-Page-Cache" not in client.get("/initiatives/")
    client.cookies["madang_mode"] = "easy"
    assert "X-Madang-Page-Cache" not in client.get("/initiatives/")
    assert client.get("/initiatives/")["X-Madang-Page-Cache"] == "hit"
    for key in ("madang_text", "madang_contrast", "madang_mode"):
        del client.cookies[key]
    back = client.get("/initiatives/")
    assert back["X-Madang-Page-Cache"] == "hit"
    assert TOKEN.sub("", back.content.decode()) == TOKEN.sub("", english)


def test_signed_in_people_are_never_served_nor_stored(world, client):
    client.get("/initiatives/")  # an anonymous copy exists
    client.force_login(world["users"]["editor_b"])
    for _ in range(2):
        response = client.get("/initiatives/")
        assert "X-Madang-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    client.logout()
    fresh = Client()
    client_version = cache.get(VERSION_KEY)
    fresh.get("/initiatives/b-draft/")
    assert cache.get(VERSION_KEY) == client_version
    # What the editor saw was not stored: a new anonymous visitor renders (or hits the anonymous copy) only.
    assert "b-draft" not in fresh.get("/initiatives/").content.decode()


def test_a_visitor_with_a_session_is_not_served_from_the_cache(world, client):
    client.get("/initiatives/")
    client.cookies["sessionid"] = "abc"
    assert "X-Madang-Page-Cache" not in client.get("/initiatives/")


def test_form_pages_are_not_cached(world, client):
    for path in ("/accounts/login/", "/display/"):
        client.get(path)
        response = client.get(path)
        assert "X-Madang-Page-Cache" not in response


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(world):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    hit = second.get("/")
    assert hit["X-Madang-Page-Cache"] == "hit"
    page = hit.content.decode()
    assert CSRF_PLACEHOLDER not in page
    tokens = set(TOKEN.findall(page))
    assert len(tokens) == 1 and "csrftoken" in hit.cookies
    assert tokens.isdisjoint(TOKEN.findall(first.get("/").content.decode()))  # masked from another secret
    for stored in cache._cache.values():  # type: ignore[attr-defined]  # LocMem keeps pickled values
        assert second.cookies["csrftoken"].value.encode() not in stored
    answer = second.post("/i18n/setlang/", {"language": "ko", "next": "/", "csrfmiddlewaretoken": tokens.pop()})
    assert answer.status_code == 302


def test_conditional_get_answers_304(world, client):
    client.get("/initiatives/")
    hit = client.get("/initiatives/")
    assert hit["ETag"] and hit["Last-Modified"]
    not_modified = client.get("/initiatives/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get("/initiatives/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    # Another browser (another CSRF secret) never gets the first one's 304.
    assert Client().get("/initiatives/", HTTP_IF_NONE_MATCH=hit["ETag"]).status_code == 200


def test_head_is_served_from_the_cache(world, client):
    client.get("/initiatives/")
    assert client.head("/initiatives/")["X-Madang-Page-Cache"] == "hit"


def test_token_urls_and_unlisted_pages_are_not_cached(world, client):
    client.get("/health/")
    assert "X-Madang-Page-Cache" not in client.get("/health/")


def test_pages_rendered_inside_a_transaction_are_not_stored_by_default(world, client, settings):
    settings.MADANG_PAGE_CACHE_IN_TRANSACTIONS = False
    client.get("/initiatives/")
    assert "X-Madang-Page-Cache" not in client.get("/initiatives/")


def test_the_cache_can_be_switched_off(world, client, settings):
    settings.MADANG_PAGE_CACHE_SECONDS = 0
    client.get("/initiatives/")
    assert "X-Madang-Page-Cache" not in client.get("/initiatives/")


def test_inside_a_transaction_the_version_moves_when_it_commits(world, settings):
    settings.MADANG_PAGE_CACHE_IN_TRANSACTIONS = False
    version = cache.get(VERSION_KEY)
    InitiativeFactory(slug="committed", owner=world["city_a"], city=world["seoul"])
    InitiativeFactory(slug="committed-too", owner=world["city_a"], city=world["seoul"])
    assert cache.get(VERSION_KEY) == version  # not before the commit
    hooks = [func for _, func, _ in connection.run_on_commit if func is bump_version]
    assert len(hooks) == 1  # once per transaction, however many saves
    hooks[0]()  # what the commit runs
    assert cache.get(VERSION_KEY) != version
