import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain, Group, Initiative
from madang.core.models import Organisation, Place

MIN_CALL_DAYS = 28


class Band(models.TextChoices):
    LOW = "low", _("Low")
    MID = "mid", _("Medium")
    HIGH = "high", _("High")


def _default_close() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=MIN_CALL_DAYS)


class Need(models.Model):
    """A city's public demand: a problem posted for providers to answer in an open call."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN_CALL = "open_call", _("Open call")
        SHORTLISTING = "shortlisting", _("Shortlisting")
        PILOTING = "piloting", _("Piloting")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("city organisation"), on_delete=models.PROTECT, related_name="needs"
    )
    city = models.ForeignKey(
        Place,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="needs",
        limit_choices_to={"kind": Place.Kind.CITY},
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    people_affected = models.TextField(_("people affected"), blank=True)
    groups_served = models.ManyToManyField(Group, verbose_name=_("groups served"), blank=True, related_name="+")
    workaround = models.TextField(_("today's workaround"), blank=True)
    budget_band = models.CharField(_("budget band"), max_length=4, choices=Band.choices, blank=True)
    timeline = models.CharField(_("timeline"), max_length=200, blank=True)
    languages = models.JSONField(_("languages required"), default=list, blank=True)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    evaluation_criteria = models.TextField(
        _("evaluation criteria"), help_text=_("Fixed before the call opens: how proposals will be judged.")
    )
    call_opens = models.DateField(_("call opens"), default=timezone.localdate)
    call_closes = models.DateField(_("call closes"), default=_default_close)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.TextField(_("outcome"), blank=True)
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("related initiatives"), blank=True, related_name="needs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.call_opens and self.call_closes and (self.call_closes - self.call_opens).days < MIN_CALL_DAYS:
            raise ValidationError(
                {"call_closes": _("An open call lasts at least %(days)d days.") % {"days": MIN_CALL_DAYS}}
            )
        if self.status == self.Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": _("Say how the need was closed.")})

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Solution(models.Model):
    class Maturity(models.TextChoices):
        PROTOTYPE = "prototype", _("Prototype")
        PILOTED = "piloted", _("Piloted")
        AT_SCALE = "at_scale", _("Deployed at scale")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="solutions"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    price_band = models.CharField(_("price band"), max_length=4, choices=Band.choices, blank=True)
    deployments = models.ManyToManyField(
        Place,
        verbose_name=_("deployed in"),
        blank=True,
        related_name="solutions",
        limit_choices_to={"kind": Place.Kind.CITY},
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("catalogue initiatives"), blank=True, related_name="solutions"
    )
    languages_supported = models.JSONField(_("languages supported"), default=list, blank=True)
    accessibility_features = models.TextField(_("accessibility features"), blank=True)
    maturity = models.CharField(_("maturity"), max_length=20, choices=Maturity.choices)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return self.title


class Match(models.Model):
    """A need and a solution brought together; its state moves by recorded events only."""

    class State(models.TextChoices):
        SHORTLISTED = "shortlisted", _("Shortlisted")
        CONTACTED = "contacted", _("Contacted")
        INVITED = "invited", _("Invited to a pilot")
        INTERESTED = "interested", _("Provider interested")
        DECLINED = "declined", _("Provider declined")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="matches")
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    score = models.FloatField(_("match score"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [models.UniqueConstraint(fields=["need", "solution"], name="unique_need_solution")]
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.solution}"


class MatchEvent(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Match.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("match event")
        verbose_name_plural = _("match events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.by_id} at {self.at:%Y-%m-%d %H:%M}"


class DomainFollow(models.Model):
    """A provider editor follows a domain and gets digests of new needs that fit their solutions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "domain"], name="unique_follow")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.domain}"


class SearchVector(models.Model):
    """The embedding of one searchable object, kept in the database so every process and restart reuses it."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_vector")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
