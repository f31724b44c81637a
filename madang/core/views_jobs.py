"""Staff see failed and waiting background jobs and run a failed one again (jobs are idempotent)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .redaction import redact


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.manage_jobs"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            pk = uuid.UUID(request.POST.get("retry", ""))
        except ValueError:
            messages.error(request, _("Choose a failed job to run again."))
            return redirect("core:jobs")
        failed = get_object_or_404(DBTaskResult, pk=pk, status=TaskResultStatus.FAILED)
        result = failed.task_result
        result.task.enqueue(*result.args, **result.kwargs)
        messages.success(request, _("The job is queued again."))
        return redirect("core:jobs")
    failed_jobs = DBTaskResult.objects.failed().order_by("-finished_at")[:100]
    rows = [
        {
            "pk": j.pk,
            "name": j.task_name,
            "finished_at": j.finished_at,
            "error": redact(j.traceback.strip().splitlines()[-1] if j.traceback else ""),
        }
        for j in failed_jobs
    ]
    context = {
        "failed": rows,
        "waiting": DBTaskResult.objects.ready().count(),
        "running": DBTaskResult.objects.running().count(),
    }
    return render(request, "core/jobs.html", context)
