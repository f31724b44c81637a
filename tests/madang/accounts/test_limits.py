"""Abuse limits: sign-in lockout a person recovers from, limits on sign-up and reset mails, and staff who lift them."""

import pytest
from axes.models import AccessAttempt
from django.core import mail

from madang.accounts.limits import RateLimited, key_of, rate_limit_use
from madang.accounts.models import RateLimitHit, User
from madang.core.i18n_tools import compile_mo_files
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def _wrong(client, username="kim", times=1):
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong-password"})
    return response


@pytest.fixture
def kim(db):
    return UserFactory(username="kim", email="kim@seoul.go.kr")


def test_wrong_passwords_lock_the_account_from_that_address(client, kim, settings):
    assert _wrong(client, times=settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    locked = _wrong(client)
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    # Even the right password is refused while the lockout lasts.
    right = client.post("/accounts/login/", {"username": "kim", "password": PASSWORD})
    assert right.status_code == 429


def test_two_hundred_wrong_passwords_are_not_two_hundred_tries(client, kim, settings):
    statuses = [_wrong(client, username="admin").status_code for _ in range(200)]
    assert statuses.count(200) == settings.AXES_FAILURE_LIMIT - 1  # the form answers; then only the lockout page


def test_lockout_page_is_translated(client, kim, settings):
    compile_mo_files()
    client.cookies["django_language"] = "ja"
    response = _wrong(client, times=settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    assert "サインインを一時停止しています" in response.content.decode()


def test_a_password_reset_lifts_the_lockout(client, kim, settings):
    _wrong(client, times=settings.AXES_FAILURE_LIMIT)
    client.post("/accounts/password-reset/", {"email": "kim@seoul.go.kr"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).strip()
    form_page = client.get(link, follow=True)
    client.post(
        form_page.request["PATH_INFO"], {"new_password1": "a-new-long-pass-77", "new_password2": "a-new-long-pass-77"}
    )
    assert client.post("/accounts/login/", {"username": "kim", "password": "a-new-long-pass-77"}).status_code == 302


def test_password_reset_mails_are_limited_per_address(client, kim):
    statuses = [client.post("/accounts/password-reset/", {"email": "kim@seoul.go.kr"}).status_code for _ in range(20)]
    assert statuses[:3] == [302, 302, 302]
    assert set(statuses[3:]) == {429}
    assert len(mail.outbox) == 3


def test_sign_ups_are_limited_per_network_address(client, db):
    statuses = []
    for n in range(30):
        data = {
            "username": f"bot{n}",
            "email": f"bot{n}@example.org",
            "preferred_language": "en",
            "password1": "a-long-pass-8812",
            "password2": "a-long-pass-8812",
        }
        statuses.append(client.post("/accounts/signup/", data).status_code)
        client.logout()
    assert statuses.count(302) == 5
    assert User.objects.filter(username__startswith="bot").count() == 5
    refused = client.post("/accounts/signup/", {**data, "username": "late"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many attempts" in html and 'value="late"' in html  # what was typed is kept


def test_rate_limit_counts_each_key_and_says_when_to_retry(db, settings):
    settings.MADANG_RATE_LIMITS = {"registration": (2, 600)}
    phone = key_of("phone", "010-1234-5678")
    rate_limit_use(scope="registration", keys=[phone])
    rate_limit_use(scope="registration", keys=[key_of("phone", "010 1234 5678")])  # the same number, written apart
    with pytest.raises(RateLimited) as refused:
        rate_limit_use(scope="registration", keys=[phone, key_of("ip", "10.0.0.1")])
    assert 0 < refused.value.retry_after <= 600
    assert RateLimitHit.objects.count() == 2  # the refused use recorded nothing
    assert not RateLimitHit.objects.filter(key__contains="1234").exists()  # keys are HMACs, not numbers


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [("anonymous", 302, 302), ("citizen", 403, 403), ("staff", 200, 302)],
)
def test_only_staff_may_see_and_lift_limits(client, kim, who, get_status, post_status):
    if who != "anonymous":
        client.force_login(UserFactory(username=who, is_staff=who == "staff"))
    assert client.get("/accounts/limits/").status_code == get_status
    assert client.post("/accounts/limits/", {"contact": "kim@seoul.go.kr"}).status_code == post_status


def test_staff_lift_a_lockout_and_a_contacts_limits(client, kim, settings):
    _wrong(client, times=settings.AXES_FAILURE_LIMIT)
    for _ in range(3):
        client.post("/accounts/password-reset/", {"email": "kim@seoul.go.kr"})
    staff = UserFactory(username="operator", is_staff=True)
    client.force_login(staff)
    page = client.get("/accounts/limits/").content.decode()
    assert "kim" in page
    attempt = AccessAttempt.objects.get(username="kim")
    assert client.post("/accounts/limits/", {"attempt": attempt.pk}).status_code == 302
    assert not AccessAttempt.objects.filter(username="kim").exists()
    assert client.post("/accounts/limits/", {"contact": " Kim@Seoul.go.kr "}).status_code == 302
    assert not RateLimitHit.objects.filter(key=key_of("email", "kim@seoul.go.kr")).exists()
    client.logout()
    assert client.post("/accounts/login/", {"username": "kim", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("fields", "accepted"),
    [({}, True), ({"is_staff": True}, False), ({"role": "network_admin"}, False)],
)
def test_staff_and_network_admins_need_longer_passwords_on_reset(client, db, fields, accepted):
    UserFactory(username="lee", email="lee@seoul.go.kr", **fields)
    client.post("/accounts/password-reset/", {"email": "lee@seoul.go.kr"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).strip()
    form_page = client.get(link, follow=True)
    ten = {"new_password1": "kiosk-4712", "new_password2": "kiosk-4712"}  # 10 characters
    response = client.post(form_page.request["PATH_INFO"], ten)
    assert (response.status_code == 302) is accepted
    if not accepted:
        assert "at least 12 characters" in response.content.decode()


def test_old_sign_in_failures_and_limit_uses_are_forgotten(client, kim, settings):
    import datetime as dt

    from django.utils import timezone

    from madang.accounts.tasks import forget_old_attempts

    _wrong(client, times=2)
    client.post("/accounts/password-reset/", {"email": "kim@seoul.go.kr"})
    assert forget_old_attempts.call() == 0  # still in use
    long_ago = timezone.now() - dt.timedelta(days=2)
    AccessAttempt.objects.update(attempt_time=long_ago)
    RateLimitHit.objects.update(at=long_ago)
    assert forget_old_attempts.call() >= 2
    assert not AccessAttempt.objects.exists() and not RateLimitHit.objects.exists()
