"""Assessment pages in real Chromium: the city and benchmark pages (and the rest) in four languages, at 1280 px and
320 px, with zero axe violations; the benchmark and the self-assessment work without JavaScript."""

import pytest

from madang.assessment.models import Value
from tests.assessment_data import scored_world
from tests.browser.helpers import LANGUAGES, page_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/assessment/",
    "/assessment/digital-inclusion-index/",
    "/assessment/digital-inclusion-index/places/seoul/",
    "/assessment/digital-inclusion-index/benchmark/?places=seoul&places=busan&places=gunsan",
    "/assessment/digital-inclusion-index/benchmark/?peers_of=gunsan",
    "/assessment/digital-inclusion-index/places/seoul/gaps/",
    "/assessment/plans/",
]
SIGNED_IN = {
    "editor_a": ["/assessment/digital-inclusion-index/submit/", "/assessment/smart-city-maturity/self-assessment/",
                 "/assessment/plans/new/"],
    "netadmin": ["/assessment/review/", "/assessment/network/", "/assessment/frameworks/new/"],
}  # fmt: skip


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("language", LANGUAGES)
def test_city_and_benchmark_pages_have_no_axe_violations(page_at, live_server, world, language, width):
    scored_world(world)
    page = page_at(width=width, language=language)
    failures = {}
    for path in PUBLIC:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        if found := page_problems(page):
            failures[path] = found
    assert failures == {}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_submission_review_and_network_pages_have_no_axe_violations(page_at, live_server, world, language):
    scored_world(world)
    failures = {}
    for username, paths in SIGNED_IN.items():
        page = page_at(width=320, language=language)
        sign_in(page, live_server.url, username)
        for path in paths:
            page.goto(live_server.url + path)
            if found := page_problems(page):
                failures[f"{username} {path}"] = found
    assert failures == {}


def test_benchmark_and_self_assessment_work_without_javascript(page_at, live_server, world):
    scored_world(world)
    page = page_at(width=320, language="ko", javascript=False)
    page.goto(live_server.url + "/assessment/digital-inclusion-index/benchmark/")
    page.uncheck("input[name=places]:checked >> nth=0")  # the default selection is the top four
    page.check("input[name=places][value=makati]")
    page.click("main form button[type=submit]")
    assert "places=makati" in page.url
    assert "Makati" in page.locator("table").first.inner_text()
    sign_in(page, live_server.url, "editor_a")
    page.goto(live_server.url + "/assessment/smart-city-maturity/self-assessment/")
    for legend in page.locator("fieldset.question").all():
        legend.locator("input[type=radio]").nth(2).check()  # level 3 everywhere
    page.fill("textarea[name=evidence_LG1]", "https://example.org/strategy.pdf")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/places/seoul/")
    assert Value.objects.filter(node__framework__slug="smart-city-maturity", status="submitted").count() == 15
    assert Value.objects.get(node__code="LG1").source == "https://example.org/strategy.pdf"


def test_too_many_places_are_named_and_the_reader_chooses_which_to_drop(page_at, live_server, world):
    from tests.assessment_data import CODES, put
    from tests.factories import PlaceFactory

    data = scored_world(world)
    for i in range(6):
        town = PlaceFactory(slug=f"town-{i}", name=f"Town {i}", parent=world["kr"])
        for code in CODES:
            put(data["nodes"][code], town, 2024, 50)
    page = page_at(width=320, language="en", javascript=False)
    page.goto(live_server.url + "/assessment/digital-inclusion-index/benchmark/")
    for box in page.locator("input[name=places]").all():
        box.check()
    page.click("main form button[type=submit]")
    alert = page.locator("[role=alert]")
    assert "You chose 10 places, but at most 8 fit side by side" in alert.inner_text()
    assert page.locator("input[name=places]:checked").count() == 10  # nothing dropped behind the reader's back
    page.uncheck("input[name=places][value=busan]")
    page.uncheck("input[name=places][value=seoul]")
    page.click("main form button[type=submit]")
    assert page.locator("[role=alert]").count() == 0
    header = page.locator("table").first.locator("thead").inner_text()
    assert "Town 5" in header and "Seoul" not in header and "Busan" not in header
