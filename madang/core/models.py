from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import Localised, pick_name


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
