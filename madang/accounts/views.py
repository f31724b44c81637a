from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.catalogue.selectors import initiative_drafts_for

from .forms import ProfileForm, SignUpForm
from .limits import RateLimited, rate_limit_use, request_keys
from .services import user_sign_up, user_update_profile
from .validators import is_privileged
from .verification import email_verify, verification_resend
from .views_limits import limited_message


def _remember_language(response: HttpResponse, lang: str) -> HttpResponse:
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax")
    return response


def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None, initial={"preferred_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_use(scope="signup", keys=request_keys(request, email=form.cleaned_data["email"],
                                                             phone=form.cleaned_data["phone"]))  # fmt: skip
        except RateLimited as exc:
            form.add_error(None, limited_message(exc))
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        user = user_sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            password=form.cleaned_data["password1"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        login(request, user, backend="madang.core.backends.PolicyAwareModelBackend")
        messages.success(request, _("Welcome to Madang. Your account is ready."))
        if user.email:
            messages.info(request, _("We have sent you an e-mail: open its link to confirm your address."))
        return _remember_language(redirect("accounts:profile"), user.preferred_language)
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Your profile is saved."))
        return _remember_language(redirect("accounts:profile"), form.cleaned_data["preferred_language"])
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "drafts": initiative_drafts_for(user=user)[:50],  # type: ignore[arg-type]
            "two_factor_offered": is_privileged(user),
            "memberships": user.organisation_roles.select_related("organisation").order_by("organisation__name"),  # type: ignore[union-attr]
            "networks": user.network_roles.select_related("network").order_by("network__name"),  # type: ignore[union-attr]
            "my_requests": user.join_requests.select_related("organisation")[:20],  # type: ignore[union-attr]
        },
        status=400 if form.errors else 200,
    )


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail: GET shows a button, POST confirms (a link scanner only GETs)."""
    if request.method == "POST":
        try:
            verified = email_verify(token=token)
        except ValidationError as exc:
            return render(request, "accounts/verify_email.html", {"error": exc.messages[0]}, status=400)
        messages.success(request, _("Your e-mail address %(email)s is confirmed.") % {"email": verified.email})
        return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/verify_email.html", {})


@login_required
@require_POST
def verify_email_again(request: HttpRequest) -> HttpResponse:
    try:
        verification_resend(user=request.user)  # type: ignore[arg-type]
    except RateLimited as exc:
        messages.error(request, limited_message(exc))
    else:
        messages.success(request, _("A new confirmation e-mail is on its way."))
    return redirect("accounts:profile")
