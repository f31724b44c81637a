"""A pilot with sites, hosts, tasks and criteria, shared by the pilot unit, view and browser tests."""

from typing import Any

from madang.matching.models import Solution
from madang.pilots.models import Pilot, Questionnaire, Site, SuccessCriterion, Task
from madang.pilots.sessions import result_record, tester_register
from tests.factories import UserFactory


def pilot_world(world: dict[str, Any], *, phase: str = "plan") -> dict[str, Any]:
    """editor_a's city runs the pilot of provider's solution; `host` hosts the centre, `other_host` the station."""
    solution = Solution.objects.create(
        organisation=world["provider"], language="en", title="Kiosk class", description="Practice kiosk",
        domain="open_inclusive", maturity="piloted", is_published=True,
    )  # fmt: skip
    pilot = Pilot.objects.create(
        title="Kiosk pilot", solution=solution, city=world["seoul"], manager=world["city_a"],
        success_criteria="80% unaided", phase=phase, summary="Seniors try the new ordering kiosk.",
    )  # fmt: skip
    centre = Site.objects.create(pilot=pilot, name="Mapo senior centre", kind="community_centre")
    station = Site.objects.create(pilot=pilot, name="Station", kind="station")
    host = UserFactory(username="host", email="host@example.org")
    other_host = UserFactory(username="otherhost")
    centre.hosts.add(host)
    station.hosts.add(other_host)
    tasks = [Task.objects.create(pilot=pilot, title=t, order=n) for n, t in enumerate(["Order a coffee", "Pay"])]
    SuccessCriterion.objects.create(pilot=pilot, metric="unaided_rate", segment="75_plus", target=80)
    tester = tester_register(
        pilot=pilot, by=world["users"]["editor_a"], assisted=True, site=centre, name="Kim Ok-soon",
        contact="010-0000-0000", age_band="75_plus", digital_skill=1,
    )  # fmt: skip
    return {**world, "pilot": pilot, "tester": tester, "host": host, "other_host": other_host, "centre": centre,
            "station": station, "tasks": tasks, "solution": solution}  # fmt: skip


def record_sessions(p: dict[str, Any], n: int = 12) -> None:
    """n seniors who mostly struggle and n middle-aged testers who mostly succeed, with SUS and comments."""
    pilot, manager = p["pilot"], p["users"]["editor_a"]
    for i in range(n):
        for age, skill, ok in (("75_plus", 1, i >= 8), ("40_64", 4, i >= 1)):
            t = tester_register(pilot=pilot, by=manager, assisted=True, age_band=age, digital_skill=skill)
            for task in p["tasks"]:
                result_record(tester=t, task=task, by=manager, outcome="unaided" if ok else "failed",
                              seconds=60 + 10 * i, ease=6 if ok else 2)  # fmt: skip
            Questionnaire.objects.create(
                tester=t, sus=[4, 2, 4, 2, 4, 2, 4, 2, 4, 2] if ok else [2, 4, 2, 4, 2, 4, 2, 4, 2, 4],
                satisfaction=8 if ok else 3,
                comments=("The letters are too small to read" if i % 2 else "Text too small, I could not read it")
                if age == "75_plus" else ("Paying by card was quick" if i % 2 else "Card payment was easy"),
            )  # fmt: skip
