"""Living-lab pilots: sites, a tester panel with consent, tasks and measured results."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Initiative
from madang.core.models import HelplineOverride, Organisation, Place
from madang.matching.models import Need, Solution
from madang.surveys.models import Response, Survey


class Pilot(models.Model):
    class Phase(models.TextChoices):
        PLAN = "plan", _("Plan")
        RECRUIT = "recruit", _("Recruit")
        TEST = "test", _("Test")
        EVALUATE = "evaluate", _("Evaluate")
        DECIDE = "decide", _("Decide")

    class Decision(models.TextChoices):
        SCALE = "scale", _("Scale")
        ITERATE = "iterate", _("Iterate")
        STOP = "stop", _("Stop")

    title = models.CharField(_("title"), max_length=200)
    need = models.ForeignKey(
        Need, verbose_name=_("need"), null=True, blank=True, on_delete=models.SET_NULL, related_name="pilots"
    )
    solution = models.ForeignKey(Solution, verbose_name=_("solution"), on_delete=models.PROTECT, related_name="pilots")
    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.PROTECT, related_name="pilots")
    manager = models.ForeignKey(
        Organisation, verbose_name=_("pilot manager"), on_delete=models.PROTECT, related_name="managed_pilots"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.PLAN)
    success_criteria = models.TextField(
        _("success criteria"),
        help_text=_("Fixed before testing starts, e.g. seniors complete the task unaided in at least 80% of attempts."),
    )
    language = models.CharField(_("language of the texts"), max_length=10, choices=settings.LANGUAGES, default="en")
    summary = models.TextField(_("what is tested, with whom, and why"), blank=True)
    plan_starts = models.DateField(_("planning starts"), null=True, blank=True)
    recruit_starts = models.DateField(_("recruiting starts"), null=True, blank=True)
    test_starts = models.DateField(_("testing starts"), null=True, blank=True)
    evaluate_starts = models.DateField(_("evaluation starts"), null=True, blank=True)
    decide_by = models.DateField(_("decision due"), null=True, blank=True)
    criteria_locked_at = models.DateTimeField(_("success criteria fixed"), null=True, blank=True)
    iteration = models.PositiveSmallIntegerField(_("current iteration"), default=1)
    survey = models.ForeignKey(
        Survey, verbose_name=_("extra questions after each session"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="pilots",
    )  # fmt: skip
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    initiative = models.OneToOneField(
        Initiative, verbose_name=_("catalogue entry"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="pilot",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def phase_index(self) -> int:
        return list(self.Phase.values).index(self.phase)

    @property
    def criteria_locked(self) -> bool:
        return self.criteria_locked_at is not None

    def phase_dates(self) -> list[tuple[str, Any, Any]]:
        dates = [self.plan_starts, self.recruit_starts, self.test_starts, self.evaluate_starts, self.decide_by]
        return [(value, label, date) for (value, label), date in zip(self.Phase.choices, dates, strict=True)]


class SuccessCriterion(models.Model):
    """A measurable target fixed before testing, e.g. testers 75+ complete the task unaided in >= 80% of attempts."""

    class Metric(models.TextChoices):
        UNAIDED = "unaided_rate", _("completed unaided (%)")
        COMPLETION = "completion_rate", _("completed, with or without help (%)")
        SUS = "sus_mean", _("SUS score (0-100)")
        HELP = "needed_help_share", _("testers who needed help (%)")
        TIME = "median_seconds", _("median time on task (seconds)")

    class Comparator(models.TextChoices):
        AT_LEAST = "ge", _("at least")
        AT_MOST = "le", _("at most")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="criteria")
    metric = models.CharField(_("measure"), max_length=20, choices=Metric.choices)
    segment = models.CharField(_("testers"), max_length=10, blank=True, help_text=_("Leave empty for all testers."))
    task = models.ForeignKey(
        "Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="criteria",
        help_text=_("Leave empty for all tasks."),
    )  # fmt: skip
    comparator = models.CharField(_("comparison"), max_length=2, choices=Comparator.choices, default="ge")
    target = models.FloatField(_("target"))

    class Meta:
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.metric} {self.comparator} {self.target:g}"

    @property
    def segment_label(self) -> str:
        return str(dict(Tester.AgeBand.choices).get(self.segment, ""))


class ProviderChange(models.Model):
    """What the provider changed before a new iteration: the report shows results per iteration next to it."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="changes")
    iteration = models.PositiveSmallIntegerField(_("iteration it led to"))
    description = models.TextField(_("what changed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["iteration", "id"]

    def __str__(self) -> str:
        return f"iteration {self.iteration}"


class Site(HelplineOverride):
    class Kind(models.TextChoices):
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        STATION = "station", _("Station")
        BANK_BRANCH = "bank_branch", _("Bank branch")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("hosts"), blank=True, related_name="hosted_sites"
    )

    class Meta:
        verbose_name = _("test site")
        verbose_name_plural = _("test sites")

    def __str__(self) -> str:
        return self.name


class Tester(models.Model):
    """A resident on the panel. Only what the analysis needs; contacts are erased on withdrawal."""

    class AgeBand(models.TextChoices):
        UNDER_40 = "under_40", _("Under 40")
        AGE_40_64 = "40_64", _("40-64")
        AGE_65_74 = "65_74", _("65-74")
        AGE_75_PLUS = "75_plus", _("75 and over")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="testers")
    site = models.ForeignKey(
        Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL, related_name="testers"
    )
    code = models.CharField(_("tester code"), max_length=20)
    name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    digital_skill = models.PositiveSmallIntegerField(
        _("self-rated digital skill (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    accessibility_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given"))
    retain_until = models.DateField(_("keep data until"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by (staff)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Set by withdrawal and by the retention date (erase_pilot_contacts): the daily job skips these rows.
    erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tester_roles"
    )
    # The self-registered resident's way back to withdraw, without an account.
    withdraw_token = models.CharField(max_length=43, unique=True, null=True, blank=True)
    iteration = models.PositiveSmallIntegerField(_("iteration"), default=1)

    class Meta:
        verbose_name = _("tester")
        verbose_name_plural = _("testers")
        constraints = [models.UniqueConstraint(fields=["pilot", "code"], name="unique_tester_code")]

    def __str__(self) -> str:
        return self.code


class Task(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class TaskResult(models.Model):
    class Outcome(models.TextChoices):
        UNAIDED = "unaided", _("Completed unaided")
        HELPED = "helped", _("Completed with help")
        FAILED = "failed", _("Failed")
        ABANDONED = "abandoned", _("Abandoned")

    tester = models.ForeignKey(Tester, on_delete=models.CASCADE, related_name="results")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="results")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    seconds = models.PositiveIntegerField(_("time on task (seconds)"), null=True, blank=True)
    errors = models.PositiveSmallIntegerField(_("errors"), default=0)
    assists = models.PositiveSmallIntegerField(_("assists"), default=0)
    ease = models.PositiveSmallIntegerField(
        _("ease (SEQ, 1-7)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tester", "task"], name="unique_result")]

    def __str__(self) -> str:
        return f"{self.tester} {self.task}: {self.outcome}"


class Questionnaire(models.Model):
    """After-session answers: SUS (ten 1-5 answers), satisfaction 0-10 and free comments."""

    tester = models.OneToOneField(Tester, on_delete=models.CASCADE, related_name="questionnaire")
    sus = models.JSONField(_("SUS answers"))
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (0-10)"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    comments = models.TextField(_("comments"), blank=True)
    comment_vector = models.BinaryField(null=True, blank=True)  # the matching encoder's embedding, for themes
    response = models.OneToOneField(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"questionnaire of {self.tester}"


class SessionDraft(models.Model):
    """A facilitator's session in progress, saved at every step so a dropped connection loses at most one page."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="drafts")
    tester = models.ForeignKey(Tester, on_delete=models.CASCADE, related_name="drafts")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"session with {self.tester}"
