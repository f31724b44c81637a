"""Demo accounts can sign in only under `make demo` (MADANG_DEMO_LOGINS=1); loaded anywhere else they are locked."""

from io import StringIO

import pytest
from django.core.management import call_command

from madang.accounts.models import User
from madang.core.demo import demo_superuser, demo_user

# What `make demo` prints (Makefile) and the loaders say, with the demo password.
PRINTED = ["admin", "seoul-editor", "citizen", "training-editor", "trainer", "pilot-manager", "yokohama-editor",
           "provider-editor", "wego-admin", "citynet-admin", "ascn-admin", "cjk-cooperation-admin"]  # fmt: skip
PASSWORD = "madang-demo"


def _load(*, inclusion: bool = False):
    out = StringIO()
    for command in ("load_demo", "load_matching_examples", "load_pilot_example", "load_training_demo"):
        call_command(command, stdout=out, stderr=out)
    if inclusion:
        call_command("load_inclusion_demo", stdout=out, stderr=out)
    return out.getvalue()


def _signs_in(client, username: str) -> bool:
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    client.logout()
    return response.status_code == 302


@pytest.mark.django_db
def test_loading_without_the_flag_makes_no_login_and_no_superuser(client, monkeypatch):
    monkeypatch.delenv("MADANG_DEMO_LOGINS", raising=False)
    out = _load()
    assert "cannot sign in" in out
    users = list(User.objects.all())
    assert {"seoul-editor", "citizen", "training-editor", "trainer", "pilot-manager"} <= {u.username for u in users}
    assert not User.objects.filter(username="admin").exists()
    assert not User.objects.filter(is_superuser=True).exists() and not User.objects.filter(is_staff=True).exists()
    for user in users:
        assert not user.has_usable_password() and not user.check_password(PASSWORD), user.username
    assert not _signs_in(client, "citizen") and not _signs_in(client, "seoul-editor")


@pytest.mark.django_db
def test_under_make_demo_the_printed_logins_work(client, monkeypatch):
    monkeypatch.setenv("MADANG_DEMO_LOGINS", "1")
    _load()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    for username in PRINTED:
        assert User.objects.get(username=username).check_password(PASSWORD), username
    assert _signs_in(client, "citizen") and _signs_in(client, "training-editor")


@pytest.mark.django_db
def test_the_demo_logins_hold_their_roles(monkeypatch):
    from madang.core import roles

    monkeypatch.setenv("MADANG_DEMO_LOGINS", "1")
    _load()
    yokohama = User.objects.get(username="yokohama-editor")
    assert yokohama.preferred_language == "ja" and roles.is_city_editor(yokohama)
    assert roles.is_editor(User.objects.get(username="provider-editor"))
    for slug in ("wego", "citynet", "ascn", "cjk-cooperation"):
        admin = User.objects.get(username=f"{slug}-admin")
        assert set(admin.network_roles.values_list("network__slug", flat=True)) == {slug}


@pytest.mark.django_db
def test_the_guide_of_the_inclusion_demo_follows_the_same_rule(monkeypatch):
    from madang.core.models import Organisation, Place

    seoul = Place.objects.create(kind="city", name="Seoul", slug="seoul")
    Organisation.objects.create(
        slug="seoul-metropolitan-government", name="Seoul", kind="city", city=seoul, governs=seoul
    )
    monkeypatch.delenv("MADANG_DEMO_LOGINS", raising=False)
    call_command("load_inclusion_demo", stdout=StringIO())
    assert not User.objects.get(username="seoul-guide").has_usable_password()
    monkeypatch.setenv("MADANG_DEMO_LOGINS", "1")
    call_command("load_inclusion_demo", stdout=StringIO())
    assert User.objects.get(username="seoul-guide").check_password(PASSWORD)


@pytest.mark.django_db
def test_loading_again_without_the_flag_locks_accounts_that_still_have_the_public_password(monkeypatch):
    monkeypatch.setenv("MADANG_DEMO_LOGINS", "1")
    old_admin = demo_superuser("admin", email="admin@madang.invalid")
    kept = demo_user("kept", email="kept@madang.invalid")
    kept.set_password("a-password-someone-chose")
    kept.save()
    demo_user("citizen", email="citizen@madang.invalid")
    monkeypatch.delenv("MADANG_DEMO_LOGINS")
    assert demo_superuser("admin", email="admin@madang.invalid") is None
    demo_user("citizen", email="citizen@madang.invalid")
    demo_user("kept", email="kept@madang.invalid")
    assert old_admin is not None
    old_admin.refresh_from_db()
    assert not old_admin.has_usable_password()
    assert not User.objects.get(username="citizen").has_usable_password()
    assert User.objects.get(username="kept").check_password("a-password-someone-chose")
