"""Gap analysis: weakest indicators, peers' initiatives, solutions; one action makes a draft need; network view."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from madang.assessment.gaps import network_overview, place_gaps
from madang.assessment.services import need_from_gap
from madang.catalogue.models import Outcome
from madang.matching.models import Need, Solution
from madang.matching.search import vectors_refresh
from tests.factories import InitiativeFactory


@pytest.fixture
def catalogue(scored):
    """Busan (a peer of Gunsan) taught seniors to use kiosks and measured it; Makati did something unrelated."""
    kiosk = InitiativeFactory(
        slug="busan-kiosk-class", owner=scored["city_a"], city=scored["busan"], is_published=True,
        translations={"en": ("Kiosk ordering classes for seniors", "Older residents practise ordering at kiosks.")},
    )  # fmt: skip
    Outcome.objects.create(initiative=kiosk, indicator="Seniors who can order at a kiosk without help", baseline=20,
                           result=45, unit="%", year=2024)  # fmt: skip
    Outcome.objects.create(initiative=kiosk, indicator="Overnight stays of tourists", baseline=1, result=9)
    InitiativeFactory(
        slug="makati-parking", owner=scored["city_b"], city=scored["makati"], is_published=True,
        translations={"en": ("Smart parking sensors", "Sensors show free parking bays to drivers.")},
    )  # fmt: skip
    Solution.objects.create(organisation=scored["provider"], language="en", title="Kiosk practice terminals",
                            description="A practice kiosk that seniors use at community centres to learn ordering.",
                            domain="open_inclusive", maturity="piloted")  # fmt: skip
    vectors_refresh()
    return scored


def test_gaps_are_the_weakest_indicators_with_peer_median_and_related_work(catalogue):
    gaps = place_gaps(framework=catalogue["framework"], place=catalogue["gunsan"])
    assert len(gaps) == 3 and all(g.mark.rank == 4 and g.n_units == 4 for g in gaps)
    kiosk_gap = next(g for g in gaps if g.mark.node.code == "USE3")
    # Gunsan's peers in Eastern Asia are Seoul and Busan: USE3 2024 = 42 and 36, median 39.
    assert kiosk_gap.peer_median == pytest.approx(39)
    first = kiosk_gap.initiatives[0]
    assert first.obj.slug == "busan-kiosk-class" and first.peer
    assert [o.indicator for o in first.improved] == ["Seniors who can order at a kiosk without help"]  # not tourism
    assert "makati-parking" not in [s.obj.slug for s in kiosk_gap.initiatives]
    assert [s.obj.title for s in kiosk_gap.solutions] == ["Kiosk practice terminals"]


def test_one_action_turns_a_gap_into_a_prefilled_draft_need(client, catalogue):
    editor = catalogue["users"]["editor_a"]  # Seoul's editor
    client.force_login(editor)
    url = reverse("assessment:gap-need", args=["digital-inclusion-index", "seoul"])
    response = client.post(url, {"node": "USE3"})
    need = Need.objects.get()
    assert response["Location"] == reverse("matching:need-edit", args=[need.pk])
    assert need.status == "draft" and need.city == catalogue["seoul"] and need.organisation == catalogue["city_a"]
    assert "kiosk" in need.title.lower() and "rank" in need.description and need.domain == "open_inclusive"
    with pytest.raises(PermissionDenied):  # Makati's editor cannot open a need for Seoul
        need_from_gap(framework=catalogue["framework"], place=catalogue["seoul"],
                      node=catalogue["nodes"]["USE3"], by=catalogue["users"]["editor_b"])  # fmt: skip


def test_the_gap_page_offers_the_action_only_to_the_citys_editors(client, catalogue):
    url = reverse("assessment:gaps", args=["digital-inclusion-index", "seoul"])
    assert "draft need" not in client.get(url).content.decode()
    client.force_login(catalogue["users"]["editor_a"])
    assert "Turn this gap into a draft need" in client.get(url).content.decode()


def test_network_view_shows_small_and_medium_cities_left_behind(client, scored):
    Need.objects.create(organisation=scored["city_b"], city=scored["makati"], language="en", title="Help seniors",
                        description="x", domain="open_inclusive", evaluation_criteria="x",
                        status="open_call")  # fmt: skip
    overview = network_overview(network=scored["network"])
    assert overview.n_cities == 4
    assert [city.slug for city, *_ in overview.left_behind] == ["gunsan"]  # Makati (small) has a need now
    assert overview.by_size["small"].cities_with_support == 1 and overview.by_size["medium"].gaps == 3
    assert overview.by_domain["open_inclusive"].needs == 1
    client.force_login(scored["users"]["admin"])
    page = client.get(reverse("assessment:network")).content.decode()
    assert "Gunsan" in page and "left behind" in page
