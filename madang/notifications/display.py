"""A notice's target as people see it: its title and a link, looked up when shown or sent.

Few models have get_absolute_url, so the pages they are shown on are named here; a target that was deleted since
reads as "(no longer available)" and has no link, and never breaks the inbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Follow, Notice

PAGES: dict[str, Callable[[Any], str]] = {
    "matching.need": lambda o: reverse("matching:need", args=[o.pk]),
    "matching.solution": lambda o: reverse("matching:solution", args=[o.pk]),
    "matching.match": lambda o: _match_page(o),
    "catalogue.initiative": lambda o: reverse("catalogue:detail", args=[o.slug]),
    "pilots.pilot": lambda o: reverse("pilots:detail", args=[o.pk]),
    "core.organisation": lambda o: reverse("core:organisation", args=[o.slug]),
    "core.place": lambda o: reverse("core:city", args=[o.slug]),
    "core.network": lambda o: reverse("core:network", args=[o.slug]),
    "assessment.framework": lambda o: reverse("assessment:framework", args=[o.slug]),
    "assessment.value": lambda o: reverse("assessment:place", args=[o.node.framework.slug, o.place.slug]),
    "training.course": lambda o: reverse("training:course", args=[o.pk]),
    "training.session": lambda o: reverse("training:course", args=[o.course_id]),
}


def _match_page(match: Any) -> str:
    """A match's conversation, where its messages are; its need's page on a site without conversations."""
    try:
        return reverse("conversations:match", args=[match.pk])
    except NoReverseMatch:
        return reverse("matching:need", args=[match.need_id])


def _label(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def target_of(item: Notice | Follow) -> models.Model | None:
    """The target, or None when there is none or it was deleted since."""
    if item.target_type_id is None or item.target_id is None:
        return None
    try:
        return item.target
    except (AttributeError, models.ObjectDoesNotExist):
        return None


def title_of(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    if hasattr(obj, "display_name"):
        return str(obj.display_name())
    translations = getattr(obj, "translations", None)
    if translations is not None and hasattr(translations, "all"):
        # An initiative's title lives in its translations: the reader's language, else the first written.
        by_language = {t.language: t.title for t in translations.all()}
        title = by_language.get(get_language() or "") or next(iter(by_language.values()), "")
        if title:
            return str(title)
    for name in ("title", "name"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return str(obj)


def path_of(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    if hasattr(obj, "get_absolute_url"):
        return str(obj.get_absolute_url())
    page = PAGES.get(_label(ContentType.objects.get_for_model(obj)))
    if page is None:
        return ""
    try:
        return page(obj)
    except (NoReverseMatch, AttributeError, models.ObjectDoesNotExist):
        return ""


def shown(notice: Notice) -> dict[str, object]:
    """What the inbox and the e-mails show of a notice."""
    obj = target_of(notice)
    gone = notice.target_id is not None and obj is None
    return {
        "notice": notice,
        "verb": notice.get_verb_display(),
        "title": _("(no longer available)") if gone else title_of(obj),
        "path": path_of(obj),
    }
