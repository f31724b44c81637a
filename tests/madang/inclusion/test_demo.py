"""The shipped Seoul data loads through the same validation as any city's files, twice without duplicates, and
its map page stays light."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.urls import reverse

from madang.core.models import Place
from madang.inclusion.models import AreaStatistic, AssistLog, Facility, Guide
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_seoul_demo_loads_idempotently_and_its_map_is_light(client, world):
    OrganisationFactory(slug="seoul-metropolitan-government", kind="city", city=world["seoul"])
    out = StringIO()
    call_command("load_inclusion_demo", "--example-assists", "5", stdout=out)
    call_command("load_inclusion_demo", stdout=out)
    seoul = world["seoul"]
    assert Place.objects.filter(parent=seoul, kind="district").count() == 426
    assert Facility.objects.filter(city=seoul, kind="school").count() == 1310
    assert Facility.objects.filter(city=seoul, area__isnull=True).count() == 0
    totals = AreaStatistic.objects.filter(area__parent=seoul, year=2024)
    assert totals.filter(indicator="pop_total").aggregate(s=Sum("value"))["s"] == 9_366_283
    assert totals.filter(indicator="pop_65plus").aggregate(s=Sum("value"))["s"] == 1_773_809
    assert Guide.objects.get(user__username="seoul-guide").sites.count() == 3
    assert AssistLog.objects.filter(place_text__startswith="(예시)").count() == 5  # examples are marked

    response = client.get(reverse("inclusion:map", args=["seoul"]) + "?facilities=school")
    page = response.content.decode()
    svg = re.search(r"<svg [^>]*class=\"choropleth\".*?</svg>", page, re.S).group(0)
    assert svg.count("<path fill=") == 426 and len(svg.encode()) < 150_000
    assert len(response.content) < 300_000
    assert "Share of residents aged 65 and over in Seoul as a whole: 18.9% (2024)." in page
    assert "Statistics Korea (SGIS)" in page and "Ministry of the Interior" in page


def test_the_demo_needs_the_city_from_load_demo(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_inclusion_demo", stdout=StringIO())
