"""Notices (what happened, for whom), each person's e-mail preference, and follows."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain

from .verbs import Verb


class Notice(models.Model):
    """One event told to one person. The target's title and link are looked up when shown or sent, so a renamed
    target reads right and a deleted one only loses its link."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    verb = models.CharField(_("what happened"), max_length=40, choices=Verb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set when the notice went out by e-mail, alone or in a digest; a claim before sending, cleared if it fails.
    emailed_at = models.DateTimeField(null=True, blank=True)
    dropped_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return f"{self.verb} for {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Right away, one e-mail per notice")
        DAILY = "daily", _("Once a day, in a digest")
        WEEKLY = "weekly", _("Once a week, in a digest")
        NEVER = "never", _("Never (only in the inbox)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    email = models.CharField(_("e-mail me"), max_length=10, choices=Email.choices, default=Email.IMMEDIATE)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"


class Follow(models.Model):
    """A person follows one object (a need, a solution, an organisation, a city) or a domain."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_follows")
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], condition=Q(domain=""), name="unique_follow_target"
            ),
            models.UniqueConstraint(fields=["user", "domain"], condition=~Q(domain=""), name="unique_follow_domain"),
            models.CheckConstraint(
                condition=(Q(domain="") & Q(target_type__isnull=False) & Q(target_id__isnull=False))
                | (~Q(domain="") & Q(target_type__isnull=True) & Q(target_id__isnull=True)),
                name="follow_target_or_domain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.domain or f'{self.target_type_id}:{self.target_id}'}"
