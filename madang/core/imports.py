"""What every all-or-nothing import shares: row errors, the failure that carries them, and the job runner that
checks and writes a large upload in the worker while its page (/imports/<id>/) shows how far it has got.

An app's job calls `import_run_execute(run_id, work)`; `work(run, progress)` reads `run.data`, calls
`progress(done, total)` as it checks rows (outside its writing transaction, so the page sees each step), and returns
the translated line the page shows when it is done, or raises ImportFailed with the row errors.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import ImportRun

FAILED_UNEXPECTEDLY = _("The import stopped on an unexpected error; nothing was imported. Staff have been told.")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    row: int  # 0 = the file as a whole
    column: str
    message: str


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def _progress(run: ImportRun) -> Progress:
    def report(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    return report


def import_run_execute(run_id: str, work: Callable[[ImportRun, Progress], str]) -> str:
    """Run a queued import once (a run already started or finished is left alone: jobs may be delivered twice)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id, status=ImportRun.Status.QUEUED).first()
        if run is None:
            return "not queued"
        run.status = ImportRun.Status.RUNNING
        run.save(update_fields=["status"])
    with translation.override(run.language):
        try:
            summary = work(run, _progress(run))
        except ImportFailed as failed:
            _finish(run, ImportRun.Status.FAILED, errors=failed.errors)
        except Exception:
            # Nothing was written (writing is one transaction); the page must not wait for ever, and staff see the
            # traceback at /jobs/.
            _finish(run, ImportRun.Status.FAILED, errors=[RowError(0, "", str(FAILED_UNEXPECTEDLY))])
            raise
        else:
            _finish(run, ImportRun.Status.DONE, summary=summary)
    return str(run.status)


def _finish(run: ImportRun, status: str, *, errors: Sequence[RowError] = (), summary: str = "") -> None:
    run.status, run.summary = status, str(summary)
    run.errors = [{"row": e.row, "column": e.column, "message": str(e.message)} for e in errors]
    run.data = b""  # the upload may hold contacts: keep only the report
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "summary", "errors", "data", "finished_at"])
