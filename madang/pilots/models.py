"""Living-lab pilots: sites, a tester panel with consent, tasks and measured results."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from madang.core.models import Organisation, Place
from madang.matching.models import Need, Solution


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
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return self.title


class Site(models.Model):
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

    def __str__(self) -> str:
        return f"questionnaire of {self.tester}"
