"""The shipped demo data is real, complete enough and loads idempotently."""

import pytest
from django.core.management import call_command

from madang.catalogue.models import Initiative, InitiativeTranslation
from madang.core.models import Organisation, Place

REQUIRED_CASES = [
    "makati-citizen-card", "hangzhou-city-brain", "helsinki-smart-kalasatama-agile-piloting",
    "addis-ababa-ethiopian-coffee-value-chain",
]  # fmt: skip


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_demo_has_60_initiatives_25_cities_10_countries(demo):
    published = Initiative.objects.filter(is_published=True)
    assert published.count() >= 60
    assert published.values("city").distinct().count() >= 25
    assert published.values("city__parent").distinct().count() >= 10


def test_every_demo_initiative_has_english_another_language_and_sources(demo):
    for initiative in Initiative.objects.prefetch_related("translations", "sources"):
        languages = {t.language for t in initiative.translations.all()}
        assert "en" in languages and languages & {"ko", "ja", "zh-hans"}, initiative.slug
        assert initiative.sources.exists(), initiative.slug
        assert initiative.last_verified is not None


def test_required_cases_are_present(demo):
    for slug in REQUIRED_CASES:
        assert Initiative.objects.filter(slug=slug, is_published=True).exists(), slug
    titles = " ".join(InitiativeTranslation.objects.filter(language="en").values_list("title", flat=True)).lower()
    for words in ("night", "digital guide", "kiosk", "data highway", "daxing", "busan", "smart health"):
        assert words in titles, words


def test_load_demo_twice_creates_no_duplicates(demo):
    counts = (Initiative.objects.count(), Place.objects.count(), Organisation.objects.count(),
              InitiativeTranslation.objects.count())  # fmt: skip
    call_command("load_demo")
    assert counts == (Initiative.objects.count(), Place.objects.count(), Organisation.objects.count(),
                      InitiativeTranslation.objects.count())  # fmt: skip
