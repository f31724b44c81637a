"""The page of a long import: how far the worker has got, then its all-or-nothing report."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .imports import RowError
from .models import ImportRun
from .policies import ImportRunPolicy


@login_required
def import_run(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The page does not refresh itself (a timed refresh takes the page away from someone still reading it, and
    WCAG 2.2.1 asks that it can be turned off): it says how far the import has got and offers to look again."""
    run = ImportRunPolicy.get(request.user, "view_import_run", pk=pk)
    errors = [RowError(**e) for e in run.errors] if run.errors else None
    status = 400 if run.status == ImportRun.Status.FAILED else 200
    return render(request, "core/import_run.html", {"run": run, "errors": errors}, status=status)
