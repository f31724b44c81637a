"""The organisations list: search by name in any language, filters by kind, country and network, pages and a CSV
download of what is listed."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .listing import Filters, csv_stream
from .models import Network, Organisation, Place


@dataclass(frozen=True)
class OrganisationFilters(Filters):
    q: str = ""
    kind: str = ""
    country: str = ""
    network: str = ""


def organisation_search(*, filters: OrganisationFilters | None = None) -> QuerySet[Organisation]:
    f = filters or OrganisationFilters()
    qs = Organisation.objects.select_related("city__parent")
    if f.q:
        # `names` holds the other languages' names ({"ko": "서울특별시"}): its text is searched as well, also as
        # JSON escapes, which is how SQLite stores text that is not ASCII.
        escaped = json.dumps(f.q)[1:-1]
        qs = qs.filter(Q(name__icontains=f.q) | Q(names__icontains=f.q) | Q(names__icontains=escaped)
                       | Q(slug__icontains=f.q))  # fmt: skip
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.country:
        qs = qs.filter(city__parent__code__iexact=f.country)
    if f.network:
        qs = qs.filter(memberships__network__slug=f.network)
    return qs.distinct().order_by("name")


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Organisation.Kind.choices])  # fmt: skip
    country = forms.ChoiceField(label=_("Country"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = Place.objects.filter(kind=Place.Kind.COUNTRY, children__organisations__isnull=False).distinct()
        named: list[tuple[str, str]] = sorted(((c.code, str(c.display_name())) for c in countries), key=lambda x: x[1])
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", _("All countries")), *named]
        cast(forms.ChoiceField, self.fields["network"]).choices = [("", _("All networks"))] + [
            (n.slug, str(n.display_name())) for n in Network.objects.order_by("name")
        ]

    def filters(self) -> OrganisationFilters:
        self.is_valid()
        return OrganisationFilters.from_mapping(getattr(self, "cleaned_data", {}))


COLUMNS = ["slug", "name", "kind", "city", "country", "website", "networks", "url"]


def organisations_csv(organisations: Iterable[Organisation], *, site: str) -> Iterator[str]:
    return csv_stream(COLUMNS, ({
        "slug": o.slug, "name": o.name, "kind": o.kind, "city": o.city.slug if o.city else "",
        "country": o.city.parent.code if o.city and o.city.parent else "", "website": o.website,
        "networks": " ".join(sorted(m.network.slug for m in o.memberships.all())),
        "url": f"{site}/organisations/{o.slug}/",
    } for o in organisations))  # fmt: skip
