import pytest

from madang.training import sms


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MADANG_SITE_URL = "https://madang.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MADANG_SMS_BACKEND = "madang.training.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Runs (or holds back) what the code under test left for after its transaction commits."""
    return django_capture_on_commit_callbacks
