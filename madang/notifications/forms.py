from django import forms
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain

from .models import Preference

FOLLOWABLE = [
    ("need", _("need")),
    ("solution", _("solution")),
    ("organisation", _("organisation")),
    ("city", _("city")),
    ("domain", _("domain")),
]


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
        help_texts = {"email": _("Notices always appear in your inbox; this says when they are also e-mailed to you.")}


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=FOLLOWABLE)
    pk = forms.IntegerField(required=False, min_value=1)
    domain = forms.ChoiceField(choices=[("", "-"), *Domain.choices], required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == "domain" and not data.get("domain"):
            raise forms.ValidationError(_("Choose a domain to follow."))
        if data.get("kind") not in (None, "domain") and not data.get("pk"):
            raise forms.ValidationError(_("Say what to follow."))
        return data
