"""Attendance by the trainer or staff, the questionnaire after the class, and its results per session."""

import datetime as dt
import io
import math

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from engines.stats import mean_ci
from madang.surveys.models import Survey
from madang.training.models import Notification, Session
from madang.training.services import attendance_mark, course_create, questionnaire_submit, registration_create

from .factories import person


def _past(session, hours_ago=3):
    start = timezone.now() - dt.timedelta(hours=hours_ago)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    session.refresh_from_db()
    return session


def _class_of(t, n):
    session = t["session"]
    session.capacity = n
    session.save()
    return [registration_create(session=session, by=None, **person(i)) for i in range(n)]


def test_a_new_course_gets_its_own_copy_of_the_satisfaction_questionnaire(t):
    survey = t["course"].survey
    template = Survey.objects.get(key="satisfaction")
    assert survey.pk != template.pk and survey.owner == t["city_a"] and not survey.is_template
    assert list(survey.questions.values_list("code", "kind")) == [("satisfaction", "scale"), ("comments", "text")]
    chosen = course_create(by=t["users"]["editor_a"], title="Tickets", description="Book", survey=survey)
    assert chosen.survey == survey
    with pytest.raises(ValidationError):
        course_create(by=t["users"]["editor_b"], title="Hijack", description="x", survey=survey)


def test_the_trainer_marks_attendance_on_a_plain_page(client, t):
    regs = _class_of(t, 3)
    session = _past(t["session"])
    client.force_login(t["trainer"])
    url = reverse("training:attendance", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'type="radio"' in page and "<script" not in page and "Person 0" in page
    response = client.post(url, {f"r{regs[0].pk}": "attended", f"r{regs[1].pk}": "no_show", f"r{regs[2].pk}": ""})
    assert response.status_code == 302
    marked = {r.pk: (r.attendance, r.attendance_by) for r in session.registrations.all()}
    assert marked == {regs[0].pk: ("attended", t["trainer"]), regs[1].pk: ("no_show", t["trainer"]),
                      regs[2].pk: ("", None)}  # fmt: skip


def test_attendance_waits_for_the_day_of_the_class_and_for_staff(t):
    regs = _class_of(t, 1)
    with pytest.raises(ValidationError, match="day of the class"):
        attendance_mark(session=t["session"], by=t["trainer"], marks={regs[0].pk: "attended"})
    session = _past(t["session"])
    for who in ("citizen", "editor_b", "admin", "provider"):
        with pytest.raises(PermissionDenied):
            attendance_mark(session=session, by=t["users"][who], marks={regs[0].pk: "attended"})
    assert attendance_mark(session=session, by=t["users"]["editor_a"], marks={regs[0].pk: "attended"}) == 1


def test_only_people_who_came_get_the_questionnaire_link_after_the_class(t):
    regs = _class_of(t, 3)
    session = _past(t["session"])
    attendance_mark(session=session, by=t["trainer"], marks={regs[0].pk: "attended", regs[1].pk: "no_show"})
    Notification.objects.filter(kind="registered").update(dropped_at=timezone.now())
    call_command("send_training_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[regs[0].email]]
    assert f"/training/me/{regs[0].token}/questionnaire/" in mail.outbox[0].body
    call_command("send_training_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_an_attendee_answers_once_with_their_link_and_others_cannot(client, t):
    regs = _class_of(t, 2)
    session = _past(t["session"])
    attendance_mark(session=session, by=t["trainer"], marks={regs[0].pk: "attended", regs[1].pk: "no_show"})
    satisfaction, comments = t["course"].survey.questions.all()
    url = reverse("training:questionnaire", args=[regs[0].token])
    assert "How satisfied are you overall?" in client.get(url).content.decode()
    bad = client.post(url, {f"q{comments.pk}": "Great class"})
    assert bad.status_code == 400 and "Great class" in bad.content.decode()
    assert client.post(url, {f"q{satisfaction.pk}": "9", f"q{comments.pk}": "Great class"}).status_code == 302
    regs[0].refresh_from_db()
    assert {a.question_id: a.value for a in regs[0].response.answers.all()} == {satisfaction.pk: 9,
                                                                                comments.pk: "Great class"}  # fmt: skip
    with pytest.raises(ValidationError):
        questionnaire_submit(registration=regs[0], language="en", answers={satisfaction.pk: 1})
    assert "already answered" in client.get(url).content.decode()
    no_show = client.get(reverse("training:questionnaire", args=[regs[1].token])).content.decode()
    assert "for everyone who came" in no_show and "How satisfied" not in no_show


def test_results_show_the_mean_with_its_interval_and_comments_only_to_staff(client, t):
    regs = _class_of(t, 4)
    session = _past(t["session"])
    attendance_mark(session=session, by=t["trainer"], marks={r.pk: "attended" for r in regs})
    satisfaction, comments = t["course"].survey.questions.all()
    scores = [9, 7, 10]
    for r, score in zip(regs, scores, strict=False):
        questionnaire_submit(registration=r, language="en",
                             answers={satisfaction.pk: score, comments.pk: f"Comment from a {score}"})  # fmt: skip
    expected = mean_ci([float(s) for s in scores])
    url = reverse("training:results", args=[session.pk])
    for who, sees_comments in (("anonymous", False), ("citizen", False), ("editor_b", False), ("editor_a", True),
                               ("trainer", True)):  # fmt: skip
        client.logout()
        if who != "anonymous":
            client.force_login(t["trainer"] if who == "trainer" else t["users"][who])
        page = client.get(url).content.decode()
        assert "3 of 4 people who came answered" in page
        assert f"Mean {expected.estimate:.1f}" in page
        assert f"95% interval {expected.low:.1f} to {min(expected.high, 10):.1f}" in page
        assert ("Comment from a 9" in page) is sees_comments, who
    assert not math.isnan(expected.low)
