"""A facilitator records a session on a phone, in Korean, without JavaScript, and the connection drops midway."""

import pytest

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
