"""The inbox, marking notices read, the e-mail preference and follows. Views parse, call a service, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.catalogue.models import Domain
from madang.core.models import Organisation, Place
from madang.matching.policies import NeedPolicy, SolutionPolicy

from . import services
from .display import path_of, shown, target_of, title_of
from .forms import FollowForm, PreferenceForm
from .models import Preference
from .policies import FollowPolicy, NoticePolicy
from .selectors import follows_for, notices_for

PER_PAGE = 25


def _next(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return fallback


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_for(user=request.user), PER_PAGE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    items = [shown(n) for n in page.object_list]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = NoticePolicy.get(request.user, "mark_notice_read", pk=pk)
    services.notice_mark_read(notice=notice, by=request.user)  # type: ignore[arg-type]
    return redirect(_next(request, reverse("notifications:inbox")))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notices_mark_all_read(by=request.user)  # type: ignore[arg-type]
    if count:
        messages.success(request, _("All notices are marked as read."))
    return redirect(_next(request, reverse("notifications:inbox")))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = Preference.objects.filter(user_id=request.user.pk).first() or Preference(user=request.user)  # type: ignore[misc]
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, email=form.cleaned_data["email"], by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    follows = []
    for f in follows_for(user=request.user):  # type: ignore[arg-type]
        obj = target_of(f)
        label = Domain(f.domain).label if f.domain else title_of(obj) or _("(no longer available)")
        follows.append({"follow": f, "title": label, "path": path_of(obj)})
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {
        "form": form, "follows": follows, "domains": Domain.choices,
        "followed_domains": {f.domain for f in follows_for(user=request.user) if f.domain},  # type: ignore[arg-type]
    }, status=status)  # fmt: skip


def _followable(request: HttpRequest, kind: str, pk: int | None) -> models.Model:
    """The object to follow, if the person may see it (else 404, as its own page would answer)."""
    user: Any = request.user
    if kind == "need":
        return NeedPolicy.get(user, "view_need", pk=pk)
    if kind == "solution":
        return SolutionPolicy.get(user, "view_solution", pk=pk)
    if kind == "organisation":
        return get_object_or_404(Organisation, pk=pk)
    return get_object_or_404(Place, pk=pk, kind=Place.Kind.CITY)


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    FollowPolicy.require(request.user, "follow")
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/follow_invalid.html", {"form": form}, status=400)
    data = form.cleaned_data
    user: Any = request.user
    stop = request.POST.get("do") == "unfollow"
    if data["kind"] == "domain":
        target, domain, fallback = None, data["domain"], reverse("notifications:preferences")
    else:
        target, domain = _followable(request, data["kind"], data["pk"]), ""
        fallback = path_of(target) or reverse("notifications:preferences")
    if stop:
        services.follow_delete(user=user, target=target, domain=domain, by=user)
        messages.success(request, _("You no longer follow this."))
    else:
        services.follow_create(user=user, target=target, domain=domain, by=user)
        messages.success(request, _("You follow this now: its changes will appear in your inbox."))
    return HttpResponseRedirect(_next(request, fallback))


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    found = FollowPolicy.get(request.user, "unfollow", pk=pk)
    services.follow_remove(follow=found, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("You no longer follow this."))
    return redirect(_next(request, reverse("notifications:preferences")))
