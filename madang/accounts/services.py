from django.contrib.auth.password_validation import validate_password

from .models import User
from .verification import verification_send


def user_sign_up(*, username: str, email: str, phone: str, password: str, preferred_language: str) -> User:
    """Everyone signs up as a citizen (roles come from organisations); an e-mail address is sent its confirmation."""
    user = User(username=username, email=email, phone=phone, preferred_language=preferred_language,
                role=User.Role.CITIZEN)  # fmt: skip
    validate_password(password, user)
    user.set_password(password)
    user.save()
    verification_send(user=user)
    return user


def user_update_profile(
    *, user: User, first_name: str, last_name: str, email: str, phone: str, preferred_language: str
) -> User:
    """A changed e-mail address is no longer confirmed: a new link goes to it."""
    changed = email.lower() != (User.objects.filter(pk=user.pk).values_list("email", flat=True).first() or "").lower()
    user.first_name, user.last_name, user.email, user.phone = first_name, last_name, email, phone
    user.preferred_language = preferred_language
    fields = ["first_name", "last_name", "email", "phone", "preferred_language"]
    if changed:
        user.email_verified_at = None
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    if changed:
        verification_send(user=user)
    return user
