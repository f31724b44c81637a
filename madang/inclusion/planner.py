"""The guide deployment planner: demand from a city's areas, candidates from its facilities, solved by
engines.coverage (maximal covering, exact when HiGHS proves it in time, else the heuristic with its bound), and a
weekly patrol rota. The result is a plain JSON-ready dict, so a saved plan shows exactly what was computed."""

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from engines.coverage import CoverageProblem, MaximalCovering, PatrolRota, area_coverage
from engines.coverage import geo as cgeo
from madang.accounts.models import User
from madang.core.models import Place

from .indicators import CityData
from .models import DeploymentPlan, Facility, Guide
from .policies import DeploymentPlanPolicy, GuidePolicy, InclusionCityPolicy, guide_city_id

GRID_SPACING_M = 250.0  # population points: one per 250 m cell inside each area (centroids when an area is smaller)
MAX_SITES = 200


@dataclass(frozen=True)
class PlanInputs:
    candidates: str  # a facility kind, or "all"
    p: int
    radius: float  # metres of walking
    detour: float  # walking distance / straight-line distance
    demand: str  # indicator code (a count of people)
    weight: str  # "" or an indicator code (a score) the demand is multiplied by, relative to the city's mean
    n_guides: int
    days: int
    shifts_per_day: int
    points: str = "grid"  # "grid" (population-weighted points) or "centroid" (one point per area)
    time_limit: float = 10.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _demand(data: CityData, inputs: PlanInputs, boundaries: dict[int, Any]) -> tuple[list[Place], np.ndarray]:
    values = data.values(inputs.demand)
    areas = [a for a in data.areas if a.pk in boundaries and values.get(a.pk)]
    demand = np.array([values[a.pk] for a in areas], dtype=float)
    if inputs.weight:
        scores = data.values(inputs.weight)
        known = [scores[a.pk] for a in areas if a.pk in scores]
        mean = float(np.mean(known)) if known else 0.0
        if mean <= 0:
            raise ValidationError(_("The weighting indicator has no positive values in this city."))
        # Areas without a score count as average, so a missing survey does not erase their residents.
        factor = np.array([scores.get(a.pk, mean) / mean for a in areas])
        demand = demand * np.clip(factor, 0, None)
    return areas, demand


def plan_solve(*, city: Place, inputs: PlanInputs) -> dict[str, Any]:
    data = CityData(city)
    boundaries = data.boundaries()
    areas, demand = _demand(data, inputs, boundaries)
    if not areas:
        raise ValidationError(_("No area of this city has values for the chosen demand indicator."))
    facilities = Facility.objects.filter(city=city).order_by("code")
    if inputs.candidates != "all":
        facilities = facilities.filter(kind=inputs.candidates)
    candidates = list(facilities.select_related("area"))
    if not candidates:
        raise ValidationError(_("There are no candidate sites of this kind."))
    spacing = GRID_SPACING_M if inputs.points == "grid" else None
    points, weights, index = cgeo.area_points([boundaries[a.pk] for a in areas], demand, spacing=spacing)
    problem = CoverageProblem.from_lonlat(
        points, weights, np.array([[f.longitude, f.latitude] for f in candidates]), radius=inputs.radius,
        detour=inputs.detour,
    )  # fmt: skip
    plan = MaximalCovering(p=min(inputs.p, len(candidates)), time_limit=inputs.time_limit).fit(problem)
    covered, total = area_coverage(plan.covered_mask_, weights, index, len(areas))
    sites = [int(j) for j in plan.sites_]
    rota = PatrolRota(n_guides=inputs.n_guides, days=inputs.days, shifts_per_day=inputs.shifts_per_day).fit(
        sites, plan.site_demand_)  # fmt: skip
    # Numbered by the demand each site reaches, so site 1 is the one that matters most.
    order = sorted(range(len(sites)), key=lambda k: (-plan.site_demand_[k], candidates[sites[k]].code))
    rank = {k: r for r, k in enumerate(order)}
    return {
        "method": plan.method_, "optimal": bool(plan.optimal_), "bound": float(plan.bound_), "gap": float(plan.gap_),
        "seconds": round(float(plan.seconds_), 3), "covered": float(plan.covered_), "total": float(plan.total_),
        "share": float(plan.coverage_share_), "n_points": int(problem.n_demand),
        "n_candidates": len(candidates),
        "sites": [{
            "number": n, "facility": candidates[j].pk, "code": candidates[j].code, "name": candidates[j].name,
            "name_language": candidates[j].name_language, "kind": candidates[j].kind,
            "lon": candidates[j].longitude, "lat": candidates[j].latitude, "area": candidates[j].area_id,
            "demand": float(plan.site_demand_[k]), "visits": int(rota.visits_[k]),
        } for n, (k, j) in enumerate(((k, sites[k]) for k in order), start=1)],
        "areas": [{"area": a.pk, "covered": float(covered[k]), "total": float(total[k])} for k, a in enumerate(areas)],
        "rota": [[[rank[s] if s >= 0 else -1 for s in day] for day in guide] for guide in rota.grid_.tolist()],
    }  # fmt: skip


def plan_assign(*, plan: DeploymentPlan, by: User, guides: list[Guide | None]) -> int:
    """Give the city's guides the sites of their column of the rota (guide k of the plan -> guides[k]) as their
    usual sites, which the field log offers first. Returns how many guides were given sites."""
    if not DeploymentPlanPolicy.allows(by, "assign_plan", plan):
        raise PermissionDenied
    chosen = [g for g in guides if g is not None]
    if any(guide_city_id(g) != plan.city_id for g in chosen) or len({g.pk for g in chosen}) < len(chosen):
        raise ValidationError(_("Choose each of the city's guides at most once."))
    if not all(GuidePolicy.allows(by, "change_guide", g) for g in chosen):
        raise PermissionDenied
    facilities = {s["number"] - 1: s["facility"] for s in plan.result["sites"]}
    existing = set(Facility.objects.filter(pk__in=facilities.values(), city=plan.city).values_list("pk", flat=True))
    done = 0
    for column, guide in zip(plan.result["rota"], guides, strict=False):
        if guide is None:
            continue
        positions = {pos for day in column for pos in day if pos >= 0}
        guide.sites.set([facilities[p] for p in sorted(positions) if facilities[p] in existing])
        done += 1
    return done


def plan_save(*, city: Place, by: User, title: str, inputs: PlanInputs, result: dict[str, Any]) -> DeploymentPlan:
    if not InclusionCityPolicy.allows(by, "plan", city):
        raise PermissionDenied
    return DeploymentPlan.objects.create(city=city, title=title, inputs=inputs.as_dict(), result=result,
                                         created_by=by)  # fmt: skip
