import logging
import sys

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from .context_processors import display

log = logging.getLogger(__name__)

# Fields never shown back, even to the person who typed them: the page could be cached or seen over a shoulder.
_NEVER_SHOWN = ("password", "csrfmiddlewaretoken", "token", "code")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 403}, status=403)


def _typed(request: HttpRequest) -> list[tuple[str, str]]:
    """What a failed POST carried, so the person can copy it before trying again."""
    if request.method != "POST":
        return []
    try:
        items = request.POST.lists()
    except Exception:  # an unreadable body has nothing to give back
        return []
    return [
        (k, v) for k, values in items if not any(s in k.lower() for s in _NEVER_SHOWN) for v in values if v.strip()
    ][:50]


def server_error(request: HttpRequest) -> HttpResponse:
    """The translated error page, also when the database is down: then the page is drawn without anything that
    reads the database (the signed-in user, messages), and what the person typed is shown back to copy."""
    exc = sys.exc_info()[1]
    outage = isinstance(exc, DatabaseError)
    context = {"status": 503 if outage else 500, "typed": _typed(request)}
    if not outage:
        try:
            return render(request, "core/error.html", context, status=500)
        except Exception:  # the error page itself failed: fall through to the page that needs nothing
            log.exception("The error page could not be drawn with the request; drawing it without")
    html = render_to_string("core/error.html", {**context, **display(request), "request": None})
    response = HttpResponse(html, status=context["status"])
    response["Retry-After"] = "30"
    return response
