"""Pilot objects for the generated permission tests.

Seoul's city hall runs three pilots of the provider's solution (one in planning, so not public; one in testing with
two sites; one decided with its report published); Makati's city hall runs one of another company's. The citizen
persona hosts one Seoul site, so the host's rights (their own site's testers only) are exercised too.
"""

import datetime as dt
import secrets

from django.utils import timezone

from madang.matching.models import Need, Solution
from madang.pilots.models import Pilot, ProviderChange, SessionDraft, Site, SuccessCriterion, Task, Tester
from tests.factories import OrganisationFactory, UserFactory


def _solution(org, title):  # type: ignore[no-untyped-def]
    return Solution.objects.create(
        organisation=org, language="en", title=title, description="Practice kiosk", domain="open_inclusive",
        maturity="piloted", is_published=True,
    )  # fmt: skip


def _pilot(world, key, *, city, manager, solution, **fields):  # type: ignore[no-untyped-def]
    return Pilot.objects.create(
        title=f"Pilot {key}", city=world.places[city], manager=world.orgs[manager], solution=solution,
        success_criteria="80% unaided", **fields,
    )  # fmt: skip


def _tester(pilot, code, site, **fields):  # type: ignore[no-untyped-def]
    return Tester.objects.create(
        pilot=pilot, site=site, code=code, name=f"Name {code}", contact=f"010-{code}", age_band="75_plus",
        digital_skill=1, consent_version="2026-11", consented_at=timezone.now(),
        retain_until=timezone.localdate() + dt.timedelta(days=365),
        withdraw_token=secrets.token_urlsafe(32), **fields,  # 43 characters, as the model stores
    )  # fmt: skip


def seed(world):  # type: ignore[no-untyped-def]
    users, now = world.users, timezone.now()
    vendor = OrganisationFactory(slug="pilot-vendor", kind="company", city=world.places["makati"], governs=None)
    makati_editor = UserFactory(username="p-pilot-makati", role="city_editor", organisation=world.orgs["makati"])
    other_host = UserFactory(username="p-pilot-host", role="citizen")
    kiosk, vendor_app = _solution(world.orgs["provider"], "Kiosk class"), _solution(vendor, "Ticket app")
    need = Need.objects.create(
        organisation=world.orgs["same"], city=world.places["seoul"], language="en", title="Kiosk help",
        description="Seniors cannot order at kiosks", domain="open_inclusive",
    )  # fmt: skip

    planned = _pilot(world, "seoul-plan", city="seoul", manager="same", solution=kiosk, need=need)
    testing = _pilot(world, "seoul-test", city="seoul", manager="same", solution=kiosk, phase="test",
                     criteria_locked_at=now)  # fmt: skip
    decided = _pilot(
        world, "seoul-decided", city="seoul", manager="same", solution=kiosk, phase="decide", decision="scale",
        decision_reasons="It worked", decided_at=now, report_published_at=now,
    )  # fmt: skip
    makati = _pilot(world, "makati-recruit", city="makati", manager="makati", solution=vendor_app, phase="recruit")
    world.objects["pilots"] = [planned, testing, decided, makati]

    centre = Site.objects.create(pilot=testing, name="Senior centre", kind="community_centre")
    station = Site.objects.create(pilot=testing, name="Station", kind="station")
    makati_site = Site.objects.create(pilot=makati, name="Barangay hall", kind="community_centre")
    centre.hosts.add(users["citizen"])
    station.hosts.add(other_host)
    makati_site.hosts.add(makati_editor)
    world.objects["pilot_sites"] = [centre, station, makati_site]

    world.objects["pilot_tasks"] = [
        Task.objects.create(pilot=planned, title="Order a coffee"),
        Task.objects.create(pilot=testing, title="Pay"),
        Task.objects.create(pilot=makati, title="Buy a ticket"),
    ]
    world.objects["pilot_criteria"] = [
        SuccessCriterion.objects.create(pilot=planned, metric="unaided_rate", target=80),
        SuccessCriterion.objects.create(pilot=testing, metric="sus_mean", target=68),
        SuccessCriterion.objects.create(pilot=makati, metric="unaided_rate", target=70),
    ]
    at_centre, at_station = _tester(testing, "T0001", centre), _tester(testing, "T0002", station)
    withdrawn = _tester(testing, "T0003", centre, withdrawn_at=now, erased_at=now)
    in_makati = _tester(makati, "T0001", makati_site)
    world.objects["pilot_testers"] = [at_centre, at_station, withdrawn, in_makati]

    world.objects["pilot_drafts"] = [
        SessionDraft.objects.create(pilot=testing, tester=at_centre, facilitator=users["citizen"]),
        SessionDraft.objects.create(pilot=testing, tester=at_station, facilitator=users["editor_same"]),
        # The host of the station facilitated this one: the manager may record for the tester, not in their draft.
        SessionDraft.objects.create(pilot=testing, tester=at_station, facilitator=other_host),
        SessionDraft.objects.create(pilot=makati, tester=in_makati, facilitator=makati_editor),
    ]
    ProviderChange.objects.create(pilot=testing, iteration=2, description="Bigger letters", recorded_by=None)
