"""Production refuses the public key, `check --deploy` is clean with the documented settings, headers protect every
page, and no link, address or phone number reaches a log or the console."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from madang.core.mail import RedactingConsoleEmailBackend
from madang.core.redaction import redact
from madang.training.sms import ConsoleSmsBackend, SmsMessage
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
# The production environment docs/deploy.md documents (HTTPS behind a reverse proxy).
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Qm2pL9vR4tZ8wK1nB6cY3hJ5fD0sA",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "madang.example.org",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_BEHIND_PROXY": "1",
    "DATABASE_URL": "sqlite:////tmp/madang-check-deploy.sqlite3",
}


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603  (the test's own code, run in a clean interpreter)
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_server_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = _python("import config.wsgi", env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_server_starts_with_its_own_key():
    result = _python("import config.wsgi; print('ready')", PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "ready" in result.stdout


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = _python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings.base"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_key():
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    del env["DJANGO_SECRET_KEY"]
    result = _python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        env,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_anonymous_public_pages_may_be_cached_but_signed_in_pages_are_private(client, db):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(UserFactory(username="kim"))
    cache_control = client.get("/").get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control


def test_pages_opened_by_a_private_link_are_never_stored(client, db):
    response = client.get("/training/me/not-a-real-token-but-a-token-route/")
    assert "no-store" in response.get("Cache-Control", "")


def test_redaction_removes_links_addresses_phones_and_tokens():
    text = (
        "Reset: http://127.0.0.1:8000/accounts/reset/MQ/cdy4h1-3f2e8a9b1c2d3e4f/ for kim@seoul.go.kr, "
        'call 010-1234-5678 or +82 2 120 1234; "GET /pilots/me/Xk3_9aLmQ2pRtY7wZ1bC/ HTTP/1.1" 200 4016'
    )
    cleaned = redact(text)
    for secret in ("cdy4h1", "kim@seoul", "1234-5678", "120 1234", "Xk3_9aLm"):
        assert secret not in cleaned
    assert "http://127.0.0.1:8000" in cleaned and "200 4016" in cleaned


def test_password_reset_link_and_address_never_reach_the_console(client, db, settings):
    settings.EMAIL_BACKEND = "madang.core.mail.RedactingConsoleEmailBackend"
    UserFactory(username="kim", email="kim@seoul.go.kr")
    stream = io.StringIO()
    backend = RedactingConsoleEmailBackend(stream=stream)
    original = mail.get_connection
    try:
        mail.get_connection = lambda *a, **k: backend  # the view sends through the configured backend
        response = client.post("/accounts/password-reset/", {"email": "kim@seoul.go.kr"})
    finally:
        mail.get_connection = original
    assert response.status_code == 302
    printed = stream.getvalue()
    assert "Subject:" in printed and "[link removed]" in printed
    assert "kim@seoul.go.kr" not in printed and "/reset/" not in printed


def test_log_records_are_redacted_by_the_configured_handlers():
    # A fresh process, configured as a server is: what the request and server loggers print reaches stderr.
    result = _python(
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('Sent to %s at %s: %s', 'kim@seoul.go.kr', '010-1234-5678', "
        "'https://x.org/me/abc123def456ghi789/'); "
        "logging.getLogger('django.server').info('\"GET /pilots/me/Xk3_9aLmQ2pRtY7wZ1bC/ HTTP/1.1\" 200 4016')",
        {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings.base"},
    )
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "Sent to [e-mail removed] at [phone removed]: https://x.org/[link removed]",
        '"GET /pilots/me/[token removed]/ HTTP/1.1" 200 4016',
    ]


def test_console_sms_backend_prints_neither_number_nor_link():
    stream = io.StringIO()
    ConsoleSmsBackend(stream=stream).send(
        SmsMessage(to="010-1234-5678", text="Cancel: http://h/training/me/tok3nabcdefghij12/")
    )
    assert "1234-5678" not in stream.getvalue() and "tok3n" not in stream.getvalue()


@pytest.mark.parametrize("name", ["DJANGO_EMAIL_HOST", "DJANGO_EMAIL_PORT", "DJANGO_EMAIL_HOST_PASSWORD"])
def test_smtp_is_configured_from_the_environment(name):
    env = {
        **PRODUCTION,
        "DJANGO_EMAIL_HOST": "smtp.example.org",
        "DJANGO_EMAIL_PORT": "587",
        "DJANGO_EMAIL_HOST_USER": "madang",
        "DJANGO_EMAIL_HOST_PASSWORD": "s3cret",
        "DJANGO_EMAIL_USE_TLS": "1",
    }
    result = _python(
        "from django.conf import settings as s; "
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS)",
        {**env, "DJANGO_SETTINGS_MODULE": "config.settings.base"},
    )
    assert result.stdout.split() == ["smtp.example.org", "587", "madang", "s3cret", "True"]
