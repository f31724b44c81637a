"""A city editor posts a need, sees matching solutions across languages, and shortlists one; axe checks each page."""

import re
import time

import pytest

from madang.matching import search
from madang.matching.models import Match, Solution
from tests.browser.helpers import LANGUAGES, axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offers(world):
    kiosk = Solution.objects.create(
        organisation=world["provider"], language="ja", title="高齢者向けキオスク体験教室",
        description="高齢者が練習用の端末で、注文や支払いの操作をゆっくり練習できる出張教室です。",
        domain="open_inclusive", price_band="low", maturity="piloted",
    )  # fmt: skip
    Solution.objects.create(
        organisation=world["provider"], language="en", title="Basement flood alarms",
        description="Water-level sensors in basement car parks alert residents during heavy rain.",
        domain="safe_city", price_band="mid", maturity="at_scale",
    )  # fmt: skip
    search.vectors_refresh()
    return kiosk


def test_post_a_need_see_matches_and_shortlist(page_at, live_server, world, offers, settings):
    settings.MADANG_SEARCH_AUTO = True
    page = page_at(width=1280)
    sign_in(page, live_server.url, "editor_a")
    page.goto(live_server.url + "/needs/new/")
    assert axe_violations(page) == []
    page.select_option("#id_organisation", str(world["city_a"].pk))
    page.select_option("#id_city", str(world["seoul"].pk))
    page.select_option("#id_language", "en")
    page.fill("#id_title", "Seniors cannot order at kiosks")
    page.fill("#id_description", "Older residents give up ordering at self-service kiosks in restaurants and "
                                 "cinemas. We want hands-on practice sessions.")  # fmt: skip
    page.select_option("#id_domain", "open_inclusive")
    page.select_option("#id_budget_band", "low")
    page.fill("#id_evaluation_criteria", "80% of seniors order unaided after one session")
    page.select_option("#id_status", "open_call")
    page.click("main form button[type=submit]:not([name])")  # Save, not the form's "Find initiatives" step
    page.wait_for_url(re.compile(r"/needs/\d+/$"))
    # The background refresh makes the new need matchable within seconds, without a restart.
    deadline = time.monotonic() + 10
    while page.locator("#solutions-h + ol li.card").count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    first = page.locator("#solutions-h + ol li.card").first
    assert "高齢者向けキオスク体験教室" in first.inner_text()
    assert first.locator("h3").get_attribute("lang") == "ja"
    assert axe_violations(page) == []
    first.locator("button[value=shortlisted]").click()
    page.wait_for_load_state()
    assert Match.objects.get(solution=offers).state == "shortlisted"
    assert "editor_a" in page.locator("#history-h ~ div table").inner_text()
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_matching_pages_have_no_axe_violations(page_at, live_server, world, offers, language):
    page = page_at(width=320, language=language)
    failures = {}
    for path in ("/needs/", "/solutions/", f"/solutions/{offers.pk}/"):
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            failures[path] = found
    assert failures == {}
