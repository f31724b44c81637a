"""Assessment test data: the shipped digital-inclusion index with validated values for four cities over two years,
shared by the assessment unit, view and browser tests."""

import datetime as dt

from django.utils import timezone

from madang.assessment.models import Framework, Node, Value
from madang.assessment.standard import frameworks_ensure
from tests.factories import MembershipFactory, OrganisationFactory, PlaceFactory

# city -> one value per indicator (ACC1..USE3), 2023; 2024 adds `step` to each.
VALUES = {
    "seoul": ([90, 60, 70, 70, 55, 20, 80, 50, 40], 2),
    "makati": ([70, 40, 50, 60, 35, 10, 60, 30, 20], 5),
    "busan": ([85, 55, 65, 65, 50, 25, 75, 45, 35], 1),
    "gunsan": ([60, 30, 40, 50, 25, 5, 50, 20, 15], 0),
}
CODES = ["ACC1", "ACC2", "ACC3", "COM1", "COM2", "COM3", "USE1", "USE2", "USE3"]


def put(node, place, year, value, status=Value.Status.VALIDATED, by=None):
    return Value.objects.create(node=node, place=place, year=year, value=value, source="Test survey",
                                source_date=dt.date(year, 12, 31), status=status, submitted_by=by,
                                reviewed_at=timezone.now() if status == Value.Status.VALIDATED else None)  # fmt: skip


def scored_world(world):
    """Busan (large) and Gunsan (small, no organisation in the network) join Seoul and Makati; all have values."""
    busan = PlaceFactory(slug="busan", name="Busan", parent=world["kr"], population=3_300_000)
    gunsan = PlaceFactory(slug="gunsan", name="Gunsan", parent=world["kr"], population=260_000)
    world["seoul"].population = 9_400_000
    world["seoul"].save()
    MembershipFactory(organisation=OrganisationFactory(slug="busan-city", kind="city", city=busan),
                      network=world["network"])  # fmt: skip
    MembershipFactory(organisation=OrganisationFactory(slug="gunsan-city", kind="city", city=gunsan),
                      network=world["network"])  # fmt: skip
    frameworks_ensure(Framework, Node)  # a transactional (browser) test starts without the migration's rows
    framework = Framework.objects.get(slug="digital-inclusion-index")
    nodes = {n.code: n for n in framework.nodes.all()}
    places = {"seoul": world["seoul"], "makati": world["makati"], "busan": busan, "gunsan": gunsan}
    for slug, (values, step) in VALUES.items():
        for code, value in zip(CODES, values, strict=True):
            put(nodes[code], places[slug], 2023, value)
            put(nodes[code], places[slug], 2024, value + step)
    return {**world, "framework": framework, "nodes": nodes, "busan": busan, "gunsan": gunsan}
