"""The workspace: after signing in, what needs the person, from every app (madang/core/workspace.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .workspace import workspace_for


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    sections = workspace_for(user=request.user)
    urgent = sum(1 for s in sections for i in s.items if i.urgent)
    return render(request, "core/workspace.html", {"sections": sections, "urgent": urgent})
