"""base.html's one error summary: after a failed POST of any form it is first in <main>, autofocused, listed once,
and the title starts with "Error:"; pages without a failed submit are left alone."""

import io
import re

import pytest

from tests.factories import InitiativeFactory
from tests.madang.catalogue.test_import import good_row, make_csv
from tests.madang.training.factories import training_world
from tests.pilot_data import pilot_world

SUMMARY_FIRST = re.compile(r'<main id="main"[^>]*>\s*<div class="error-summary"[^>]*\bautofocus\b')


def _form_pages(p: dict) -> list[tuple[str | None, str, dict]]:
    pilot, session, course = p["pilot"].pk, p["session"].pk, p["course"].pk
    return [
        (None, "/accounts/login/", {"username": "nobody", "password": "wrong"}),
        (None, "/accounts/signup/", {}),
        (None, "/accounts/password-reset/", {"email": "not-an-address"}),
        (None, f"/pilots/{pilot}/join/", {}),
        (None, f"/training/sessions/{session}/register/", {}),
        ("editor_a", "/initiatives/new/", {}),
        ("editor_a", "/needs/new/", {}),
        ("provider", "/solutions/new/", {}),
        ("editor_a", "/pilots/new/", {}),
        ("editor_a", f"/pilots/{pilot}/sites/new/", {}),
        ("editor_a", f"/pilots/{pilot}/testers/new/", {}),
        ("editor_a", "/training/courses/new/", {}),
        ("editor_a", f"/training/courses/{course}/sessions/new/", {}),
        ("editor_a", "/questionnaires/new/", {}),
        ("admin", "/assessment/frameworks/new/", {}),
        ("editor_a", "/assessment/plans/new/", {}),
    ]


@pytest.fixture
def everything(world):
    return {**pilot_world(world, phase="recruit"), **{k: v for k, v in training_world(world).items() if k not in world}}


@pytest.mark.django_db
def test_every_failed_form_puts_the_focused_summary_first_in_main_and_prefixes_the_title(client, everything):
    wrong = {}
    for username, path, data in _form_pages(everything):
        client.logout()
        if username:
            client.force_login(everything["users"].get(username) or everything[username])
        response = client.post(path, {"submitted": "1", **data})  # an empty POST would read as no submit at all
        html = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        problems = []
        if not SUMMARY_FIRST.search(html):
            problems.append("summary not first in main")
        if (n := html.count('class="error-summary"')) != 1:
            problems.append(f"{n} summaries")
        if not (title and title.group(1).startswith("Error: ")):
            problems.append(f"title {title.group(1) if title else None!r}")
        if problems:
            wrong[path] = (response.status_code, problems)
    assert wrong == {}


@pytest.mark.django_db
def test_pages_without_a_failed_submit_have_no_summary_or_error_title(client, everything):
    for path in ("/", "/initiatives/?q=kiosk", f"/pilots/{everything['pilot'].pk}/join/", "/accounts/login/"):
        html = client.get(path).content.decode()
        assert "error-summary" not in html, path
        assert "<title>Error" not in html, path


@pytest.mark.django_db
def test_a_formset_error_is_listed_in_the_summary(client, world):
    InitiativeFactory(slug="kiosk", owner=world["city_a"], city=world["seoul"])
    client.force_login(world["users"]["editor_a"])
    data = {"partners-TOTAL_FORMS": "x", "partners-INITIAL_FORMS": "0"}  # a broken management form
    html = client.post("/initiatives/kiosk/edit/", data).content.decode()
    assert SUMMARY_FIRST.search(html)
    assert "<title>Error: " in html


@pytest.mark.django_db
def test_a_failed_import_takes_focus_and_prefixes_the_title(client, world):
    client.force_login(world["users"]["editor_a"])
    upload = io.BytesIO(make_csv([good_row(1, city="atlantis")]))
    upload.name = "bad.csv"
    html = client.post("/initiatives/import/", {"file": upload}).content.decode()
    assert re.search(r"<title>Error: ", html)
    assert re.search(r'<div class="error-summary" role="alert" id="error-summary" tabindex="-1" autofocus>', html)
    assert html.count("autofocus") == 1
