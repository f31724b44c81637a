from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain, Group, Initiative
from madang.core.choices import GroupedCheckboxes, LocalisedSelect, name_choices, places_by_parent
from madang.core.i18n import AUTONYMS, current_language
from madang.core.models import Organisation, Place

from .choices import initiatives_by_country
from .models import Match, Need, Solution
from .selectors import initiatives_to_choose

LANGUAGE_CHOICES = list(AUTONYMS.items())
FIND_INITIATIVES = "find_initiatives"  # the submit button's name: re-show the form with the list narrowed


class ChoicesInReadersLanguage(forms.ModelForm):
    """Organisation, city and initiative choices named in the reader's language and grouped by country, with a
    search step for the initiatives that needs no JavaScript: the Find button posts the form, which comes back
    with what was typed and the list narrowed, nothing saved and nothing flagged (`retyped`)."""

    initiative_query = forms.CharField(
        label=_("Find related initiatives"),
        required=False,
        max_length=200,
        help_text=_("Type a word from a title, a city or a country, in any language, and press Find initiatives. "
                    "Everything else you have typed in the form is kept."),
    )  # fmt: skip

    def _localise_choices(self, *, organisations: QuerySet[Organisation]) -> None:
        orgs = list(organisations.select_related("city"))
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = organisations
        organisation.choices = [("", organisation.empty_label), *name_choices(orgs)]
        initiatives = cast(forms.ModelMultipleChoiceField, self.fields["initiatives"])
        initiatives.queryset = Initiative.objects.filter(is_published=True)
        initiatives.required = False
        query = str(self["initiative_query"].value() or "")
        chosen = [int(pk) for pk in self["initiatives"].value() or [] if str(pk).isdigit()]
        initiatives.choices = initiatives_by_country(initiatives_to_choose(query=query, keep=chosen))
        if query:
            initiatives.help_text = _("Showing the initiatives that match your search, and those already chosen. "
                                      "Empty the search box and press Find initiatives to see them all.")  # fmt: skip
        if not self.instance.pk:
            # A new entry starts from the editor's own organisation and its city, in the language of the page.
            self.initial.setdefault("language", current_language())
            if len(orgs) == 1:
                self.initial.setdefault("organisation", orgs[0].pk)
                if "city" in self.fields and orgs[0].city is not None and orgs[0].city.kind == Place.Kind.CITY:
                    self.initial.setdefault("city", orgs[0].city.pk)

    @classmethod
    def retyped(cls, data: Any, **kwargs: Any) -> "ChoicesInReadersLanguage":
        """The form unbound again with what was typed as its initial values: shown after Find, not validated."""
        typed = cls(data, **kwargs)
        return cls(initial={name: typed[name].value() for name in typed.fields}, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("initiative_query", None)
        return data


class NeedForm(ChoicesInReadersLanguage):
    groups = forms.MultipleChoiceField(
        label=_("Groups served"), required=False, choices=Group.Code.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages required"), required=False, choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Need
        fields = [
            "organisation",
            "city",
            "language",
            "title",
            "description",
            "people_affected",
            "workaround",
            "domain",
            "budget_band",
            "timeline",
            "languages",
            "evaluation_criteria",
            "call_opens",
            "call_closes",
            "status",
            "outcome",
            "initiative_query",
            "initiatives",
        ]
        widgets = {
            "call_opens": forms.DateInput(attrs={"type": "date"}),
            "call_closes": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "people_affected": forms.Textarea(attrs={"rows": 3}),
            "workaround": forms.Textarea(attrs={"rows": 3}),
            "evaluation_criteria": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "organisation": LocalisedSelect,
            "city": LocalisedSelect,
            "language": LocalisedSelect,
            "initiatives": GroupedCheckboxes,
        }

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.initial.setdefault("groups", [g.code for g in self.instance.groups_served.all()])
        self._localise_choices(organisations=organisations)
        city = cast(forms.ModelChoiceField, self.fields["city"])
        cities = Place.objects.filter(kind=Place.Kind.CITY).select_related("parent")
        city.queryset = cities
        city.choices = [("", city.empty_label), *places_by_parent(cities)]

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["groups_served"] = data.pop("groups")
        return data


class SolutionForm(ChoicesInReadersLanguage):
    languages_supported = forms.MultipleChoiceField(
        label=_("Languages supported"), required=False, choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Solution
        fields = [
            "organisation",
            "language",
            "title",
            "description",
            "domain",
            "price_band",
            "maturity",
            "languages_supported",
            "accessibility_features",
            "deployments",
            "initiative_query",
            "initiatives",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "accessibility_features": forms.Textarea(attrs={"rows": 3}),
            "organisation": LocalisedSelect,
            "language": LocalisedSelect,
            "deployments": GroupedCheckboxes,
            "initiatives": GroupedCheckboxes,
        }

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organisation"].disabled = True
        self._localise_choices(organisations=organisations)
        deployments = cast(forms.ModelMultipleChoiceField, self.fields["deployments"])
        cities = Place.objects.filter(kind=Place.Kind.CITY).select_related("parent")
        deployments.queryset = cities
        deployments.required = False
        deployments.choices = places_by_parent(cities)


class FollowForm(forms.Form):
    domains = forms.MultipleChoiceField(
        label=_("Domains you follow"),
        required=False,
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("We e-mail you new needs in these domains that fit your solutions."),
    )


class MatchActionForm(forms.Form):
    action = forms.ChoiceField(choices=Match.State.choices)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
