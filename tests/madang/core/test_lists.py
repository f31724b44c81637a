"""The organisations list: names in any language, kind, country and network filters, and its CSV download."""

import csv
import io

import pytest

from tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def _slugs(response):
    return [o.slug for o in response.context["page"]]


def test_search_finds_an_organisation_by_its_korean_name(client, world):
    world["city_a"].names = {"ko": "서울특별시청"}
    world["city_a"].save()
    assert _slugs(client.get("/organisations/", {"q": "서울특별시"})) == ["city-a"]


def test_filters_by_kind_country_and_network(client, world):
    MembershipFactory(network=NetworkFactory(slug="other-network"), organisation=world["city_b"])
    assert _slugs(client.get("/organisations/", {"kind": "company"})) == ["provider"]
    assert set(_slugs(client.get("/organisations/", {"country": "PH"}))) == {"city-b"}
    assert _slugs(client.get("/organisations/", {"network": "other-network"})) == ["city-b"]
    response = client.get("/organisations/", {"kind": "not-a-kind"})
    assert response.status_code == 200 and "provider" in _slugs(response)  # a bad value drops only itself


def test_the_csv_lists_what_the_filters_show(client, world):
    body = b"".join(client.get("/organisations/export.csv", {"kind": "company"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["slug"] for r in rows] == ["provider"] and rows[0]["country"] == "KR"
