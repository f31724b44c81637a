"""Abuse limits a person meets (a lockout page, a refused form) and the staff page that lifts them."""

import ipaddress
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .limits import RateLimited, key_of, rate_limit_use, rate_limits_lift, request_keys


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def limited_message(exc: RateLimited) -> str:
    minutes = max(1, round(exc.retry_after / 60))
    return _("Too many attempts from here. Please try again in %(minutes)s minutes, or ask staff for help.") % {
        "minutes": minutes
    }


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): a translated page that says how to get back in."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """At most a few reset mails per hour for one address and from one network address (mail bombing)."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            rate_limit_use(scope="password_reset", keys=request_keys(self.request, email=form.cleaned_data["email"]))
        except RateLimited as exc:
            form.add_error(None, limited_message(exc))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class UnlockingPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password by the mailed link proves the account's owner: lift its sign-in lockout."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class LiftForm(forms.Form):
    contact = forms.CharField(
        label=gettext_lazy("E-mail, phone number or network address"),
        max_length=200,
        help_text=gettext_lazy("Limits are stored without contacts in clear: type the one the person gives you."),
    )


@login_required
def limits(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.lift_limits"):
        raise PermissionDenied
    form = LiftForm(request.POST or None)
    if request.method == "POST":
        if "attempt" in request.POST:
            attempt = AccessAttempt.objects.filter(pk=request.POST["attempt"]).first()
            if attempt is not None:
                axes_reset(username=attempt.username, ip=attempt.ip_address)
                messages.success(request, _("The sign-in lockout is lifted."))
            return redirect("accounts:limits")
        if form.is_valid():
            value = form.cleaned_data["contact"]
            removed = rate_limits_lift(keys=[key_of(kind, value) for kind in ("ip", "email", "phone")])
            if _is_address(value.strip()):
                axes_reset(ip=value.strip())
            messages.success(request, _("Limits lifted (%(n)s recorded uses removed).") % {"n": removed})
            return redirect("accounts:limits")
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")[:200]
    return render(request, "accounts/limits.html", {"form": form, "locked": locked}, status=400 if form.errors else 200)
