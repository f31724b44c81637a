"""Large assessment uploads (values, and a new framework's iMeta table), checked and written by the job worker;
madang/core/imports.py shows their progress. What the form said besides the file travels in the job's arguments,
and the permissions are asked again here, of the person who uploaded, since they may have changed meanwhile."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from madang.core.imports import ImportFailed, Progress, RowError, import_run_execute
from madang.core.models import ImportRun

from .models import Framework
from .policies import FrameworkPolicy
from .services import framework_create, values_import

VALUES_KIND = "assessment-values"
FRAMEWORK_KIND = "assessment-framework"


def _not_allowed() -> ImportFailed:
    return ImportFailed([RowError(0, "", _("You may no longer make this import; nothing was imported."))])


def _values_work(framework_id: int) -> Any:
    def work(run: ImportRun, progress: Progress) -> str:
        framework = Framework.objects.filter(pk=framework_id).first()
        if framework is None or not FrameworkPolicy.allows(run.created_by, "submit_to_framework", framework):
            raise _not_allowed()
        # The service asks AssessedPlacePolicy (and ValuePolicy for validated values) of every row.
        report = values_import(framework=framework, data=bytes(run.data), filename=run.filename,
                               by=run.created_by, progress=progress)  # fmt: skip
        return report.summary()

    return work


@task()
def run_values_import(run_id: str, framework_id: int) -> str:
    return import_run_execute(run_id, _values_work(framework_id))


def _framework_work(fields: dict[str, Any]) -> Any:
    def work(run: ImportRun, progress: Progress) -> str:
        try:
            framework_create(by=run.created_by, imeta=bytes(run.data), filename=run.filename, progress=progress,
                             **fields)  # fmt: skip
        except PermissionDenied as exc:
            raise _not_allowed() from exc
        except ValidationError as exc:  # the short name was taken while the file waited
            raise ImportFailed([RowError(0, "", str(m)) for m in exc.messages]) from exc
        return _("The framework is created. Add or check its indicators, then publish it.")

    return work


@task()
def run_framework_import(run_id: str, fields: dict[str, Any]) -> str:
    """`fields`: framework_create's keywords from the form (slug, name, description, kind, unit_kind, spec)."""
    return import_run_execute(run_id, _framework_work(fields))
