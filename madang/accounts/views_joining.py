"""Pages for joining organisations: ask, propose, the requests to decide, one request, an organisation's people."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madang.core.models import Organisation

from . import services_joining as services
from .forms import DecideForm, JoinForm, MemberForm, ProposeForm
from .limits import RateLimited, rate_limit_use, request_keys
from .models import JoinRequest, OrganisationRole
from .policies import JoinRequestPolicy, OrganisationPeoplePolicy
from .views_limits import limited_message


def _limited(request: HttpRequest, form: Any) -> bool:
    try:
        rate_limit_use(scope="join_request", keys=request_keys(request, email=f"user:{request.user.pk}"))
    except RateLimited as exc:
        form.add_error(None, limited_message(exc))
        return True
    return False


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def join(request: HttpRequest) -> HttpResponse:
    JoinRequestPolicy.require(request.user, "ask_to_join")
    initial: dict[str, Any] = {}
    if slug := request.GET.get("organisation", ""):
        initial["organisation"] = Organisation.objects.filter(slug=slug).first()
    form = JoinForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid() and not _limited(request, form):
            try:
                req = services.join_request_create(by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your request is sent. You will hear when it is decided."))
                return redirect("accounts:join-request", pk=req.pk)
        return render(request, "accounts/join.html", {"form": form}, status=400)
    return render(request, "accounts/join.html", {"form": form})


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    JoinRequestPolicy.require(request.user, "ask_to_join")
    form = ProposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid() and not _limited(request, form):
            try:
                req = services.organisation_propose(by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your proposal is sent. You will hear when it is decided."))
                return redirect("accounts:join-request", pk=req.pk)
        return render(request, "accounts/propose.html", {"form": form}, status=400)
    return render(request, "accounts/propose.html", {"form": form})


@login_required
def join_requests(request: HttpRequest) -> HttpResponse:
    JoinRequestPolicy.require(request.user, "review_join_requests")
    base = JoinRequest.objects.select_related("user", "organisation", "network")
    pending = JoinRequestPolicy.queryset(request.user, "decide_join_request", base.filter(status="pending"))
    decided = JoinRequestPolicy.queryset(request.user, "decide_join_request", base.exclude(status="pending"))
    rows = [(r, services.domain_evidence(r)) for r in pending[:200]]
    # A confirmed address on the organisation's domain first: those can be decided fastest (never automatically).
    rows.sort(key=lambda row: {"confirmed": 0, "unconfirmed": 1}.get(row[1], 2))
    return render(request, "accounts/join_requests.html", {"rows": rows, "decided": decided[:50]})


@login_required
def join_request(request: HttpRequest, pk: int) -> HttpResponse:
    base = JoinRequest.objects.select_related("user", "organisation", "network", "country", "city", "decided_by")
    req = JoinRequestPolicy.get(request.user, "view_join_request", base=base, pk=pk)
    may_decide = JoinRequestPolicy.allows(request.user, "decide_join_request", req)
    form = DecideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        JoinRequestPolicy.require(request.user, "decide_join_request", req)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.join_request_approve(request=req, by=request.user)  # type: ignore[arg-type]
                    messages.success(request, _("Approved. The person is told."))
                else:
                    services.join_request_refuse(request=req, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
                    messages.success(request, _("Refused. The person is told why."))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("accounts:join-requests")
    context = {
        "req": req,
        "form": form if may_decide and req.pending else None,
        "on_domain": services.domain_evidence(req) if may_decide else None,
    }
    return render(request, "accounts/join_request.html", context, status=400 if form.errors else 200)


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    org = OrganisationPeoplePolicy.get(request.user, "manage_members", slug=slug)
    people = OrganisationRole.objects.filter(organisation=org).select_related("user", "approved_by")
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        member = people.filter(pk=form.cleaned_data["member"]).first() if form.is_valid() else None
        if member is None:
            form.add_error(None, _("Choose a person of this organisation."))
        else:
            try:
                if form.cleaned_data["remove"]:
                    services.member_remove(member=member, by=request.user)  # type: ignore[arg-type]
                    messages.success(request, _("%(person)s no longer belongs to the organisation.")
                                     % {"person": member.user.get_username()})  # fmt: skip
                else:
                    services.member_set_role(member=member, role=form.cleaned_data["role"], by=request.user)  # type: ignore[arg-type]
                    messages.success(request, _("The role of %(person)s is changed.")
                                     % {"person": member.user.get_username()})  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("accounts:members", slug=org.slug)
    return render(
        request,
        "accounts/members.html",
        {"org": org, "people": people.order_by("user__username"), "roles": OrganisationRole.Role.choices,
         "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip
