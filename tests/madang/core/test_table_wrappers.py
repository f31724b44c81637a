"""Every table on the site sits in the shared scroll wrapper, and every wrapper can be reached and named: at 320 px a
wide table scrolls inside it (WCAG 1.4.10 allows that for data tables), so a keyboard user must be able to focus it
(axe: scrollable-region-focusable)."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "madang" / "templates"
WRAPPER = re.compile(r"<div\b[^>]*class=\"table-wrap\"[^>]*>")


def test_every_table_is_in_a_keyboard_reachable_named_wrapper():
    wrong = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        html = path.read_text()
        wrappers = WRAPPER.findall(html)
        bad = [w for w in wrappers if not ('tabindex="0"' in w and 'role="region"' in w and "aria-label" in w)]
        if bad or html.count("<table") != len(wrappers):
            wrong[str(path.relative_to(TEMPLATES))] = (html.count("<table"), len(wrappers), bad)
    assert wrong == {}
