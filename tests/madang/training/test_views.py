"""The pages as plain HTML forms (no JavaScript): registration, the private link, filters, staff planning."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from madang.training.models import Course, Registration, Session

from .factories import SessionFactory


def _form(**extra):
    return {"name": "Lee Mal-soon", "phone": "010-1234-5678", "email": "", "accessibility_needs": ["vision"], **extra}


def test_registration_without_an_account_keeps_what_was_typed_and_gives_a_private_link(client, t):
    url = reverse("training:register", args=[t["session"].pk])
    page = client.get(url).content.decode()
    assert "no time limit" in page and "captcha" not in page.lower() and "<script" not in page
    assert "90 days after the class" in page and "Only the city's training staff and your trainer" in page
    assert 'autocomplete="tel"' in page and 'autocomplete="name"' in page
    refused = client.post(url, _form())  # consent not ticked
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'value="Lee Mal-soon"' in body and 'value="010-1234-5678"' in body
    assert re.search(r'value="vision"[^>]*checked', body)
    assert not Registration.objects.exists()
    no_contact = client.post(url, _form(phone="", consent="on"))
    assert no_contact.status_code == 400 and "One of them is enough" in no_contact.content.decode()
    response = client.post(url, _form(consent="on"))
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training:mine", args=[registration.token])
    assert (registration.status, registration.accessibility_needs, registration.registered_by) == (
        "confirmed", ["vision"], None)  # fmt: skip
    mine = client.get(response["Location"]).content.decode()
    assert "You have a place" in mine and reverse("training:cancel", args=[registration.token]) in mine


def test_a_person_cancels_with_their_private_link_without_an_account(client, t):
    client.post(reverse("training:register", args=[t["session"].pk]), _form(consent="on"))
    registration = Registration.objects.get()
    cancel = reverse("training:cancel", args=[registration.token])
    assert "Yes, cancel my place" in client.get(cancel).content.decode()
    assert client.post(cancel)["Location"] == reverse("training:mine", args=[registration.token])
    registration.refresh_from_db()
    assert registration.status == "cancelled" and registration.phone == "" and registration.name == ""
    mine = client.get(reverse("training:mine", args=[registration.token])).content.decode()
    assert "contact details are deleted" in mine
    assert client.get(reverse("training:mine", args=["not-a-token"])).status_code == 404


def test_a_full_class_offers_the_waitlist_and_says_the_position(client, t):
    session = t["session"]
    session.capacity = 1
    session.save()
    url = reverse("training:register", args=[session.pk])
    assert client.post(url, _form(consent="on", phone="010-1111-1111")).status_code == 302
    detail = client.get(reverse("training:course", args=[t["course"].pk])).content.decode()
    assert "Full: you can join the waitlist" in detail and "Join the waitlist" in detail
    response = client.post(url, _form(consent="on", phone="010-2222-2222", name="Second"))
    assert "number 1 on the waitlist" in client.get(response["Location"]).content.decode()


def test_the_course_list_filters_by_city_level_language_and_month(client, t, world):
    other = Course.objects.create(organiser=world["city_b"], city=world["makati"], title="Video calls",
                                  description="Call family", level="basic", language="en")  # fmt: skip
    in_two_months = timezone.now() + dt.timedelta(days=62)
    SessionFactory(course=other, starts_at=in_two_months)
    past_only = Course.objects.create(organiser=world["city_a"], city=world["seoul"], title="Old course",
                                      description="x")  # fmt: skip
    SessionFactory(course=past_only, starts_at=timezone.now() - dt.timedelta(days=3))
    url = reverse("training:courses")

    def titles(**params):
        page = client.get(url, params).content.decode()
        return [title for title in ("Ordering at a kiosk", "Video calls", "Old course") if title in page]

    assert titles() == ["Ordering at a kiosk", "Video calls"]  # only courses with an upcoming class
    assert titles(city=world["makati"].pk) == ["Video calls"]
    assert titles(level="first_steps") == ["Ordering at a kiosk"]
    assert titles(language="en") == ["Video calls"]
    assert titles(month=timezone.localtime(in_two_months).strftime("%Y-%m")) == ["Video calls"]
    assert titles(month="1999-13", level="nonsense") == ["Ordering at a kiosk", "Video calls"]  # ignored, no error


def test_a_city_editor_plans_a_course_and_a_session_through_the_pages(client, t):
    client.force_login(t["users"]["editor_a"])
    bad = client.post(reverse("training:course-new"), {"title": "Movie tickets on your phone", "level": "basic",
                                                      "language": "ko"})  # fmt: skip
    assert bad.status_code == 400 and "Movie tickets on your phone" in bad.content.decode()
    response = client.post(reverse("training:course-new"), {
        "title": "Movie tickets on your phone", "description": "Book a film.", "level": "basic", "language": "ko",
        "accessibility_notes": "", "survey": "", "is_published": "on",
    })  # fmt: skip
    course = Course.objects.get(title="Movie tickets on your phone")
    assert response["Location"] == reverse("training:course", args=[course.pk])
    assert course.organiser == t["city_a"] and course.city == t["seoul"] and course.survey.owner == t["city_a"]
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    session_url = reverse("training:session-new", args=[course.pk])
    data = {"date": day, "start_time": "14:00", "end_time": "13:00", "place_kind": "mobile",
            "place_name": "Education bus at Eunpyeong-gu office", "capacity": "8", "trainer": "trainer"}  # fmt: skip
    wrong = client.post(session_url, data)
    assert wrong.status_code == 400 and "must end after it starts" in wrong.content.decode()
    unknown = client.post(session_url, {**data, "end_time": "16:00", "trainer": "nobody"})
    assert unknown.status_code == 400 and "No account for nobody" in unknown.content.decode()
    assert client.post(session_url, {**data, "end_time": "16:00"}).status_code == 302
    session = Session.objects.get(course=course)
    assert (session.capacity, session.place_kind, session.trainer) == (8, "mobile", t["trainer"])
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "14:00"


def test_staff_register_a_caller_and_are_recorded(client, t):
    client.force_login(t["trainer"])
    url = reverse("training:register-caller", args=[t["session"].pk])
    assert "read out" in client.get(url).content.decode()
    response = client.post(url, {"name": "Choi", "phone": "010-555-0101", "consent": "on"})
    assert response["Location"] == reverse("training:attendees", args=[t["session"].pk])
    registration = Registration.objects.get(name="Choi")
    assert registration.registered_by == t["trainer"] and registration.status == "confirmed"
    page = client.get(response["Location"]).content.decode()
    assert "Choi" in page and "registered by trainer" in page
