"""Optional two-factor sign-in (TOTP, django-otp) for the accounts that can change other people's content.

A staff member or network admin turns it on from /accounts/two-factor/ with any authenticator app (the QR code is
drawn on the server, and the key is shown as text for apps or people that cannot scan). From then on, after the
password, every new sign-in asks for the six-digit code before any other page opens.
"""

from base64 import b32encode
from collections.abc import Callable

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .validators import is_privileged

# Pages a person who still owes the code may open: the code page itself, signing out, and what every page loads.
_OPEN_PATHS = ("/accounts/two-factor/verify/", "/accounts/logout/", "/static/", "/i18n/", "/display/", "/favicon.ico")


WRONG_CODE = gettext_lazy("This code is not right. Check the time on your phone and try the newest code.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("The code has only digits."))
        return code


class TwoFactorRequiredMiddleware:
    """After django-otp's middleware: a signed-in person with a confirmed device who has not given the code this
    session is sent to the code page, whatever address they open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(_OPEN_PATHS)
            and user_has_device(user, confirmed=True)
        ):
            return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.get_full_path()}")
        return self.get_response(request)


def _device(user: object, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def _qr_svg(device: TOTPDevice) -> str:
    # Inline SVG made here: no script, no image service; the text key beside it is the accessible alternative.
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-labelledby="totp-key-label" ', 1))  # noqa: S308


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    if not is_privileged(request.user):
        raise PermissionDenied
    user = request.user
    confirmed, pending = _device(user, confirmed=True), _device(user, confirmed=False)
    form = CodeForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action == "start" and confirmed is None:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
            return redirect("accounts:two_factor")
        if action == "confirm" and pending is not None and form.is_valid():
            if pending.verify_token(form.cleaned_data["code"]):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                otp_login(request, pending)
                messages.success(request, _("Two-step sign-in is on. Keep your authenticator app."))
                return redirect("accounts:two_factor")
            form.add_error("code", WRONG_CODE)
        if action == "disable" and confirmed is not None and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["code"]):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("accounts:two_factor")
            form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "confirmed": confirmed,
        "pending": pending,
        "qr": _qr_svg(pending) if pending else "",
        "key": " ".join(b32encode(pending.bin_key).decode()[i : i + 4] for i in range(0, 32, 4)) if pending else "",
    }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    device = _device(request.user, confirmed=True)
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("accounts:profile")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("accounts:profile")
    if device is None or request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}, status=400 if form.errors else 200
    )
