from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from madang.core.choices import LocalisedSelect, name_choices, places_by_parent
from madang.core.forms import UploadForm
from madang.core.i18n import AUTONYMS, CONTENT_LANGUAGES, current_language
from madang.core.listing import search_text
from madang.core.models import Organisation, Place

from .models import (
    SUMMARY_MAX,
    Domain,
    FundingModel,
    Group,
    Initiative,
    Origin,
    PartnerRole,
    Stage,
)
from .selectors import CatalogueFilters


class FilterForm(forms.Form):
    # No max_length: a long query is searched in part (selectors.search_text), never refused, so the box never shows
    # words that were silently ignored.
    q = forms.CharField(label=_("Search"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=[("", _("All domains")), *Domain.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    group = forms.ChoiceField(
        label=_("Group served"), required=False, choices=[("", _("All groups")), *Group.Code.choices]
    )
    language = forms.ChoiceField(
        label=_("Available in"), required=False, choices=[("", _("Any language")), *AUTONYMS.items()]
    )
    tag = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    organisation = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, countries: list[Place], cities: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", _("All countries"))] + [
            (c.code, str(c.display_name())) for c in countries
        ]
        cast(forms.ChoiceField, self.fields["city"]).choices = [("", _("All cities"))] + [
            (c.slug, str(c.display_name())) for c in cities
        ]

    def filters(self) -> CatalogueFilters:
        # A stale or mistyped value drops only its own filter; the valid ones still apply.
        self.is_valid()
        return CatalogueFilters.from_mapping(getattr(self, "cleaned_data", {}))

    def query_truncated(self) -> bool:
        """True when only the first part of the typed query was searched, so the page can say so."""
        q = str(getattr(self, "cleaned_data", {}).get("q") or "")
        return len(search_text(q)) < len(" ".join(q.split()))


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.replace("\n", ",").split(",") if v.strip()]


class InitiativeForm(forms.ModelForm):
    tags_text = forms.CharField(label=_("Tags"), required=False, help_text=_("Separate tags with commas."))
    groups = forms.MultipleChoiceField(
        label=_("Groups served"), required=False, choices=Group.Code.choices, widget=forms.CheckboxSelectMultiple
    )
    sdgs_text = forms.CharField(
        label=_("SDG goals"), required=False, help_text=_("Numbers from 1 to 17, separated by commas.")
    )

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "owner",
            "original_language",
            "domain",
            "city",
            "district",
            "stage",
            "start_year",
            "end_year",
            "budget_amount",
            "budget_currency",
            "funding_model",
            "last_verified",
        ]
        widgets = {
            "last_verified": forms.DateInput(attrs={"type": "date"}),
            "owner": LocalisedSelect,
            "city": LocalisedSelect,
            "district": LocalisedSelect,
        }

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Names in the reader's language; cities under their country and districts under their city.
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owners
        owner.choices = [("", owner.empty_label), *name_choices(owners)]
        for name, kind in (("city", Place.Kind.CITY), ("district", Place.Kind.DISTRICT)):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = Place.objects.filter(kind=kind).select_related("parent")
            field.choices = [("", field.empty_label), *places_by_parent(field.queryset)]
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("original_language", current_language())
            owner_list = list(owners[:2])
            if len(owner_list) == 1:
                self.initial.setdefault("owner", owner_list[0].pk)
                if owner_list[0].city_id:
                    self.initial.setdefault("city", owner_list[0].city_id)
        if self.instance.pk:
            self.fields["slug"].disabled = True
            self.fields["owner"].disabled = True
            self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())
            self.initial["groups"] = [g.code for g in self.instance.groups_served.all()]
            self.initial["sdgs_text"] = ", ".join(str(s) for s in self.instance.sdgs)
            existing = {t.language: t for t in self.instance.translations.all()}
        else:
            existing = {}
        for lang in CONTENT_LANGUAGES:
            tr = existing.get(lang)
            self.fields[f"title_{lang}"] = forms.CharField(
                label=_("Title"), required=False, max_length=200, initial=tr.title if tr else ""
            )
            self.fields[f"summary_{lang}"] = forms.CharField(
                label=_("Plain-language summary"),
                required=False,
                max_length=SUMMARY_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=tr.summary if tr else "",
                help_text=_("At most 300 characters, in plain language."),
            )
            self.fields[f"body_{lang}"] = forms.CharField(
                label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 8}), initial=tr.body if tr else ""
            )
            self.fields[f"origin_{lang}"] = forms.ChoiceField(
                label=_("Translated by"), choices=Origin.choices, initial=tr.origin if tr else Origin.HUMAN
            )
        for name in ("funding_model",):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", _("Unknown"))] + list(FundingModel.choices)

    def language_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [
            (lang, AUTONYMS[lang], [self[f"{f}_{lang}"] for f in ("title", "summary", "body", "origin")])
            for lang in CONTENT_LANGUAGES
        ]

    def clean_sdgs_text(self) -> list[int]:
        values = []
        for part in _split_list(self.cleaned_data["sdgs_text"]):
            if not part.isdigit() or not 1 <= int(part) <= 17:
                raise forms.ValidationError(_("“%(value)s” is not a goal number from 1 to 17."), params={"value": part})
            values.append(int(part))
        return sorted(set(values))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lang = data.get("original_language")
        for code in CONTENT_LANGUAGES:
            has_any = data.get(f"title_{code}") or data.get(f"summary_{code}") or data.get(f"body_{code}")
            if has_any or code == lang:
                if not data.get(f"title_{code}"):
                    self.add_error(f"title_{code}", _("A title is required in this language."))
                if not data.get(f"summary_{code}"):
                    self.add_error(f"summary_{code}", _("A summary is required in this language."))
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year is before the start year."))
        district, city = data.get("district"), data.get("city")
        if district and city and district.parent_id != city.id:
            self.add_error("district", _("This district is not in the chosen city."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {f: data[f] for f in self.Meta.fields if f in data and f != "slug"}
        if not self.instance.pk:
            kwargs["slug"] = data["slug"]
        kwargs["budget_currency"] = (data.get("budget_currency") or "").upper()
        kwargs["sdgs"] = data["sdgs_text"]
        kwargs["tags"] = _split_list(data["tags_text"])
        kwargs["groups_served"] = data["groups"]
        kwargs["translations"] = {
            lang: {f: data.get(f"{f}_{lang}", "") for f in ("title", "summary", "body", "origin")}
            for lang in CONTENT_LANGUAGES
        }
        return kwargs


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False, widget=LocalisedSelect
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *PartnerRole.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.choices = [("", organisation.empty_label), *name_choices(Organisation.objects.all())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("organisation")) != bool(data.get("role")):
            raise forms.ValidationError(_("Choose both an organisation and its role, or neither."))
        return data


class OutcomeForm(forms.Form):
    indicator = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=20, decimal_places=4)
    result = forms.DecimalField(label=_("Result"), required=False, max_digits=20, decimal_places=4)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    source = forms.URLField(label=_("Source"), required=False, max_length=500, assume_scheme="https")


class SourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")


# A POST names its own form count: without a hard cap a client could make the server build and clean a million
# forms (each partner row also loads the organisation choices). 50 rows of each is far more than any entry has.
ROWS_MAX = 50
PartnerFormSet = formset_factory(PartnerForm, extra=2, max_num=ROWS_MAX, absolute_max=ROWS_MAX, validate_max=True)
OutcomeFormSet = formset_factory(OutcomeForm, extra=2, max_num=ROWS_MAX, absolute_max=ROWS_MAX, validate_max=True)
SourceFormSet = formset_factory(SourceForm, extra=2, max_num=ROWS_MAX, absolute_max=ROWS_MAX, validate_max=True)


class ImportForm(UploadForm):
    file = forms.FileField(label=_("File (CSV or JSON, UTF-8)"))
