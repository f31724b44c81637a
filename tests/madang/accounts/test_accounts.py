from django.core import mail

from madang.accounts.models import User


def test_sign_up_makes_a_citizen_and_remembers_language(client, db):
    response = client.post("/accounts/signup/", {
        "username": "minji", "email": "minji@example.org", "preferred_language": "ko",
        "password1": "a-long-kiosk-password-2026", "password2": "a-long-kiosk-password-2026",
    })  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="minji")
    assert (user.role, user.preferred_language) == (User.Role.CITIZEN, "ko")
    assert response.cookies["django_language"].value == "ko"
    # Signed in by the sign-up itself: the next page knows the person (the session names a configured backend).
    assert client.get("/accounts/profile/").context["user"] == user


def test_sign_up_errors_keep_what_was_typed(client, db):
    response = client.post("/accounts/signup/", {
        "username": "minji", "email": "not-an-email", "preferred_language": "ko",
        "password1": "short", "password2": "different",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="minji"' in html and 'value="not-an-email"' in html
    assert not User.objects.filter(username="minji").exists()


def test_sign_in_and_out(client, world):
    response = client.post("/accounts/login/", {"username": "citizen", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_password_reset_sends_a_working_link(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post("/accounts/password-reset/", {"email": "citizen@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"new_password1": "another-long-password-9", "new_password2": "another-long-password-9"}
    )
    assert response.status_code == 302
    signed_in = client.post("/accounts/login/", {"username": "citizen", "password": "another-long-password-9"})
    assert signed_in.status_code == 302


def test_profile_updates_preferred_language(client, world):
    client.force_login(world["users"]["citizen"])
    response = client.post("/accounts/profile/", {"first_name": "Ok", "last_name": "Soon", "email": "o@example.org",
                                                  "preferred_language": "ja"})  # fmt: skip
    assert response.status_code == 302
    assert User.objects.get(username="citizen").preferred_language == "ja"


def test_signed_in_user_without_cookie_gets_preferred_language(client, world):
    from madang.core.i18n_tools import compile_mo_files

    compile_mo_files()
    user = world["users"]["citizen"]
    user.preferred_language = "ja"
    user.save()
    client.force_login(user)
    response = client.get("/")
    assert '<html lang="ja"' in response.content.decode()
    assert response.cookies["django_language"].value == "ja"
