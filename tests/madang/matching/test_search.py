"""Matching with the real multilingual encoder: cross-lingual results, explanations, freshness, digests."""

import time
from pathlib import Path

import numpy as np
import pytest
from django.core import mail
from django.core.management import call_command

from engines.search import Query
from madang.matching import search
from madang.matching.digests import digests_send
from madang.matching.models import DomainFollow, Need, SearchVector
from tests.factories import InitiativeFactory


def test_need_page_ranks_the_japanese_kiosk_class_first_for_a_korean_need(client, market):
    search.vectors_refresh()
    client.force_login(market["users"]["editor_a"])
    response = client.get(f"/needs/{market['need'].pk}/")
    solutions = [s.pk for s, _, _ in response.context["solutions"]]
    assert solutions[0] == market["kiosk"].pk
    assert market["hidden"].pk not in solutions  # unpublished offers are never matched
    _, result, _ = response.context["solutions"][0]
    assert result.fit["domain"] is True and result.fit["budget"] is True
    passage = result.explanation.passages[0]
    assert (passage.query_lang, passage.document_lang) == ("ko", "ja")
    html = response.content.decode()
    assert 'lang="ja"' in html and "Why this match?" in html


def test_solution_page_lists_open_needs_it_fits(client, market):
    search.vectors_refresh()
    response = client.get(f"/solutions/{market['kiosk'].pk}/")
    assert [n.pk for n, _ in response.context["needs"]] == [market["need"].pk]


def test_catalogue_search_is_cross_lingual(client, world):
    InitiativeFactory(slug="guides", owner=world["city_a"], city=world["seoul"], original_language="ko",
                      translations={"ko": ("어르신 디지털 안내사",
                                           "디지털 안내사가 노인의 스마트폰과 키오스크 사용을 돕습니다.")})  # fmt: skip
    InitiativeFactory(slug="buses", owner=world["city_a"], city=world["seoul"],
                      translations={"en": ("Night buses", "Buses that run after midnight.")})  # fmt: skip
    search.vectors_refresh()
    response = client.get("/initiatives/", {"q": "helping elderly people use smartphones"})
    slugs = [i.slug for i in response.context["page"]]
    assert slugs[0] == "guides"
    assert 'lang="ko"' in response.content.decode()


def test_rebuild_command_and_restart_keep_the_index(market):
    call_command("rebuild_search_index")
    stored = SearchVector.objects.count()
    assert stored == 4  # the open need, the two published solutions and the published initiative
    search._state.update(engine=None, signature=None)  # a restarted process
    assert len(search.engine_get()) == 4
    call_command("rebuild_search_index", "--changed")
    assert SearchVector.objects.count() == stored


def test_processes_map_one_vectors_file_instead_of_each_loading_a_copy(settings, market):
    call_command("rebuild_search_index")
    first = search.engine_get()
    files = sorted(p.name for p in Path(settings.MADANG_SEARCH_DIR).glob("vectors-*.npy"))
    mapped = first.vectors_.vectors_
    assert isinstance(mapped, np.memmap) and Path(mapped.filename).name in files
    written = Path(mapped.filename).stat().st_mtime_ns
    search._state.update(engine=None, signature=None)  # another worker process on the machine
    second = search.engine_get()
    assert Path(second.vectors_.vectors_.filename) == Path(mapped.filename)  # mapped, not written again
    assert Path(mapped.filename).stat().st_mtime_ns == written
    assert second.search(Query(text="kiosk"), k=3)[0].id == first.search(Query(text="kiosk"), k=3)[0].id
    # A change is a new version: the next search maps a new file holding the new vector.
    InitiativeFactory(slug="kiosk-class", owner=market["city_a"], city=market["seoul"],
                      translations={"en": ("Kiosk class", "Practice ordering at a kiosk.")})  # fmt: skip
    search.vectors_refresh()
    third = search.engine_get()
    assert Path(third.vectors_.vectors_.filename) != Path(mapped.filename) and len(third) == len(first) + 1


@pytest.mark.django_db(transaction=True)
def test_new_need_is_searchable_within_five_seconds(settings, market):
    settings.MADANG_SEARCH_AUTO = True
    search.vectors_refresh()
    need = Need.objects.create(
        organisation=market["city_a"], city=market["seoul"], language="en", title="Flooded underground parking",
        description="Heavy rain floods basement car parks; residents need an early warning.", domain="safe_city",
        evaluation_criteria="Alerts arrive before water reaches cars", status="open_call",
    )  # fmt: skip
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if f"need:{need.pk}" in search.engine_get().documents_:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the new need was not searchable within 5 seconds")


def test_digest_is_sent_for_fitting_new_needs_and_not_when_nothing_is_new(settings, market):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    provider = market["users"]["provider"]
    DomainFollow.objects.create(user=provider, domain="open_inclusive")
    search.vectors_refresh()
    assert digests_send() == 1
    assert market["need"].title in mail.outbox[0].body
    assert digests_send() == 0  # nothing new since the last digest
    assert len(mail.outbox) == 1
