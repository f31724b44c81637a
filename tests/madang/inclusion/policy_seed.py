"""Inclusion objects for the generated permission tests (tests/madang/core/test_policies.py).

The citizen persona is a guide of Seoul's city hall (active) and of Makati's (deactivated), so the field log is
checked for a guide too. A guide of the district office (an organisation located in Seoul that governs only its
district) has an old entry in Seoul: Seoul's staff see it, the district office does not.
"""

import datetime as dt

from madang.inclusion.models import AssistDraft, AssistLog, DeploymentPlan, Facility, Guide
from tests.factories import PlaceFactory, UserFactory

PLAN_INPUTS = {"candidates": "school", "p": 1, "radius": 1000, "detour": 1.3, "demand": "pop_65plus", "weight": "",
               "n_guides": 1, "days": 1, "shifts_per_day": 1, "points": "centroid", "time_limit": 10.0}  # fmt: skip
PLAN_RESULT = {"method": "exact", "optimal": True, "bound": 0.0, "gap": 0.0, "seconds": 0.0, "covered": 0.0,
               "total": 0.0, "share": 0.0, "n_points": 0, "n_candidates": 0, "sites": [], "areas": [],
               "rota": [[[-1]]]}  # fmt: skip


def _log(guide, city, place_text):  # type: ignore[no-untyped-def]
    return AssistLog.objects.create(
        guide=guide, city=city, place_text=place_text, occurred_on=dt.date(2026, 1, 5), device="kiosk", task="order",
        minutes=10, outcome="solved", age_band="75_84",
    )  # fmt: skip


def seed(world):  # type: ignore[no-untyped-def]
    seoul, makati = world.places["seoul"], world.places["makati"]
    same, other, makati_hall = world.orgs["same"], world.orgs["other"], world.orgs["makati"]
    areas = [
        PlaceFactory(kind="district", parent=seoul, slug="seoul-a1", code="A1", name="Seoul A1"),
        PlaceFactory(kind="district", parent=makati, slug="makati-m1", code="M1", name="Makati M1"),
    ]
    Facility.objects.create(city=seoul, area=areas[0], code="S1", kind="school", name="Seoul school", latitude=37.5,
                            longitude=127.0)  # fmt: skip
    citizen = world.users["citizen"]
    guides = {
        "seoul": Guide.objects.create(user=citizen, organisation=same),
        "makati": Guide.objects.create(user=UserFactory(username="p-guide-makati"), organisation=makati_hall),
        "makati_inactive": Guide.objects.create(user=citizen, organisation=makati_hall, is_active=False),
        "district": Guide.objects.create(user=UserFactory(username="p-guide-district"), organisation=other),
    }
    logs = [
        _log(guides["seoul"], seoul, "Seoul station"),
        _log(guides["makati"], makati, "Makati mall"),
        _log(guides["district"], seoul, "District office entry"),
    ]
    drafts = [
        AssistDraft.objects.create(guide=guides["seoul"]),
        AssistDraft.objects.create(guide=guides["makati"]),
        AssistDraft.objects.create(guide=guides["makati_inactive"]),
        AssistDraft.objects.create(
            guide=guides["seoul"], step=3, submitted_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC), log=logs[0]
        ),
    ]
    plans = [
        DeploymentPlan.objects.create(city=seoul, title="Seoul plan", inputs=PLAN_INPUTS, result=PLAN_RESULT),
        DeploymentPlan.objects.create(city=makati, title="Makati plan", inputs=PLAN_INPUTS, result=PLAN_RESULT),
    ]
    world.objects.update(inclusion_areas=areas, guides=guides, assists=logs, assist_drafts=drafts, plans=plans)
