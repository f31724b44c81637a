"""Training objects for the generated permission tests: published and unpublished courses of Seoul's city hall, of
the district office located in Seoul and of Makati's city hall; sessions with and without a trainer, upcoming and
past; registrations by a member of the public and by a signed-in person."""

import datetime as dt
import secrets

from django.utils import timezone

from madang.training.models import Registration
from madang.training.services import PRIVACY_VERSION

from .factories import CourseFactory, SessionFactory


def _registration(session, user=None):  # type: ignore[no-untyped-def]
    session.seats_taken += 1
    session.save(update_fields=["seats_taken"])
    n = Registration.objects.count() + 1
    return Registration.objects.create(
        session=session, status="confirmed", name=f"Seed person {n}", email=f"seed{n}@example.org",
        consent_version=PRIVACY_VERSION, consented_at=timezone.now(),
        retain_until=timezone.localdate() + dt.timedelta(days=90), user=user, token=secrets.token_urlsafe(32),
    )  # fmt: skip


def seed(world):  # type: ignore[no-untyped-def]
    seoul, makati = world.places["seoul"], world.places["makati"]
    orgs, users = world.orgs, world.users
    same_published = CourseFactory(organiser=orgs["same"], city=seoul, title="Seoul kiosk", is_published=True)
    same_draft = CourseFactory(organiser=orgs["same"], city=seoul, title="Seoul draft", is_published=False)
    # The district office organises its own classes; it is located in Seoul, as its courses are.
    other_published = CourseFactory(organiser=orgs["other"], city=seoul, title="Seongdong phones", is_published=True)
    makati_draft = CourseFactory(organiser=orgs["makati"], city=makati, title="Makati draft", is_published=False)
    past = timezone.now() - dt.timedelta(days=2)
    sessions = [
        SessionFactory(course=same_published, capacity=5),
        # The citizen trains a session of an unpublished course: they see it, nobody else but its organiser.
        SessionFactory(course=same_draft, trainer=users["citizen"], capacity=5),
        SessionFactory(course=other_published, trainer=users["provider"], starts_at=past, capacity=5),
        SessionFactory(course=makati_draft, capacity=5),
    ]
    world.objects["training_courses"] = [same_published, same_draft, other_published, makati_draft]
    world.objects["training_sessions"] = sessions
    world.objects["training_registrations"] = [
        _registration(sessions[0]),
        _registration(sessions[0], user=users["citizen"]),
        _registration(sessions[2]),
        _registration(sessions[3], user=users["editor_same"]),
    ]
