"""Example digital-literacy courses in Seoul (invented, marked as examples) with sessions in the coming weeks,
one past class with simulated attendance and answers, a demo city editor and a demo trainer. Idempotent."""

import datetime as dt
import json
import random
import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from madang.accounts.models import User
from madang.core.demo import demo_user
from madang.core.helplines import known_helplines_apply
from madang.core.models import Organisation, Place
from madang.core.services import reference_load
from madang.surveys.services import response_submit
from madang.training.models import Course, Registration, Session
from madang.training.services import PRIVACY_VERSION, course_create, course_update, retention_date, session_create

EXAMPLES = Path(__file__).resolve().parents[3] / "matching" / "demo_data" / "examples.json"
CENTRE = "(예시) 마포 노인복지관 2층 교육실"
COURSES: list[dict[str, Any]] = [
    {
        "title": "(예시) 키오스크로 주문하기",
        "description": "(예시 데이터) 패스트푸드점과 카페의 무인 주문기(키오스크)를 연습용 기계로 천천히 "
        "눌러 봅니다. 메뉴 고르기, 수량 바꾸기, 카드로 결제하기까지 직접 해 봅니다.\n\n"
        "처음 해 보는 분도 괜찮습니다. 강사와 보조 강사가 옆에서 도와드립니다.",
        "level": "first_steps",
        "language": "ko",
        "accessibility_notes": "엘리베이터가 있고 휠체어로 들어올 수 있습니다. 큰 글씨 교재를 드립니다.",
        "sessions": [
            (4, 10, CENTRE, "venue", "서울 마포구 (예시 주소)", 12),
            (18, 14, CENTRE, "venue", "서울 마포구 (예시 주소)", 12),
        ],
        "past": True,
    },
    {
        "title": "(예시) 휴대폰으로 영화표 예매하기",
        "description": "(예시 데이터) 찾아가는 디지털 교육 버스에서 스마트폰 앱으로 영화 시간을 찾고, 좌석을 고르고, "
        "표를 예매해 봅니다. 연습용 휴대폰을 빌려드립니다.",
        "level": "basic",
        "language": "ko",
        "accessibility_notes": "버스 안은 계단이 두 칸 있습니다. 오르기 어려우시면 미리 알려 주세요: "
        "승강 보조판을 준비합니다.",
        "sessions": [
            (6, 10, "(예시) 디지털 교육 버스 — 은평구청 앞", "mobile", "은평구청 정문 앞 (예시)", 8),
            (13, 10, "(예시) 디지털 교육 버스 — 노원역 2번 출구", "mobile", "노원역 2번 출구 (예시)", 8),
        ],
    },
    {
        "title": "(예시) 하루 동네 탐험: 지도 앱으로 길 찾기",
        "description": "(예시 데이터) 지도 앱으로 가까운 도서관과 시장을 찾아 함께 걸어갑니다. 버스 도착 시간 "
        "보기와 사진 찍어 가족에게 보내기도 배웁니다.",
        "level": "practice",
        "language": "ko",
        "accessibility_notes": "걷는 거리는 1 km 정도이며 중간에 쉬어 갑니다.",
        "sessions": [(9, 13, CENTRE, "venue", "서울 마포구 (예시 주소)", 10)],
    },
    {
        "title": "(Example) Smartphone basics for new residents",
        "description": "(Example data) Set up your phone for life in Seoul: maps, transit cards, messaging "
        "apps and the city's public Wi-Fi. Taught in English.",
        "level": "basic",
        "language": "en",
        "accessibility_notes": "Step-free access. Devices to borrow.",
        "sessions": [(11, 18, "(Example) Global Village Centre", "venue", "Seoul (example address)", 15)],
    },
]
COMMENTS = ["천천히 알려 주셔서 좋았어요", "글씨가 커서 보기 편했어요", "결제 단계가 아직 어려워요",
            "다음에는 기차표 예매도 배우고 싶어요", ""]  # fmt: skip


class Command(BaseCommand):
    help = "Load example training courses for Seoul (marked as examples) and demo staff accounts. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if not Place.objects.filter(slug="seoul", kind="city").exists():
            self.stderr.write("Run load_demo first (it creates the city of Seoul).")
            return
        known_helplines_apply()  # class pages then show the city's real helpline for registering by phone
        with transaction.atomic():
            if not Organisation.objects.filter(slug="demo-city-team").exists():
                organisations = json.loads(EXAMPLES.read_text(encoding="utf-8"))["organisations"]
                reference_load(data={"organisations": [o for o in organisations if o["slug"] == "demo-city-team"]})
            team = Organisation.objects.get(slug="demo-city-team")
            editor = demo_user("training-editor", role=User.Role.CITY_EDITOR, organisation=team,
                               email="training-editor@madang.invalid")  # fmt: skip
            trainer = demo_user("trainer", role=User.Role.CITIZEN, email="trainer@madang.invalid")
            created = 0
            for spec in COURSES:
                course, n = self._course(spec, team, editor, trainer)
                created += n
        self.stdout.write(f"Training examples: {len(COURSES)} courses, {created} new sessions "
                          "(logins: training-editor, trainer).")  # fmt: skip

    def _course(self, spec: dict[str, Any], team: Organisation, editor: User, trainer: User) -> tuple[Course, int]:
        fields = {k: spec[k] for k in ("title", "description", "level", "language", "accessibility_notes")}
        course = Course.objects.filter(organiser=team, title=spec["title"]).first()
        if course is None:
            course = course_create(by=editor, **fields)
        else:
            course = course_update(course=course, by=editor, **fields)
        if not course.is_example:
            course.is_example = True
            course.save(update_fields=["is_example"])
        created = 0
        # Sessions relative to today; a course that still has upcoming sessions keeps them (no duplicates).
        if not course.sessions.filter(starts_at__gt=timezone.now()).exists():
            today = timezone.localdate()
            for days, hour, place, kind, address, capacity in spec["sessions"]:
                starts = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour)))
                session_create(course=course, by=editor, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                               place_kind=kind, place_name=place, address=address, capacity=capacity,
                               trainer=trainer)  # fmt: skip
                created += 1
        if spec.get("past") and not course.sessions.filter(starts_at__lte=timezone.now()).exists():
            self._past_session(course, trainer)
            created += 1
        return course, created

    def _past_session(self, course: Course, trainer: User) -> None:
        """A class last week: simulated (seeded random) attendance and answers, so the results page has data."""
        rng = random.Random(2026)  # noqa: S311 (illustrative data)
        starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=7), dt.time(10)))
        session = Session.objects.create(course=course, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                         place_name=CENTRE, capacity=10, trainer=trainer)  # fmt: skip
        assert course.survey is not None
        questions = {q.code: q.pk for q in course.survey.questions.all()}
        for i in range(8):
            came = i < 7
            r = Registration.objects.create(
                session=session, status="confirmed", name=f"(예시) 참가자 {i + 1}", phone="", email="",
                language="ko", consent_version=PRIVACY_VERSION, consented_at=starts - dt.timedelta(days=10),
                retain_until=retention_date(session), token=secrets.token_urlsafe(32),
                attendance="attended" if came else "no_show", attendance_by=trainer, attendance_at=starts,
            )  # fmt: skip
            if came and i < 6:
                answers: dict[int, Any] = {questions["satisfaction"]: rng.randint(6, 10)}
                if comment := rng.choice(COMMENTS):
                    answers[questions["comments"]] = comment
                r.response = response_submit(survey=course.survey, language="ko", answers=answers)
                r.save(update_fields=["response"])
        session.seats_taken = 8
        session.save(update_fields=["seats_taken"])
