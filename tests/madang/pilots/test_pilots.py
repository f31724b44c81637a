import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from madang.matching.models import Solution
from madang.pilots.models import Pilot, Questionnaire, Site, Task, TaskResult
from madang.pilots.selectors import pilot_report, tester_contact_for
from madang.pilots.sessions import result_record, tester_register, tester_withdraw
from tests.factories import UserFactory


@pytest.fixture
def pilot(world):
    solution = Solution.objects.create(
        organisation=world["provider"],
        language="en",
        title="Kiosk class",
        description="Practice kiosk",
        domain="open_inclusive",
        maturity="piloted",
    )
    pilot = Pilot.objects.create(
        title="Kiosk pilot",
        solution=solution,
        city=world["seoul"],
        manager=world["city_a"],
        success_criteria="80% unaided",
    )
    centre = Site.objects.create(pilot=pilot, name="Mapo senior centre", kind="community_centre")
    station = Site.objects.create(pilot=pilot, name="Station", kind="station")
    host, other_host = UserFactory(username="host"), UserFactory(username="otherhost")
    centre.hosts.add(host)
    station.hosts.add(other_host)
    tester = tester_register(
        pilot=pilot,
        by=world["users"]["editor_a"],
        assisted=True,
        site=centre,
        name="Kim Ok-soon",
        contact="010-0000-0000",
        age_band="75_plus",
        digital_skill=1,
    )
    return {**world, "pilot": pilot, "tester": tester, "host": host, "other_host": other_host}


@pytest.mark.parametrize(
    ("who", "sees_contact", "records"),
    [
        ("anonymous", False, False),
        ("citizen", False, False),
        ("provider", False, False),
        ("editor_a", True, True),
        ("editor_b", False, False),
        ("admin", False, False),
        ("host", True, True),
        ("other_host", False, True),
    ],
)
def test_only_the_manager_and_the_testers_own_host_see_contacts(pilot, who, sees_contact, records):
    user = {"anonymous": AnonymousUser(), "host": pilot["host"], "other_host": pilot["other_host"]}.get(who) or pilot[
        "users"
    ][who]
    contact = tester_contact_for(user=user, tester=pilot["tester"])
    assert (contact is not None) is sees_contact
    assert user.has_perm("pilots.record_results", pilot["pilot"]) is records


def test_assisted_registration_records_the_staff_member(pilot):
    assert pilot["tester"].registered_by == pilot["users"]["editor_a"]
    pilot["pilot"].phase = "recruit"
    own = tester_register(pilot=pilot["pilot"], by=None, age_band="40_64", digital_skill=4)
    assert own.registered_by is None and own.code == "T0002"
    with pytest.raises(PermissionDenied):
        tester_register(
            pilot=pilot["pilot"], by=pilot["users"]["provider"], assisted=True, age_band="40_64", digital_skill=3
        )


def test_withdrawal_erases_contacts_and_keeps_anonymous_results(pilot):
    tester, pilot_obj = pilot["tester"], pilot["pilot"]
    task = Task.objects.create(pilot=pilot_obj, title="Order a coffee")
    result_record(tester=tester, task=task, by=pilot["host"], outcome="helped", seconds=200, assists=2)
    Questionnaire.objects.create(tester=tester, sus=[3] * 10, comments="My name is Kim and I live at ...")
    tester_withdraw(tester=tester)
    tester.refresh_from_db()
    assert (tester.name, tester.contact, tester.withdrawn_at is not None) == ("", "", True)
    assert Questionnaire.objects.get(tester=tester).comments == ""
    assert TaskResult.objects.filter(tester=tester).count() == 1
    assert pilot_report(pilot=pilot_obj).segments_["all"].n_testers == 1
    with pytest.raises(ValidationError):
        result_record(tester=tester, task=task, by=pilot["host"], outcome="unaided")


def test_report_flags_seniors_doing_markedly_worse(pilot):
    p = pilot["pilot"]
    task = Task.objects.create(pilot=p, title="Buy a ticket")
    manager = pilot["users"]["editor_a"]
    for i in range(12):
        t = tester_register(pilot=p, by=manager, assisted=True, age_band="75_plus", digital_skill=1)
        result_record(tester=t, task=task, by=manager, outcome="failed" if i < 10 else "helped", seconds=300)
    for _ in range(12):
        t = tester_register(pilot=p, by=manager, assisted=True, age_band="40_64", digital_skill=4)
        result_record(tester=t, task=task, by=manager, outcome="unaided", seconds=60)
    report = pilot_report(pilot=p, vulnerable=("75_plus",))
    seniors = report.segments_["75_plus"]
    assert seniors.completion.estimate == pytest.approx(2 / 12)
    assert seniors.flagged is True
    assert report.segments_["40_64"].completion.estimate == 1.0
