"""The pilots list: found through their need and solution in any language, filtered, paged, downloaded."""

import csv
import io

import pytest

from madang.matching import search
from madang.pilots.models import Pilot

pytestmark = pytest.mark.django_db


def _titles(response):
    return [p.title for p in response.context["page"]]


def test_a_korean_query_finds_the_pilot_through_its_solution(client, p):
    Pilot.objects.filter(pk=p["pilot"].pk).update(phase="test")
    search.vectors_refresh()
    assert _titles(client.get("/pilots/", {"q": "키오스크 연습"})) == ["Kiosk pilot"]


def test_filters_by_phase_decision_report_and_city(client, p):
    Pilot.objects.filter(pk=p["pilot"].pk).update(phase="test")
    assert _titles(client.get("/pilots/", {"phase": "test", "city": "seoul"})) == ["Kiosk pilot"]
    assert _titles(client.get("/pilots/", {"phase": "decide"})) == []
    assert _titles(client.get("/pilots/", {"report": "published"})) == []
    assert "Nothing matches these filters" in client.get("/pilots/", {"decision": "stop"}).content.decode()


def test_a_pilot_still_in_planning_is_listed_only_for_its_team(client, p):
    assert _titles(client.get("/pilots/")) == []
    client.force_login(p["users"]["editor_a"])
    assert _titles(client.get("/pilots/")) == ["Kiosk pilot"]
    body = b"".join(client.get("/pilots/export.csv").streaming_content).decode()
    assert [r["title"] for r in csv.DictReader(io.StringIO(body))] == ["Kiosk pilot"]
    client.logout()
    body = b"".join(client.get("/pilots/export.csv").streaming_content).decode()
    assert list(csv.DictReader(io.StringIO(body))) == []


def test_easy_mode_keeps_the_plain_list(client, p):
    Pilot.objects.filter(pk=p["pilot"].pk).update(phase="recruit")
    client.cookies["madang_mode"] = "easy"
    page = client.get("/pilots/").content.decode()
    assert "Kiosk pilot" in page
