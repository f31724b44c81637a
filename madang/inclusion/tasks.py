"""Large map data imports (areas, statistics, facilities), checked and written by the job worker while the page
of the run (madang/core/imports.py) shows which feature or row it has reached.

The city and the options typed in the form travel as the task's arguments; the service checks the policy again
for the person who uploaded (they may have lost the right since)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_tasks import task

from madang.core.imports import ImportFailed, Progress, RowError, import_run_execute
from madang.core.models import ImportRun, Place

from . import services

# ImportRun.kind of each import on the city's import page (the page's `kind` field names the key).
KINDS = {"areas": "inclusion-areas", "statistics": "inclusion-statistics", "facilities": "inclusion-facilities"}
SERVICES: dict[str, Callable[..., services.ImportResult]] = {
    "inclusion-areas": services.areas_import,
    "inclusion-statistics": services.statistics_import,
    "inclusion-facilities": services.facilities_import,
}


def _work(city_id: int, options: dict[str, Any]) -> Callable[[ImportRun, Progress], str]:
    def work(run: ImportRun, progress: Progress) -> str:
        city = Place.objects.get(pk=city_id, kind=Place.Kind.CITY)
        try:
            result = SERVICES[run.kind](city=city, data=bytes(run.data), by=run.created_by, progress=progress,
                                        **options)  # fmt: skip
        except PermissionDenied as exc:
            raise ImportFailed([RowError(0, "", _("You may no longer import data for %(city)s.")
                                         % {"city": city.name})]) from exc  # fmt: skip
        return _("Imported: %(created)d new, %(updated)d updated.") % {
            "created": result.created, "updated": result.updated}  # fmt: skip

    return work


@task()
def run_map_data_import(run_id: str, city_id: int, options: dict[str, Any]) -> str:
    return import_run_execute(run_id, _work(city_id, options))
