"""Every list builds its links with Django's {% querystring %}: page links and exports keep the search and filters."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from madang.matching.models import Need
from tests.factories import InitiativeFactory

HREF = re.compile(r'href="([^"]*)"')


def _hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in HREF.findall(html)]


@pytest.fixture
def smart_catalogue(world, settings):
    """Seven initiatives about smart parking among twelve, five to a page."""
    settings.MADANG_PAGE_SIZE = 5
    settings.MADANG_CATALOGUE_SEARCH = ""  # substring matches only: the counts below are exact
    for n in range(7):
        InitiativeFactory(slug=f"smart-{n}", owner=world["city_a"], city=world["seoul"],
                          translations={"en": (f"Smart parking {n}", "Sensors find free spaces.")})  # fmt: skip
    for n in range(4):
        InitiativeFactory(slug=f"other-{n}", owner=world["city_a"], city=world["seoul"],
                          translations={"en": (f"Night bus {n}", "Buses after midnight.")})  # fmt: skip
    return world


def test_pagination_keeps_every_parameter_and_never_doubles_the_question_mark(rf: RequestFactory):
    request = rf.get("/anything/", {"q": "smart city", "domain": "mobility", "page": "2"})
    page = Paginator(list(range(30)), 10).get_page(2)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    hrefs = _hrefs(html)
    assert hrefs == ["?q=smart+city&domain=mobility&page=1", "?q=smart+city&domain=mobility&page=3"]


def test_searched_catalogue_page_two_is_page_two_of_the_results(client, smart_catalogue):
    first = client.get("/initiatives/", {"q": "smart"})
    assert first.context["page"].paginator.count == 7
    next_link = next(h for h in _hrefs(first.content.decode()) if "page=2" in h)
    assert next_link == "?q=smart&page=2"
    second = client.get("/initiatives/" + next_link)
    slugs = [i.slug for i in second.context["page"]]
    assert len(slugs) == 2 and all(s.startswith("smart-") for s in slugs)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_link_of_a_searched_list_exports_only_its_rows(client, smart_catalogue, fmt):
    html = client.get("/initiatives/", {"q": "smart", "page": "2"}).content.decode()
    link = next(h for h in _hrefs(html) if h.startswith(f"/initiatives/export.{fmt}"))
    assert link == f"/initiatives/export.{fmt}?q=smart"
    body = b"".join(client.get(link).streaming_content).decode()
    assert all(f"smart-{n}" in body for n in range(7))
    assert "other-" not in body and "b-published" not in body


def test_export_link_without_filters_has_no_stray_question_mark(client, smart_catalogue):
    html = client.get("/initiatives/").content.decode()
    assert "/initiatives/export.csv" in _hrefs(html)


def test_needs_page_two_keeps_the_query(client, world):
    Need.objects.bulk_create(
        Need(organisation=world["city_a"], city=world["seoul"], language="en", title=f"Need {n}", description="-",
             domain="mobility", evaluation_criteria="-", status="open_call")
        for n in range(21)
    )  # fmt: skip
    html = client.get("/needs/", {"domain": "mobility"}).content.decode()
    assert "?domain=mobility&page=2" in _hrefs(html)


@pytest.mark.parametrize(
    "url",
    ["/initiatives/", "/needs/", "/solutions/", "/pilots/", "/training/", "/cities/", "/organisations/"],
)
def test_no_list_renders_a_doubled_question_mark(client, smart_catalogue, url):
    response = client.get(url, {"q": "smart", "page": "1"}, follow=True)
    assert response.status_code == 200
    assert not [h for h in _hrefs(response.content.decode()) if "??" in h]
