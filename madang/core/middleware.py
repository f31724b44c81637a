from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
