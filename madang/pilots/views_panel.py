"""The tester panel (self and assisted registration, withdrawal) and the facilitator's step-by-step sessions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.limits import RateLimited, rate_limit_use, request_keys
from madang.accounts.views_limits import limited_message
from madang.core.i18n import current_language
from madang.surveys.selectors import survey_template

from . import sessions
from .forms import AssistedTesterForm, ClosingStepForm, SusStepForm, TaskStepForm, TesterForm
from .models import Pilot, SessionDraft, TaskResult, Tester
from .policies import PilotPolicy, TesterPolicy
from .selectors import (
    draft_get_for,
    pilot_get_for,
    pilot_helplines,
    sites_for_registration,
    tester_by_token,
    tester_get_for,
    tester_helpline,
    testers_for,
)


def _consent(pilot: Pilot) -> dict[str, Any]:
    return {"retain_until": sessions.retention_date(), "consent_version": sessions.CONSENT_VERSION, "pilot": pilot}


def _consent_given(tester: Tester) -> dict[str, Any]:
    """The consent as this tester gave it: their own retention date, not one counted from today."""
    return {"retain_until": tester.retain_until, "consent_version": tester.consent_version, "pilot": tester.pilot}


def join(request: HttpRequest, pk: int) -> HttpResponse:
    """A resident volunteers: no account, no time limit, no puzzle; only what the analysis needs."""
    pilot = pilot_get_for(user=request.user, pk=pk)  # type: ignore[arg-type]
    open_now = pilot.phase in sessions.OPEN_FOR_SELF_REGISTRATION
    form = TesterForm(request.POST or None, pilot=pilot)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and open_now and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        contact = fields["contact"].strip()
        try:
            # Counted before anything is saved: one address must not fill a panel with made-up volunteers.
            rate_limit_use(scope="registration", keys=request_keys(
                request, **{"email" if "@" in contact else "phone": contact}))  # fmt: skip
            tester = sessions.tester_register(pilot=pilot, by=request.user, **fields)  # type: ignore[arg-type]
        except RateLimited as exc:
            form.add_error(None, limited_message(exc))
            status = 429
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("pilots:participation", token=tester.withdraw_token)
    return render(request, "pilots/join.html", {
        "form": form, "open_now": open_now, "helplines": pilot_helplines(pilot=pilot), **_consent(pilot),
    }, status=status)  # fmt: skip


def participation(request: HttpRequest, token: str) -> HttpResponse:
    """The volunteer's own page (the link is their key): what they agreed to, and the way to leave."""
    tester = tester_by_token(token=token)
    if request.method == "POST":
        # A form from an older copy of this page must not erase anything without the confirmation step.
        return redirect("pilots:leave", token=token)
    return render(request, "pilots/participation.html", {
        "tester": tester, "helpline": tester_helpline(tester=tester), **_consent_given(tester),
    })  # fmt: skip


def leave(request: HttpRequest, token: str) -> HttpResponse:
    """Leaving erases contacts for good: GET explains and asks, only a POST with the explicit "yes" withdraws."""
    tester = tester_by_token(token=token)
    if request.method == "POST" and tester.withdrawn_at is None:
        if request.POST.get("confirm") != "yes":
            return render(request, "pilots/leave.html", {"tester": tester, "pilot": tester.pilot}, status=400)
        sessions.tester_withdraw(tester=tester)
        messages.success(request, _("You have left the pilot. Your name and contact details are deleted."))
        return redirect("pilots:participation", token=token)
    if request.method == "POST":
        return redirect("pilots:participation", token=token)
    return render(request, "pilots/leave.html", {"tester": tester, "pilot": tester.pilot})


@login_required
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="view_panel")  # type: ignore[arg-type]
    testers = list(testers_for(user=request.user, pilot=pilot))  # type: ignore[arg-type]
    rows = [(t, TesterPolicy.allows(request.user, "view_tester_contact", t)) for t in testers]
    return render(request, "pilots/panel.html", {
        "pilot": pilot, "rows": rows, "testing": pilot.phase == Pilot.Phase.TEST,
        "can_register": PilotPolicy.allows(request.user, "register_tester", pilot)
        and pilot.phase in sessions.OPEN_FOR_ASSISTED_REGISTRATION,
    })  # fmt: skip


@login_required
def tester_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff register a resident who phoned or came in; the staff member is recorded."""
    pilot = pilot_get_for(user=request.user, pk=pk, action="register_tester")  # type: ignore[arg-type]
    sites = sites_for_registration(user=request.user, pilot=pilot)  # type: ignore[arg-type]
    form = AssistedTesterForm(request.POST or None, pilot=pilot, sites=sites)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            tester = sessions.tester_register(pilot=pilot, by=request.user, assisted=True, **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Registered as %(code)s.") % {"code": tester.code})
            return redirect("pilots:panel", pk=pk)
    return render(request, "pilots/tester_form.html", {"form": form, **_consent(pilot)},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _tester(request: HttpRequest, pk: int, tester_pk: int, action: str) -> Tester:
    pilot = pilot_get_for(user=request.user, pk=pk, action="view_panel")  # type: ignore[arg-type]
    return tester_get_for(user=request.user, pilot=pilot, pk=tester_pk, action=action)  # type: ignore[arg-type]


@login_required
def tester_withdraw(request: HttpRequest, pk: int, tester_pk: int) -> HttpResponse:
    """Erasure cannot be undone, so one tap on the panel only asks: like the tester's own leave page, GET explains
    and only a POST with the explicit "yes" withdraws."""
    tester = _tester(request, pk, tester_pk, "withdraw_tester")
    if tester.withdrawn_at is not None:
        return redirect("pilots:panel", pk=pk)
    context = {"tester": tester, "pilot": tester.pilot}
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            return render(request, "pilots/tester_withdraw.html", context, status=400)
        sessions.tester_withdraw(tester=tester, by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("%(code)s has withdrawn: name and contact deleted.") % {"code": tester.code})
        return redirect("pilots:panel", pk=pk)
    return render(request, "pilots/tester_withdraw.html", context)


@login_required
@require_POST
def session_start(request: HttpRequest, pk: int, tester_pk: int) -> HttpResponse:
    tester = _tester(request, pk, tester_pk, "record_for_tester")
    try:
        draft = sessions.session_start(tester=tester, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pilots:panel", pk=pk)
    return redirect("pilots:session", draft_pk=draft.pk)


def _step_form(draft: SessionDraft, key: str, data: Any = None) -> Any:
    saved = draft.data.get(key)
    if key.startswith("task:"):
        return TaskStepForm(data, initial=TaskStepForm.initial_from(saved) if saved else None)
    if key == "sus":
        return SusStepForm(data, initial=saved)
    return ClosingStepForm(data, initial=saved, pilot=draft.pilot)


@login_required
def session(request: HttpRequest, draft_pk: int, step: int | None = None) -> HttpResponse:
    """One page per step, saved server-side before the next page loads; the review page submits everything."""
    draft = draft_get_for(user=request.user, pk=draft_pk)  # type: ignore[arg-type]
    if draft.submitted_at is not None:
        messages.info(request, _("This session is already submitted."))
        return redirect("pilots:panel", pk=draft.pilot_id)
    steps = sessions.session_steps(draft.pilot)
    if step is None or step > draft.step or step >= len(steps) + 1:
        return redirect("pilots:session-step", draft_pk=draft.pk, step=min(draft.step, len(steps)))
    if step == len(steps):
        return _review(request, draft, steps)
    key = steps[step]
    form = _step_form(draft, key, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_save_step(draft=draft, by=request.user, key=key, values=form.values())  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("pilots:session-step", draft_pk=draft.pk, step=step + 1)
    tasks = {f"task:{t.pk}": t for t in draft.pilot.tasks.all()}
    return render(request, "pilots/session_step.html", {
        "draft": draft, "form": form, "step": step, "steps": steps, "n_steps": len(steps) + 1,
        "task": tasks.get(key), "key": key,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


def _review(request: HttpRequest, draft: SessionDraft, steps: list[str]) -> HttpResponse:
    if request.method == "POST":
        try:
            sessions.session_submit(draft=draft, by=request.user, language=current_language())  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The session with %(code)s is saved.") % {"code": draft.tester.code})
            return redirect("pilots:panel", pk=draft.pilot_id)
    tasks = {f"task:{t.pk}": t for t in draft.pilot.tasks.all()}
    outcomes = dict(TaskResult.Outcome.choices)
    sus_questions = survey_template("sus").questions.all()
    rows = []
    for i, key in enumerate(steps[:-2]):
        v = draft.data.get(key, {})
        rows.append((i, tasks[key].title, outcomes.get(v.get("outcome"), ""), v.get("seconds"), v.get("ease")))
    sus = draft.data.get("sus", {})
    return render(request, "pilots/session_review.html", {
        "draft": draft, "rows": rows, "step": len(steps), "n_steps": len(steps) + 1, "steps": steps,
        "sus": [(q.label, sus.get(q.code)) for q in sus_questions], "closing": draft.data.get("closing", {}),
    })  # fmt: skip
