import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import Localised, pick_name

# Digits with the separators people write ("120", "02-120", "+82 2-120"); the tel: link keeps only + and digits.
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()./-]{1,28}$", _("Write the number with digits, spaces, hyphens or a leading +.")
)


@dataclass(frozen=True)
class Helpline:
    """The number a citizen can phone to be helped in person, with when it answers and whose it is."""

    phone: str
    hours: Localised | None
    owner: Localised

    @property
    def tel(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class NamedMixin(models.Model):
    """Canonical English `name` plus `names` in other content languages ({"ko": "서울"})."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def display_name(self, lang: str | None = None) -> Localised:
        return pick_name(self.name, self.names, lang)


class HelplineOverride(models.Model):
    """A pilot site's or a course's own helpline, written in its content language; empty means the city's."""

    helpline_phone = models.CharField(
        _("helpline phone number"), max_length=30, blank=True, validators=[phone_validator],
        help_text=_("Leave empty to show the city's helpline."),
    )  # fmt: skip
    helpline_hours = models.CharField(_("helpline opening hours"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def own_helpline(self, *, owner: Localised, language: str) -> Helpline | None:
        if not self.helpline_phone:
            return None
        hours = Localised(self.helpline_hours, language) if self.helpline_hours else None
        return Helpline(self.helpline_phone, hours, owner)


class Place(NamedMixin):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("ISO 3166 code for countries"))
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    # A city's public helpline: every page that offers the phone shows it; sites and courses may override it.
    helpline_phone = models.CharField(_("helpline phone number"), max_length=30, blank=True,
                                      validators=[phone_validator])  # fmt: skip
    helpline_hours = models.CharField(_("helpline opening hours (English)"), max_length=200, blank=True)
    helpline_hours_names = models.JSONField(_("helpline opening hours in other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"]), models.Index(fields=["code"])]

    def clean(self) -> None:
        expected = {self.Kind.COUNTRY: None, self.Kind.CITY: self.Kind.COUNTRY, self.Kind.DISTRICT: self.Kind.CITY}
        parent_kind = expected.get(self.Kind(self.kind)) if self.kind else None
        if parent_kind is None and self.parent_id:
            raise ValidationError({"parent": _("A country is not part of another place.")})
        if parent_kind is not None and (self.parent is None or self.parent.kind != parent_kind):
            raise ValidationError({"parent": _("A city belongs to a country and a district to a city.")})

    def helpline(self) -> Helpline | None:
        """This place's helpline, else the nearest enclosing place's (a district falls back to its city)."""
        place: Place | None = self
        while place is not None:
            if place.helpline_phone:
                hours = pick_name(place.helpline_hours, place.helpline_hours_names)
                return Helpline(place.helpline_phone, hours if hours.text else None, place.display_name())
            place = place.parent
        return None

    @property
    def country(self) -> "Place | None":
        place: Place | None = self
        while place is not None and place.kind != self.Kind.COUNTRY:
            place = place.parent
        return place


class Network(NamedMixin):
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]


class Organisation(NamedMixin):
    class Kind(models.TextChoices):
        CITY = "city", _("City or local government")
        COMPANY = "company", _("Company")
        RESEARCH = "research", _("Research institute")
        CIVIL_SOCIETY = "civil_society", _("Civil-society group")
        SECRETARIAT = "secretariat", _("Network secretariat")
        NATIONAL_AGENCY = "national_agency", _("National agency")
        INTERNATIONAL = "international", _("International organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.ForeignKey(
        Place, verbose_name=_("city"), null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    # The place this organisation is the government of. Being located in a city gives no say over it: a district
    # office or a city agency edits its own content, and only the city's own government acts for the city (its
    # guides, map, assessment values, inclusion plans).
    governs = models.OneToOneField(
        Place,
        verbose_name=_("governs"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="government",
        limit_choices_to={"kind__in": ["city", "district"]},
        help_text=_("The city or district this organisation is the local government of, if any."),
    )
    website = models.URLField(_("website"), blank=True)
    networks = models.ManyToManyField(
        Network, verbose_name=_("networks"), through="Membership", related_name="organisations", blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    since = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "network"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"


class MembershipRequest(models.Model):
    """An organisation's way into a network before it is a `Membership`: the network's admins invite it (its
    admins answer), or its admins ask (the network's admins answer). Approving makes the membership."""

    class Direction(models.TextChoices):
        INVITED = "invited", _("Invited by the network")
        ASKED = "asked", _("Asked by the organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="network_requests"
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="membership_requests"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network membership request")
        verbose_name_plural = _("network membership requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network"],
                condition=models.Q(status="pending"),
                name="one_pending_membership_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:membership-request", args=[self.pk])


class ScheduledRun(models.Model):
    """One slot of a scheduled job (madang/core/jobs.py), claimed by the first worker that inserts it."""

    name = models.CharField(max_length=60)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.name} at {self.slot:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """When each worker last went round its loop: /health/ says whether jobs are being run at all."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class ImportRun(models.Model):
    """A large upload checked and written by the job worker, so the page can show how far it has got.

    The file is kept only until the job has read it: `data` is emptied when the run ends, whatever the outcome,
    since an upload may hold contacts. `errors` is the all-or-nothing report ([{row, column, message}], in the
    language of the person who uploaded)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Checking rows")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing was imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_runs")
    language = models.CharField(max_length=10)
    filename = models.CharField(max_length=200)
    data = models.BinaryField(editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.CharField(max_length=300, blank=True)  # what was imported, in the uploader's language
    errors = models.JSONField(default=list, blank=True)
    # Where the page sends the person afterwards: to what was imported, and back to the upload form.
    done_url = models.CharField(max_length=300, blank=True)
    again_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Computation(models.Model):
    """Slow work a page asked for (a PDF report, a large planner solve), done by the job worker and kept so the
    person can come back to it (madang/core/computations.py). Rows are keyed by what was asked, so asking twice
    while the first is running starts nothing new; they are deleted a day after they finish."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=64)  # sha256 of the kind, its parameters and the data version asked about
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="computation_kind_key")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
