from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from engines.stats import UsabilityReport
from madang.accounts.models import User
from madang.core.i18n import Localised
from madang.core.models import Helpline

from .models import Pilot, SessionDraft, Site, Tester
from .policies import PilotPolicy, SessionDraftPolicy, SitePolicy, TesterPolicy
from .reports import pilot_rows, pilot_sessions, segment_of

SEGMENTS = {"age_band", "digital_skill"}


def pilot_list_for(*, user: User) -> QuerySet[Pilot]:
    """Pilots past planning (or with a published report), plus every pilot the user has a role in."""
    pilots = Pilot.objects.select_related("city", "solution__organisation", "manager").order_by("-updated_at", "id")
    return PilotPolicy.queryset(user, "view_pilot", base=pilots)


def pilot_get_for(*, user: User, pk: int, action: str = "view_pilot") -> Pilot:
    """The pilot, if the user may do `action` to it: 404 when they may not even see it, else 403."""
    pilots = Pilot.objects.select_related("city__parent", "solution__organisation", "manager", "need")
    return PilotPolicy.get(user, action, base=pilots, pk=pk)


def testers_for(*, user: User, pilot: Pilot) -> QuerySet[Tester]:
    """The manager sees the whole panel; a host only the testers of their own sites; others nobody."""
    testers = pilot.testers.select_related("site", "registered_by").order_by("code")
    return TesterPolicy.queryset(user, "view_tester", base=testers)


def tester_get_for(*, user: User, pilot: Pilot, pk: int, action: str) -> Tester:
    """A tester of the pilot's panel, if the user may do `action`: 404 for a tester not on their panel."""
    testers = pilot.testers.select_related("site", "pilot")
    return TesterPolicy.get(user, action, base=testers, pk=pk)


def sites_for_registration(*, user: User, pilot: Pilot) -> QuerySet[Site]:
    """Where this user may register a resident: every site for the manager, their own for a host."""
    return SitePolicy.queryset(user, "register_at_site", base=pilot.sites.all())


def drafts_open_for(*, user: User, pilot: Pilot) -> QuerySet[SessionDraft]:
    """The user's own sessions in progress (a draft is its facilitator's, whoever else may record)."""
    if not user.is_authenticated:
        return SessionDraft.objects.none()
    drafts = pilot.drafts.filter(facilitator=user, submitted_at__isnull=True).select_related("tester")
    return SessionDraftPolicy.queryset(user, "record_session", base=drafts)


def draft_get_for(*, user: User, pk: int) -> SessionDraft:
    drafts = SessionDraft.objects.select_related("pilot", "tester__site", "tester__pilot")
    return SessionDraftPolicy.get(user, "record_session", base=drafts, pk=pk)


def pilot_report(*, pilot: Pilot, segment_by: str = "age_band", vulnerable: tuple[str, ...] = ()) -> UsabilityReport:
    """The pilot's usability statistics per segment (withdrawn testers included, anonymously)."""
    if segment_by not in SEGMENTS:
        raise ValueError(f"segment by one of {sorted(SEGMENTS)}")
    testers, results, sus = pilot_rows(pilot)
    data, who = pilot_sessions(testers, results, sus)
    return UsabilityReport(vulnerable=vulnerable).fit(data.with_segments([segment_of(t, segment_by) for t in who]))


def tester_contact_for(*, user: Any, tester: Tester) -> dict[str, str] | None:
    """Name and contact only for those allowed to see them (manager, the tester's site host)."""
    if not TesterPolicy.allows(user, "view_tester_contact", tester):
        return None
    return {"name": tester.name, "contact": tester.contact}


def tester_by_token(*, token: str) -> Tester:
    testers = Tester.objects.select_related("pilot__city__parent", "site")
    tester = testers.filter(withdraw_token=token).first() if token else None
    if tester is None:
        raise Http404
    return tester


def _site_helpline(site: Site, pilot: Pilot) -> Helpline | None:
    return site.own_helpline(owner=Localised(site.name, pilot.language), language=pilot.language)


def pilot_helplines(*, pilot: Pilot) -> list[Helpline]:
    """Numbers a volunteer may phone to be registered: each site's own line, then the city's (each number once)."""
    lines = [h for site in pilot.sites.order_by("name", "pk") if (h := _site_helpline(site, pilot)) is not None]
    city = pilot.city.helpline()
    if city is not None:
        lines.append(city)
    unique: list[Helpline] = []
    for line in lines:
        if line.phone not in {u.phone for u in unique}:
            unique.append(line)
    return unique


def tester_helpline(*, tester: Tester) -> Helpline | None:
    """The tester's own site's line, else the city's: where to phone with a question about taking part."""
    own = _site_helpline(tester.site, tester.pilot) if tester.site is not None else None
    return own or tester.pilot.city.helpline()


def pilots_of_organisation(*, organisation: Any, user: User) -> list[Pilot]:
    """Pilots the organisation runs or whose solution it offers, as the user may see them."""
    both = Pilot.objects.filter(Q(manager=organisation) | Q(solution__organisation=organisation))
    return list(PilotPolicy.queryset(user, "view_pilot", base=both.select_related("city").order_by("-updated_at"))[:50])
