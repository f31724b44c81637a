"""A resident registers for a digital class on a phone, in Korean, at 320 px, without JavaScript; axe checks
every page (WCAG 2.2 A/AA) and nothing scrolls sideways."""

import pytest

from madang.surveys.models import Question, Survey
from madang.surveys.standard import templates_ensure
from madang.training.models import Registration
from tests.browser.helpers import page_problems, sign_in
from tests.madang.training.factories import training_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_url(axe_page, url: str, failures: dict) -> None:
    """axe needs JavaScript: it runs on a second, script-enabled page at the address the no-JavaScript page shows."""
    axe_page.goto(url)
    if found := page_problems(axe_page):
        failures[url] = found


def _fill(page, consent: bool) -> None:
    page.fill("input[name=name]", "김옥순")
    page.fill("input[name=phone]", "010-1234-5678")
    page.check("input[name=accessibility_needs][value=vision]")
    if consent:
        page.check("input[name=consent]")


def test_korean_resident_registers_at_320px_without_javascript(page_at, live_server, world):
    templates_ensure(Survey, Question)  # a transactional test starts from an empty database, without migrations' data
    t = training_world(world)
    page = page_at(width=320, language="ko", javascript=False)
    axe_page = page_at(width=320, language="ko")
    failures: dict = {}

    page.goto(f"{live_server.url}/training/")
    assert page.locator("html").get_attribute("lang") == "ko"
    _check_url(axe_page, page.url, failures)
    page.click(f"a[href='/training/courses/{t['course'].pk}/']")
    _check_url(axe_page, page.url, failures)
    page.click(f"a[href='/training/sessions/{t['session'].pk}/register/']")
    register_url = page.url
    _check_url(axe_page, register_url, failures)

    # Forgetting the consent box: the page comes back with an explanation and everything typed is still there.
    _fill(page, consent=False)
    page.click("main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert page.input_value("input[name=name]") == "김옥순" and page.is_checked("input[value=vision]")
    axe_page.goto(register_url)
    _fill(axe_page, consent=False)
    axe_page.click("main form button[type=submit]")
    if found := page_problems(axe_page):
        failures["register with an error"] = found
    assert not Registration.objects.exists()

    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    registration = Registration.objects.get()
    page.wait_for_url(f"**/training/me/{registration.token}/")
    assert (registration.name, registration.phone, registration.status) == ("김옥순", "01012345678", "confirmed")
    assert registration.accessibility_needs == ["vision"]
    _check_url(axe_page, page.url, failures)
    page.click(f"a[href='/training/me/{registration.token}/cancel/']")
    _check_url(axe_page, page.url, failures)
    assert failures == {}


def test_staff_pages_pass_axe_at_320px_and_attendance_is_marked_without_javascript(page_at, live_server, world):
    import datetime as dt

    from django.utils import timezone

    from madang.training.models import Session
    from madang.training.services import registration_create

    templates_ensure(Survey, Question)
    t = training_world(world)
    session = t["session"]
    for n in range(3):
        registration_create(session=session, by=None, name=f"Person {n}", phone=f"010-0000-000{n}")
    failures: dict = {}
    page = page_at(width=320, javascript=False)
    axe_page = page_at(width=320)
    sign_in(page, live_server.url, "trainer")
    axe_page.context.add_cookies(page.context.cookies())
    for path in (f"sessions/{session.pk}/attendees/", f"sessions/{session.pk}/register-caller/", "manage/"):
        _check_url(axe_page, f"{live_server.url}/training/{path}", failures)

    start = timezone.now() - dt.timedelta(hours=2)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    page.goto(f"{live_server.url}/training/sessions/{session.pk}/attendance/")
    _check_url(axe_page, page.url, failures)
    first, second, _third = session.registrations.order_by("pk")
    page.check(f"input[name=r{first.pk}][value=attended]")
    page.check(f"input[name=r{second.pk}][value=no_show]")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/sessions/{session.pk}/attendance/")
    marked = dict(session.registrations.values_list("pk", "attendance"))
    assert marked == {first.pk: "attended", second.pk: "no_show", _third.pk: ""}
    _check_url(axe_page, f"{live_server.url}/training/sessions/{session.pk}/results/", failures)

    editor_page = page_at(width=320)
    sign_in(editor_page, live_server.url, "editor_a")
    for path in ("courses/new/", f"courses/{t['course'].pk}/sessions/new/", f"sessions/{session.pk}/edit/"):
        _check_url(editor_page, f"{live_server.url}/training/{path}", failures)
    assert failures == {}
