"""A conversation on a match: messages between the city's side, the provider's side and the network's facilitators,
their attachments (kept in the database: the site has no media storage, and the web stacks share only the database),
reports of abuse, and each side's consent to share contact details."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core.models import Organisation
from madang.matching.models import Match

MAX_BODY = 5_000
MAX_REASON = 1_000


class Side(models.TextChoices):
    NEED = "need", _("City side")
    SOLUTION = "solution", _("Provider side")
    FACILITATOR = "facilitator", _("Network facilitator")


class Message(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who the author wrote for, fixed when writing: people change organisations, the record should not.
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MAX_BODY)
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=MAX_REASON, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["match", "created_at"], name="message_match_time")]

    def __str__(self) -> str:
        return f"message {self.pk} on match {self.match_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    # What the content was found to be (attachments.detect), never what the browser claimed.
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class MessageReport(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), max_length=MAX_REASON)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["message", "reporter"], name="one_report_per_person")]

    def __str__(self) -> str:
        return f"report on message {self.message_id}"


class ContactConsent(models.Model):
    """One side of a match agreed to show its editors' e-mail addresses; they are shown once both sides have."""

    class ConsentSide(models.TextChoices):
        NEED = Side.NEED.value, Side.NEED.label
        SOLUTION = Side.SOLUTION.value, Side.SOLUTION.label

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="contact_consents")
    side = models.CharField(_("side"), max_length=20, choices=ConsentSide.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("contact consent")
        verbose_name_plural = _("contact consents")
        constraints = [models.UniqueConstraint(fields=["match", "side"], name="one_consent_per_side")]

    def __str__(self) -> str:
        return f"{self.side} agreed on match {self.match_id}"
