import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from madang.accounts.models import User
from madang.catalogue.models import Group
from madang.core.demo import demo_user
from madang.core.models import Organisation, Place
from madang.core.services import reference_load
from madang.matching.models import Need, Solution
from madang.matching.search import vectors_refresh

EXAMPLES = Path(__file__).resolve().parents[2] / "demo_data" / "examples.json"
MATURITY = {"deployed_at_scale": "at_scale"}


class Command(BaseCommand):
    help = "Load a few invented needs and solutions (clearly marked as examples) to show matching. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads(EXAMPLES.read_text(encoding="utf-8"))
        with transaction.atomic():
            reference_load(data={"organisations": data["organisations"]})
            city_team = Organisation.objects.get(slug="demo-city-team")
            provider = Organisation.objects.get(slug="demo-provider")
            for raw in data["needs"]:
                need, _ = Need.objects.update_or_create(
                    organisation=city_team, title=raw["title"],
                    defaults={
                        "city": Place.objects.get(slug=raw["city"]), "language": raw["language"],
                        "description": raw["description"], "people_affected": raw["people_affected"],
                        "workaround": raw["workaround"], "domain": raw["domain"], "budget_band": raw["budget_band"],
                        "evaluation_criteria": raw["evaluation_criteria"], "status": Need.Status.OPEN_CALL,
                    },
                )  # fmt: skip
                need.groups_served.set(Group.objects.filter(code__in=raw["groups"]))
            for raw in data["solutions"]:
                Solution.objects.update_or_create(
                    organisation=provider, title=raw["title"],
                    defaults={
                        "language": raw["language"], "description": raw["description"], "domain": raw["domain"],
                        "price_band": raw["price_band"], "maturity": MATURITY.get(raw["maturity"], raw["maturity"]),
                        "languages_supported": raw["languages_supported"],
                        "accessibility_features": raw["accessibility_features"],
                    },
                )  # fmt: skip
            demo_user("provider-editor", role=User.Role.PROVIDER_EDITOR, organisation=provider,
                      email="provider@madang.invalid")  # fmt: skip
        vectors_refresh()
        self.stdout.write(f"Matching examples: {len(data['needs'])} needs, {len(data['solutions'])} solutions.")
