"""Two production stacks (two `make serve`, each gunicorn + its own job worker) against one PostgreSQL database.

An editor changes an initiative's title through stack A's pages; stack B must show the new title on the initiative's
page and in its search at once (one database), and the search index must be refreshed by exactly one of the two
workers within seconds. `.ci/run` runs this on PostgreSQL; run it by hand with
`DATABASE_URL=postgres://... .venv/bin/python deploy/two_stacks.py`.
"""

import html.parser
import http.cookiejar
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PORTS = (int(os.environ.get("STACK_A_PORT", "8191")), int(os.environ.get("STACK_B_PORT", "8192")))
SLUG = "seoul-senior-friendly-kiosks"  # a demo initiative owned by the Seoul Metropolitan Government
EDITOR, PASSWORD = "two-stacks-editor", secrets.token_urlsafe(16)


class FormFields(html.parser.HTMLParser):
    """The fields of the page's edit form, as a browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not a.get("action"):
            self._in_form = True  # the page's own form (the header's sign-out and language forms name an action)
        if not self._in_form or not a.get("name"):
            if tag == "option" and self._select is not None and "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
            return
        if (
            tag == "input"
            and a.get("type") not in ("submit", "button", "checkbox", "radio")
            or (tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a)
        ):
            self.fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def manage(*args: str) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def start(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PORT": str(port), "MADANG_WEB_WORKERS": "2"}
    log = open(ROOT / "var" / f"two-stacks-{port}.log", "wb")  # noqa: SIM115 - lives as long as the stack
    serve = [str(ROOT / "deploy" / "serve.sh")]
    return subprocess.Popen(serve, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603


def wait_healthy(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise SystemExit(f"stack on port {port} did not become healthy")


def browser(port: int) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), f"http://127.0.0.1:{port}"


def csrf(opener: urllib.request.OpenerDirector) -> str:
    jar = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)).cookiejar
    return next(c.value for c in jar if c.name == "csrftoken") or ""


def post(opener: urllib.request.OpenerDirector, url: str, fields: list[tuple[str, str]]) -> int:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 - loopback http only
    with opener.open(request, timeout=30) as response:
        return int(response.status)


def get(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(url, timeout=30) as response:
        return str(response.read().decode())


def check() -> None:
    manage("createcachetable")
    manage("migrate", "--noinput", "-v0")
    manage("load_demo")
    manage("shell", "-v0", "-c", (
        "from madang.accounts.models import OrganisationRole, User; from madang.core.models import Organisation;"
        f"u, _ = User.objects.get_or_create(username='{EDITOR}');"
        "org = Organisation.objects.get(slug='seoul-metropolitan-government');"
        "u.role = 'city_editor'; u.organisation = org;"
        f"u.set_password('{PASSWORD}'); u.save();"
        "OrganisationRole.objects.update_or_create(user=u, organisation=org, defaults={'role': 'editor'})"
    ))  # fmt: skip
    stacks = [start(PORTS[0])]
    try:
        wait_healthy(PORTS[0])
        stacks.append(start(PORTS[1]))
        wait_healthy(PORTS[1])
        a, base_a = browser(PORTS[0])
        get(a, f"{base_a}/accounts/login/")
        post(a, f"{base_a}/accounts/login/", [("csrfmiddlewaretoken", csrf(a)), ("username", EDITOR),
                                             ("password", PASSWORD)])  # fmt: skip
        form = FormFields()
        form.feed(get(a, f"{base_a}/initiatives/{SLUG}/edit/"))
        word = "Zq" + secrets.token_hex(4)
        title = f"Kiosk practice for older residents {word}"
        fields = [(k, title if k == "title_en" else v) for k, v in form.fields if k != "csrfmiddlewaretoken"]
        if not any(k == "title_en" for k, _ in fields):
            raise SystemExit("the edit form has no English title field: check FormFields against the page")
        changed_at = time.time()
        status = post(a, f"{base_a}/initiatives/{SLUG}/edit/", [("csrfmiddlewaretoken", csrf(a)), *fields])
        print(f"A: edit posted ({status})")
        b, base_b = browser(PORTS[1])
        page = get(b, f"{base_b}/initiatives/{SLUG}/")
        found = get(b, f"{base_b}/initiatives/?q={word}")
        print(f"B: new title on the page: {word in page}; in B's search: {SLUG in found}")
        if word not in page or SLUG not in found:
            raise SystemExit("stack B does not show the change made through stack A")
        for _ in range(60):  # the index is refreshed by whichever worker takes the job
            runs = manage("shell", "-v0", "-c", (
                "from django_tasks_db.models import DBTaskResult; import datetime as dt;"
                f"since = dt.datetime.fromtimestamp({changed_at}, dt.UTC);"
                "print(DBTaskResult.objects.filter(task_path__endswith='refresh_search_index',"
                " status='SUCCESSFUL', enqueued_at__gte=since).count())"
            )).strip()  # fmt: skip
            if runs != "0":
                break
            time.sleep(1)
        print(f"search index refreshed by {runs} job run(s), {time.time() - changed_at:.1f} s after the change")
        if runs != "1":
            raise SystemExit("the search index was not refreshed exactly once")
        print("two stacks passed")
    finally:
        for stack in stacks:
            os.killpg(stack.pid, signal.SIGTERM)
        for stack in stacks:
            stack.wait(timeout=30)


if __name__ == "__main__":
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("two_stacks.py needs DATABASE_URL=postgres://... (two stacks share one PostgreSQL database)")
    check()
