"""Reject request input that no page can use before any view, form or database sees it.

A NUL byte cannot be stored in a PostgreSQL text value (psycopg raises, which was a 500), and a query string of
megabytes or a parameter repeated thousands of times only costs memory. The answer is a translated 400 page, or a
problem document under /api/.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MAX_QUERY_BYTES = 8 * 1024
MAX_QUERY_PARAMETERS = 100


def bad_input_reason(request: HttpRequest) -> str | None:
    raw_query = request.META.get("QUERY_STRING", "")
    if len(raw_query) > MAX_QUERY_BYTES:
        return _("The address is too long.")
    if raw_query.count("&") + 1 > MAX_QUERY_PARAMETERS:
        return _("The address has too many parts.")
    if b"\x00" in unquote_to_bytes(raw_query) or "\x00" in request.path:
        return _("The address contains a character that is not allowed (a NUL byte).")
    return None


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = bad_input_reason(request)
        if reason is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": "Bad request", "status": 400, "detail": reason}
            return JsonResponse(body, status=400, content_type="application/problem+json")
        return render(request, "core/error.html", {"status": 400, "reason": reason}, status=400)
