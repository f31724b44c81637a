"""What a production server checks before it answers its first request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_production() -> None:
    """A WSGI/ASGI server without DEBUG is production: signing sessions, reset links and private links with the
    public development key would let anyone forge them, so the server does not start."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs its own secret key (docs/deploy.md): for example "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
