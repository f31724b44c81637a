"""Search and filter forms of the needs and solutions lists (GET; a stale or mistyped value drops only itself)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.catalogue.models import Domain, Group
from madang.core.i18n import AUTONYMS
from madang.core.listing import place_choices
from madang.core.models import Place

from .lists import ListFilters
from .models import Band, Need


class _ListForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=[("", _("All domains")), *Domain.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args: Any, cities: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place_choices(self, cities)

    def filters(self) -> ListFilters:
        self.is_valid()
        return ListFilters.from_mapping(getattr(self, "cleaned_data", {}))


class NeedFilterForm(_ListForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Need.Status.choices])  # fmt: skip
    deadline = forms.ChoiceField(label=_("Call"), required=False, choices=[
        ("", _("Any")), ("open", _("Open now")), ("soon", _("Closing within 30 days")),
    ])  # fmt: skip
    group = forms.ChoiceField(label=_("Group served"), required=False,
                              choices=[("", _("All groups")), *Group.Code.choices])  # fmt: skip
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any language")), *AUTONYMS.items()])  # fmt: skip


class SolutionFilterForm(_ListForm):
    language = forms.ChoiceField(label=_("Available in"), required=False,
                                 choices=[("", _("Any language")), *AUTONYMS.items()])  # fmt: skip
    price = forms.ChoiceField(label=_("Price band"), required=False,
                              choices=[("", _("Any price")), *Band.choices])  # fmt: skip
