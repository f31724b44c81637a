from madang.core.models import Membership, Network, Organisation, Place
from madang.core.services import reference_load

DATA = {
    "countries": [{"code": "kr", "name": {"en": "Republic of Korea", "ko": "대한민국"}}],
    "cities": [{"slug": "seoul", "country": "KR", "name": {"en": "Seoul", "ko": "서울"}, "population": 9366283,
                "population_year": 2024, "lat": 37.57, "lon": 126.98}],
    "districts": [{"slug": "seoul-mapo", "city": "seoul", "name": {"en": "Mapo-gu"}}],
    "networks": [{"slug": "wego", "name": {"en": "WeGO"}, "members": ["smg"]}],
    "organisations": [{"slug": "smg", "name": {"en": "Seoul Metropolitan Government"}, "kind": "city",
                       "city": "seoul", "networks": ["wego"]}],
}  # fmt: skip


def test_reference_load_builds_the_place_tree_and_memberships(db):
    reference_load(data=DATA)
    mapo = Place.objects.get(slug="seoul-mapo")
    assert (mapo.kind, mapo.parent.slug, mapo.parent.parent.code) == ("district", "seoul", "KR")
    assert mapo.country.code == "KR"
    assert Place.objects.get(slug="seoul").display_name("ko").text == "서울"
    assert list(Organisation.objects.get(slug="smg").networks.values_list("slug", flat=True)) == ["wego"]


def test_reference_load_twice_creates_no_duplicates(db):
    reference_load(data=DATA)
    reference_load(data=DATA)
    assert (Place.objects.count(), Network.objects.count(), Membership.objects.count()) == (3, 1, 1)
