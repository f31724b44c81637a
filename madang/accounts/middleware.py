from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class PreferredLanguageMiddleware:
    """A signed-in user without a language cookie gets their profile's language, on any device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        preferred = None
        if user is not None and user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            preferred = user.preferred_language
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        response = self.get_response(request)
        if preferred:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, preferred, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax"
            )
        return response
