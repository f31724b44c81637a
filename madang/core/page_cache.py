"""A shared cache of public pages for anonymous visitors, with conditional GET (ETag and Last-Modified).

What is cached: GET and HEAD of the public pages named in PUBLIC_URL_NAMES (or views decorated with public_page),
for a visitor who is not signed in and has no session and no pending messages, when the view answered 200 with
HTML or JSON, set no cookie of its own, added no message, touched no session and asked for no other Vary than
Cookie and Accept-Language. Nothing is cached under a private link (a URL with a token) or for a signed-in person,
whose pages keep PrivateCacheMiddleware's "private, no-store".

Key: scheme + host + full path with query, the page's language (the django_language cookie, Accept-Language or
LANGUAGE_CODE, as LocaleMiddleware resolved it), the display settings (text size, contrast, easy mode cookies) and
a content version.

Invalidation: any post_save, post_delete or m2m_changed of a model of a madang app bumps the content version (at
once outside a transaction, else once when the transaction commits, so that a page another request rendered from
the not-yet-committed data is not kept either); a flush (post_migrate) or a changed setting (tests) starts a new
generation in this process. Every cached page becomes unreachable at once; old copies expire after
MADANG_PAGE_CACHE_SECONDS. Queryset update() and bulk_create() send no signal: code that changes public content
that way must call bump_version() itself.

CSRF: base.html carries two small forms (language and display settings) with a CSRF token, and the token is masked
from the visitor's own secret. A stored page therefore holds a placeholder instead of the token, and each visitor
gets a fresh token for their own cookie (CsrfViewMiddleware then sets or renews it, as for a rendered page). A page
in which any trace of the token is left after the placeholder swap is never stored.

The middleware must come after SessionMiddleware, LocaleMiddleware, CsrfViewMiddleware, AuthenticationMiddleware,
MessageMiddleware and DisplaySettingsMiddleware in MIDDLEWARE.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf as csrf_module
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .middleware import read_display

# Public pages that show the same thing to every anonymous visitor (per language and display settings).
PUBLIC_URL_NAMES: frozenset[str] = frozenset(
    {
        "core:home",
        "core:cities",
        "core:city",
        "core:organisations",
        "core:organisation",
        "core:networks",
        "core:network",
        "catalogue:list",
        "catalogue:detail",
        "inclusion:index",
        "inclusion:map",
        "inclusion:area",
        "matching:needs",
        "matching:solutions",
        "api:list_initiatives",
        "api:get_initiative",
    }
)
# Bookkeeping that no public page shows: the worker's heartbeat (every second), the schedule, rate-limit counters,
# drafts, notifications and prepared results (a PDF, a planner solve). Saving them must not empty the cache.
UNSHOWN_MODELS: frozenset[str] = frozenset(
    {
        "core.workerheartbeat",
        "core.scheduledrun",
        "core.computation",
        "notifications.notice",
        "accounts.ratelimithit",
        "pilots.sessiondraft",
        "inclusion.assistdraft",
        "training.notification",
    }
)
VERSION_KEY = "madang:page-cache:version"
KEY_PREFIX = "madang:page-cache:page"
CSRF_PLACEHOLDER = "__madang_csrf_token__"
CACHEABLE_TYPES = ("text/html", "application/json")
ALLOWED_VARY = {"cookie", "accept-language"}
_TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_MESSAGES_COOKIE = "messages"

V = TypeVar("V", bound=Callable[..., Any])
logger = logging.getLogger(__name__)


def public_page(view: V) -> V:
    """Opt a view in: its anonymous GET answers may be cached like those in PUBLIC_URL_NAMES."""
    view.madang_public_page = True  # type: ignore[attr-defined]
    return view


def timeout() -> int:
    return int(getattr(settings, "MADANG_PAGE_CACHE_SECONDS", 300))


# ----------------------------------------------------------------------------------------------------- versioning
def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A version lost from the cache restarts from the clock, never from a number an old page was stored under.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return int(version)


def bump_version() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:  # a save must not fail for the cache; it runs outside a transaction or after the commit
        logger.error("Page cache version not bumped: cached pages may be stale until they expire.", exc_info=True)


def _is_madang_model(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    app_config = getattr(meta, "app_config", None)
    return (
        app_config is not None
        and app_config.name.startswith("madang.")
        and getattr(meta, "label_lower", "") not in UNSHOWN_MODELS
    )


def _changed() -> None:
    """A change seen now: bump at once outside a transaction; inside one, once when it commits (what another
    request may read and store before that is still the old data, and a rollback must bump nothing), and at once too
    where pages rendered inside a transaction are stored (MADANG_PAGE_CACHE_IN_TRANSACTIONS: the tests)."""
    if not connection.in_atomic_block:
        bump_version()
        return
    if getattr(settings, "MADANG_PAGE_CACHE_IN_TRANSACTIONS", False):
        bump_version()
    # One hook per transaction: commit and rollback give the connection a new run_on_commit list.
    if getattr(connection, "_madang_page_cache_hooked", None) is not connection.run_on_commit:
        transaction.on_commit(bump_version)
        connection._madang_page_cache_hooked = connection.run_on_commit  # type: ignore[attr-defined]


def _content_changed(sender: Any, **kwargs: Any) -> None:
    if _is_madang_model(sender):
        _changed()


def _m2m_changed(sender: Any, action: str = "", instance: Any = None, **kwargs: Any) -> None:
    if action.startswith("post_") and (_is_madang_model(sender) or _is_madang_model(type(instance))):
        _changed()


# A flush (transactional tests) or a changed setting (tests) is seen in this process only, and may come when the
# cache itself is not usable (migrate runs before createcachetable): they start a new local generation instead.
_local_generation = [0]


def _flushed(**kwargs: Any) -> None:
    _local_generation[0] += 1


def _setting_changed(**kwargs: Any) -> None:
    _local_generation[0] += 1


def connect_signals() -> None:
    """Connected once per process (dispatch_uid), to the madang apps' models only: a receiver for every sender would
    take Django's fast deletes from every other model too. The job worker needs it as well (CoreConfig.ready)."""
    if not django_apps.models_ready:  # imported before the models: CoreConfig.ready() calls it again
        return
    for app_config in django_apps.get_app_configs():
        if not app_config.name.startswith("madang."):
            continue
        for model in app_config.get_models():
            if model._meta.label_lower in UNSHOWN_MODELS:
                continue
            label = model._meta.label_lower
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"madang-page-cache-save-{label}")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"madang-page-cache-delete-{label}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="madang-page-cache-m2m")
    post_migrate.connect(_flushed, dispatch_uid="madang-page-cache-migrate")
    setting_changed.connect(_setting_changed, dispatch_uid="madang-page-cache-setting")


connect_signals()


# ----------------------------------------------------------------------------------------------------- middleware
def _anonymous_without_state(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or _MESSAGES_COOKIE in request.COOKIES:
        return False
    if getattr(settings, "CSRF_USE_SESSIONS", False):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _cacheable_view(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or "token" in match.kwargs:
        return False
    return match.view_name in PUBLIC_URL_NAMES or getattr(view_func, "madang_public_page", False)


def page_key(request: HttpRequest, version: int) -> str:
    display = getattr(request, "display", None) or read_display(request.COOKIES)
    parts = [
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or settings.LANGUAGE_CODE,
        display["text"],
        display["contrast"],
        display["mode"],
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{version}.{_local_generation[0]}:{digest}"


def _etag(stored_digest: str, request: HttpRequest) -> str:
    # The page holds the visitor's CSRF token: another secret (another browser, a rotated token) is another page.
    secret = request.META.get("CSRF_COOKIE", "")
    return '"' + hashlib.sha256(f"{stored_digest}:{secret}".encode()).hexdigest()[:32] + '"'


def _strip_token(request: HttpRequest, content: bytes) -> bytes | None:
    """The page with its CSRF token swapped for the placeholder, or None when some trace of it would be left."""
    secret = request.META.get("CSRF_COOKIE")
    text = content.decode("utf-8")
    text = _TOKEN_INPUT.sub(lambda m: m.group(1) + CSRF_PLACEHOLDER + m.group(3), text)
    stripped = text.encode("utf-8")
    if secret:
        if secret.encode() in stripped:
            return None
        for candidate in _TOKEN_LIKE.findall(stripped):
            try:
                if csrf_module._unmask_cipher_token(candidate.decode()) == secret:  # type: ignore[attr-defined]
                    return None
            except Exception:  # noqa: BLE001, S112 - not a token at all
                continue
    return stripped


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_madang_page_key", None)
        if key is not None and not getattr(request, "_madang_page_hit", False):
            self._store(request, response, key)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if timeout() <= 0 or not _anonymous_without_state(request) or not _cacheable_view(request, view_func):
            return None
        try:
            key = page_key(request, content_version())
            entry = cache.get(key)
        except Exception:  # a cache that cannot answer (no table yet, a server away) serves every page fresh
            logger.warning("Page cache unavailable; serving uncached.", exc_info=True)
            return None
        request._madang_page_key = key  # type: ignore[attr-defined]
        if entry is None:
            return None
        request._madang_page_hit = True  # type: ignore[attr-defined]
        return self._serve(request, entry)

    # A page rendered inside a transaction (a test's, or ATOMIC_REQUESTS) may show rows that are then rolled back,
    # which no signal reports: such pages are not stored unless MADANG_PAGE_CACHE_IN_TRANSACTIONS says so (tests).
    def _store(self, request: HttpRequest, response: HttpResponse, key: str) -> None:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return
        if connection.in_atomic_block and not getattr(settings, "MADANG_PAGE_CACHE_IN_TRANSACTIONS", False):
            return
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type not in CACHEABLE_TYPES or response.cookies:
            return
        if response.has_header("Set-Cookie") or response.has_header("ETag"):
            return
        control = response.get("Cache-Control", "").lower()
        if "private" in control or "no-store" in control or "no-cache" in control:
            return
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - ALLOWED_VARY:
            return
        session = getattr(request, "session", None)
        if session is not None and (session.modified or (session.session_key and session.accessed)):
            return
        messages = getattr(request, "_messages", None)
        if messages is not None and getattr(messages, "_queued_messages", None):
            return
        content = _strip_token(request, response.content)
        if content is None:
            return
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() in ("content-type", "content-language", "link", "x-robots-tag")
        }
        now = time.time()
        entry = {
            "content": content,
            "headers": headers,
            "stored": now,
            "digest": hashlib.sha256(content).hexdigest(),
        }
        try:
            cache.set(key, entry, timeout())
        except Exception:
            logger.warning("Page cache unavailable; page not stored.", exc_info=True)
            return
        self._conditional_headers(request, response, entry)

    def _serve(self, request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
        content: bytes = entry["content"]
        if CSRF_PLACEHOLDER.encode() in content:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"].items():
            response[name] = value
        response["X-Madang-Page-Cache"] = "hit"
        self._conditional_headers(request, response, entry)
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=int(entry["stored"]), response=response
        )
        return conditional or response

    @staticmethod
    def _conditional_headers(request: HttpRequest, response: HttpResponse, entry: dict[str, Any]) -> None:
        response["ETag"] = _etag(entry["digest"], request)
        response["Last-Modified"] = http_date(entry["stored"])
        # Every visitor has a token of their own in the page: no shared cache may keep it; browsers revalidate.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
