"""Pages that offer the phone give the number to call: the course's own line, else the city's; never a bare "call"."""

from django.urls import reverse

from madang.core.helplines import known_helplines_apply
from madang.training.models import Course
from tests.factories import PlaceFactory


def test_the_registration_page_gives_the_citys_helpline_with_its_hours(client, t):
    assert known_helplines_apply() == 1  # Seoul's published 120 Dasan Call Center
    page = client.get(reverse("training:register", args=[t["session"].pk])).content.decode()
    assert 'href="tel:120"' in page and "Open 24 hours, every day" in page
    assert "register by phone" in page
    korean = client.get(reverse("training:register", args=[t["session"].pk]), HTTP_ACCEPT_LANGUAGE="ko")
    assert "24시간, 연중무휴" in korean.content.decode()


def test_a_courses_own_helpline_overrides_the_citys_on_every_class_page(client, t):
    known_helplines_apply()
    Course.objects.filter(pk=t["course"].pk).update(helpline_phone="02-3153-0000", helpline_hours="평일 9시-18시")
    for url in (reverse("training:register", args=[t["session"].pk]), reverse("training:course", args=[t["course"].pk]),
                reverse("training:courses")):  # fmt: skip
        page = client.get(url).content.decode()
        assert 'href="tel:0231530000"' in page and "02-3153-0000" in page and "평일 9시-18시" in page, url
        assert 'href="tel:120"' not in page, url


def test_without_a_helpline_no_page_tells_people_to_call(client, t):
    register = client.get(reverse("training:register", args=[t["session"].pk])).content.decode()
    assert "tel:" not in register and "call centre" not in register and "by phone" not in register
    assert "ask at your community centre or at the class venue" in register
    listing = client.get(reverse("training:courses")).content.decode()
    assert "tel:" not in listing and "where a class shows a number" in listing


def test_the_private_page_gives_the_number_for_questions(client, t):
    known_helplines_apply()
    url = reverse("training:register", args=[t["session"].pk])
    response = client.post(url, {"name": "Lee Mal-soon", "phone": "010-1234-5678", "consent": "on"})
    assert 'href="tel:120"' in client.get(response["Location"]).content.decode()


def test_a_city_editor_sets_a_courses_helpline_in_the_course_form(client, t):
    client.force_login(t["users"]["editor_a"])
    data = {"title": "Video calls", "description": "Call your family.", "level": "basic", "language": "ko",
            "accessibility_notes": "", "survey": "", "is_published": "on", "helpline_phone": "call me"}  # fmt: skip
    refused = client.post(reverse("training:course-new"), data)
    assert refused.status_code == 400 and "Write the number with digits" in refused.content.decode()
    response = client.post(reverse("training:course-new"), {**data, "helpline_phone": "02-2133-0000",
                                                            "helpline_hours": "평일 9시-18시"})  # fmt: skip
    assert response.status_code == 302
    course = Course.objects.get(title="Video calls")
    assert course.helpline().phone == "02-2133-0000" and course.helpline().hours.text == "평일 9시-18시"


def test_known_helplines_never_overwrite_one_an_administrator_set(t):
    t["seoul"].helpline_phone = "02-000-0000"
    t["seoul"].save()
    assert known_helplines_apply() == 0
    t["seoul"].refresh_from_db()
    assert t["seoul"].helpline_phone == "02-000-0000"


def test_a_district_falls_back_to_its_citys_helpline(t):
    known_helplines_apply()
    t["seoul"].refresh_from_db()
    mapo = PlaceFactory(kind="district", name="Mapo-gu", slug="mapo", parent=t["seoul"])
    line = mapo.helpline()
    assert line is not None and line.phone == "120" and line.owner.text == "Seoul"
    assert t["makati"].helpline() is None
