"""Dates and times by CLDR (Babel) in each language, and links in messages that point at the site actually served."""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from madang.core.formatting import absolute_url, format_day, format_time_range, format_when, site_url
from madang.matching import search
from madang.matching.digests import digests_send
from madang.matching.models import DomainFollow, Need, Solution
from madang.training import sms
from madang.training.services import registration_create
from tests.madang.training.factories import SessionFactory, training_world

SEOUL = ZoneInfo("Asia/Seoul")
TEN = dt.datetime(2026, 3, 14, 10, 0, tzinfo=SEOUL)
NOON = dt.datetime(2026, 3, 14, 12, 0, tzinfo=SEOUL)
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "2026년 3월 14일 (토) 오전 10:00 ~ 오후 12:00"),
        ("ja", "2026年3月14日(土) 10時00分～12時00分"),
        ("zh-hans", "2026年3月14日周六 10:00–12:00"),
        ("en", "Sat, Mar 14, 2026, 10:00\u202fAM\u2009–\u200912:00\u202fPM"),
    ],
)
def test_a_class_time_reads_as_each_language_writes_it(language, expected):
    assert format_when(TEN, NOON, language=language, tz=SEOUL) == expected


def test_korean_day_periods_come_before_the_time_and_in_korean():
    assert format_time_range(TEN, NOON, language="ko", tz=SEOUL) == "오전 10:00 ~ 오후 12:00"
    assert format_when(TEN, language="ko", tz=SEOUL) == "2026년 3월 14일 (토) 오전 10:00"


def test_a_range_over_two_days_names_both_days():
    later = dt.datetime(2026, 3, 15, 14, 30, tzinfo=SEOUL)
    expected = "2026년 3월 14일 (토) 오전 10:00 ~ 2026년 3월 15일 (일) 오후 2:30"
    assert format_when(TEN, later, language="ko", tz=SEOUL) == expected


def test_times_follow_the_current_time_zone_and_language(settings):
    settings.TIME_ZONE = "Asia/Kolkata"  # 10:00 in Seoul is 6:30 there
    with translation.override("ja"):
        assert format_day(TEN) == "2026年3月14日(土)"
        html = Template("{% load madang %}{% when start end %}|{% time_range start end %}|{{ start|day }}").render(
            Context({"start": TEN, "end": NOON})
        )
    assert html == "2026年3月14日(土) 6時30分～8時30分|6時30分～8時30分|2026年3月14日(土)"


def test_site_url_comes_from_the_request_when_there_is_one_else_from_settings(settings):
    settings.MADANG_SITE_URL = "http://127.0.0.1:8101/"
    assert site_url() == "http://127.0.0.1:8101"
    assert absolute_url("/needs/3/") == "http://127.0.0.1:8101/needs/3/"
    settings.ALLOWED_HOSTS = ["madang.example"]
    request = RequestFactory().get("/", HTTP_HOST="madang.example:8443", secure=True)
    assert absolute_url("/needs/3/", request=request) == "https://madang.example:8443/needs/3/"


@pytest.fixture
def messages_to_memory(settings):
    settings.MADANG_SMS_BACKEND = "madang.training.sms.LocmemSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MADANG_SITE_URL = "http://127.0.0.1:8101"
    settings.TIME_ZONE = "Asia/Seoul"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("ko", "2030년 3월 16일 (토) 오전 10:00 ~ 오후 12:00"),
        ("ja", "2030年3月16日(土) 10時00分～12時00分"),
        ("zh-hans", "2030年3月16日周六 10:00–12:00"),
    ],
)
def test_class_sms_links_to_the_served_site_and_gives_the_time_in_the_persons_language(
    world, messages_to_memory, django_capture_on_commit_callbacks, language, when
):
    t = training_world(world)
    starts = dt.datetime(2030, 3, 16, 10, 0, tzinfo=SEOUL)  # a Saturday, always in the future
    session = SessionFactory(course=t["course"], starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(session=session, by=None, language=language, name="김영희",
                                           email="", phone="010-1234-5678")  # fmt: skip
    (message,) = sms.outbox
    assert f"http://127.0.0.1:8101/training/me/{registration.token}/" in message.text
    assert when in message.text
    assert "8000" not in message.text


def test_match_digest_links_to_the_site_and_names_the_city_in_the_readers_language(world, messages_to_memory):
    provider = world["users"]["provider"]
    provider.preferred_language = "ko"
    provider.save(update_fields=["preferred_language"])
    need = Need.objects.create(
        organisation=world["city_a"], city=world["seoul"], language="ko", title="어르신이 키오스크 주문을 어려워함",
        description="노인들이 무인 주문기를 쓰지 못해 직접 배워볼 수 있는 교육이 필요합니다.", domain="open_inclusive",
        evaluation_criteria="-", status="open_call", budget_band="low",
    )  # fmt: skip
    Solution.objects.create(
        organisation=world["provider"], language="ja", title="高齢者向けキオスク体験教室", domain="open_inclusive",
        description="高齢者が練習用の端末で、注文や支払いの操作をゆっくり練習できる出張教室です。", price_band="low",
        maturity="piloted",
    )  # fmt: skip
    DomainFollow.objects.create(user=provider, domain="open_inclusive")
    search.vectors_refresh()
    assert digests_send() == 1
    body = mail.outbox[0].body
    assert f"http://127.0.0.1:8101/needs/{need.pk}/" in body
    assert "(서울)" in body


def test_make_demo_serves_with_the_site_url_of_its_port():
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is needed to read the demo's recipe")
    dry_run = subprocess.run([make, "-n", "demo", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603 (our Makefile, printed, not run)
    (line,) = [x for x in dry_run.stdout.splitlines() if "runserver" in x]
    assert line.endswith("manage.py runserver 127.0.0.1:8101")
    # Run the recipe's own line with the server swapped for printing its environment.
    probe = line.split(" ")[0] + " printenv MADANG_SITE_URL"
    env = {k: v for k, v in os.environ.items() if k != "MADANG_SITE_URL"}
    bash = shutil.which("bash") or "/bin/bash"
    printed = subprocess.run([bash, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603 (the recipe's own line)
    assert printed.strip() == "http://127.0.0.1:8101"


def test_class_page_gives_the_time_range_as_korean_writes_it(client, world, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    t = training_world(world)
    starts = dt.datetime(2030, 3, 16, 10, 0, tzinfo=SEOUL)
    t["session"].starts_at, t["session"].ends_at = starts, starts + dt.timedelta(hours=2)
    t["session"].save(update_fields=["starts_at", "ends_at"])
    client.cookies["django_language"] = "ko"
    html = client.get(f"/training/courses/{t['course'].pk}/").content.decode()
    assert "오전 10:00 ~ 오후 12:00" in html and "2030년 3월 16일 (토)" in html
    assert "10:00 오전" not in html
