"""Every page type, in all four languages, at 1280 px and 320 px: zero axe violations of WCAG 2.0/2.1/2.2 A and AA."""

import pytest

from madang.accounts.models import User
from tests.browser.helpers import LANGUAGES, axe_violations, overflow_at_200_percent_text, sign_in
from tests.browser.site_data import assist_record
from tests.factories import InitiativeFactory
from tests.madang.inclusion.factories import inclusion_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 320]


@pytest.fixture
def catalogue(world):
    InitiativeFactory(
        slug="seoul-kiosk",
        owner=world["city_a"],
        city=world["seoul"],
        original_language="ko",
        translations={
            "ko": ("천천히 해도 괜찮아요", "키오스크 캠페인."),
            "en": ("Take your time", "A kiosk campaign."),
        },
    )
    return world


PUBLIC_PAGES = [
    "/",
    "/initiatives/",
    "/initiatives/?q=kiosk&country=KR",
    "/initiatives/seoul-kiosk/",
    "/cities/",
    "/cities/seoul/",
    "/organisations/",
    "/organisations/city-a/",
    "/networks/",
    "/networks/wego/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/no-such-page/",
]
EDITOR_PAGES = ["/accounts/profile/", "/initiatives/new/", "/initiatives/seoul-kiosk/edit/", "/initiatives/import/"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_axe_violations(page_at, live_server, catalogue, language, width):
    page = page_at(width=width, language=language)
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        found = axe_violations(page)
        if found:
            failures[path] = found
        # Nothing may scroll sideways at 320 px (WCAG 1.4.10 reflow).
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            failures.setdefault(path, []).append(f"horizontal scroll of {overflow}px at {width}px")
    assert failures == {}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_editor_pages_have_no_axe_violations(page_at, live_server, catalogue, language, width):
    page = page_at(width=width, language=language)
    sign_in(page, live_server.url, "editor_a")
    failures = {}
    for path in EDITOR_PAGES:
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            failures[path] = found
    assert failures == {}


@pytest.mark.parametrize("setting", ["text=larger", "contrast=high", "mode=easy"])
def test_display_settings_pages_have_no_axe_violations(page_at, live_server, catalogue, setting):
    page = page_at(width=320)
    page.goto(live_server.url + "/initiatives/")
    page.click("summary")
    key, value = setting.split("=")
    if key == "mode":
        page.check("input[name=mode]")
    else:
        page.check(f"input[name={key}][value={value}]")
    page.click("text=Save display settings")
    assert page.locator("html").get_attribute(f"data-{key}") == value
    for path in ("/initiatives/", "/initiatives/seoul-kiosk/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == []


def test_keyboard_only_sign_up(page_at, live_server, db):
    page = page_at(width=1280)
    page.goto(live_server.url + "/")
    # Tab from the top of the page to the sign-up link, pressing Enter like a keyboard user.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/accounts/signup/":
            break
    else:
        pytest.fail("The sign-up link cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/signup/")
    fields = {"id_username": "grandma74", "id_email": "grandma@example.org"}
    for _ in range(60):
        active = page.evaluate("document.activeElement.id")
        if active in fields:
            page.keyboard.type(fields.pop(active))
        elif active in ("id_password1", "id_password2"):
            page.keyboard.type("a-long-kiosk-password-2026")
        if active == "id_password2":
            break
        page.keyboard.press("Tab")
    assert fields == {}, "every field was reached by keyboard"
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/profile/")
    user = User.objects.get(username="grandma74")
    assert user.role == User.Role.CITIZEN
    assert page.locator("h1").inner_text() == "My profile"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_reflow_at_320px_with_200_percent_text(page_at, live_server, catalogue, language):
    page = page_at(width=320, language=language)
    failures = {}
    for path in ("/", "/initiatives/", "/initiatives/seoul-kiosk/", "/cities/", "/accounts/signup/"):
        page.goto(live_server.url + path)
        overflow, culprits = overflow_at_200_percent_text(page)
        if overflow > 1:
            failures[path] = (overflow, culprits)
    assert failures == {}  # every other page: tests/browser/test_reflow_every_page.py


def test_filters_language_and_display_settings_work_without_javascript(page_at, live_server, catalogue):
    page = page_at(width=320, javascript=False)
    page.goto(live_server.url + "/initiatives/")
    page.select_option("#id_country", "KR")
    page.click("form.filters button[type=submit]")
    assert "country=KR" in page.url
    assert page.locator(".card h3").all_inner_texts() == ["Take your time"]
    page.click("button[lang=ko]")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "country=KR" in page.url  # the switcher returns to the same filtered list
    page.click("summary")
    page.check("input[name=contrast][value=high]")
    page.click(".display-settings button[type=submit]")
    assert page.locator("html").get_attribute("data-contrast") == "high"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_assists_dashboard_scroll_regions_are_keyboard_reachable_at_320px(page_at, live_server, world, language):
    iw = inclusion_world(world)
    for n, code in enumerate(("S1", "S2", "C1")):
        iw["guide"].sites.add(iw["facilities"][code])
        assist_record(iw["guide"], iw["facilities"][code], 10 + n, "solved")
    page = page_at(width=320, language=language)
    sign_in(page, live_server.url, "editor_a")
    page.goto(live_server.url + "/inclusion/seoul/assists/")
    assert page.locator(".table-wrap table").count() >= 7
    assert axe_violations(page) == []  # scrollable-region-focusable among them
    # Every scrolling wrapper on the page is in the tab order and has a name.
    unnamed = page.evaluate("""[...document.querySelectorAll('.table-wrap')].filter(w =>
        w.tabIndex !== 0 || w.getAttribute('role') !== 'region' ||
        !(w.getAttribute('aria-labelledby') || '').split(' ').every(id => document.getElementById(id))).length""")
    assert unnamed == 0
