"""Courses and sessions for the training tests (unit, view and browser)."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from madang.training.models import Course, Session
from madang.training.services import course_create
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    organiser = factory.SubFactory(OrganisationFactory, kind="city")
    city = factory.SubFactory(PlaceFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    description = "Practise on a real kiosk."
    level = "first_steps"
    language = "ko"


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place_name = "Mapo senior centre, room 2"
    address = "Mapo-gu, Seoul"
    capacity = 2


def training_world(world: dict[str, Any]) -> dict[str, Any]:
    """editor_a's city (city_a, Seoul) runs a published kiosk course; its next session has 2 seats and `trainer`."""
    trainer = UserFactory(username="trainer", email="trainer@example.org")
    course = course_create(
        by=world["users"]["editor_a"], title="Ordering at a kiosk", description="Practise ordering on a real kiosk.",
        level="first_steps", language="ko", accessibility_notes="Step-free access.",
    )  # fmt: skip
    session = SessionFactory(course=course, trainer=trainer)
    return {**world, "course": course, "session": session, "trainer": trainer}


def person(n: int, **extra: Any) -> dict[str, Any]:
    """Registration fields for the n-th member of the public."""
    return {"name": f"Person {n}", "email": f"person{n}@example.org", "phone": f"010-0000-{n:04d}", **extra}
