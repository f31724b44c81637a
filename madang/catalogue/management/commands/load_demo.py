import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from madang.accounts.models import User
from madang.catalogue.models import Initiative
from madang.catalogue.services import initiatives_import
from madang.catalogue.signals import initiatives_changed
from madang.core.demo import demo_logins, demo_superuser, demo_user
from madang.core.imports import ImportFailed
from madang.core.models import Network, Organisation
from madang.core.services import reference_load

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo_data"


class Command(BaseCommand):
    help = "Load the real demo data (networks, places, organisations, initiatives) and demo accounts. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        files = sorted(DEMO_DIR.glob("*.json"))
        with transaction.atomic():
            documents = [json.loads(f.read_text(encoding="utf-8")) for f in files]
            for doc in documents:
                reference_load(data={k: v for k, v in doc.items() if k != "initiatives"})
            initiatives = [item for doc in documents for item in doc.get("initiatives", [])]
            try:
                report = initiatives_import(
                    data=json.dumps({"initiatives": initiatives}).encode(), fmt="json", by=None, publish=True
                )
            except ImportFailed as failed:
                for e in failed.errors:
                    self.stderr.write(f"demo initiative {e.row}, {e.column}: {e.message}")
                raise
            featured = [i["slug"] for i in initiatives if i.get("featured")]
            Initiative.objects.filter(slug__in=featured).update(featured=True)
            self._users()
        initiatives_changed.send(sender=Initiative, sync=True)  # make the demo searchable before serving
        self.stdout.write(
            f"Demo data: {Initiative.objects.count()} initiatives "
            f"({report.created} new, {report.updated} updated) from {len(files)} files."
        )
        if not demo_logins():
            self.stdout.write("Demo accounts cannot sign in and no superuser is made (MADANG_DEMO_LOGINS=1: logins).")

    def _users(self) -> None:
        demo_superuser(
            "admin",
            role=User.Role.NETWORK_ADMIN,
            email="admin@madang.invalid",
            network=Network.objects.filter(slug="wego").first(),
        )
        seoul = Organisation.objects.filter(slug="seoul-metropolitan-government").first()
        if seoul is not None:
            demo_user("seoul-editor", role=User.Role.CITY_EDITOR, organisation=seoul, email="seoul@madang.invalid")
        demo_user("citizen", role=User.Role.CITIZEN, email="citizen@madang.invalid")
        yokohama = Organisation.objects.filter(slug="yokohama-city").first()
        if yokohama is not None:
            demo_user("yokohama-editor", role=User.Role.CITY_EDITOR, organisation=yokohama,
                      email="yokohama@madang.invalid", preferred_language="ja")  # fmt: skip
        for network in Network.objects.order_by("slug"):
            demo_user(f"{network.slug}-admin", role=User.Role.NETWORK_ADMIN, network=network,
                      email=f"{network.slug}-admin@madang.invalid")  # fmt: skip
