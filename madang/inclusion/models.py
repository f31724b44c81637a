"""Digital inclusion: areas with statistics and facilities, digital guides and their field log, deployment plans.

Areas are `core.Place(kind="district", parent=city, code=..., boundary=GeoJSON)`; everything specific to this app
lives here, keyed to those places.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from madang.core.i18n import Localised
from madang.core.models import Organisation, Place

CODE_RE = r"^[a-z][a-z0-9_]{0,39}$"


class Indicator(models.Model):
    """A city's own indicator. The built-in ones (population, residents 65+, shares, assists) are in indicators.py."""

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        PERCENT = "percent", _("percent (0-100)")
        PER_1000 = "per_1000", _("per 1,000")
        SCORE = "score", _("score")
        NUMBER = "number", _("number")

    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    code = models.CharField(
        _("code"), max_length=40, validators=[RegexValidator(CODE_RE)],
        help_text=_("Column name in statistics files: lower-case letters, digits and _, e.g. digital_divide."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    name_language = models.CharField(_("language of the name"), max_length=10, choices=settings.LANGUAGES, default="en")
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    description = models.TextField(_("what it measures and where it comes from"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="unique_inclusion_indicator")]

    def __str__(self) -> str:
        return self.code


class AreaStatistic(models.Model):
    area = models.ForeignKey(Place, verbose_name=_("area"), on_delete=models.CASCADE, related_name="statistics")
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.FloatField(_("value"))
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("area statistic")
        verbose_name_plural = _("area statistics")
        constraints = [
            models.UniqueConstraint(fields=["area", "indicator", "year"], name="unique_area_statistic"),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.area_id} {self.indicator} {self.year}: {self.value}"


class AreaShape(models.Model):
    """An area's boundary projected into its city's map frame, computed on import so pages never re-project."""

    area = models.OneToOneField(Place, primary_key=True, on_delete=models.CASCADE, related_name="shape")
    city = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="area_shapes")
    path = models.TextField()  # SVG path data in the frame's integer units
    x = models.FloatField()  # label point in frame units
    y = models.FloatField()
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()
    km2 = models.FloatField()
    group = models.CharField(_("part of"), max_length=120, blank=True, help_text=_("e.g. the gu of a dong"))

    def __str__(self) -> str:
        return f"shape of {self.area_id}"


class MapFrame(models.Model):
    """The projection of a city's map: bounds, SVG size; `version` changes whenever the areas are re-imported."""

    city = models.OneToOneField(Place, primary_key=True, on_delete=models.CASCADE, related_name="map_frame")
    west = models.FloatField()
    south = models.FloatField()
    east = models.FloatField()
    north = models.FloatField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    version = models.PositiveIntegerField(default=1)
    attribution = models.CharField(_("boundaries from"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"map of {self.city_id}"


class Facility(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        STATION = "station", _("Station")
        SENIOR_CENTRE = "senior_centre", _("Senior welfare centre")
        BANK_BRANCH = "bank_branch", _("Bank branch")
        KIOSK = "kiosk", _("Kiosk")
        LIBRARY = "library", _("Library")
        OTHER = "other", _("Other")

    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.CASCADE, related_name="facilities")
    area = models.ForeignKey(
        Place, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_language = models.CharField(_("language of the name"), max_length=10, default="en")
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="unique_facility_code")]
        indexes = [models.Index(fields=["city", "kind"])]

    def __str__(self) -> str:
        return self.name

    def display_name(self, lang: str | None = None) -> Localised:
        return Localised(self.name, self.name_language)


class Guide(models.Model):
    """A digital guide of a city's government (the organisation that governs the city), whose editors add and
    deactivate them; a guide records for the city their organisation governs (madang/inclusion/policies.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_roles")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("city organisation"), on_delete=models.CASCADE, related_name="guides"
    )
    sites = models.ManyToManyField(Facility, verbose_name=_("usual sites"), blank=True, related_name="guides")
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digital guide")
        verbose_name_plural = _("digital guides")
        ordering = ["user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_guide")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class AssistLog(models.Model):
    """One assist by a guide. No names: only what the dashboards need."""

    class Device(models.TextChoices):
        KIOSK = "kiosk", _("Kiosk")
        SMARTPHONE = "smartphone", _("Smartphone")
        ATM = "atm", _("ATM")
        TICKET_MACHINE = "ticket_machine", _("Ticket machine")
        OTHER = "other", _("Other")

    class Task(models.TextChoices):
        ORDER = "order", _("Ordering food or goods")
        PAY = "pay", _("Paying or banking")
        TICKETS = "tickets", _("Tickets, transport, maps")
        PUBLIC = "public", _("Public services and documents")
        HEALTH = "health", _("Health and appointments")
        MESSAGES = "messages", _("Messages and calls")
        SETUP = "setup", _("Settings, apps and accounts")
        OTHER = "other", _("Something else")

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("Done, they can do it alone next time")
        DONE_WITH_HELP = "with_help", _("Done with my help")
        NOT_SOLVED = "not_solved", _("Not solved")
        REFERRED = "referred", _("Sent to another service")

    class AgeBand(models.TextChoices):
        UNDER_65 = "under_65", _("Under 65")
        AGE_65_74 = "65_74", _("65-74")
        AGE_75_84 = "75_84", _("75-84")
        AGE_85_PLUS = "85_plus", _("85 and over")
        UNKNOWN = "unknown", _("Did not say")

    guide = models.ForeignKey(Guide, verbose_name=_("guide"), on_delete=models.PROTECT, related_name="assists")
    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(
        Facility, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL, related_name="assists"
    )
    place_text = models.CharField(_("place"), max_length=200, blank=True)
    area = models.ForeignKey(
        Place, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_on = models.DateField(_("date"))
    device = models.CharField(_("device"), max_length=20, choices=Device.choices)
    task = models.CharField(_("task"), max_length=20, choices=Task.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(480)])
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    age_band = models.CharField(_("age of the person helped"), max_length=10, choices=AgeBand.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assist")
        verbose_name_plural = _("assists")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["city", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.device} {self.task}"

    @property
    def place_label(self) -> str:
        return self.facility.name if self.facility_id and self.facility else self.place_text


class AssistDraft(models.Model):
    """An assist being recorded, saved at every step so a dropped connection loses at most one page."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="drafts")
    step = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    log = models.OneToOneField(AssistLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.guide}"


class DeploymentPlan(models.Model):
    """A saved planner run: the inputs and what the optimiser found, so it can be revisited unchanged."""

    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    inputs = models.JSONField()
    result = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deployment plan")
        verbose_name_plural = _("deployment plans")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
