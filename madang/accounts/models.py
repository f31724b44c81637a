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

    # The kind of account, for menus and sign-up; it decides no permission (madang/core/roles.py reads the rows of
    # OrganisationRole and NetworkAdmin).
    role = models.CharField(
        _("kind of account"), max_length=20, choices=Role.choices, default=Role.CITIZEN,
        help_text=_("For menus only: rights come from organisation roles and administered networks."),
    )  # fmt: skip
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text=_("Where the account started. Rights come from the person's organisation roles below."),
    )
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="admins",
        help_text=_("Where the account started. Rights come from the networks the person administers below."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # For people who sign up with a phone and no e-mail: their notices come as text messages.
    phone = models.CharField(_("mobile phone number"), max_length=30, blank=True)
    # Set when the person opened the link sent to `email`; cleared when the address changes.
    email_verified_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_editor(self) -> bool:
        from madang.core import roles

        return roles.is_editor(self)


class OrganisationRole(models.Model):
    """A person's place in an organisation: members belong, editors edit its content, admins also manage people.

    A person may belong to several organisations; every right that follows from it is read in madang/core/roles.py.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="people"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} of {self.organisation}"

    @property
    def edits(self) -> bool:
        return self.role in (self.Role.EDITOR, self.Role.ADMIN)


class NetworkAdmin(models.Model):
    """A person who administers a network (its secretariat): publishes and validates its members' content."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="network_roles"
    )
    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="admin_roles"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("network admin")
        verbose_name_plural = _("network admins")
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="one_admin_role_per_network")]

    def __str__(self) -> str:
        return f"{self.user} admin of {self.network}"


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


class JoinRequest(models.Model):
    """A signed-in person asks to join an organisation (as a member or an editor), or proposes a new one.

    A request to join is decided by the organisation's editors and admins and by the admins of a network it is a
    member of; a proposed organisation by the admins of the network the proposer picked (site staff when none).
    Nothing is ever approved by itself: an e-mail address on the organisation's domain is shown to the people who
    decide, as a hint, since addresses are not verified."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Asked(models.TextChoices):
        MEMBER = "member", _("Member")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="join_requests"
    )
    # The organisation asked to join; for a proposal, the one made when it is approved.
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    proposed = models.BooleanField(_("proposes a new organisation"), default=False)
    role = models.CharField(_("role asked for"), max_length=10, choices=Asked.choices, default=Asked.EDITOR)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    name = models.CharField(_("name of the organisation"), max_length=200, blank=True)
    kind = models.CharField(_("kind of organisation"), max_length=20, blank=True)
    country = models.ForeignKey(
        "core.Place", verbose_name=_("country"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    city = models.ForeignKey(
        "core.Place", verbose_name=_("city"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    email_domain = models.CharField(_("official e-mail domain"), max_length=100, blank=True)
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network that decides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation_proposals",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self) -> str:
        return self.name if self.proposed and self.organisation_id is None else str(self.organisation)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:join-request", args=[self.pk])

    @property
    def pending(self) -> bool:
        return self.status == self.Status.PENDING

    def get_kind_display(self) -> str:
        from madang.core.models import Organisation

        return str(dict(Organisation.Kind.choices).get(self.kind, self.kind))
