"""Hostile input gets a 4xx problem document, never a 500; a bug that slips through is still a problem document."""

import pytest

from madang.core.i18n_tools import compile_mo_files


@pytest.mark.parametrize(
    "query",
    [
        "offset=99999999999999999999",
        "limit=" + "9" * 5001,
        "offset=" + "1" * 5001,
        "q=%00",
        "city=seoul%00",
        "offset=1.5",
        "limit=",
        "&".join(f"p{i}=1" for i in range(200)),
        "q=" + "x" * 9000,
    ],
)
def test_api_answers_hostile_queries_with_a_400_problem(client, world, query):
    response = client.get(f"/api/initiatives?{query}")
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


@pytest.mark.parametrize("url", ["/api/initiatives/seoul%00kiosk", "/api/cities/seo%00ul", "/api/frameworks/x%00"])
def test_nul_in_an_api_path_is_a_400_problem(client, world, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_nul_in_a_page_address_is_a_translated_400_page(client, world):
    compile_mo_files()
    client.cookies["django_language"] = "ko"
    response = client.get("/initiatives/?q=kiosk%00")
    assert response.status_code == 400
    assert "이 요청은 처리할 수 없습니다" in response.content.decode()
    assert "NUL" in response.content.decode()


def _boom(request):
    raise RuntimeError("a bug")


def test_an_unexpected_api_error_is_a_500_problem_document(client, world, monkeypatch):
    from madang.api import api as api_module

    monkeypatch.setattr(api_module.core, "city_list", lambda: _boom(None))
    client.raise_request_exception = False
    response = client.get("/api/cities")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Internal error"
