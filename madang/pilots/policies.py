"""Who may do what in a pilot: its manager (the managing organisation's editors), the provider's team (the editors
of the solution's organisation), and hosts (whoever is attached to a test site, for that site's testers only).

Network admins and staff have no part in a pilot: the contacts of residents are shown to the people who meet them
and to the organisation that answers for the pilot, nobody else. Everything nested in a pilot (tasks, criteria,
sites, testers, session drafts) defers to the pilot's rules, written once below with the path to the pilot.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, register

from .models import Pilot, SessionDraft, Site, SuccessCriterion, Task, Tester


def hosted_site_ids(user: Any) -> frozenset[int]:
    """The test sites the user hosts. Hosting is not a role: any account may be attached to a site.

    Computed once per user object (one request), as the helpers of madang/core/roles.py are.
    """
    if not roles.signed_in(user):
        return frozenset()
    through = Site.hosts.through.objects.filter(user_id=user.pk)
    return roles.remember(user, "hosted_sites", lambda: frozenset(through.values_list("site_id", flat=True)))  # type: ignore[no-any-return]


def hosted_pilot_ids(user: Any) -> frozenset[int]:
    sites = hosted_site_ids(user)
    if not sites:
        return frozenset()
    pilots = Site.objects.filter(pk__in=sites).values_list("pilot_id", flat=True)
    return roles.remember(user, "hosted_pilots", lambda: frozenset(pilots))  # type: ignore[no-any-return]


def _at(path: str, **lookups: Any) -> Q:
    return Q(**{f"{path}{name}": value for name, value in lookups.items()})


# ------------------------------------------------------------------ the pilot's roles, each as a rule and a Q
# `path` leads from the queried model to the pilot ("" for pilots, "pilot__" for its tasks ...).
def _manages(user: Any, pilot: Any) -> bool:
    return pilot is not None and pilot.manager_id in roles.editor_org_ids(user)


def _manages_q(user: Any, path: str = "") -> Q:
    orgs = roles.editor_org_ids(user)
    return _at(path, manager_id__in=orgs) if orgs else NOTHING


def _on_team(user: Any, pilot: Any) -> bool:
    return pilot is not None and pilot.solution.organisation_id in roles.editor_org_ids(user)


def _on_team_q(user: Any, path: str = "") -> Q:
    orgs = roles.editor_org_ids(user)
    return _at(path, solution__organisation_id__in=orgs) if orgs else NOTHING


def _hosts(user: Any, pilot: Any) -> bool:
    return pilot is not None and pilot.pk in hosted_pilot_ids(user)


def _hosts_q(user: Any, path: str = "") -> Q:
    ids = hosted_pilot_ids(user)
    return _at(path, pk__in=ids) if ids else NOTHING


def _public(pilot: Any) -> bool:
    return pilot is not None and (pilot.phase != Pilot.Phase.PLAN or pilot.report_published_at is not None)


def _public_q(path: str = "") -> Q:
    return ~_at(path, phase=Pilot.Phase.PLAN) | _at(path, report_published_at__isnull=False)


def _report_published(pilot: Any) -> bool:
    return pilot is not None and pilot.report_published_at is not None


def may_view(user: Any, pilot: Any) -> bool:
    return _public(pilot) or _manages(user, pilot) or _on_team(user, pilot) or _hosts(user, pilot)


def may_view_q(user: Any, path: str = "") -> Q:
    return _public_q(path) | _manages_q(user, path) | _on_team_q(user, path) | _hosts_q(user, path)


def may_view_report(user: Any, pilot: Any) -> bool:
    return _report_published(pilot) or _manages(user, pilot) or _on_team(user, pilot) or _hosts(user, pilot)


def may_view_report_q(user: Any, path: str = "") -> Q:
    published = _at(path, report_published_at__isnull=False)
    return published | _manages_q(user, path) | _on_team_q(user, path) | _hosts_q(user, path)


def _runs(user: Any, pilot: Any) -> bool:
    """The people who meet testers: the manager and the hosts."""
    return _manages(user, pilot) or _hosts(user, pilot)


def _runs_q(user: Any, path: str = "") -> Q:
    return _manages_q(user, path) | _hosts_q(user, path)


def _changes(user: Any, pilot: Any) -> bool:
    return _manages(user, pilot) or _on_team(user, pilot)


def _changes_q(user: Any, path: str = "") -> Q:
    return _manages_q(user, path) | _on_team_q(user, path)


def _may_start(user: Any, obj: Any = None) -> bool:
    return roles.is_city_editor(user)


def _pk(pilot: Any) -> dict[str, Any]:
    return {"pk": pilot.pk}


@register
class PilotPolicy(Policy[Pilot]):
    model = Pilot
    actions = {
        # A pilot in planning is shown only to the people in it, unless its report was published.
        "view_pilot": Action(rule=may_view, where=may_view_q, shown_by="view_pilot"),
        # The manager is the creating editor's organisation, so only a local government's editors start one.
        "add_pilot": Action(rule=_may_start),
        "change_pilot": Action(rule=_manages, where=_manages_q, shown_by="view_pilot"),
        "record_results": Action(rule=_runs, where=_runs_q, shown_by="view_pilot"),
        "view_report": Action(rule=may_view_report, where=may_view_report_q, shown_by="view_pilot"),
        "view_panel": Action(rule=_runs, where=_runs_q, shown_by="view_pilot"),
        "register_tester": Action(rule=_runs, where=_runs_q, shown_by="view_pilot"),
        # The provider's team records what it changed in the solution; the manager may record it for them.
        "record_change": Action(rule=_changes, where=_changes_q, shown_by="view_pilot"),
    }
    routes = [
        Route("pilots:new", "add_pilot", methods=("GET", "POST")),
        Route("pilots:detail", "view_pilot", _pk),
        Route("pilots:edit", "change_pilot", _pk, methods=("GET", "POST")),
        Route("pilots:task-add", "change_pilot", _pk, methods=("POST",)),
        Route("pilots:criterion-add", "change_pilot", _pk, methods=("POST",)),
        Route("pilots:site-new", "change_pilot", _pk, methods=("GET", "POST")),
        Route("pilots:advance", "change_pilot", _pk, methods=("POST",)),
        Route("pilots:decide", "change_pilot", _pk, methods=("GET", "POST")),
        Route("pilots:publish", "change_pilot", _pk, methods=("POST",)),
        Route("pilots:to-catalogue", "change_pilot", _pk, methods=("POST",)),
        Route("pilots:change-add", "record_change", _pk, methods=("POST",)),
        Route("pilots:report", "view_report", _pk),
        Route("pilots:report-csv", "view_report", _pk),
        Route("pilots:sessions-csv", "view_report", _pk),
        Route("pilots:report-pdf", "view_report", _pk),
        Route("pilots:panel", "view_panel", _pk),
        Route("pilots:tester-new", "register_tester", _pk, methods=("GET", "POST")),
    ]


# ------------------------------------------------------------------ what is nested in a pilot
def _of_pilot(rule: Any) -> Any:
    return lambda user, obj: obj is not None and rule(user, obj.pilot)


def _of_pilot_q(where: Any) -> Any:
    return lambda user: where(user, "pilot__")


def _nested(obj: Any, key: str) -> dict[str, Any]:
    return {"pk": obj.pilot_id, key: obj.pk}


@register
class TaskPolicy(Policy[Task]):
    model = Task
    actions = {
        "view_task": Action(rule=_of_pilot(may_view), where=_of_pilot_q(may_view_q), shown_by="view_task"),
        "delete_task": Action(rule=_of_pilot(_manages), where=_of_pilot_q(_manages_q), shown_by="view_task"),
    }
    routes = [Route("pilots:task-delete", "delete_task", lambda t: _nested(t, "task_pk"), methods=("POST",))]


@register
class SuccessCriterionPolicy(Policy[SuccessCriterion]):
    model = SuccessCriterion
    actions = {
        "view_criterion": Action(rule=_of_pilot(may_view), where=_of_pilot_q(may_view_q), shown_by="view_criterion"),
        "delete_criterion": Action(rule=_of_pilot(_manages), where=_of_pilot_q(_manages_q), shown_by="view_criterion"),
    }
    routes = [
        Route("pilots:criterion-delete", "delete_criterion", lambda c: _nested(c, "criterion_pk"), methods=("POST",))
    ]


def _site_staff(user: Any, site: Any) -> bool:
    return site is not None and (_manages(user, site.pilot) or site.pk in hosted_site_ids(user))


def _site_staff_q(user: Any) -> Q:
    ids = hosted_site_ids(user)
    return _manages_q(user, "pilot__") | (Q(pk__in=ids) if ids else NOTHING)


@register
class SitePolicy(Policy[Site]):
    model = Site
    # A host registers residents at their own site only; the manager at any site of the pilot.
    actions = {"register_at_site": Action(rule=_site_staff, where=_site_staff_q)}


def _tester_staff(user: Any, tester: Any) -> bool:
    """The manager of the tester's pilot and the host of the tester's own site: never the provider's team."""
    if tester is None:
        return False
    return _manages(user, tester.pilot) or (tester.site_id is not None and tester.site_id in hosted_site_ids(user))


def _tester_staff_q(user: Any, path: str = "") -> Q:
    ids = hosted_site_ids(user)
    return _manages_q(user, f"{path}pilot__") | (_at(path, site_id__in=ids) if ids else NOTHING)


@register
class TesterPolicy(Policy[Tester]):
    model = Tester
    actions = {
        # Who sees the tester on the panel at all; the others are not told the row exists.
        "view_tester": Action(rule=_tester_staff, where=_tester_staff_q, shown_by="view_tester"),
        "view_tester_contact": Action(rule=_tester_staff, where=_tester_staff_q, shown_by="view_tester"),
        "record_for_tester": Action(rule=_tester_staff, where=_tester_staff_q, shown_by="view_tester"),
        "withdraw_tester": Action(rule=_tester_staff, where=_tester_staff_q, shown_by="view_tester"),
    }
    routes = [
        Route("pilots:tester-withdraw", "withdraw_tester", lambda t: _nested(t, "tester_pk"), methods=("GET", "POST")),
        Route("pilots:session-start", "record_for_tester", lambda t: _nested(t, "tester_pk"), methods=("POST",)),
    ]


def _facilitates(user: Any, draft: Any) -> bool:
    """A draft is its facilitator's, while they may still record for the tester."""
    return (
        draft is not None
        and roles.signed_in(user)
        and draft.facilitator_id == user.pk
        and _tester_staff(user, draft.tester)
    )


def _facilitates_q(user: Any) -> Q:
    if not roles.signed_in(user):
        return NOTHING
    return Q(facilitator_id=user.pk) & _tester_staff_q(user, "tester__")


@register
class SessionDraftPolicy(Policy[SessionDraft]):
    model = SessionDraft
    actions = {"record_session": Action(rule=_facilitates, where=_facilitates_q, shown_by="record_session")}
    routes = [
        Route("pilots:session", "record_session", lambda d: {"draft_pk": d.pk}, methods=("GET", "POST")),
        Route(
            "pilots:session-step", "record_session", lambda d: {"draft_pk": d.pk, "step": 0}, methods=("GET", "POST")
        ),
    ]


# The volunteer's registration form is public (a pilot in planning answers 404, as its page does).
PUBLIC_ROUTES = ["pilots:list", "pilots:export", "pilots:join"]
# The volunteer's own page and the way to leave: the private link is the permission.
TOKEN_ROUTES = ["pilots:participation", "pilots:leave"]
