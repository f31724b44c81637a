"""Notifications objects for the generated permission tests: notices and follows of two people, so that every
persona sees its own (if any) and nobody else's."""

from madang.notifications.models import Follow, Notice


def seed(world):  # type: ignore[no-untyped-def]
    need = world.objects["needs"]["same-open"]
    world.objects["notices"] = [
        Notice.objects.create(recipient=world.users["provider"], verb="need_invited", target=need),
        Notice.objects.create(recipient=world.users["editor_same"], verb="solution_interested", target=need),
        Notice.objects.create(recipient=world.users["citizen"], verb="followed_changed"),
    ]
    world.objects["follows"] = [
        Follow.objects.create(user=world.users["citizen"], target=need),
        Follow.objects.create(user=world.users["provider"], domain="mobility"),
    ]
