import pytest
from django.contrib.auth.models import AnonymousUser

from madang.catalogue.selectors import (
    CatalogueFilters,
    facet_options,
    headline_numbers,
    initiative_drafts_for,
    initiative_list,
)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("citizen", []),
        ("provider", []),
        ("editor_a", []),
        ("editor_b", ["b-draft"]),
        ("admin", ["b-draft"]),
        ("other_admin", []),
    ],
)
def test_drafts_are_listed_for_those_who_may_edit_them(world, role, expected):
    assert [i.slug for i in initiative_drafts_for(user=world["users"][role])] == expected


def test_anonymous_has_no_drafts(world):
    assert list(initiative_drafts_for(user=AnonymousUser())) == []


def test_headline_numbers_count_only_published(world):
    assert headline_numbers() == {"initiatives": 1, "cities": 1, "countries": 1, "organisations": 3}


def test_facets_offer_only_places_with_published_initiatives(world):
    facets = facet_options()
    assert [c.slug for c in facets["cities"]] == ["makati"]
    assert [c.code for c in facets["countries"]] == ["PH"]


def test_filters_from_mapping_ignore_unknown_keys_and_trim():
    filters = CatalogueFilters.from_mapping({"q": "  kiosk ", "unknown": "x"})
    assert filters.active() == {"q": "kiosk"}


def test_list_by_organisation_includes_partnered_initiatives(world):
    from madang.catalogue.models import Partnership

    Partnership.objects.create(initiative=world["initiative_b"], organisation=world["provider"], role="operator")
    assert [i.slug for i in initiative_list(filters=CatalogueFilters(organisation="provider"))] == ["b-published"]
