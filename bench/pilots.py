"""Pilot report page at 5,000 testers x 10 tasks (50,000 results): server time, queries, against a small pilot.

Run: .venv/bin/python bench/pilots.py [--testers 5000] [--tasks 10] [--repeat 7]
Uses a throw-away SQLite database (or DATABASE_URL when set) and Django's test client (view + templates +
queries + statistics, not the network). The first render embeds every new comment once (stored for later renders);
it is timed on its own. Prints a table of medians.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="madang-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["MADANG_VAR_DIR"] = TMP
os.environ["MADANG_SEARCH_AUTO"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from madang.core.models import Organisation, Place  # noqa: E402
from madang.matching.models import Solution  # noqa: E402
from madang.pilots.models import Pilot, Questionnaire, SuccessCriterion, Task, TaskResult, Tester  # noqa: E402
from madang.pilots.reports import report_build  # noqa: E402

PHRASES = [
    "The letters are too small", "글씨가 너무 작아요", "文字が小さすぎます", "字太小了", "Paying by card was easy",
    "카드 결제는 쉬웠어요", "The screen timed out", "시간이 부족했어요", "ボタンが押しにくい", "按钮太小",
]  # fmt: skip
AGES = ["under_40", "40_64", "65_74", "75_plus"]


def make_pilot(n_testers: int, n_tasks: int, rng: random.Random) -> Pilot:
    country = Place.objects.get_or_create(slug="kr", defaults={"kind": "country", "name": "Korea", "code": "KR"})[0]
    city = Place.objects.get_or_create(slug="seoul", defaults={"kind": "city", "name": "Seoul", "parent": country})[0]
    org = Organisation.objects.get_or_create(
        slug="bench-city", defaults={"kind": "city", "name": "City", "city": city}
    )[0]
    solution = Solution.objects.create(organisation=org, language="en", title="Kiosk", description="Kiosk",
                                       domain="open_inclusive", maturity="piloted", is_published=True)  # fmt: skip
    pilot = Pilot.objects.create(title=f"Bench {n_testers}", solution=solution, city=city, manager=org,
                                 success_criteria="", phase="evaluate")  # fmt: skip
    tasks = [Task.objects.create(pilot=pilot, title=f"Task {i}", order=i) for i in range(n_tasks)]
    SuccessCriterion.objects.create(pilot=pilot, metric="unaided_rate", segment="75_plus", target=80)
    SuccessCriterion.objects.create(pilot=pilot, metric="sus_mean", target=68)
    SuccessCriterion.objects.create(pilot=pilot, metric="completion_rate", task=tasks[0], target=90)
    now, today = timezone.now(), timezone.localdate()
    Tester.objects.bulk_create(
        [Tester(pilot=pilot, code=f"T{i:05d}", age_band=rng.choice(AGES), digital_skill=rng.randint(1, 5),
                accessibility_needs=["vision"] if rng.random() < 0.2 else [], consent_version="bench",
                consented_at=now, retain_until=today) for i in range(n_testers)], batch_size=1000,
    )  # fmt: skip
    testers = list(Tester.objects.filter(pilot=pilot))
    outcomes = ["unaided", "helped", "failed", "abandoned"]
    TaskResult.objects.bulk_create(
        [TaskResult(tester=t, task=task, outcome=rng.choices(outcomes, weights=[t.digital_skill, 2, 1, 0.3])[0],
                    seconds=int(rng.lognormvariate(4, 0.5)), errors=rng.randint(0, 3), assists=rng.randint(0, 2),
                    ease=rng.randint(1, 7)) for t in testers for task in tasks], batch_size=2000,
    )  # fmt: skip
    Questionnaire.objects.bulk_create(
        [Questionnaire(tester=t, sus=[rng.randint(1, 5) for _ in range(10)], satisfaction=rng.randint(0, 10),
                       comments=f"{rng.choice(PHRASES)} ({i % 97})") for i, t in enumerate(testers)], batch_size=1000,
    )  # fmt: skip
    return pilot


def timed(client: Client, url: str, repeat: int) -> tuple[float, int]:
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as q:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times) * 1000, len(q)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--testers", type=int, default=5000)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    rng = random.Random(0)
    admin = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
    client = Client()
    client.force_login(admin)
    small = make_pilot(50, args.tasks, rng)
    big = make_pilot(args.testers, args.tasks, rng)
    rows = []
    for pilot in (small, big):
        url = f"/pilots/{pilot.pk}/report/"
        n_results = TaskResult.objects.filter(tester__pilot=pilot).count()
        first, _ = timed(client, url, 1)  # embeds and stores every comment
        warm, queries = timed(client, url, args.repeat)
        start = time.perf_counter()
        for _ in range(args.repeat):
            report_build(pilot=pilot, themes=False)
        stats_ms = (time.perf_counter() - start) / args.repeat * 1000
        pdf, _ = timed(client, f"/pilots/{pilot.pk}/report.pdf", 3)
        rows.append((pilot.testers.count(), n_results, first, warm, stats_ms, pdf, queries))
    base = rows[0][3]
    print(f"database: {connection.vendor}; repeat {args.repeat}; medians in ms")
    print(f"{'testers':>8} {'results':>8} {'first render':>13} {'report page':>12} {'stats only':>11} "
          f"{'PDF':>7} {'queries':>8} {'page vs 50':>11}")  # fmt: skip
    for testers, results, first, warm, stats_ms, pdf, queries in rows:
        print(f"{testers:>8} {results:>8} {first:>13.0f} {warm:>12.0f} {stats_ms:>11.0f} {pdf:>7.0f} {queries:>8} "
              f"{warm / base:>10.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
