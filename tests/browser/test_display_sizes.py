"""Display settings in real Chromium: every text size with and without easy mode and high contrast gives the size
it promises (computed, not declared), and easy mode's targets are at least 48 x 48 CSS pixels."""

import pytest

from madang.surveys.models import Question, Survey
from madang.surveys.standard import templates_ensure
from tests.browser.helpers import overflow_at_200_percent_text
from tests.browser.site_data import signed_in_cookie, site_pages, site_world
from tests.madang.training.factories import training_world
from tests.pilot_data import pilot_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Easy mode is a floor of 20 px, never a cap: Larger stays 24 px with it.
EXPECTED_ROOT_PX = {
    ("normal", "standard"): 16,
    ("large", "standard"): 20,
    ("larger", "standard"): 24,
    ("normal", "easy"): 20,
    ("large", "easy"): 20,
    ("larger", "easy"): 24,
}


def _set_display(page, base_url: str, **chosen: str) -> None:
    page.context.add_cookies([{"name": f"madang_{k}", "value": v, "url": base_url} for k, v in chosen.items()])


def test_every_text_size_mode_and_contrast_combination_computes_its_size(page_at, live_server, world):
    page = page_at(width=1280)
    found = {}
    for contrast in ("normal", "high"):
        for (text, mode), _ in EXPECTED_ROOT_PX.items():
            _set_display(page, live_server.url, text=text, mode=mode, contrast=contrast)
            page.goto(live_server.url + "/cities/")
            assert page.locator("html").get_attribute("data-text") == text
            root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
            body_text = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
            found[(text, mode, contrast)] = (root, body_text)
    expected = {(t, m, c): (px, px) for (t, m), px in EXPECTED_ROOT_PX.items() for c in ("normal", "high")}
    assert found == expected


SMALL_TARGETS = """() => {
  const problems = [];
  const words = (el) => (el.textContent || el.value || el.name || '').trim().slice(0, 30);
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${words(el)}"`;
  const size = (r) => `${Math.round(r.width)}x${Math.round(r.height)}`;
  for (const details of document.querySelectorAll('details')) details.open = true;
  const targets = 'a[href], button, summary, select, textarea, input:not([type=hidden])';
  for (const el of document.querySelectorAll(targets)) {
    if (!el.checkVisibility() || el.closest('svg') || el.matches('.skip-link, .visually-hidden *')) continue;
    let box = el.getBoundingClientRect();
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (!label) { problems.push(`${name(el)} has no label`); continue; }
      const l = label.getBoundingClientRect(), middle = box.top + box.height / 2;
      // Beside: the label wraps the control, or starts just right of it on the same row.
      const rightOf = l.left >= box.right - 1 && l.left - box.right < 24;
      if (!label.contains(el) && !(middle > l.top && middle < l.bottom && rightOf)) {
        problems.push(`${name(el)} sits apart from its label`);
      }
      if (box.width < 32 || box.height < 32) problems.push(`${name(el)} is drawn at ${size(box)}`);
      const left = Math.min(box.left, l.left), top = Math.min(box.top, l.top);
      box = {width: Math.max(box.right, l.right) - left, height: Math.max(box.bottom, l.bottom) - top};
    }
    if (box.width < 47.5 || box.height < 47.5) problems.push(`${name(el)}: ${size(box)}`);
  }
  return problems;
}"""


def test_easy_mode_targets_are_48px_and_choices_sit_beside_their_labels(page_at, live_server, world):
    templates_ensure(Survey, Question)  # a transactional test starts without the migrations' rows
    p = pilot_world(world, phase="recruit")
    t = training_world(world)
    page = page_at(width=360, height=740)
    _set_display(page, live_server.url, mode="easy")
    found = {}
    for path in (
        "/",
        "/pilots/",
        f"/pilots/{p['pilot'].pk}/",
        f"/pilots/{p['pilot'].pk}/join/",
        "/training/",
        f"/training/sessions/{t['session'].pk}/register/",
        "/initiatives/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("data-mode") == "easy"
        problems = page.evaluate(SMALL_TARGETS)
        overflow, culprits = overflow_at_200_percent_text(page)  # bigger targets must not push the page sideways
        if overflow > 1:
            problems.append(f"scrolls {overflow}px sideways at 200 % text: {culprits}")
        if problems:
            found[path] = problems
    assert found == {}


def test_easy_mode_reaches_every_page_with_48px_targets(page_at, live_server, world):
    """Every page of the site as each role: a view's own context (the planner's `display`) once switched it off."""
    pages = site_pages(site_world(world))
    page = page_at(width=360, height=740)
    found = {}
    for username, paths in pages.items():
        page.context.clear_cookies()
        signed_in = [signed_in_cookie(username, live_server.url)] if username else []
        page.context.add_cookies([{"name": "madang_mode", "value": "easy", "url": live_server.url}, *signed_in])
        for path in paths:
            page.goto(live_server.url + path)
            if page.locator("html").get_attribute("data-mode") != "easy":
                found[f"{username} {path}"] = ["easy mode is off"]
            elif problems := page.evaluate(SMALL_TARGETS):
                found[f"{username} {path}"] = problems[:5]
    assert found == {}
