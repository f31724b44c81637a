"""Open data for assessment: published frameworks, their validated values with sources, and the scores."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from madang.assessment.models import Framework, Value
from madang.assessment.scoring import framework_scores
from madang.assessment.selectors import tree_order

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


class ValueFilters(Schema):
    place: str = ""
    year: int | None = None


class ScoreOut(Schema):
    place: str
    year: int
    rank: int | None
    scores: dict[str, float | None]


def _framework(slug: str) -> Framework:
    framework = Framework.objects.select_related("based_on").filter(slug=slug, is_published=True).first()
    if framework is None:
        raise Http404(f"No published framework “{slug}”.")
    return framework


def _out(f: Framework) -> dict[str, Any]:
    return {"slug": f.slug, "name": f.name, "description": f.description, "kind": f.kind, "unit_kind": f.unit_kind,
            "source": f.source, "copy_of": f.based_on.slug if f.based_on else None}  # fmt: skip


@router.get("/frameworks", response=list[FrameworkOut])
def list_frameworks(request: HttpRequest) -> Any:
    return [_out(f) for f in Framework.objects.filter(is_published=True).select_related("based_on").order_by("id")]


@router.get("/frameworks/{slug}", response=FrameworkDetailOut)
def get_framework(request: HttpRequest, slug: str) -> Any:
    framework = _framework(slug)
    nodes = list(framework.nodes.select_related("parent", "denominator"))
    ordered = [n for n, _ in tree_order(nodes)] + [n for n in nodes if n.kind == "denominator"]
    return {**_out(framework), "method": framework.spec, "nodes": [{
        "code": n.code, "name": n.name, "kind": n.kind, "level": n.level, "parent": n.parent.code if n.parent else None,
        "weight": n.weight, "direction": n.direction, "unit": n.unit,
        "denominator": n.denominator.code if n.denominator else None,
    } for n in ordered]}  # fmt: skip


@router.get("/frameworks/{slug}/values", response=list[ValueOut])
@paginate(Paging)
def list_values(request: HttpRequest, slug: str, filters: Query[ValueFilters]) -> Any:
    framework = _framework(slug)
    values = Value.objects.filter(node__framework=framework.data, status=Value.Status.VALIDATED)
    if filters.place:
        values = values.filter(place__slug=filters.place)
    if filters.year is not None:
        values = values.filter(year=filters.year)
    return Mapped(values.select_related("place", "node").order_by("place__slug", "node__order", "year", "id"),
                  lambda v: {"place": v.place.slug, "indicator": v.node.code, "year": v.year, "value": v.value,
                             "source": v.source, "source_date": v.source_date.isoformat()})  # fmt: skip


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
        for place in scores.units(y):
            out.append({"place": place, "year": y, "rank": scores.rank(y, place, code) if code else None,
                        "scores": {c: scores.score(y, place, c) for c in codes}})  # fmt: skip
    return out
