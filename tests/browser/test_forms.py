"""Every form, after a failed submit: the error summary comes first in <main>, has focus, and the title says so."""

import pytest

from tests.browser.helpers import LANGUAGES
from tests.pilot_data import pilot_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ERROR_PREFIX = {"en": "Error:", "ko": "오류:", "ja": "エラー:", "zh-hans": "错误："}
SUMMARY_STATE = """() => {
  const s = document.getElementById('error-summary');
  const main = document.querySelector('main');
  return {
    focused: document.activeElement === s,
    first_in_main: main.firstElementChild === s,
    top: s ? Math.round(s.getBoundingClientRect().top) : null,
    viewport: window.innerHeight,
  };
}"""


@pytest.mark.parametrize("javascript", [True, False])
def test_failed_join_at_320px_focuses_the_summary_first_in_main_with_error_title(
    page_at, live_server, world, javascript
):
    p = pilot_world(world, phase="recruit")
    for language in LANGUAGES:
        page = page_at(width=320, height=640, language=language, javascript=javascript)
        page.goto(f"{live_server.url}/pilots/{p['pilot'].pk}/join/")
        assert not page.title().startswith(ERROR_PREFIX[language])
        page.click("main form.stack button[type=submit]")  # nothing filled in, consent not given
        page.wait_for_load_state()
        state = page.evaluate(SUMMARY_STATE)
        assert state["focused"] and state["first_in_main"], (language, state)
        assert 0 <= state["top"] < state["viewport"], (language, state)  # on screen, not 1,706 px down
        assert page.title().startswith(ERROR_PREFIX[language]), (language, page.title())
        # Each listed problem is a link that jumps to its control (a radio list: to the list).
        hrefs = page.locator("#error-summary li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert len(hrefs) == page.locator("#error-summary li").count() >= 3
        assert all(page.locator(href).count() == 1 for href in hrefs), hrefs


def test_failed_sign_in_focuses_the_summary_not_the_autofocused_username_box(page_at, live_server, world):
    page = page_at(width=320, height=640, javascript=False)
    page.goto(live_server.url + "/accounts/login/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # Django's own autofocus, before a submit
    page.fill("#id_username", "editor_a")
    page.fill("#id_password", "not-the-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    state = page.evaluate(SUMMARY_STATE)
    assert state["focused"] and state["first_in_main"], state
    assert page.title().startswith("Error: ")
    assert page.input_value("#id_username") == "editor_a"
