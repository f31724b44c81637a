from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

DISPLAY_CHOICES: dict[str, tuple[str, ...]] = {
    "text": ("normal", "large", "larger"),
    "contrast": ("normal", "high"),
    "mode": ("standard", "easy"),
}
COOKIE_PREFIX = "madang_"


def read_display(cookies: dict[str, str]) -> dict[str, str]:
    """Display settings live in cookies so they are remembered without an account."""
    chosen: dict[str, str] = {}
    for key, allowed in DISPLAY_CHOICES.items():
        value = cookies.get(COOKIE_PREFIX + key, "")
        chosen[key] = value if value in allowed else allowed[0]
    return chosen


class DisplaySettingsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.display = read_display(request.COOKIES)  # type: ignore[attr-defined]
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages for a signed-in person, and pages opened by a private link (a URL with a token), must not be stored
    by a shared cache or the browser's disk: they carry names, contacts and the link itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        by_token = match is not None and "token" in match.kwargs
        if by_token or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
