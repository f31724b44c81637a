from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from madang.core.i18n import current_language, reading_order
from madang.core.models import Organisation, Place

SUMMARY_MAX = 300


class Domain(models.TextChoices):
    EFFICIENT_GOVERNMENT = "efficient_government", _("Efficient government")
    EMERGING_TECHNOLOGY = "emerging_technology", _("Emerging technology")
    MOBILITY = "mobility", _("Mobility")
    OPEN_INCLUSIVE = "open_inclusive", _("Open and inclusive city")
    SAFE_CITY = "safe_city", _("Safe city")
    SUSTAINABLE_CITY = "sustainable_city", _("Sustainable city")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    SCALING = "scaling", _("Scaling")
    CITY_WIDE = "city_wide", _("City-wide")
    DISCONTINUED = "discontinued", _("Discontinued")


class FundingModel(models.TextChoices):
    PUBLIC = "public", _("Public")
    PPP = "ppp", _("Public-private partnership")
    PRIVATE = "private", _("Private")
    GRANT = "grant", _("Grant")


class Origin(models.TextChoices):
    HUMAN = "human", _("Human translation")
    MACHINE = "machine", _("Machine translation")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    FUNDER = "funder", _("Funder")
    TECHNOLOGY_PROVIDER = "technology_provider", _("Technology provider")
    OPERATOR = "operator", _("Operator")
    COMMUNITY_PARTNER = "community_partner", _("Community partner")


class Group(models.Model):
    """A group served; a table (not a JSON list) so both databases can filter on it with an index."""

    class Code(models.TextChoices):
        SENIORS = "seniors", _("Seniors")
        DISABILITIES = "disabilities", _("People with disabilities")
        LOW_INCOME = "low_income", _("Low-income residents")
        MIGRANTS = "migrants", _("Migrants")
        CHILDREN = "children", _("Children")
        ALL_RESIDENTS = "all_residents", _("All residents")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)

    class Meta:
        verbose_name = _("group served")
        verbose_name_plural = _("groups served")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.Code(self.code).label)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
        help_text=_("The organisation whose editors maintain this entry."),
    )
    original_language = models.CharField(_("original language"), max_length=10, choices=settings.LANGUAGES)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="initiatives")
    city = models.ForeignKey(
        Place,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        limit_choices_to={"kind": Place.Kind.CITY},
    )
    district = models.ForeignKey(
        Place,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="district_initiatives",
        limit_choices_to={"kind": Place.Kind.DISTRICT},
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), through="Partnership", related_name="initiatives", blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    budget_amount = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. KRW"))
    funding_model = models.CharField(_("funding model"), max_length=10, choices=FundingModel.choices, blank=True)
    groups_served = models.ManyToManyField(Group, verbose_name=_("groups served"), blank=True, related_name="+")
    sdgs = models.JSONField(_("SDG goals"), default=list, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    featured = models.BooleanField(_("featured"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at", "id"]
        permissions = [("publish_initiative", "Can publish or unpublish an initiative")]
        indexes = [models.Index(fields=["is_published", "-updated_at", "id"])]

    def __str__(self) -> str:
        return self.slug

    def translation(self, lang: str | None = None) -> "InitiativeTranslation | None":
        """The text in the reader's language, else by their fallback chain (core.i18n.reading_order: English, then
        the original). Uses prefetched rows when present."""
        lang = lang or current_language()
        rows = {t.language: t for t in self.translations.all()}
        for candidate in reading_order(lang, self.original_language):
            if candidate in rows:
                return rows[candidate]
        return None


class InitiativeTranslation(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("plain-language summary"),
        validators=[MaxLengthValidator(SUMMARY_MAX)],
        help_text=_("At most 300 characters, in plain language."),
    )
    body = models.TextField(_("body"), blank=True)
    origin = models.CharField(_("translated by"), max_length=10, choices=Origin.choices, default=Origin.HUMAN)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["initiative", "language"], name="unique_initiative_language")]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class Partnership(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "organisation", "role"], name="unique_partner_role")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Outcome(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    result = models.DecimalField(_("result"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.indicator


class SourceLink(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title or self.url
