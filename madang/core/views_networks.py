"""A network's membership pages: its admins invite organisations and decide requests; organisations ask to join."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.accounts.forms import DecideForm, NamedChoiceField

from . import roles, services_networks
from .models import MembershipRequest, Organisation
from .policies import MembershipRequestPolicy, NetworkMembersPolicy


class InviteForm(forms.Form):
    organisation = NamedChoiceField(label=gettext_lazy("Organisation"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=gettext_lazy("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


def _errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def network_members(request: HttpRequest, slug: str) -> HttpResponse:
    network = NetworkMembersPolicy.get(request.user, "manage_network_members", slug=slug)
    outside = Organisation.objects.exclude(memberships__network=network).order_by("name")
    form = InviteForm(request.POST if request.method == "POST" else None, organisations=outside)
    if request.method == "POST" and form.is_valid():
        try:
            services_networks.network_invite(network=network, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The invitation is sent to the organisation's admins."))
            return redirect("core:network-members", slug=network.slug)
    requests = network.membership_requests.select_related("organisation").order_by("status", "-created_at")
    return render(request, "core/network_members.html", {
        "network": network, "form": form, "pending": requests.filter(status="pending"),
        "decided": requests.exclude(status="pending")[:50],
        "members": network.memberships.select_related("organisation").order_by("organisation__name"),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
def network_join(request: HttpRequest, slug: str) -> HttpResponse:
    network = NetworkMembersPolicy.get(request.user, "ask_network_membership", slug=slug)
    own = Organisation.objects.filter(pk__in=roles.org_admin_ids(request.user)).exclude(memberships__network=network)
    if roles.is_superuser(request.user):
        own = Organisation.objects.exclude(memberships__network=network)
    form = InviteForm(request.POST if request.method == "POST" else None, organisations=own.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            req = services_networks.network_membership_ask(network=network, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Your request is sent to the network's admins."))
            return redirect("core:membership-request", pk=req.pk)
    return render(request, "core/network_join.html", {"network": network, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def membership_request(request: HttpRequest, pk: int) -> HttpResponse:
    base = MembershipRequest.objects.select_related("organisation", "network", "created_by", "decided_by")
    req = MembershipRequestPolicy.get(request.user, "view_membership_request", base=base, pk=pk)
    may_decide = MembershipRequestPolicy.allows(request.user, "decide_membership_request", req)
    form = DecideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        MembershipRequestPolicy.require(request.user, "decide_membership_request", req)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services_networks.membership_request_approve(request=req, by=request.user)  # type: ignore[arg-type]
                else:
                    services_networks.membership_request_refuse(
                        request=req,
                        by=request.user,  # type: ignore[arg-type]
                        reason=form.cleaned_data["reason"],
                    )
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("The decision is saved and the other side is told."))
                return redirect("core:membership-request", pk=req.pk)
    return render(request, "core/membership_request.html", {
        "req": req, "form": form if may_decide and req.status == "pending" else None,
        "manages": req.network_id in roles.admin_network_ids(request.user),
    }, status=400 if form.errors else 200)  # fmt: skip
