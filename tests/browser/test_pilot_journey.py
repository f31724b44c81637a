"""A facilitator records a session on a phone, in Korean, without JavaScript, and the connection drops midway."""

import pytest

from madang.core.helplines import known_helplines_apply
from madang.pilots import models as pilot_models
from madang.pilots.models import SessionDraft, TaskResult
from madang.surveys.models import Question, Survey
from madang.surveys.standard import templates_ensure
from tests.browser.helpers import check_twin, sign_in
from tests.pilot_data import pilot_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_task(page, outcome: str, minutes: str, seconds: str) -> None:
    page.check(f"input[name=outcome][value={outcome}]")
    page.fill("input[name=minutes]", minutes)
    page.fill("input[name=seconds]", seconds)
    page.fill("input[name=mistakes]", "1")
    page.fill("input[name=assists]", "1")
    page.check("input[name=ease][value='4']")


def test_korean_facilitator_at_320px_loses_nothing_when_the_connection_drops(page_at, live_server, world):
    templates_ensure(Survey, Question)  # a transactional test starts from an empty database, without migrations' data
    p = pilot_world(world, phase="test")
    page = page_at(width=320, language="ko", javascript=False)
    axe_page = page_at(width=320, language="ko")
    failures: dict = {}
    sign_in(page, live_server.url, "host")
    page.goto(f"{live_server.url}/pilots/{p['pilot'].pk}/testers/")
    assert page.locator("html").get_attribute("lang") == "ko"
    check_twin(page, axe_page, failures)
    page.click(f"form[action$='/testers/{p['tester'].pk}/session/'] button")
    draft = SessionDraft.objects.get()

    check_twin(page, axe_page, failures)
    _fill_task(page, "helped", "3", "20")
    page.click("form.session-form button[type=submit]")
    page.wait_for_url(f"**/sessions/{draft.pk}/1/")

    # Second task typed in, then the phone loses its connection as the facilitator presses "Next".
    _fill_task(page, "failed", "5", "0")
    page.context.set_offline(True)
    try:
        page.click("form.session-form button[type=submit]")
        page.wait_for_load_state()
    except Exception:  # noqa: BLE001, S110 (the failed navigation is the point of this step)
        pass
    draft.refresh_from_db()
    assert draft.step == 1 and len(draft.data) == 1  # the first task is safe on the server

    # Back online: opening the session again continues at the unsaved step; the first task is kept.
    page.context.set_offline(False)
    page.goto(f"{live_server.url}/pilots/sessions/{draft.pk}/")
    assert page.url.endswith(f"/sessions/{draft.pk}/1/")
    page.goto(f"{live_server.url}/pilots/sessions/{draft.pk}/0/")
    assert page.input_value("input[name=minutes]") == "3" and page.is_checked("input[name=outcome][value=helped]")
    page.goto(f"{live_server.url}/pilots/sessions/{draft.pk}/1/")
    _fill_task(page, "failed", "5", "0")
    page.click("form.session-form button[type=submit]")

    page.wait_for_url(f"**/sessions/{draft.pk}/2/")
    check_twin(page, axe_page, failures)
    for i in range(1, 11):
        page.check(f"input[name=sus_{i}][value='{2 if i % 2 else 4}']")
    page.click("form.session-form button[type=submit]")

    page.wait_for_url(f"**/sessions/{draft.pk}/3/")
    check_twin(page, axe_page, failures)
    page.check("input[name=satisfaction][value='3']")
    page.fill("textarea[name=comments]", "글씨가 작아서 잘 안 보여요")
    page.click("form.session-form button[type=submit]")

    page.wait_for_url(f"**/sessions/{draft.pk}/4/")
    check_twin(page, axe_page, failures)
    assert "글씨가 작아서" in page.content()
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/pilots/{p['pilot'].pk}/testers/")

    results = {r.task.title: (r.outcome, r.seconds) for r in TaskResult.objects.select_related("task")}
    assert results == {"Order a coffee": ("helped", 200), "Pay": ("failed", 300)}
    assert p["tester"].questionnaire.sus == [2, 4] * 5
    assert failures == {}


def test_older_resident_in_easy_mode_joins_by_the_short_menu_and_leaves_only_after_saying_yes(
    page_at, live_server, world
):
    """A 74-year-old on a phone, in Korean and easy mode, without JavaScript: the short menu leads to the pilot,
    the join page gives the city's helpline, and leaving asks first; axe checks every page on a scripted twin."""
    p = pilot_world(world, phase="recruit")
    known_helplines_apply()
    page = page_at(width=320, language="ko", javascript=False)
    axe_page = page_at(width=320, language="ko")
    for context in (page.context, axe_page.context):
        context.add_cookies([{"name": "madang_mode", "value": "easy", "url": live_server.url}])
    failures: dict = {}

    page.goto(live_server.url + "/")
    menu = page.locator("header nav li")
    assert menu.count() == 5 and page.locator("header nav a[href='/assessment/']").count() == 0
    page.click("header nav a[href='/pilots/']")
    check_twin(page, axe_page, failures)
    assert "새 서비스 써 보기" in page.locator("h1").inner_text()
    page.click(f"main a.button[href='/pilots/{p['pilot'].pk}/join/']")
    check_twin(page, axe_page, failures)
    assert page.locator("main a[href='tel:120']").count() == 1  # Seoul's 120 Dasan Call Center

    page.fill("input[name=name]", "이말순")
    page.fill("input[name=contact]", "010-2222-3333")
    page.check("input[name=age_band][value='75_plus']")
    page.check("input[name=digital_skill][value='1']")
    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    tester = pilot_models.Tester.objects.get(name="이말순")
    page.wait_for_url(f"**/pilots/me/{tester.withdraw_token}/")
    check_twin(page, axe_page, failures)

    # One tap on "leave" only asks; "No" keeps everything.
    page.click(f"main a[href='/pilots/me/{tester.withdraw_token}/leave/']")
    check_twin(page, axe_page, failures)
    page.click(f"main a[href='/pilots/me/{tester.withdraw_token}/']")
    tester.refresh_from_db()
    assert (tester.name, tester.withdrawn_at) == ("이말순", None)

    page.click(f"main a[href='/pilots/me/{tester.withdraw_token}/leave/']")
    page.click("main button[name=confirm][value=yes]")
    page.wait_for_url(f"**/pilots/me/{tester.withdraw_token}/")
    tester.refresh_from_db()
    assert (tester.name, tester.contact, tester.withdrawn_at is not None) == ("", "", True)
    assert failures == {}


def test_the_short_menus_display_settings_link_opens_the_settings(page_at, live_server, world):
    page = page_at(width=320, language="en")
    page.context.add_cookies([{"name": "madang_mode", "value": "easy", "url": live_server.url}])
    page.goto(live_server.url + "/pilots/")
    assert page.locator("details.display-settings").get_attribute("open") is None
    page.click("header nav a[href='#display-settings-form']")
    page.wait_for_function("document.querySelector('details.display-settings').open")
    assert page.locator("#display-settings-form input[name=mode]").is_visible()
