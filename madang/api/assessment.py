"""Open data for assessment: published frameworks, their validated values with sources, and the scores."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from madang.assessment.models import Framework
from madang.assessment.policies import FrameworkPolicy, ValuePolicy
from madang.assessment.quality import valid_range
from madang.assessment.scoring import MIN_RANKED, framework_scores
from madang.assessment.selectors import tree_order
from madang.core.policy import PUBLIC

from .paging import Mapped, Paging

router = Router(tags=["assessment"])


class NodeOut(Schema):
    code: str
    name: dict[str, str]
    kind: str
    level: int | None
    parent: str | None
    weight: float
    direction: int
    unit: str
    denominator: str | None
    valid_range: list[float | None]  # [lowest, highest] a value may be (null: open); docs/assessment.md


class FrameworkOut(Schema):
    slug: str
    name: dict[str, str]
    description: dict[str, str]
    kind: str
    unit_kind: str
    source: str
    copy_of: str | None


class FrameworkDetailOut(FrameworkOut):
    method: dict[str, Any]
    nodes: list[NodeOut]


class ValueOut(Schema):
    place: str
    indicator: str
    year: int
    value: float
    source: str
    source_date: str
    is_example: bool  # invented for the demo: not a measurement


class ValueFilters(Schema):
    place: str = ""
    year: int | None = None


class ScoreOut(Schema):
    place: str
    year: int
    rank: int | None  # null when the place has no index score or it is the only one scored that year
    scores: dict[str, float | None]  # null where too few values beneath the code have data (min_share)
    indicators_with_values: int  # indicators beneath the index with a validated value
    indicators: int
    min_share: float | None  # the framework's data-availability rule
    is_example: bool  # rests on values invented for the demo: not a measurement


def _public_frameworks() -> QuerySet[Framework]:
    # Open data shows what the policy shows anyone: published frameworks, validated values.
    return FrameworkPolicy.queryset(PUBLIC, "view_framework").select_related("based_on")


def _framework(slug: str) -> Framework:
    framework = _public_frameworks().filter(slug=slug).first()
    if framework is None:
        raise Http404(f"No published framework “{slug}”.")
    return framework


def _out(f: Framework) -> dict[str, Any]:
    return {"slug": f.slug, "name": f.name, "description": f.description, "kind": f.kind, "unit_kind": f.unit_kind,
            "source": f.source, "copy_of": f.based_on.slug if f.based_on else None}  # fmt: skip


@router.get("/frameworks", response=list[FrameworkOut])
def list_frameworks(request: HttpRequest) -> Any:
    return [_out(f) for f in _public_frameworks().order_by("id")]


@router.get("/frameworks/{slug}", response=FrameworkDetailOut)
def get_framework(request: HttpRequest, slug: str) -> Any:
    framework = _framework(slug)
    nodes = list(framework.nodes.select_related("parent", "denominator", "framework"))
    ordered = [n for n, _ in tree_order(nodes)] + [n for n in nodes if n.kind == "denominator"]
    return {**_out(framework), "method": framework.spec, "nodes": [{
        "code": n.code, "name": n.name, "kind": n.kind, "level": n.level, "parent": n.parent.code if n.parent else None,
        "weight": n.weight, "direction": n.direction, "unit": n.unit,
        "denominator": n.denominator.code if n.denominator else None, "valid_range": list(valid_range(n)),
    } for n in ordered]}  # fmt: skip


@router.get("/frameworks/{slug}/values", response=list[ValueOut])
@paginate(Paging)
def list_values(request: HttpRequest, slug: str, filters: Query[ValueFilters]) -> Any:
    framework = _framework(slug)
    values = ValuePolicy.queryset(PUBLIC, "view_value").filter(node__framework=framework.data)
    if filters.place:
        values = values.filter(place__slug=filters.place)
    if filters.year is not None:
        values = values.filter(year=filters.year)
    return Mapped(values.select_related("place", "node").order_by("place__slug", "node__order", "year", "id"),
                  lambda v: {"place": v.place.slug, "indicator": v.node.code, "year": v.year, "value": v.value,
                             "source": v.source, "source_date": v.source_date.isoformat(),
                             "is_example": v.is_example})  # fmt: skip


@router.get("/frameworks/{slug}/scores", response=list[ScoreOut])
def list_scores(request: HttpRequest, slug: str, year: int | None = None) -> Any:
    """Scores (0-100 on the framework's scale) at every level and the index rank, per place and year."""
    framework = _framework(slug)
    scores = framework_scores(framework=framework)
    if year is not None and year not in scores.years:
        raise HttpError(404, f"No scores for {year}: years with scores are {scores.years}")
    code = scores.index_code
    codes = [n.code for n, _ in tree_order(scores.nodes)]
    out = []
    for y in [year] if year is not None else scores.years:
        ranked = len(scores.scored(y)) >= MIN_RANKED
        for place in scores.units(y):
            found, total = scores.coverage_of(y, place, code) if code else (0, 0)
            out.append({"place": place, "year": y, "rank": scores.rank(y, place, code) if code and ranked else None,
                        "scores": {c: scores.score(y, place, c) for c in codes},
                        "indicators_with_values": found, "indicators": total, "min_share": scores.min_share,
                        "is_example": scores.is_example(y, place)})  # fmt: skip
    return out
