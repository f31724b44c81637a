"""The HTTP SMS gateway backend against a real gateway on this machine, and the per-recipient message limit."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from madang.training import notifications, sms
from madang.training.models import Notification
from madang.training.services import registration_create

from .factories import SessionFactory, person


class Gateway:
    """A minimal gateway: records each request and answers with `status`."""

    def __init__(self, status: int = 202) -> None:
        self.status = status
        self.requests: list[dict[str, object]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                       "type": self.headers.get("Content-Type"), "body": json.loads(body)})  # fmt: skip
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Gateway":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway_settings(settings):  # type: ignore[no-untyped-def]
    settings.MADANG_SMS_BACKEND = "madang.training.sms.HttpSmsBackend"
    settings.MADANG_SMS_HTTP_TOKEN = "secret-token-1234"
    settings.MADANG_SMS_SENDER = "MADANG"
    return settings


def test_http_backend_posts_the_message_as_json_with_the_bearer_token(gateway_settings):
    with Gateway() as gateway:
        gateway_settings.MADANG_SMS_HTTP_URL = gateway.url
        sms.send_sms(to="010-1234-5678", text="Your class is tomorrow.")
    assert gateway.requests == [{
        "path": "/send", "auth": "Bearer secret-token-1234", "type": "application/json",
        "body": {"to": "010-1234-5678", "text": "Your class is tomorrow.", "sender": "MADANG"},
    }]  # fmt: skip


def test_gateway_refusal_is_an_sms_error_that_names_neither_number_nor_token(gateway_settings):
    with Gateway(status=503) as gateway:
        gateway_settings.MADANG_SMS_HTTP_URL = gateway.url
        with pytest.raises(sms.SmsError) as failed:
            sms.send_sms(to="010-1234-5678", text="Hello")
    assert "503" in str(failed.value)
    assert "1234-5678" not in str(failed.value) and "secret-token" not in str(failed.value)


def test_unreachable_gateway_is_an_sms_error(gateway_settings):
    with Gateway() as gateway:
        url = gateway.url
    gateway_settings.MADANG_SMS_HTTP_URL = url  # the server is closed: nothing listens there now
    with pytest.raises(sms.SmsError, match="could not be reached"):
        sms.send_sms(to="010-1234-5678", text="Hello")


@pytest.mark.parametrize("url", ["http://sms.example.org/send", "ftp://127.0.0.1/", ""])
def test_http_backend_refuses_an_address_that_would_send_in_clear_or_nowhere(gateway_settings, url):
    gateway_settings.MADANG_SMS_HTTP_URL = url
    with pytest.raises(ImproperlyConfigured):
        sms.get_backend()


def test_one_phone_gets_at_most_the_daily_message_limit_however_many_registrations_name_it(t, settings):
    settings.MADANG_RATE_LIMITS = {"message_to": (3, 86400)}
    sms.outbox.clear()
    for n in range(5):  # one class each: a number is registered once per class
        session = SessionFactory(course=t["session"].course, capacity=20)
        registration_create(session=session, by=None, language="en", **person(n, phone="010-9999-0000", email=""))
    notifications.deliver()
    assert [m.to for m in sms.outbox] == ["01099990000"] * 3  # stored as digits
    dropped = Notification.objects.filter(dropped_at__isnull=False, error__contains="too many messages")
    assert dropped.count() == 2
