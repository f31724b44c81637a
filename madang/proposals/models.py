"""Answers to an open call (proposals) and their evaluation by named evaluators against the need's criteria."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Initiative
from madang.core.models import Organisation, Place
from madang.matching.models import Need, Solution
from madang.pilots.models import Pilot

MAX_APPROACH = 10_000
MAX_TIMELINE = 2_000
MAX_COMMENT = 2_000
MAX_DOCUMENTS = 5
MAX_SCORE = 10

# ISO 4217 codes of the currencies cities of the networks budget in; a code is the same in every language.
CURRENCIES = [
    "KRW", "JPY", "CNY", "TWD", "HKD", "PHP", "SGD", "MYR", "IDR", "THB", "VND", "INR", "AUD", "USD", "EUR", "GBP",
]  # fmt: skip


class Proposal(models.Model):
    """A provider organisation's answer to a need's open call: one per organisation and need."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class CostModel(models.TextChoices):
        ONE_OFF = "one_off", _("One-off purchase")
        SUBSCRIPTION = "subscription", _("Subscription or service fee")
        PER_USE = "per_use", _("Per use")
        REVENUE_SHARE = "revenue_share", _("Revenue share")
        FREE = "free", _("Free or donated")

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="proposals")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="proposals"
    )
    solution = models.ForeignKey(
        Solution, verbose_name=_("solution"), on_delete=models.PROTECT, related_name="proposals"
    )
    approach = models.TextField(_("approach"), max_length=MAX_APPROACH)
    price_amount = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=[(c, c) for c in CURRENCIES], blank=True)
    cost_model = models.CharField(_("cost model"), max_length=20, choices=CostModel.choices)
    timeline = models.TextField(_("timeline"), max_length=MAX_TIMELINE)
    deployments = models.ManyToManyField(
        Place, verbose_name=_("deployments as references"), blank=True, related_name="+"
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("catalogue initiatives as references"), blank=True, related_name="+"
    )
    pilot_reports = models.ManyToManyField(
        Pilot, verbose_name=_("published pilot reports as references"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The pilot started from this proposal, so that a second click opens it instead of starting another.
    pilot = models.ForeignKey(Pilot, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [models.UniqueConstraint(fields=["need", "organisation"], name="one_proposal_per_provider")]
        ordering = ["need_id", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.solution} → {self.need}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return self.solution.title


class ProposalDocument(models.Model):
    """A file attached to a proposal, kept in the database and accepted by its content (conversations.attachments)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """A need's scoring sheet: made from its evaluation criteria when the first evaluator is named."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="evaluation")
    created_at = models.DateTimeField(auto_now_add=True)
    results_released_at = models.DateTimeField(_("results released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Evaluation of {self.need}"


class Criterion(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=500)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Evaluator(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluations")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "user"], name="unique_evaluator")]
        ordering = ["named_at", "id"]

    def __str__(self) -> str:
        return f"{self.user_id} evaluates {self.evaluation_id}"


class ConflictDeclaration(models.Model):
    """What an evaluator declared about one proposal; a conflict keeps them out of its scoring."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="declarations")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="declarations")
    has_conflict = models.BooleanField(_("conflict of interest"))
    note = models.TextField(_("note"), blank=True, max_length=MAX_COMMENT)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluator", "proposal"], name="one_declaration")]

    def __str__(self) -> str:
        return f"{self.evaluator_id} on {self.proposal_id}: {self.has_conflict}"


class ScoreSheet(models.Model):
    """One evaluator's scores for one proposal, submitted once and not changed afterwards."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="sheets")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sheets")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluator", "proposal"], name="one_sheet")]

    def __str__(self) -> str:
        return f"{self.evaluator_id} scored {self.proposal_id}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=MAX_COMMENT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]
        ordering = ["criterion__order", "criterion_id"]

    def __str__(self) -> str:
        return f"{self.value}"
