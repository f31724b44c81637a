"""What every browser test shares: the axe check (WCAG 2.0-2.2 A and AA), the reflow check, signing in."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LANGUAGES = ["en", "ko", "ja", "zh-hans"]
PASSWORD = "correct-horse-battery"  # the factories' password
_AXE = Axe()


def axe_violations(page) -> list[str]:
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]


def page_problems(page) -> list[str]:
    """axe violations, and any sideways scrolling (WCAG 1.4.10 reflow) at the page's width."""
    found = axe_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        found.append(f"horizontal scroll of {overflow}px")
    return found


def check_twin(page, axe_page, failures: dict) -> None:
    """Record the problems of the page `page` shows. axe needs JavaScript, so a no-JavaScript page is checked on a
    script-enabled twin that gets the same cookies (the same sign-in) and opens the same address."""
    if axe_page is not page:
        axe_page.context.add_cookies(page.context.cookies())
        axe_page.goto(page.url)
        page = axe_page
    if found := page_problems(page):
        failures[page.url] = found


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
