"""Assessment: frameworks (an indicator tree, COINr's iMeta), values per place and year, and action plans.

A framework's nodes are iMeta rows; values are iData cells, one row per place, indicator and year, each with a
source and a date, submitted by the place's editors and validated by a network admin before they count.
The scores themselves are never stored: engines.composite computes them from the validated values (scoring.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain, Initiative
from madang.core.i18n import Localised
from madang.core.models import Network, Organisation, Place
from madang.surveys.models import localised


class Framework(models.Model):
    class Kind(models.TextChoices):
        INDEX = "index", _("Indicator index")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment questionnaire")

    class UnitKind(models.TextChoices):
        CITY = "city", _("Cities")
        COUNTRY = "country", _("Countries")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDEX)
    unit_kind = models.CharField(_("assessed units"), max_length=10, choices=UnitKind.choices, default=UnitKind.CITY)
    network = models.ForeignKey(
        Network, verbose_name=_("network"), null=True, blank=True, on_delete=models.PROTECT, related_name="frameworks",
        help_text=_("The network whose admins maintain it; empty for frameworks shipped with Madang."),
    )  # fmt: skip
    spec = models.JSONField(_("method (engine specification)"), default=dict, blank=True)
    source = models.TextField(_("source"), blank=True)
    unit_groups = models.JSONField(
        _("unit groups"), default=dict, blank=True,
        help_text=_("Groups the method needs beyond region and size, by place: {\"at\": {\"EurAsia\": \"Europe\"}}"),
    )  # fmt: skip
    based_on = models.ForeignKey(
        "self", verbose_name=_("copy of"), null=True, blank=True, on_delete=models.PROTECT, related_name="copies",
        help_text=_("A copy shares the values of the framework it copies and changes only the method: weights, "
                    "normalisation, aggregation."),
    )  # fmt: skip
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["id"]

    def __str__(self) -> str:
        return localised(self.name).text or self.slug

    @property
    def title(self) -> Localised:
        return localised(self.name)

    @property
    def data(self) -> "Framework":
        """The framework whose values this one scores: itself, or the one it is a copy of."""
        return self.based_on or self


class Node(models.Model):
    """One row of the indicator tree: an indicator (level 1), an aggregate above it, or a denominator."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("Indicator")
        AGGREGATE = "aggregate", _("Aggregate")
        DENOMINATOR = "denominator", _("Denominator")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    code = models.CharField(_("code"), max_length=40)
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDICATOR)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True, help_text=_("1 for indicators"))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    direction = models.SmallIntegerField(_("direction"), default=1, choices=[(1, _("higher is better")),
                                                                              (-1, _("lower is better"))])  # fmt: skip
    weight = models.FloatField(_("weight"), default=1.0)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    # Empty bounds fall back on the unit's range (quality.valid_range): 0-100 for a percentage, >= 0 for a count.
    min_value = models.FloatField(
        _("lowest valid value"), null=True, blank=True,
        help_text=_("Leave both bounds empty to use the unit's range: 0 to 100 for percentages, 0 or more for counts."),
    )  # fmt: skip
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"kind": "denominator"},
    )  # fmt: skip
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices, blank=True)
    levels = models.JSONField(
        _("answer levels"), default=dict, blank=True,
        help_text=_("For self-assessment questions: what each level 1-5 means, in each language."),
    )  # fmt: skip
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("framework node")
        verbose_name_plural = _("framework nodes")
        ordering = ["framework", "-level", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_node_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def title(self) -> Localised:
        return localised(self.name) if self.name else Localised(self.code, "en")

    @property
    def explanation(self) -> Localised:
        return localised(self.description)

    def level_text(self, level: int) -> Localised:
        return localised(self.levels.get(str(level)))


class Value(models.Model):
    """An indicator (or denominator) value for one place and year, with its source; counts once validated."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Returned")

    node = models.ForeignKey(Node, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values")
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="assessment_values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the value comes from: a document title or an address.")
    )
    source_date = models.DateField(_("date of the source"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note to the city"), blank=True)
    # Demo figures invented for real, named places: every page, export and API answer built on one says so.
    is_example = models.BooleanField(_("example data (invented, not a measurement)"), default=False)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["place", "node", "year"]
        constraints = [models.UniqueConstraint(fields=["node", "place", "year"], name="unique_value")]
        indexes = [models.Index(fields=["status", "place"])]

    def __str__(self) -> str:
        return f"{self.node.code} {self.place} {self.year}: {self.value}"


# ---------------------------------------------------------------- action plans (ASEAN Smart Cities Network form)
class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("city organisation"), on_delete=models.PROTECT, related_name="action_plans"
    )
    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.PROTECT, related_name="action_plans")
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework for the targets"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(_("vision"), help_text=_("Where the city wants to be, in a few sentences."))
    start_year = models.PositiveSmallIntegerField(_("from"))
    end_year = models.PositiveSmallIntegerField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The plan ends before it starts.")})


class FocusArea(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="focus_areas")
    title = models.CharField(_("focus area"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="targets")
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="targets",
    )  # fmt: skip
    node = models.ForeignKey(Node, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets")
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline = models.FloatField(_("baseline value"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target = models.FloatField(_("target value"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["target_year", "id"]

    def __str__(self) -> str:
        return f"{self.node.code} {self.target} by {self.target_year}"


class PriorityProject(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="projects")
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects",
    )  # fmt: skip
    title = models.CharField(_("project"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    needs = models.ManyToManyField("matching.Need", verbose_name=_("needs"), blank=True, related_name="projects")
    pilots = models.ManyToManyField("pilots.Pilot", verbose_name=_("pilots"), blank=True, related_name="projects")
    initiatives = models.ManyToManyField(Initiative, verbose_name=_("initiatives"), blank=True, related_name="projects")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("priority project")
        verbose_name_plural = _("priority projects")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title
