from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain, Group, Initiative
from madang.core.i18n import AUTONYMS
from madang.core.models import Place

from .models import Match, Need, Solution

LANGUAGE_CHOICES = list(AUTONYMS.items())


class NeedForm(forms.ModelForm):
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
            "initiatives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["city"].queryset = Place.objects.filter(kind=Place.Kind.CITY).order_by("name")  # type: ignore[attr-defined]
        self.fields["initiatives"].queryset = Initiative.objects.filter(is_published=True).order_by("slug")  # type: ignore[attr-defined]
        self.fields["initiatives"].required = False
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.initial["groups"] = [g.code for g in self.instance.groups_served.all()]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["groups_served"] = data.pop("groups")
        return data


class SolutionForm(forms.ModelForm):
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
            "initiatives",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "accessibility_features": forms.Textarea(attrs={"rows": 3}),
            "deployments": forms.CheckboxSelectMultiple,
            "initiatives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["deployments"].queryset = Place.objects.filter(kind=Place.Kind.CITY).order_by("name")  # type: ignore[attr-defined]
        self.fields["initiatives"].queryset = Initiative.objects.filter(is_published=True).order_by("slug")  # type: ignore[attr-defined]
        self.fields["deployments"].required = self.fields["initiatives"].required = False
        if self.instance.pk:
            self.fields["organisation"].disabled = True


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
