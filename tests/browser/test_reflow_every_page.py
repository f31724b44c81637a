"""WCAG 1.4.10 reflow with 1.4.4 resize text: every page of the site, as every role, in all four languages, at 320
CSS px with 200 % text, scrolls only vertically. One browser context per language; pages are visited in a loop."""

import pytest

from tests.browser.helpers import LANGUAGES, overflow_at_200_percent_text
from tests.browser.site_data import signed_in_cookie, site_pages, site_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_reflows_at_320px_with_200_percent_text_in_every_language(page_at, live_server, world):
    pages = site_pages(site_world(world))
    failures: dict[str, tuple[int, list[str]]] = {}
    # Every language as it comes, and English once more in easy mode (its 48 px targets must still fit).
    for language, mode in [*((language, "standard") for language in LANGUAGES), ("en", "easy")]:
        page = page_at(width=320, height=640, language=language)
        for username, paths in pages.items():
            page.context.clear_cookies()
            cookies = [
                {"name": "django_language", "value": language, "url": live_server.url},
                {"name": "madang_mode", "value": mode, "url": live_server.url},
            ]
            page.context.add_cookies(cookies + ([signed_in_cookie(username, live_server.url)] if username else []))
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == 200, (language, username, path)
                overflow, culprits = overflow_at_200_percent_text(page)
                if overflow > 1:
                    failures[f"{language} {mode} {username or 'anonymous'} {path}"] = (overflow, culprits)
    assert failures == {}, f"{len(failures)} pages scroll sideways: {failures}"
