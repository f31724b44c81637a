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
