from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        PROVIDER_EDITOR = "provider_editor", _("Provider editor")
        CITY_EDITOR = "city_editor", _("City editor")
        NETWORK_ADMIN = "network_admin", _("Network admin")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text=_("Editors edit this organisation's content."),
    )
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="admins",
        help_text=_("Network admins publish content of this network's member organisations."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_editor(self) -> bool:
        return self.role in {self.Role.CITY_EDITOR, self.Role.PROVIDER_EDITOR} and self.organisation_id is not None


class RateLimitHit(models.Model):
    """One use of a limited action (sign-up, password reset, a public registration ...) by one key.

    Keys are HMACs of an address, phone or e-mail with the site's secret (madang/accounts/limits.py), so the table
    holds no contact in clear and the rows are worthless outside this deployment; rows older than the longest
    window are deleted as new hits arrive."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"
