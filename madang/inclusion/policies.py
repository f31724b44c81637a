"""Who may do what with a city's inclusion data. The map is public; the field log is not.

- city staff: editors of the organisation that GOVERNS the city (`city.pk in roles.governed_place_ids(user)`); an
  organisation merely located in the city (a district office, an agency) has no say over its map, guides or log;
- guides: users registered as active guides of a city's government; they record and see only their own entries;
- network admins: the aggregated dashboard and the saved plans of cities governed by a member of their network.

A guide belongs to the city its organisation governs: guides are registered by that government's editors, and an
organisation that governs no city (or only a district) has no guides who may record.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.models import Place
from madang.core.policy import NOTHING, Action, Policy, Route, among, register

from .models import AssistDraft, AssistLog, DeploymentPlan, Guide

CITY = Place.Kind.CITY


# ---------------------------------------------------------------------- the facts the rules below are built from
def guide_city_id(guide: Any) -> int | None:
    """The city a guide records for: the one their organisation governs, if it governs a city."""
    governs = guide.organisation.governs if guide is not None else None
    return governs.pk if governs is not None and governs.kind == CITY else None


def guide_city_ids(user: Any) -> frozenset[int]:
    """Cities the user is an active guide of (a helper beside madang.core.roles: guides are this app's role)."""
    if not roles.signed_in(user):
        return frozenset()
    return frozenset(
        Guide.objects.filter(user_id=user.pk, is_active=True, organisation__governs__kind=CITY).values_list(
            "organisation__governs_id", flat=True
        )
    )


def _staff_of(user: Any, city_id: int | None) -> bool:
    return city_id is not None and city_id in roles.governed_place_ids(user)


def _staff_q(user: Any, field: str) -> Q:
    return among(field, roles.governed_place_ids(user))


# ---------------------------------------------------------------------- the city
def _city_staff(user: Any, city: Any) -> bool:
    return city is not None and city.kind == CITY and _staff_of(user, city.pk)


def _city_staff_q(user: Any) -> Q:
    return Q(kind=CITY) & _staff_q(user, "pk")


def _city_admin(user: Any, city: Any) -> bool:
    return city is not None and city.pk in roles.network_city_ids(user)


def _city_admin_q(user: Any) -> Q:
    return among("pk", roles.network_city_ids(user))


def _city_guide(user: Any, city: Any) -> bool:
    return city is not None and city.pk in guide_city_ids(user)


def _city_guide_q(user: Any) -> Q:
    return among("pk", guide_city_ids(user))


def _staff_action() -> Action:
    return Action(rule=_city_staff, where=_city_staff_q)


def _cities(qs: Any) -> Any:
    return qs.filter(kind=CITY)


def _slug(city: Any) -> dict[str, Any]:
    return {"slug": city.slug}


@register
class InclusionCityPolicy(Policy[Place]):
    """What a person may do with a city's inclusion tools (the object is the city, a core Place)."""

    model = Place
    app_label = "inclusion"
    actions = {
        "view_map": Action(rule=lambda user, city: True, where=lambda user: Q()),
        "import_data": _staff_action(),
        "manage_guides": _staff_action(),
        "view_assists": _staff_action(),  # every entry of the city, row by row
        "plan": _staff_action(),
        "view_dashboard": Action(  # aggregates only
            rule=lambda user, c: _city_staff(user, c) or _city_admin(user, c),
            where=lambda user: _city_staff_q(user) | _city_admin_q(user),
        ),
        "view_plans": Action(
            rule=lambda user, c: _city_staff(user, c) or _city_admin(user, c),
            where=lambda user: _city_staff_q(user) | _city_admin_q(user),
        ),
        "record_assist": Action(rule=_city_guide, where=_city_guide_q),
        # The entries page: the whole city for its staff, their own entries for its guides.
        "view_entries": Action(
            rule=lambda user, c: _city_staff(user, c) or _city_guide(user, c),
            where=lambda user: _city_staff_q(user) | _city_guide_q(user),
        ),
    }
    routes = [
        Route("inclusion:import", "import_data", _slug, methods=("GET", "POST"), objects=_cities),
        Route("inclusion:guides", "manage_guides", _slug, methods=("GET", "POST"), objects=_cities),
        Route("inclusion:dashboard", "view_dashboard", _slug, objects=_cities),
        Route("inclusion:entries", "view_entries", _slug, objects=_cities),
        Route("inclusion:planner", "plan", _slug, methods=("GET", "POST"), objects=_cities),
        Route("inclusion:plans", "view_plans", _slug, objects=_cities),
    ]


# ---------------------------------------------------------------------- map areas
@register
class MapAreaPolicy(Policy[Place]):
    """A city's map areas (its districts): their names, boundaries and statistics are the city government's.

    Imports check this for every feature and row that names an area."""

    model = Place
    app_label = "inclusion"
    actions = {
        "change_area": Action(
            rule=lambda user, a: a is not None and a.kind == Place.Kind.DISTRICT and _staff_of(user, a.parent_id),
            where=lambda user: Q(kind=Place.Kind.DISTRICT) & _staff_q(user, "parent_id"),
        ),
    }


# ---------------------------------------------------------------------- guides, their drafts and entries
def _guide_staff(user: Any, guide: Any) -> bool:
    return guide is not None and _staff_of(user, guide_city_id(guide))


def _guide_staff_q(user: Any) -> Q:
    return Q(organisation__governs__kind=CITY) & _staff_q(user, "organisation__governs_id")


def _is_guide(user: Any, guide: Any) -> bool:
    """The user is this guide, still active, of a city's government."""
    return (
        guide is not None
        and roles.signed_in(user)
        and guide.user_id == user.pk
        and guide.is_active
        and guide_city_id(guide) is not None
    )


def _is_guide_q(user: Any, prefix: str = "") -> Q:
    if not roles.signed_in(user):
        return NOTHING
    return Q(**{f"{prefix}user_id": user.pk, f"{prefix}is_active": True, f"{prefix}organisation__governs__kind": CITY})


def _guide_kwargs(guide: Any) -> dict[str, Any]:
    return {"slug": guide.organisation.governs.slug, "guide_pk": guide.pk}


@register
class GuidePolicy(Policy[Guide]):
    model = Guide
    actions = {
        # Activate, deactivate, give usual sites: the staff of the guide's city.
        "change_guide": Action(rule=_guide_staff, where=_guide_staff_q),
        "record_as_guide": Action(rule=_is_guide, where=_is_guide_q),
    }
    routes = [
        Route(
            "inclusion:guide-change",
            "change_guide",
            _guide_kwargs,
            methods=("POST",),
            objects=lambda qs: qs.filter(organisation__governs__kind=CITY),
        ),  # fmt: skip
    ]


@register
class AssistDraftPolicy(Policy[AssistDraft]):
    """A draft is its guide's alone; anyone else is told it does not exist."""

    model = AssistDraft
    actions = {
        "change_draft": Action(
            rule=lambda user, d: d is not None and _is_guide(user, d.guide),
            where=lambda user: _is_guide_q(user, "guide__"),
            shown_by="change_draft",
        ),
    }
    routes = [
        Route("inclusion:log-draft", "change_draft", lambda d: {"draft_pk": d.pk}, methods=("GET", "POST")),
        Route("inclusion:log-step", "change_draft", lambda d: {"draft_pk": d.pk, "step": 0}, methods=("GET", "POST")),
    ]


def _own_entry(user: Any, log: Any) -> bool:
    return roles.signed_in(user) and log.guide.user_id == user.pk


@register
class AssistLogPolicy(Policy[AssistLog]):
    """One entry: its guide (even once deactivated) and the staff of its city; network admins see only totals."""

    model = AssistLog
    actions = {
        "view_assist": Action(
            rule=lambda user, log: log is not None and (_own_entry(user, log) or _staff_of(user, log.city_id)),
            where=lambda user: (
                (Q(guide__user_id=user.pk) if roles.signed_in(user) else NOTHING) | _staff_q(user, "city_id")
            ),
            shown_by="view_assist",
        ),
    }


# ---------------------------------------------------------------------- deployment plans
def _plan_viewer(user: Any, plan: Any) -> bool:
    return plan is not None and (_staff_of(user, plan.city_id) or plan.city_id in roles.network_city_ids(user))


@register
class DeploymentPlanPolicy(Policy[DeploymentPlan]):
    """A saved plan is private: its city's staff and the admins of a network its government belongs to."""

    model = DeploymentPlan
    actions = {
        "view_plan": Action(
            rule=_plan_viewer,
            where=lambda user: _staff_q(user, "city_id") | among("city_id", roles.network_city_ids(user)),
            shown_by="view_plan",
        ),
        # Giving guides their rota sites changes the guides: the city's staff only.
        "assign_plan": Action(
            rule=lambda user, plan: plan is not None and _staff_of(user, plan.city_id),
            where=lambda user: _staff_q(user, "city_id"),
            shown_by="view_plan",
        ),
    }
    # The plan page shows the plan to its readers (network admins included) and, on POST, assigns guides.
    routes = [
        Route(
            "inclusion:plan",
            "view_plan",
            lambda p: {"slug": p.city.slug, "pk": p.pk},
            methods=("GET", "POST"),
            post_action="assign_plan",
        ),  # fmt: skip
    ]


PUBLIC_ROUTES = ["inclusion:index", "inclusion:map", "inclusion:area"]
# The field log's home and "start an assist" act only on the signed-in person's own guide registrations.
SIGNED_IN_ROUTES = ["inclusion:log", "inclusion:log-start"]
