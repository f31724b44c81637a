"""Organising is a fact about the course, not about where an organisation is: the editor of a district office
located in Seoul runs the office's own classes and nothing of the city hall's, whatever the city of the course."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from madang.training.models import Course, Registration
from madang.training.services import course_create, registration_create
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

from .factories import SessionFactory, person


@pytest.fixture
def district(t):
    seongdong = PlaceFactory(kind="district", name="Seongdong-gu", slug="seongdong", parent=t["seoul"])
    office = OrganisationFactory(slug="seongdong-office", kind="city", city=t["seoul"], governs=seongdong)
    editor = UserFactory(username="district-editor", role="city_editor", organisation=office)
    return {"office": office, "editor": editor}


def _past_session_of(course):  # type: ignore[no-untyped-def]
    starts = timezone.now() - dt.timedelta(hours=3)
    return SessionFactory(course=course, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))


def test_a_district_office_editor_does_not_see_the_city_halls_attendee_list(client, t, district):
    registration_create(session=t["session"], by=None, **person(3, phone="010-3333-3333"))
    client.force_login(district["editor"])
    response = client.get(reverse("training:attendees", args=[t["session"].pk]))
    assert response.status_code == 403 and b"person3@example.org" not in response.content


def test_a_district_office_editor_cannot_edit_the_city_halls_course_or_sessions(client, t, district):
    client.force_login(district["editor"])
    course, session = t["course"], t["session"]
    edit = client.post(reverse("training:course-edit", args=[course.pk]), {"title": "Taken over", "description": "x",
                       "level": "basic", "language": "ko", "is_published": "on"})  # fmt: skip
    assert edit.status_code == 403
    assert client.post(reverse("training:session-new", args=[course.pk]), {}).status_code == 403
    assert client.post(reverse("training:session-edit", args=[session.pk]), {}).status_code == 403
    course.refresh_from_db()
    assert course.title == "Ordering at a kiosk"


def test_a_district_office_editor_cannot_register_callers_cancel_places_or_mark_attendance(client, t, district):
    r = registration_create(session=t["session"], by=None, **person(4))
    past = _past_session_of(t["course"])
    came = registration_create(session=t["session"], by=None, **person(5))
    Registration.objects.filter(pk=came.pk).update(session=past)
    client.force_login(district["editor"])
    caller = client.post(reverse("training:register-caller", args=[t["session"].pk]), {**person(6), "consent": "on"})
    assert caller.status_code == 403
    cancel = client.post(reverse("training:attendee-cancel", args=[t["session"].pk, r.pk]))
    assert cancel.status_code == 403
    marked = client.post(reverse("training:attendance", args=[past.pk]), {f"r{came.pk}": "no_show"})
    assert marked.status_code == 403
    r.refresh_from_db()
    assert r.status == "confirmed" and Registration.objects.get(pk=came.pk).attendance == ""
    assert not Registration.objects.filter(name="Person 6").exists()


def test_a_district_office_editor_does_not_see_the_city_halls_unpublished_course(client, t, district):
    Course.objects.filter(pk=t["course"].pk).update(is_published=False)
    client.force_login(district["editor"])
    assert client.get(reverse("training:course", args=[t["course"].pk])).status_code == 404
    assert client.get(reverse("training:attendees", args=[t["session"].pk])).status_code == 404
    assert t["course"].title not in client.get(reverse("training:manage")).content.decode()


def test_a_district_office_editor_runs_the_offices_own_course_and_its_attendee_list(client, t, district):
    course = course_create(by=district["editor"], title="Seongdong phones", description="Video calls.",
                           level="basic", language="ko")  # fmt: skip
    assert course.organiser == district["office"]
    session = SessionFactory(course=course)
    registration_create(session=session, by=None, **person(8))
    client.force_login(district["editor"])
    assert client.get(reverse("training:attendees", args=[session.pk])).status_code == 200
    assert b"person8@example.org" in client.get(reverse("training:attendees", args=[session.pk])).content
    assert course.title in client.get(reverse("training:manage")).content.decode()
    # The city hall's editor, in the same city, has no rights over the district office's class.
    client.force_login(t["users"]["editor_a"])
    assert client.get(reverse("training:attendees", args=[session.pk])).status_code == 403


def test_a_django_model_permission_does_not_open_the_course_form(client, t):
    """The policy decides, not the admin's permission table that happens to share the name."""
    operator = UserFactory(username="operator", role="citizen", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(content_type__app_label="training", codename="add_course"))
    client.force_login(operator)
    assert client.get(reverse("training:course-new")).status_code == 403
    assert reverse("training:course-new") not in client.get(reverse("training:courses")).content.decode()


def test_a_signed_in_registrant_may_give_up_their_own_place_from_the_attendee_link(client, t):
    citizen = t["users"]["citizen"]
    mine = registration_create(session=t["session"], by=citizen, **person(9))
    other = registration_create(session=t["session"], by=None, **person(10))
    client.force_login(citizen)
    assert client.post(reverse("training:attendee-cancel", args=[t["session"].pk, other.pk])).status_code == 403
    response = client.post(reverse("training:attendee-cancel", args=[t["session"].pk, mine.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("training:mine", args=[mine.token])
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == ("cancelled", "confirmed")


def test_a_superuser_without_an_organisation_is_told_a_course_needs_one(client, t):
    root = UserFactory(username="root", role="citizen", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.post(reverse("training:course-new"), {"title": "Orphan", "description": "x", "level": "basic",
                           "language": "ko", "is_published": "on"})  # fmt: skip
    assert response.status_code == 400 and "A course belongs to an organisation" in response.content.decode()
    assert not Course.objects.filter(title="Orphan").exists()


def test_an_editor_of_two_city_governments_chooses_which_one_runs_a_new_course(client, t):
    from madang.accounts.models import OrganisationRole

    town = PlaceFactory(kind="city", name="Other Town", slug="other-town-13")
    second = OrganisationFactory(slug="other-town-hall", kind="city", city=town, governs=town)
    editor = UserFactory(username="both-cities", role="citizen")
    first = OrganisationFactory(slug="first-hall", kind="city", city=PlaceFactory(slug="first-city"))
    OrganisationRole.objects.create(user=editor, organisation=first, role="editor")
    OrganisationRole.objects.create(user=editor, organisation=second, role="editor")
    client.force_login(editor)
    form = client.get(reverse("training:course-new")).context["form"]
    assert {o.pk for o in form.fields["organiser"].queryset} == {first.pk, second.pk}
    data = {"title": "Phones for seniors", "description": "x", "level": "basic", "language": "en"}
    assert client.post(reverse("training:course-new"), data).status_code == 400  # which one is asked
    assert client.post(reverse("training:course-new"), {**data, "organiser": second.pk}).status_code == 302
    course = Course.objects.get(title="Phones for seniors")
    assert course.organiser == second and course.city == town and course.survey.owner == second
