"""The Seoul inclusion map and the guide planner in Korean at 320 px with axe, and the field log without JavaScript."""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from madang.inclusion.fieldlog import guide_add
from madang.inclusion.models import AssistDraft, AssistLog, Facility
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _check(page, axe_page, failures: dict) -> None:
    """axe (WCAG 2.2 A/AA) and no sideways scrolling; axe needs JavaScript, so a no-JavaScript page is checked on a
    script-enabled twin with the same cookies at the same address."""
    if axe_page is not page:
        axe_page.context.add_cookies(page.context.cookies())
        axe_page.goto(page.url)
        page = axe_page
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        found.append(f"horizontal scroll of {overflow}px")
    if found:
        failures[page.url] = found


def _sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_korean_map_and_planner_at_320px_pass_axe(page_at, live_server, world):
    call_command("load_inclusion_demo", stdout=StringIO())
    page = page_at(width=320, language="ko")
    failures: dict = {}
    page.goto(f"{live_server.url}/inclusion/seoul/?facilities=school")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("svg.choropleth a").count() == 426
    assert page.locator("table.areas-table tbody tr").count() == 426
    _check(page, page, failures)
    # Keyboard: the first area of the map is reachable with Tab and leads to the area's page.
    page.locator("svg.choropleth a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/inclusion/seoul/areas/*/")
    assert page.locator("h1").inner_text() and page.locator("table").count() >= 1
    _check(page, page, failures)
    page.goto(f"{live_server.url}/inclusion/seoul/?indicator=pop_65plus&sort=name&order=asc")
    assert page.locator("th[aria-sort=ascending]").count() == 1
    _check(page, page, failures)

    _sign_in(page, live_server, "editor_a")
    page.goto(f"{live_server.url}/inclusion/seoul/planner/")
    _check(page, page, failures)
    page.select_option("#id_candidates", "school")
    page.fill("#id_p", "8")
    page.check("input[name=points][value=centroid]")
    page.click("main form[method=get] button[type=submit]")
    page.wait_for_selector("#result-h")
    assert page.locator("svg.choropleth g.site").count() == 8
    _check(page, page, failures)
    page.fill("#id_title", "여덟 학교")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/inclusion/seoul/plans/*/")
    assert "여덟 학교" in page.locator("h1").inner_text()
    _check(page, page, failures)
    assert failures == {}


def test_a_guide_records_an_assist_on_a_phone_without_javascript(page_at, live_server, world):
    call_command("load_inclusion_demo", stdout=StringIO())
    UserFactory(username="guide")
    guide = guide_add(organisation=world["city_a"], username="guide", by=world["users"]["editor_a"])
    school = Facility.objects.filter(city=world["seoul"]).order_by("code").first()
    guide.sites.add(school)
    page = page_at(width=320, language="ko", javascript=False)
    axe_page = page_at(width=320, language="ko")
    failures: dict = {}
    _sign_in(page, live_server, "guide")
    page.goto(f"{live_server.url}/inclusion/log/")
    _check(page, axe_page, failures)
    page.click("main form button[type=submit]")
    draft = AssistDraft.objects.get()
    page.wait_for_url(f"**/inclusion/log/{draft.pk}/0/")
    _check(page, axe_page, failures)
    page.check(f"input[name=site][value='{school.pk}']")
    page.click("form.log-form button[type=submit]")
    page.wait_for_url(f"**/inclusion/log/{draft.pk}/1/")
    _check(page, axe_page, failures)
    page.check("input[name=device][value=kiosk]")
    page.check("input[name=task][value=order]")
    page.click("form.log-form button[type=submit]")
    page.wait_for_url(f"**/inclusion/log/{draft.pk}/2/")
    _check(page, axe_page, failures)
    page.fill("input[name=minutes]", "12")
    page.check("input[name=outcome][value=solved]")
    page.check("input[name=age_band][value='75_84']")
    page.click("form.log-form button[type=submit]")
    page.wait_for_url("**/inclusion/log/")
    log = AssistLog.objects.get()
    assert (log.facility, log.device, log.minutes, log.age_band) == (school, "kiosk", 12, "75_84")
    assert log.area == school.area
    _check(page, axe_page, failures)
    assert failures == {}
