from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from madang.catalogue.models import Initiative, InitiativeTranslation
from madang.catalogue.signals import initiatives_changed

from .models import Need, Solution
from .search import schedule_refresh, vectors_refresh

WATCHED = (Initiative, InitiativeTranslation, Need, Solution)


def _auto() -> bool:
    # Off in the test suite: tests refresh explicitly, so a 10,000-row import does not embed 10,000 texts.
    return bool(getattr(settings, "MADANG_SEARCH_AUTO", True))


def _content_changed(sender: Any, **kwargs: Any) -> None:
    if _auto():
        transaction.on_commit(schedule_refresh)


def _relations_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, WATCHED) and kwargs.get("action", "").startswith("post_") and _auto():
        transaction.on_commit(schedule_refresh)


# Connected per model (and per many-to-many table), not to every save in the project.
for _model in WATCHED:
    post_save.connect(_content_changed, sender=_model, dispatch_uid=f"search-save-{_model.__name__}")
    post_delete.connect(_content_changed, sender=_model, dispatch_uid=f"search-delete-{_model.__name__}")
    for _m2m in _model._meta.many_to_many:
        through = _m2m.remote_field.through
        m2m_changed.connect(
            _relations_changed, sender=through, dispatch_uid=f"search-m2m-{_model.__name__}-{_m2m.name}"
        )


@receiver(initiatives_changed)
def _bulk_changed(sender: Any, sync: bool = False, **kwargs: Any) -> None:
    if not _auto():
        return
    if sync:
        vectors_refresh()
    else:
        transaction.on_commit(schedule_refresh)
