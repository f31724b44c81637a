"""Seoul's 426 dong with residents by age and 1,310 schools, through the same all-or-nothing imports as any city's
files; a demo guide; optionally simulated assists, clearly marked. Idempotent."""

import datetime as dt
import random
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from madang.core.demo import demo_user
from madang.core.imports import ImportFailed
from madang.core.models import Organisation, Place
from madang.inclusion.fieldlog import assist_save_step, assist_start, assist_submit
from madang.inclusion.models import AssistLog, Facility, Guide
from madang.inclusion.services import areas_import, facilities_import, statistics_import

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo_data"
BOUNDARIES = "Statistics Korea (SGIS) boundaries, June 2024, Korea Open Government Licence type 1, via bitSpatial"
RESIDENTS = ("Ministry of the Interior resident-registration statistics, June 2024, Korea Open Government Licence "
             "type 1, via bitSpatial")  # fmt: skip
SCHOOLS = "Seoul schools, March 2025 (via bitSpatial)"
EXAMPLE_PLACE = "(예시) "


class Command(BaseCommand):
    help = "Load Seoul's dong boundaries, residents by age and schools onto the 'seoul' city of load_demo. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--example-assists", type=int, default=0, metavar="N",
                            help="also record N simulated assists by the demo guide, marked (예시)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        city = Place.objects.filter(kind=Place.Kind.CITY, slug="seoul").first()
        if city is None:
            raise CommandError("No city 'seoul': run `manage.py load_demo` first.")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                areas = areas_import(city=city, data=(DEMO_DIR / "seoul_dong_202406.geojson").read_bytes(), by=None,
                                     attribution=BOUNDARIES)  # fmt: skip
                residents = (DEMO_DIR / "seoul_population_by_age_202406.csv").read_bytes()
                stats = statistics_import(city=city, by=None, year=2024, source=RESIDENTS, data=residents)
                schools = facilities_import(city=city, by=None, name_lang="ko",
                                            data=(DEMO_DIR / "seoul_schools_202503.csv").read_bytes())  # fmt: skip
        except ImportFailed as failed:
            for e in failed.errors[:20]:
                self.stderr.write(f"row {e.row}, {e.column}: {e.message}")
            raise CommandError("The shipped Seoul data did not validate; nothing was loaded.") from failed
        guide = self._guide(city)
        examples = self._examples(guide, options["example_assists"]) if guide and options["example_assists"] else 0
        self.stdout.write(
            f"Seoul inclusion data: {areas.created + areas.updated} areas ({areas.created} new), "
            f"{stats.created + stats.updated} statistics, {schools.created + schools.updated} schools, "
            f"{examples} example assists, in {time.perf_counter() - started:.1f} s."
        )

    def _guide(self, city: Place) -> Guide | None:
        # The city's government: only its guides record for the city (madang/inclusion/policies.py).
        org = Organisation.objects.filter(governs=city).first()
        if org is None:
            return None
        user = demo_user("seoul-guide", email="guide@madang.invalid", role="citizen")
        guide, _created = Guide.objects.get_or_create(user=user, organisation=org)
        sites = list(Facility.objects.filter(city=city, area__code__startswith="11440").order_by("code")[:3])
        guide.sites.add(*sites)  # three schools in Mapo-gu
        return guide

    def _examples(self, guide: Guide, n: int) -> int:
        """Simulated, seeded assists: each is marked (예시) in its place text so no one mistakes them for data."""
        rng = random.Random(2026)  # noqa: S311 (illustrative data)
        AssistLog.objects.filter(guide=guide, place_text__startswith=EXAMPLE_PLACE).delete()
        areas = list(Place.objects.filter(parent=guide.organisation.governs, kind=Place.Kind.DISTRICT)
                     .values_list("pk", "name"))  # fmt: skip
        today = dt.date.today()
        user = guide.user
        for _ in range(n):
            area_id, name = rng.choice(areas)
            draft = assist_start(guide=guide, by=user)
            day = today - dt.timedelta(days=rng.randint(0, 120))
            assist_save_step(draft=draft, by=user, key="where", values={
                "facility": None, "place_text": f"{EXAMPLE_PLACE}{name}", "area": area_id,
                "occurred_on": day.isoformat()})  # fmt: skip
            assist_save_step(draft=draft, by=user, key="what", values={
                "device": rng.choice(AssistLog.Device.values), "task": rng.choice(AssistLog.Task.values)})  # fmt: skip
            assist_save_step(draft=draft, by=user, key="result", values={
                "minutes": rng.randint(3, 40), "outcome": rng.choice(AssistLog.Outcome.values),
                "age_band": rng.choice(["65_74", "75_84", "75_84", "85_plus", "under_65"])})  # fmt: skip
            assist_submit(draft=draft, by=user)
        return n
