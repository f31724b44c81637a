"""Large catalogue imports, checked and written by the job worker (madang/core/imports.py shows their progress)."""

from django.utils.translation import gettext as _
from django_tasks import task

from madang.core.imports import Progress, import_run_execute
from madang.core.models import ImportRun

from .importing import guess_format
from .services import initiatives_import

KIND = "initiatives"


def _work(run: ImportRun, progress: Progress) -> str:
    report = initiatives_import(data=bytes(run.data), fmt=guess_format(run.filename), by=run.created_by,
                                progress=progress)  # fmt: skip
    return _("Imported %(created)d new and %(updated)d updated initiatives as drafts.") % {
        "created": report.created, "updated": report.updated}  # fmt: skip


@task()
def run_initiative_import(run_id: str) -> str:
    return import_run_execute(run_id, _work)
