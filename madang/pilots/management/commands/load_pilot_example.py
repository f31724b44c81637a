"""An example pilot with simulated sessions, so the demo shows panels, reports and themes. Clearly marked."""

import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from madang.accounts.models import User
from madang.core.demo import demo_user
from madang.core.helplines import known_helplines_apply
from madang.core.models import Organisation
from madang.matching.models import Need, Solution
from madang.pilots.models import Pilot, ProviderChange, Questionnaire, Site, SuccessCriterion, Task
from madang.pilots.sessions import result_record, tester_register

TITLE = "(예시) 어르신 키오스크 주문 실증 — 모의 결과"
COMMENTS = {
    "ko": ["글씨가 너무 작아서 잘 안 보여요", "버튼이 작아서 누르기 어려웠어요", "시간이 부족해서 처음으로 돌아갔어요",
           "카드 결제는 쉬웠어요", "천천히 해도 된다고 해서 마음이 편했어요"],
    "en": ["The letters are too small to read", "Buttons too small for my fingers", "The screen timed out on me",
           "Paying by card was easy", "Nice that I could take my time"],
}  # fmt: skip


class Command(BaseCommand):
    help = "Load one example pilot with simulated (random, seeded) results, marked as an example. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(2026)  # noqa: S311 (illustrative data, not security)
        city_team = Organisation.objects.get(slug="demo-city-team")
        solution = Solution.objects.filter(organisation__slug="demo-provider", domain="open_inclusive").first()
        if solution is None or city_team.city is None:
            self.stderr.write("Run load_demo and load_matching_examples first.")
            return
        city = city_team.city
        known_helplines_apply()  # the join page then shows the city's real helpline
        # The city team's pilot manager records the sessions (a demo login only under `make demo`; the superuser
        # may not exist at all).
        manager = demo_user("pilot-manager", role=User.Role.CITY_EDITOR, organisation=city_team,
                            email="pilot-manager@madang.invalid")  # fmt: skip
        with transaction.atomic():
            Pilot.objects.filter(title=TITLE).delete()
            pilot = Pilot.objects.create(
                title=TITLE, language="ko", solution=solution, city=city, manager=city_team,
                need=Need.objects.filter(organisation=city_team, domain="open_inclusive").first(),
                summary="(예시 데이터) 복지관과 지하철역에서 어르신이 키오스크 연습 단말로 주문해 봅니다. "
                "결과는 시연을 위해 무작위로 만든 모의 결과입니다.",
                phase=Pilot.Phase.TEST, success_criteria="75세 이상 참여자의 80% 이상이 도움 없이 주문",
            )  # fmt: skip
            centre = Site.objects.create(pilot=pilot, name="(예시) 마포 노인복지관", kind="community_centre")
            station = Site.objects.create(pilot=pilot, name="(예시) 공덕역", kind="station")
            tasks = [Task.objects.create(pilot=pilot, title=t, order=n)
                     for n, t in enumerate(["커피 한 잔 주문하기", "카드로 결제하기", "영수증 받기"])]  # fmt: skip
            SuccessCriterion.objects.create(pilot=pilot, metric="unaided_rate", segment="75_plus", target=80)
            SuccessCriterion.objects.create(pilot=pilot, metric="sus_mean", target=68)
            pilot.criteria_locked_at = pilot.created_at
            pilot.save()
            for iteration in (1, 2):
                if iteration == 2:
                    pilot.iteration = 2
                    pilot.save()
                    ProviderChange.objects.create(pilot=pilot, iteration=2, recorded_by=manager,
                                                  description="글씨 크기 150%, 화면 시간 제한 해제")  # fmt: skip
                for _ in range(20):
                    age = rng.choice(["40_64", "65_74", "75_plus", "75_plus"])
                    skill = rng.randint(1, 2) if age == "75_plus" else rng.randint(2, 5)
                    t = tester_register(
                        pilot=pilot, by=manager, assisted=True, site=rng.choice([centre, station]), age_band=age,
                        digital_skill=skill, accessibility_needs=["vision"] if rng.random() < 0.3 else [],
                        name="(예시)", contact="",
                    )  # fmt: skip
                    ability = skill / 5 + (0.25 if iteration == 2 else 0)
                    for task in tasks:
                        roll = rng.random()
                        outcome = "unaided" if roll < ability else "helped" if roll < ability + 0.25 else "failed"
                        result_record(tester=t, task=task, by=manager, outcome=outcome,
                                      seconds=int(rng.lognormvariate(4.3 - ability, 0.4)), errors=rng.randint(0, 3),
                                      assists=0 if outcome == "unaided" else rng.randint(1, 3),
                                      ease=max(1, min(7, round(2 + ability * 5 + rng.gauss(0, 1)))))  # fmt: skip
                    good = ability > 0.6
                    sus = [rng.randint(3, 5) if i % 2 == 0 else rng.randint(1, 3) for i in range(10)] if good else [
                        rng.randint(1, 3) if i % 2 == 0 else rng.randint(3, 5) for i in range(10)]  # fmt: skip
                    lang = "ko" if rng.random() < 0.8 else "en"
                    Questionnaire.objects.create(tester=t, sus=sus, satisfaction=rng.randint(6, 10) if good else
                                                 rng.randint(1, 6), comments=rng.choice(COMMENTS[lang]))  # fmt: skip
        self.stdout.write(
            f"Example pilot: {pilot.testers.count()} simulated testers (pilot {pilot.pk}); login: pilot-manager."
        )
