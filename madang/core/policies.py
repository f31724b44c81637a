"""Who may see and re-run background jobs: Django staff (the operators), and which core pages are public."""

from typing import Any

from django.db.models import Q
from django_tasks_db.models import DBTaskResult

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, register

from .models import ImportRun


def _staff(user: Any, obj: Any = None) -> bool:
    return roles.is_staff(user)


@register
class JobPolicy(Policy[DBTaskResult]):
    model = DBTaskResult
    app_label = "core"
    actions = {"manage_jobs": Action(rule=_staff)}
    routes = [Route("core:jobs", "manage_jobs", methods=("GET", "POST"))]


@register
class ImportRunPolicy(Policy[ImportRun]):
    """A long import's progress and report: the person who uploaded it (the rows may name their contacts)."""

    model = ImportRun
    actions = {
        "view_import_run": Action(
            rule=lambda user, run: run is not None and roles.signed_in(user) and run.created_by_id == user.pk,
            where=lambda user: Q(created_by_id=user.pk) if roles.signed_in(user) else NOTHING,
            shown_by="view_import_run",
        )
    }
    routes = [Route("core:import-run", "view_import_run", lambda run: {"pk": run.pk})]


# Reference pages anyone may read (places, organisations, networks are public facts), display settings (a cookie),
# and the health check the load balancer asks.
PUBLIC_ROUTES = [
    "core:home",
    "core:display",
    "core:health",
    "core:cities",
    "core:city",
    "core:organisations",
    "core:organisation",
    "core:networks",
    "core:network",
]
