from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.limits import RateLimited
from madang.matching.models import Match

from . import selectors, services
from .attachments import ALLOWED_TYPES
from .forms import ConsentForm, MessageForm, ReasonForm
from .models import Message, Side
from .policies import MessagePolicy, consent_sides


def _page(request: HttpRequest, match: Match, form: MessageForm, status: int = 200) -> HttpResponse:
    user = request.user
    probe = Message(match=match)
    return render(
        request,
        "conversations/conversation.html",
        {
            "match": match,
            "entries": selectors.timeline(match=match),
            "form": form,
            "contacts": selectors.contacts_for(match=match),
            "to_agree": _sides_to_agree(user, match),
            "can_moderate": MessagePolicy.allows(user, "hide_message", probe),
        },
        status=status,
    )


def _sides_to_agree(user: object, match: Match) -> list[tuple[str, str]]:
    agreed = set(match.contact_consents.values_list("side", flat=True))
    return [(side, str(Side(side).label)) for side in consent_sides(user, match) if side not in agreed]


@login_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    """The match's timeline (its steps and messages, with who and when) and the form to write."""
    action = "send_message" if request.method == "POST" else "view_messages"
    match = selectors.match_get_for(user=request.user, pk=pk, action=action)
    if request.method != "POST":
        return _page(request, match, MessageForm())
    form = MessageForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            services.message_send(
                match=match,
                by=request.user,  # type: ignore[arg-type]
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
                files=form.cleaned_data["attachments"],
            )
        except RateLimited as exc:
            minutes = max(1, round(exc.retry_after / 60))
            form.add_error(
                None,
                _("You have sent many messages in the last hour. Please try again in %(minutes)s minutes.")
                % {"minutes": minutes},
            )
            status = 429
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("conversations:match", pk=match.pk)
    if request.FILES:
        form.add_error(None, _("Attached files are not kept when a message is refused: please choose them again."))
    return _page(request, match, form, status=status)


@login_required
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_get_for(user=request.user, pk=pk, action="share_contacts")
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the side you agree for."))
        return _page(request, match, MessageForm(), status=400)
    try:
        services.contact_consent_give(match=match, by=request.user, side=form.cleaned_data["side"])  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _page(request, match, MessageForm(), status=400)
    messages.success(request, _("Your side agreed to share contact details."))
    return redirect("conversations:match", pk=match.pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.attachment_get_for(user=request.user, pk=pk)
    content_type = found.content_type if found.content_type in ALLOWED_TYPES else "application/octet-stream"
    response = HttpResponse(bytes(found.data), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(found.data))
    return response


def _reason_page(request: HttpRequest, message: Message, action: str) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "hide_message":
                services.message_hide(message=message, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
                messages.success(request, _("The message is hidden."))
                return redirect("conversations:reports")
            services.message_report(message=message, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. The network's moderators will look at the message."))
            return redirect("conversations:match", pk=message.match_id)
    template = "conversations/hide.html" if action == "hide_message" else "conversations/report.html"
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"message": message, "form": form}, status=status)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get_for(user=request.user, pk=pk, action="report_message")
    return _reason_page(request, message, "report_message")


@login_required
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get_for(user=request.user, pk=pk, action="hide_message")
    return _reason_page(request, message, "hide_message")


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    MessagePolicy.require(request.user, "view_reports")
    return render(
        request, "conversations/reports.html", {"messages_reported": selectors.reported_messages(user=request.user)}
    )
