from django.contrib.auth.password_validation import validate_password

from .models import User


def user_sign_up(*, username: str, email: str, password: str, preferred_language: str) -> User:
    """Everyone signs up as a citizen; editor and admin roles are granted by staff."""
    user = User(username=username, email=email, preferred_language=preferred_language, role=User.Role.CITIZEN)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def user_update_profile(*, user: User, first_name: str, last_name: str, email: str, preferred_language: str) -> User:
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.preferred_language = preferred_language
    user.save(update_fields=["first_name", "last_name", "email", "preferred_language"])
    return user
