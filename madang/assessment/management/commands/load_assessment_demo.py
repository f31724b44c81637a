"""Demo data for assessment: COINr's real ASEM values for 51 countries, and clearly marked example values for the
digital-inclusion index and the maturity self-assessment of demo cities, plus one example action plan. Idempotent."""

import csv
import datetime as dt
import math
import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from madang.accounts.models import User
from madang.assessment.models import ActionPlan, FocusArea, Framework, Node, PriorityProject, Target, Value
from madang.assessment.quality import valid_range
from madang.assessment.standard import ASEM_DIR, frameworks_ensure
from madang.core.models import Organisation, Place
from madang.matching.models import Need

ISO3_TO_2 = {
    "AUT": "AT", "BEL": "BE", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ", "DNK": "DK", "EST": "EE",
    "FIN": "FI", "FRA": "FR", "DEU": "DE", "GRC": "GR", "HUN": "HU", "IRL": "IE", "ITA": "IT", "LVA": "LV",
    "LTU": "LT", "LUX": "LU", "MLT": "MT", "NLD": "NL", "NOR": "NO", "POL": "PL", "PRT": "PT", "ROU": "RO",
    "SVK": "SK", "SVN": "SI", "ESP": "ES", "SWE": "SE", "CHE": "CH", "GBR": "GB", "AUS": "AU", "BGD": "BD",
    "BRN": "BN", "KHM": "KH", "CHN": "CN", "IND": "IN", "IDN": "ID", "JPN": "JP", "KAZ": "KZ", "KOR": "KR",
    "LAO": "LA", "MYS": "MY", "MNG": "MN", "MMR": "MM", "NZL": "NZ", "PAK": "PK", "PHL": "PH", "RUS": "RU",
    "SGP": "SG", "THA": "TH", "VNM": "VN",
}  # fmt: skip
ASEM_SOURCE = "COINr R package, example data set ASEM (github.com/bluefoxr/COINr, MIT licence); reference year 2018"
EXAMPLE = "Example value for the Madang demo: invented, not a measurement."
# Invented example cities: a few of each size and region, so peers, size bands and the network view show something.
EXAMPLE_CITIES = [
    "seoul", "busan", "daejeon", "sejong", "suwon", "siheung", "tokyo", "aizuwakamatsu", "kakogawa", "hangzhou",
    "shenzhen", "makati", "da-nang", "phuket", "battambang", "helsinki", "tallinn",
]  # fmt: skip
YEARS = (2022, 2023, 2024)


class Command(BaseCommand):
    help = "Load assessment demo data (real ASEM values; invented, marked example values for demo cities)."

    def handle(self, *args: Any, **options: Any) -> None:
        frameworks_ensure(Framework, Node)
        admin = User.objects.filter(username="admin").first()
        now = timezone.now()
        with transaction.atomic():
            n_asem = self._asem(admin, now)
            n_examples = self._examples(admin, now)
            self._plan(admin)
        self.stdout.write(f"Assessment demo: {n_asem} ASEM values, {n_examples} example values.")

    def _asem(self, admin: User | None, now: dt.datetime) -> int:
        framework = Framework.objects.get(slug="asem-connectivity")
        nodes = {n.code: n for n in framework.nodes.exclude(kind=Node.Kind.AGGREGATE)}
        groups: dict[str, dict[str, str]] = {}
        values = []
        with (ASEM_DIR / "asem" / "COINr_ASEM_iData.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                code = ISO3_TO_2[row["uCode"]]
                country, _ = Place.objects.get_or_create(
                    kind=Place.Kind.COUNTRY, code=code, defaults={"slug": code.lower(), "name": row["uName"]}
                )
                groups[country.slug] = {"EurAsia_group": row["EurAsia_group"]}
                year = int(float(row["Time"]))
                for column, node in nodes.items():
                    if row.get(column, "") == "":
                        continue  # missing in the source: the method imputes it
                    values.append(Value(node=node, place=country, year=year, value=float(row[column]),
                                        source=ASEM_SOURCE, source_date=dt.date(year, 12, 31),
                                        status=Value.Status.VALIDATED, submitted_by=admin, reviewed_by=admin,
                                        reviewed_at=now))  # fmt: skip
        framework.unit_groups = groups
        framework.save(update_fields=["unit_groups", "updated_at"])
        Value.objects.filter(node__framework=framework).delete()
        Value.objects.bulk_create(values, batch_size=1000)
        return len(values)

    def _examples(self, admin: User | None, now: dt.datetime) -> int:
        rng = random.Random(2026)
        cities = {p.slug: p for p in Place.objects.filter(kind=Place.Kind.CITY, slug__in=EXAMPLE_CITIES)}
        values = []
        index = Framework.objects.get(slug="digital-inclusion-index")
        maturity = Framework.objects.get(slug="smart-city-maturity")
        for slug in EXAMPLE_CITIES:
            city = cities.get(slug)
            if city is None:
                continue
            # Bigger cities start a little higher here: an illustration, not a finding.
            base = 45 + 6 * math.log10(max(city.population or 100_000, 100_000) / 100_000) + rng.uniform(-8, 8)
            for node in index.nodes.filter(kind=Node.Kind.INDICATOR):
                level = base + rng.uniform(-15, 25) + (25 if node.code == "ACC1" else 0)
                for i, year in enumerate(YEARS):
                    value = max(1.0, min(99.0, level + i * rng.uniform(0, 4)))
                    values.append(self._example(node, city, year, round(value, 1), admin, now))
            for node in maturity.nodes.filter(kind=Node.Kind.INDICATOR):
                start = max(1, min(5, round(base / 20 + rng.uniform(-1.5, 1.2))))
                for year in (2024, 2025):
                    level = min(5, start + (1 if year == 2025 and rng.random() < 0.3 else 0))
                    values.append(self._example(node, city, year, float(level), admin, now))
        Value.objects.filter(Q(is_example=True) | Q(source=EXAMPLE), node__framework__in=[index, maturity]).delete()
        Value.objects.bulk_create(values, batch_size=1000, ignore_conflicts=True)
        return len(values)

    @staticmethod
    def _example(node: Node, city: Place, year: int, value: float, admin: User | None, now: dt.datetime) -> Value:
        return Value(node=node, place=city, year=year, value=value, source=EXAMPLE, source_date=dt.date(year, 12, 31),
                     status=Value.Status.VALIDATED, submitted_by=admin, reviewed_by=admin, reviewed_at=now,
                     is_example=True)  # fmt: skip

    def _plan(self, admin: User | None) -> None:
        org = Organisation.objects.filter(slug="seoul-metropolitan-government").first()
        if org is None or org.city is None:
            return
        index = Framework.objects.get(slug="digital-inclusion-index")
        title = "(Example) Digital inclusion action plan 2024-2028"
        ActionPlan.objects.filter(title=title).delete()
        plan = ActionPlan.objects.create(
            organisation=org, city=org.city, framework=index, title=title, start_year=2024, end_year=2028,
            status=ActionPlan.Status.PUBLISHED, created_by=admin,
            vision="(Example data for the demo.) No resident is left behind by digital services: every senior can "
                   "get help in their neighbourhood and order, pay and book on their own.",
        )  # fmt: skip
        area = FocusArea.objects.create(plan=plan, title="Seniors and kiosks", domain="open_inclusive")
        for code, gain in (("USE3", 20.0), ("COM3", 15.0)):
            node = index.nodes.select_related("framework").get(code=code)
            baseline = Value.objects.filter(node=node, place=org.city, year=2022).first()
            start = baseline.value if baseline else 20.0
            # An improvement on the baseline in the indicator's good direction, inside its valid range.
            low, high = valid_range(node)
            target = start + node.direction * gain
            target = min(high, target) if high is not None else target
            target = max(low, target) if low is not None else target
            Target.objects.create(plan=plan, focus_area=area, node=node, baseline_year=2022, baseline=start,
                                  target_year=2028, target=round(target, 1))  # fmt: skip
        project = PriorityProject.objects.create(plan=plan, focus_area=area, title="Digital guides at kiosks",
                                                 description="Guides where seniors meet kiosks.")  # fmt: skip
        project.needs.set(Need.objects.filter(city=org.city)[:2])
