"""Real Chromium through Playwright. Skipped with instructions on a newcomer's machine; required in CI."""

import os
import shutil

import pytest

from tests.conftest import browser_required

# Playwright's sync API runs an event loop in this thread; Django's live-server tests need this to touch the DB.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("MADANG_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = (
            f"Chromium not found at {CHROMIUM}. Install it with `sudo apt-get install chromium fonts-noto-cjk` "
            "(or set MADANG_CHROMIUM) to run the browser and accessibility tests."
        )
        if browser_required():
            pytest.fail(message + " MADANG_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)  # a newcomer without Chromium; CI sets MADANG_REQUIRE_BROWSER=1 and fails above
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page_at(browser, live_server):
    """A fresh page in a fresh context: `page_at(width, language)`."""
    contexts = []

    def make(width: int = 1280, language: str = "en", height: int = 900, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="en-GB", java_script_enabled=javascript
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for c in contexts:
        c.close()
