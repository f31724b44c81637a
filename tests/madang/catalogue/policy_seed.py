"""Catalogue objects for the generated permission tests: published and draft entries of two owners."""

from madang.core.models import ImportRun
from tests.factories import InitiativeFactory


def seed(world):  # type: ignore[no-untyped-def]
    seoul, makati = world.places["seoul"], world.places["makati"]
    world.objects["initiatives"] = [
        InitiativeFactory(slug="same-published", owner=world.orgs["same"], city=seoul, is_published=True),
        InitiativeFactory(slug="same-draft", owner=world.orgs["same"], city=seoul, is_published=False),
        InitiativeFactory(slug="provider-draft", owner=world.orgs["provider"], city=seoul, is_published=False),
        InitiativeFactory(slug="makati-draft", owner=world.orgs["makati"], city=makati, is_published=False),
    ]
    world.objects["import_runs"] = [
        ImportRun.objects.create(
            kind="initiatives", created_by=world.users["editor_same"], language="en", filename="a.csv", data=b""
        )
    ]
