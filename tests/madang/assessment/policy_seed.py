"""Assessment objects for the generated permission tests.

Next to the three shipped frameworks (published, no network): network A's own framework in draft and its published
copy of the shipped index, and network B's draft. Values of Seoul (validated and waiting), of the district, of Korea
and of Makati (waiting). Seoul's city hall has a draft and a published action plan, Makati's city hall a draft.
"""

import datetime as dt

from madang.assessment.models import ActionPlan, Framework, Node, Value


def _framework(world, slug, network, **fields):  # type: ignore[no-untyped-def]
    framework = Framework.objects.create(slug=slug, name={"en": slug}, network=world.networks[network], **fields)
    Node.objects.create(framework=framework, code="IN1", name={"en": "Indicator"}, kind=Node.Kind.INDICATOR, level=1)
    return framework


def _value(node, place, status, year=2024):  # type: ignore[no-untyped-def]
    return Value.objects.create(node=node, place=place, year=year, value=50.0, source="Household survey",
                                source_date=dt.date(year, 12, 31), status=status)  # fmt: skip


def seed(world):  # type: ignore[no-untyped-def]
    index = Framework.objects.get(slug="digital-inclusion-index")
    asem = Framework.objects.get(slug="asem-connectivity")
    world.objects["frameworks"] = [
        _framework(world, "net-a-draft", "a"),
        _framework(world, "net-a-copy", "a", based_on=index, is_published=True),
        _framework(world, "net-b-draft", "b"),
    ]
    node = index.nodes.filter(kind=Node.Kind.INDICATOR).order_by("order", "pk").first()
    country_node = asem.nodes.filter(kind=Node.Kind.INDICATOR).order_by("order", "pk").first()
    places = world.places
    world.objects["values"] = [
        _value(node, places["seoul"], Value.Status.VALIDATED),
        _value(node, places["seoul"], Value.Status.SUBMITTED, year=2023),
        _value(node, places["district"], Value.Status.SUBMITTED),
        _value(country_node, places["kr"], Value.Status.SUBMITTED),
        _value(node, places["makati"], Value.Status.SUBMITTED),
    ]

    def plan(org, city, status):  # type: ignore[no-untyped-def]
        return ActionPlan.objects.create(organisation=world.orgs[org], city=places[city], framework=index,
                                         title=f"{org} {status}", vision="Nobody left behind.", start_year=2024,
                                         end_year=2028, status=status)  # fmt: skip

    world.objects["plans"] = [
        plan("same", "seoul", ActionPlan.Status.DRAFT),
        plan("same", "seoul", ActionPlan.Status.PUBLISHED),
        plan("makati", "makati", ActionPlan.Status.DRAFT),
    ]
