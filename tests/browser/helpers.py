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


# How far the page scrolls sideways once its text is 200 % (WCAG 1.4.4 with 1.4.10), and the widest elements that
# stick out of the viewport, so a failure says where to look.
_OVERFLOW_AT_200 = """() => {
  document.documentElement.style.fontSize = '200%';
  for (const details of document.querySelectorAll('details')) details.open = true;  // what they hide must fit too
  const root = document.documentElement, width = root.clientWidth;
  const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const sticking = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (inScroller(el) || !el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    const textOut = !scrolls(el) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
    if (r.right > width + 1 || textOut) sticking.push(el);
  }
  // The innermost offenders say most: an element none of whose descendants sticks out.
  const innermost = sticking.filter((el) => !sticking.some((o) => o !== el && el.contains(o)));
  const culprits = innermost.slice(0, 3).map((el) =>
    `${name(el)} (${Math.round(el.getBoundingClientRect().right)}px: ${el.textContent.trim().slice(0, 40)})`);
  return {overflow: root.scrollWidth - width, culprits};
}"""


def overflow_at_200_percent_text(page) -> tuple[int, list[str]]:
    """Sideways scroll in CSS px after the page's text is set to 200 %, with a few elements that cause it."""
    found = page.evaluate(_OVERFLOW_AT_200)
    return found["overflow"], found["culprits"]
