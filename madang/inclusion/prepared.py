"""The planner's large solves, prepared by the job worker (madang/core/computations.py): a solve over
population-weighted grid points or many candidate sites may take up to its time limit (10 s), too long for a web
request. Small ones (area centres, few candidates) are still solved at once."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from madang.core import page_cache
from madang.core.computations import Output, computation, computation_for
from madang.core.models import Computation, Place

from .models import Facility
from .planner import PlanInputs, plan_solve

KIND = "inclusion.plan"


def solve_inline(*, city: Place, inputs: PlanInputs) -> bool:
    """Whether this solve is small enough for the request: one point per area and few candidate sites."""
    limit = int(getattr(settings, "MADANG_PLANNER_INLINE_CANDIDATES", 50))
    facilities = Facility.objects.filter(city=city)
    if inputs.candidates != "all":
        facilities = facilities.filter(kind=inputs.candidates)
    return inputs.points == "centroid" and facilities.count() <= limit


def _params(city: Place, inputs: PlanInputs) -> dict[str, Any]:
    return {"city": city.pk, "inputs": inputs.as_dict(), "language": translation.get_language() or "en"}


def plan_prepare(*, city: Place, inputs: PlanInputs, prepared: str = "") -> Computation:
    """The worker's solve of these inputs: the one a `?prepared=` link names, else one for the current data."""
    params = _params(city, inputs)
    return computation_for(kind=KIND, params=params, prepared=prepared, version=str(page_cache.content_version()))


@computation(KIND)
def _solve(params: dict[str, Any]) -> Output:
    city = Place.objects.get(pk=params["city"])
    with translation.override(params["language"]):
        try:
            return Output(result={"result": plan_solve(city=city, inputs=PlanInputs(**params["inputs"]))})
        except ValidationError as exc:
            # The person's own mistake (no candidates, no demand): shown on their form, not a failed job.
            return Output(result={"errors": exc.messages})
