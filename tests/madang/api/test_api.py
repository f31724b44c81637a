import pytest

from tests.factories import InitiativeFactory


def test_initiative_list_is_paginated_with_count(client, world):
    for n in range(5):
        InitiativeFactory(slug=f"api-{n}", owner=world["city_a"], city=world["seoul"])
    body = client.get("/api/initiatives", {"limit": 2, "offset": 0}).json()
    assert body["count"] == 6  # five new plus city B's published one; the draft stays out
    assert len(body["items"]) == 2
    assert set(body["items"][0]) >= {"slug", "translations", "city", "partners", "outcomes", "groups_served"}


def test_initiative_list_applies_filters(client, world):
    InitiativeFactory(slug="api-kr", owner=world["city_a"], city=world["seoul"])
    body = client.get("/api/initiatives", {"country": "KR"}).json()
    assert [i["slug"] for i in body["items"]] == ["api-kr"]


def test_initiative_detail_and_unpublished_is_404_problem(client, world):
    assert client.get("/api/initiatives/b-published").json()["city"] == "makati"
    response = client.get("/api/initiatives/b-draft")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_cities_and_organisations(client, world):
    cities = client.get("/api/cities").json()
    assert cities["count"] == 2
    assert {c["slug"]: c["country_code"] for c in cities["items"]} == {"seoul": "KR", "makati": "PH"}
    assert client.get("/api/cities/seoul").json()["names"] == {"ko": "서울"}
    assert client.get("/api/organisations").json()["count"] == 3
    assert client.get("/api/organisations/city-a").json()["city"] == "seoul"
    assert client.get("/api/organisations/nope").status_code == 404


@pytest.mark.parametrize("query", ["limit=0", "limit=1000", "offset=-1", "limit=abc"])
def test_bad_paging_is_a_400_problem_not_a_500(client, world, query):
    response = client.get(f"/api/initiatives?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"]


def test_openapi_schema_lists_every_endpoint(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/initiatives", "/api/initiatives/{slug}", "/api/cities", "/api/cities/{slug}",
        "/api/organisations", "/api/organisations/{slug}",
    }  # fmt: skip


def test_assessment_frameworks_values_and_scores_are_open_data(client, scored):
    frameworks = client.get("/api/frameworks").json()
    assert {"digital-inclusion-index", "smart-city-maturity", "asem-connectivity"} <= {f["slug"] for f in frameworks}
    detail = client.get("/api/frameworks/digital-inclusion-index").json()
    assert [n["code"] for n in detail["nodes"]][:2] == ["DII", "ACC"] and detail["method"]["normalise"]
    values = client.get("/api/frameworks/digital-inclusion-index/values", {"place": "seoul", "year": 2024}).json()
    assert values["count"] == 9 and values["items"][0]["source"] == "Test survey"
    scores = client.get("/api/frameworks/digital-inclusion-index/scores", {"year": 2024}).json()
    seoul = next(s for s in scores if s["place"] == "seoul")
    assert seoul["rank"] == 1 and round(seoul["scores"]["DII"], 3) == 58.667
    missing = client.get("/api/frameworks/digital-inclusion-index/scores", {"year": 1990})
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert client.get("/api/frameworks/nope").status_code == 404
    assert client.get("/api/frameworks/digital-inclusion-index/values", {"limit": 500}).status_code == 400
