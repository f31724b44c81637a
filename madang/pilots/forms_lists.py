"""The pilots list's search and filters (GET; a stale or mistyped value drops only itself)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain
from madang.core.listing import place_choices
from madang.core.models import Place

from .lists import PilotFilters
from .models import Pilot


class PilotFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=[("", _("All domains")), *Domain.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("Any phase")), *Pilot.Phase.choices])
    decision = forms.ChoiceField(label=_("Decision"), required=False,
                                 choices=[("", _("Any decision")), *Pilot.Decision.choices])  # fmt: skip
    report = forms.ChoiceField(label=_("Report"), required=False,
                               choices=[("", _("Any")), ("published", _("Published report"))])  # fmt: skip

    def __init__(self, *args: Any, cities: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place_choices(self, cities)

    def filters(self) -> PilotFilters:
        self.is_valid()
        return PilotFilters.from_mapping(getattr(self, "cleaned_data", {}))
