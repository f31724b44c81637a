import pytest
from django.core.exceptions import PermissionDenied

from madang.catalogue.services import initiative_create, initiative_publish, initiative_update

TRANSLATIONS = {"en": {"title": "Kiosk class", "summary": "Learn the kiosk.", "body": "", "origin": "human"}}


def test_editor_creates_only_for_own_organisation(world):
    editor = world["users"]["editor_a"]
    created = initiative_create(
        by=editor,
        owner=world["city_a"],
        slug="mine",
        translations=TRANSLATIONS,
        original_language="en",
        domain="open_inclusive",
        city=world["seoul"],
        stage="idea",
        groups_served=["seniors"],
        tags=["kiosk"],
    )
    assert (created.is_published, [g.code for g in created.groups_served.all()]) == (False, ["seniors"])
    with pytest.raises(PermissionDenied):
        initiative_create(
            by=editor,
            owner=world["city_b"],
            slug="theirs",
            translations=TRANSLATIONS,
            original_language="en",
            domain="open_inclusive",
            city=world["seoul"],
            stage="idea",
        )


def test_update_by_other_city_editor_is_denied_and_changes_nothing(world):
    initiative = world["initiative_b"]
    with pytest.raises(PermissionDenied):
        initiative_update(
            initiative=initiative, by=world["users"]["editor_a"], translations=TRANSLATIONS, stage="discontinued"
        )
    initiative.refresh_from_db()
    assert initiative.stage == "pilot"


def test_update_never_moves_ownership(world):
    initiative = world["initiative_b"]
    initiative_update(
        initiative=initiative,
        by=world["users"]["editor_b"],
        translations=TRANSLATIONS,
        owner=world["city_a"],
        stage="scaling",
    )
    initiative.refresh_from_db()
    assert (initiative.owner, initiative.stage) == (world["city_b"], "scaling")


def test_publish_needs_network_admin_of_owner(world):
    with pytest.raises(PermissionDenied):
        initiative_publish(initiative=world["draft_b"], by=world["users"]["other_admin"])
    initiative_publish(initiative=world["draft_b"], by=world["users"]["admin"])
    world["draft_b"].refresh_from_db()
    assert world["draft_b"].is_published
