"""Dates, times and links for people: Babel (CLDR) formats in the reader's language, and the site's own address.

Django's per-language formats put the day period after the time in Korean ("10:00 오전"), and a hand-made range
mixes two orders ("10:00 오전 - 오후 12:00"); CLDR's interval patterns say how each language writes a range.
"""

import datetime as dt
import pickle

from babel import Locale, localedata
from babel.dates import format_interval, format_skeleton
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from madang.core.i18n import current_language

_BABEL_NAMES = {"zh-hans": "zh_Hans"}
_patched: set[str] = set()


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale for a site language code ("zh-hans" -> zh_Hans), the current language by default."""
    code = (language or current_language()).lower()
    name = _BABEL_NAMES.get(code, code.replace("-", "_"))
    locale = Locale.parse(name)
    if name not in _patched:
        _restore_day_periods(name)
        _patched.add(name)
    return locale


def _restore_day_periods(name: str) -> None:
    """Use the locale's own am/pm names where its abbreviated ones are only inherited from root ("AM"/"PM").

    CLDR 48.0 and 48.1 (Babel 2.18) leave Korean abbreviated am/pm to root, so "a h:mm" printed "AM 10:00";
    CLDR 48.2 restores 오전/오후 (unicode-org/cldr, formatjs/formatjs#6927). Once Babel ships that data the
    locale has its own entries and this does nothing."""
    # The locale's own file, read directly: load(merge_inherited=False) would cache the unmerged data as the locale.
    with open(localedata.resolve_locale_filename(name), "rb") as f:
        own = pickle.load(f).get("day_periods", {}).get("format", {})  # noqa: S301 (Babel's packaged data)
    abbreviated, wide = own.get("abbreviated", {}), own.get("wide", {})
    merged = localedata.load(name)["day_periods"]["format"]["abbreviated"]
    for period in ("am", "pm"):
        if period not in abbreviated and wide.get(period):
            merged[period] = wide[period]


def _hour_skeleton(locale: Locale) -> str:
    # Japanese and Chinese write 24-hour times, Korean and English 12-hour: follow the locale's own short time.
    return "hm" if "h" in locale.time_formats["short"].pattern else "Hm"


def _local(value: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    return timezone.localtime(value, tz or timezone.get_current_timezone())


def format_when(
    start: dt.datetime, end: dt.datetime | None = None, *, language: str | None = None, tz: dt.tzinfo | None = None
) -> str:
    """A date with its time or time range as the language writes it.

    "2026년 3월 14일 (토) 오전 10:00 ~ 오후 12:00", "2026年3月14日(土) 10時00分～12時00分",
    "Sat, Mar 14, 2026, 10:00 AM"."""
    locale = babel_locale(language)
    s = _local(start, tz)
    hours = _hour_skeleton(locale)
    if end is None:
        time_text = format_skeleton(hours, s, locale=locale)
    else:
        e = _local(end, tz)
        if e.date() != s.date():
            # CLDR has no interval pattern for a date-and-time skeleton: its fallback joins the two ends.
            fallback = str(locale.interval_formats[None])
            return fallback.replace("{0}", format_when(s, language=language, tz=s.tzinfo)).replace(
                "{1}", format_when(e, language=language, tz=e.tzinfo)
            )
        time_text = format_interval(s.time(), e.time(), hours, locale=locale)
    date_text = format_skeleton("yMMMEd", s, locale=locale)
    glue = str(locale.datetime_formats["medium"])
    return glue.replace("{1}", date_text).replace("{0}", time_text)


def format_time_range(
    start: dt.datetime, end: dt.datetime, *, language: str | None = None, tz: dt.tzinfo | None = None
) -> str:
    """Only the times of a same-day range, as the language writes them: "오전 10:00 ~ 오후 12:00", "10:00～12:00"."""
    locale = babel_locale(language)
    return str(format_interval(_local(start, tz).time(), _local(end, tz).time(), _hour_skeleton(locale), locale=locale))


def format_day(value: dt.datetime | dt.date, *, language: str | None = None, tz: dt.tzinfo | None = None) -> str:
    """A date with its weekday: "2026년 3월 14일 (토)", "2026年3月14日(土)"."""
    if isinstance(value, dt.datetime):
        value = _local(value, tz).date()
    return str(format_skeleton("yMMMEd", value, locale=babel_locale(language)))


def site_url(request: HttpRequest | None = None) -> str:
    """The site's address without a trailing slash: the request's own when there is one, else MADANG_SITE_URL.

    Messages sent later (reminders, digests, a queued SMS) have no request, so they use the setting, which `make
    demo` sets to the port it serves."""
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return str(settings.MADANG_SITE_URL).rstrip("/")


def absolute_url(path: str, *, request: HttpRequest | None = None) -> str:
    """A path on this site as a full link for a message or a download."""
    return site_url(request) + (path if path.startswith("/") else "/" + path)
