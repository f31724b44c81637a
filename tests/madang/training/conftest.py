import pytest

from madang.training import sms

from .factories import training_world


@pytest.fixture
def t(world):
    return training_world(world)


@pytest.fixture(autouse=True)
def _sms_to_memory(settings):
    settings.MADANG_SMS_BACKEND = "madang.training.sms.LocmemSmsBackend"
    settings.MADANG_SITE_URL = "https://madang.example"
    sms.outbox.clear()
    yield
    sms.outbox.clear()
