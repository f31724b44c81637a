"""The Seoul inclusion map and the guide planner in Korean at 320 px with axe, and the field log without JavaScript."""

from io import StringIO

import pytest
from django.core.management import call_command

from madang.inclusion.fieldlog import guide_add
from madang.inclusion.models import AssistDraft, AssistLog, Facility
from tests.browser.helpers import check_twin, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_korean_map_and_planner_at_320px_pass_axe(page_at, live_server, world):
    call_command("load_inclusion_demo", stdout=StringIO())
    page = page_at(width=320, language="ko")
    failures: dict = {}
    page.goto(f"{live_server.url}/inclusion/seoul/?facilities=school")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("svg.choropleth a").count() == 426
    assert page.locator("table.areas-table tbody tr").count() == 426
    check_twin(page, page, failures)
    # Keyboard: the first area of the map is reachable with Tab and leads to the area's page.
    page.locator("svg.choropleth a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/inclusion/seoul/areas/*/")
    assert page.locator("h1").inner_text() and page.locator("table").count() >= 1
    check_twin(page, page, failures)
    page.goto(f"{live_server.url}/inclusion/seoul/?indicator=pop_65plus&sort=name&order=asc")
    assert page.locator("th[aria-sort=ascending]").count() == 1
    check_twin(page, page, failures)

    sign_in(page, live_server.url, "editor_a")
    page.goto(f"{live_server.url}/inclusion/seoul/planner/")
    check_twin(page, page, failures)
    page.select_option("#id_candidates", "school")
    page.fill("#id_p", "8")
    page.check("input[name=points][value=centroid]")
    page.click("main form[method=get] button[type=submit]")
    page.wait_for_selector("#result-h")
    assert page.locator("svg.choropleth g.site").count() == 8
    check_twin(page, page, failures)
    page.fill("#id_title", "여덟 학교")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/inclusion/seoul/plans/*/")
    assert "여덟 학교" in page.locator("h1").inner_text()
    check_twin(page, page, failures)
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
    sign_in(page, live_server.url, "guide")
    page.goto(f"{live_server.url}/inclusion/log/")
    check_twin(page, axe_page, failures)
    page.click("main form button[type=submit]")
    draft = AssistDraft.objects.get()
    page.wait_for_url(f"**/inclusion/log/{draft.pk}/0/")
    check_twin(page, axe_page, failures)
    page.check(f"input[name=site][value='{school.pk}']")
    page.click("form.log-form button[type=submit]")
    page.wait_for_url(f"**/inclusion/log/{draft.pk}/1/")
    check_twin(page, axe_page, failures)
    page.check("input[name=device][value=kiosk]")
    page.check("input[name=task][value=order]")
    page.click("form.log-form button[type=submit]")
    page.wait_for_url(f"**/inclusion/log/{draft.pk}/2/")
    check_twin(page, axe_page, failures)
    page.fill("input[name=minutes]", "12")
    page.check("input[name=outcome][value=solved]")
    page.check("input[name=age_band][value='75_84']")
    page.click("form.log-form button[type=submit]")
    page.wait_for_url("**/inclusion/log/")
    log = AssistLog.objects.get()
    assert (log.facility, log.device, log.minutes, log.age_band) == (school, "kiosk", 12, "75_84")
    assert log.area == school.area
    check_twin(page, axe_page, failures)
    assert failures == {}
