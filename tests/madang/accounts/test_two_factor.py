"""Optional two-step sign-in for staff and network admins, set up and used through the real pages."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step  # a later code: the device refuses to reuse one
    return str(totp.token()).zfill(device.digits)


def _sign_in(client, username: str):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


@pytest.fixture
def admin_with_2fa(client, db):
    admin = UserFactory(username="netadmin", role="network_admin")
    _sign_in(client, "netadmin")
    assert client.get("/accounts/two-factor/").status_code == 200
    assert client.post("/accounts/two-factor/", {"action": "start"}).status_code == 302
    page = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in page and 'role="img"' in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    response = client.post("/accounts/two-factor/", {"action": "confirm", "code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.post("/accounts/logout/")
    return admin, device


def test_after_the_password_every_page_asks_for_the_code(client, admin_with_2fa, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the throttle has its own test below
    _admin, device = admin_with_2fa
    assert _sign_in(client, "netadmin").status_code == 302
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/verify/")
    wrong = client.post("/accounts/two-factor/verify/", {"code": "123456", "next": "/accounts/profile/"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    assert client.get("/accounts/profile/").status_code == 302
    right = client.post("/accounts/two-factor/verify/", {"code": _code(device, 1), "next": "/accounts/profile/"})
    assert right.status_code == 302 and right["Location"] == "/accounts/profile/"
    assert client.get("/accounts/profile/").status_code == 200


def test_the_code_page_refuses_to_send_people_elsewhere(client, admin_with_2fa):
    _admin, device = admin_with_2fa
    _sign_in(client, "netadmin")
    response = client.post("/accounts/two-factor/verify/", {"code": _code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/profile/"


def test_guessing_codes_is_throttled(client, admin_with_2fa):
    _admin, device = admin_with_2fa
    _sign_in(client, "netadmin")
    client.post("/accounts/two-factor/verify/", {"code": "123456"})
    # Right away, even the right code is refused: each wrong guess doubles the wait (django-otp's throttle).
    assert client.post("/accounts/two-factor/verify/", {"code": _code(device, 1)}).status_code == 400
    assert client.get("/accounts/profile/").status_code == 302


def test_turning_it_off_needs_a_current_code(client, admin_with_2fa, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _admin, device = admin_with_2fa
    _sign_in(client, "netadmin")
    client.post("/accounts/two-factor/verify/", {"code": _code(device, 1)})
    assert client.post("/accounts/two-factor/", {"action": "disable", "code": "111111"}).status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.post("/accounts/two-factor/", {"action": "disable", "code": _code(device, 2)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()


@pytest.mark.parametrize(
    ("fields", "status"),
    [({"role": "citizen"}, 403), ({"role": "provider_editor"}, 403), ({"is_staff": True}, 200)],
)
def test_two_factor_setup_is_for_staff_and_network_admins(client, db, fields, status):
    client.force_login(UserFactory(username="someone", **fields))
    assert client.get("/accounts/two-factor/").status_code == status
    assert client.post("/accounts/two-factor/", {"action": "start"}).status_code == (302 if status == 200 else 403)


def test_people_without_a_device_sign_in_with_the_password_alone(client, db):
    UserFactory(username="kim")
    _sign_in(client, "kim")
    assert client.get("/accounts/profile/").status_code == 200
