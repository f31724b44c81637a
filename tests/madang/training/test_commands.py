"""The demo loader (idempotent, attached to the demo's Seoul) and the retention erasure."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from madang.accounts.models import User
from madang.training.models import Course, Registration, Session
from madang.training.selectors import session_results
from madang.training.services import registration_create

from .factories import person


def _load():
    out = io.StringIO()
    call_command("load_training_demo", stdout=out, stderr=out)
    return out.getvalue()


def test_the_demo_loader_attaches_to_seoul_and_running_it_twice_adds_nothing(world, monkeypatch):
    monkeypatch.setenv("MADANG_DEMO_LOGINS", "1")  # as `make demo` does: the demo logins work
    assert "Training examples: 4 courses, 7 new sessions" in _load()
    counts = (Course.objects.count(), Session.objects.count(), Registration.objects.count())
    assert "0 new sessions" in _load()
    assert (Course.objects.count(), Session.objects.count(), Registration.objects.count()) == counts == (4, 7, 8)
    courses = Course.objects.select_related("organiser", "city")
    assert {(c.organiser.slug, c.city.slug, c.is_example) for c in courses} == {("demo-city-team", "seoul", True)}
    assert all(c.survey is not None and c.survey.owner == c.organiser for c in courses)
    assert Session.objects.filter(place_kind="mobile", starts_at__gt=timezone.now()).count() == 2
    editor, trainer = User.objects.get(username="training-editor"), User.objects.get(username="trainer")
    assert editor.has_perm("training.change_course", courses[0]) and editor.check_password("madang-demo")
    past = Session.objects.get(starts_at__lt=timezone.now())
    assert trainer.has_perm("training.view_attendees", past)
    results = session_results(session=past, with_comments=True)
    assert (results.attended, results.answered) == (7, 6) and results.scales[0].interval.n == 6


def test_the_demo_loader_asks_for_the_demo_first_without_seoul(db):
    assert "Run load_demo first" in _load()
    assert not Course.objects.exists()


def test_contacts_are_erased_after_the_retention_date_and_the_rest_stays(t):
    kept = registration_create(session=t["session"], by=None, **person(1))
    expired = registration_create(session=t["session"], by=None, **person(2))
    Registration.objects.filter(pk=expired.pk).update(retain_until=timezone.localdate() - dt.timedelta(days=1),
                                                      attendance="attended")  # fmt: skip
    out = io.StringIO()
    call_command("erase_training_contacts", stdout=out)
    assert "erased: 1" in out.getvalue()
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert (expired.name, expired.phone, expired.email, expired.erased_at is not None) == ("", "", "", True)
    assert expired.attendance == "attended" and kept.name == "Person 1"
    call_command("erase_training_contacts", stdout=out)
    assert "erased: 0" in out.getvalue()
