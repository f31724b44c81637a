"""The demo and production show Madang's own translated error pages, never Django's English debug page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import include, path

from madang.core.i18n_tools import compile_mo_files

ROOT = Path(__file__).resolve().parents[3]


def _boom(request):
    raise RuntimeError("a bug")


def _database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [path("boom/", _boom), path("db-down/", _database_down), path("", include("config.urls"))]
handler500 = "madang.core.errors.server_error"


def test_make_demo_serves_without_debug():
    # `make -n` prints the recipe without running it; the demo's server must not run with DEBUG on.
    recipe = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S607
    server = next(line for line in recipe.splitlines() if "runserver" in line)
    assert not re.search(r"DJANGO_DEBUG=(1|true|yes|on)", server, re.IGNORECASE)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Page not found"),
        ("ko", "페이지를 찾을 수 없습니다"),
        ("ja", "ページが見つかりません"),
        ("zh-hans", "找不到页面"),
    ],
)
def test_missing_page_shows_the_translated_404(client, db, settings, language, title):
    settings.DEBUG = False
    compile_mo_files()
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in html
    assert "Django" not in html and "URLconf" not in html


def test_a_crash_shows_the_translated_500(client, db, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.madang.core.test_errors"
    compile_mo_files()
    client.raise_request_exception = False
    client.cookies["django_language"] = "ko"
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "문제가 발생했습니다" in response.content.decode()


def test_favicon_is_linked_and_served(client, db):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("madang/favicon.svg")


def test_a_database_outage_shows_the_translated_page_and_gives_back_what_was_typed(client, db, settings, monkeypatch):
    from tests.factories import UserFactory

    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.madang.core.test_errors"
    compile_mo_files()
    client.force_login(UserFactory(username="kim"))
    client.raise_request_exception = False
    client.cookies["django_language"] = "ja"

    def unreachable(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", unreachable)  # the signed-in user cannot be read either
    response = client.post("/db-down/", {"need_title": "高齢者のキオスク支援", "password": "hunter2-secret"})
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "サービスを一時的に利用できません" in html
    assert "高齢者のキオスク支援" in html  # what was typed, to copy
    assert "hunter2-secret" not in html


def test_make_demo_gives_its_server_a_key_of_its_own():
    # A server without DEBUG refuses the public development key (config/startup.py), so the demo brings its own.
    assert "demo: export DJANGO_SECRET_KEY ?= $(shell deploy/secret_key.sh)" in (ROOT / "Makefile").read_text()
    script = str(ROOT / "deploy" / "secret_key.sh")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    started = subprocess.run(  # noqa: S603  (the demo's own key script and server module)
        ["/bin/bash", "-c", f'DJANGO_SECRET_KEY="$({script})" {sys.executable} -c "import config.wsgi"'],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    first = subprocess.run([script], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert len(first.strip()) >= 50 and first == subprocess.run([script], capture_output=True, text=True).stdout  # noqa: S603


def test_secret_key_script_keeps_the_key_in_the_data_directory(tmp_path):
    # An installed copy keeps its data outside the checkout (MADANG_VAR_DIR), so its key must live there too.
    script = str(ROOT / "deploy" / "secret_key.sh")
    env = {**os.environ, "MADANG_VAR_DIR": str(tmp_path / "data")}
    key = subprocess.run([script], env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603
    stored = tmp_path / "data" / "secret-key"
    assert stored.read_text() == key and len(key.strip()) >= 50
    assert stored.stat().st_mode & 0o777 == 0o600
