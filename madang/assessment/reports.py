"""What the place, benchmark and plan pages show, built from engines.composite's scores (scoring.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from madang.core.models import Place

from .models import ActionPlan, Framework, Node, Target, Value
from .regions import REGION_NAMES, region, similar_size
from .scoring import FrameworkScores, framework_scores, rank_intervals
from .selectors import tree_order


@dataclass
class NodeRow:
    node: Node
    depth: int
    scores: list[float | None]  # per year, oldest first
    raw: list[float | None]
    rank: int | None  # in the latest year
    n_units: int

    @property
    def latest(self) -> float | None:
        return next((s for s in reversed(self.scores) if s is not None), None)


@dataclass
class PeerRank:
    label: str
    rank: int
    n: int


@dataclass
class Mark:
    node: Node
    rank: int
    value: float | None
    score: float | None


@dataclass
class PlaceReport:
    framework: Framework
    place: Place
    scores: FrameworkScores
    years: list[int]
    rows: list[NodeRow] = field(default_factory=list)
    index: NodeRow | None = None
    peer_ranks: list[PeerRank] = field(default_factory=list)
    strengths: list[Mark] = field(default_factory=list)
    weaknesses: list[Mark] = field(default_factory=list)

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None


def _rank_among(scores: FrameworkScores, year: int, code: str, slug: str, units: list[str]) -> int:
    mine = scores.score(year, slug, code)
    others = [scores.score(year, u, code) for u in units]
    return 1 + sum(1 for s in others if s is not None and mine is not None and s > mine)


def peer_groups(place: Place, candidates: dict[str, Place]) -> list[tuple[str, list[str]]]:
    """(label, unit slugs) for the groups the place is compared within: its sub-region and, for cities, size."""
    reg, sub = region(place)
    groups = [(_("in %(region)s") % {"region": REGION_NAMES.get(sub, sub)},
               [s for s, p in candidates.items() if region(p)[1] == sub])]  # fmt: skip
    if place.kind == Place.Kind.CITY and place.population:
        groups.append((_("among cities of similar size (half to twice the population)"),
                       [s for s, p in candidates.items() if similar_size(p.population, place.population)]))  # fmt: skip
    return groups


def place_report(*, framework: Framework, place: Place) -> PlaceReport:
    scores = framework_scores(framework=framework)
    years = [y for y in scores.years if (y, place.slug) in (scores.scores.index if scores.scores is not None else [])]
    report = PlaceReport(framework=framework, place=place, scores=scores, years=years)
    if not years:
        return report
    latest = years[-1]
    n_units = len(scores.units(latest))
    for node, depth in tree_order(scores.nodes):
        row = NodeRow(
            node=node, depth=depth, scores=[scores.score(y, place.slug, node.code) for y in years],
            raw=[scores.raw_value(y, place.slug, node.code) for y in years],
            rank=scores.rank(latest, place.slug, node.code), n_units=n_units,
        )  # fmt: skip
        report.rows.append(row)
        if depth == 0 and report.index is None:
            report.index = row
    code = scores.index_code
    if code and report.index and report.index.latest is not None:
        units = {u: scores.places[u] for u in scores.units(latest) if u in scores.places}
        for label, members in peer_groups(place, units):
            if len(members) > 1:
                report.peer_ranks.append(PeerRank(label, _rank_among(scores, latest, code, place.slug, members),
                                                  len(members)))  # fmt: skip
    by_code = {n.code: n for n in scores.nodes}
    if scores.strengths is not None and not scores.strengths.empty:
        table = scores.strengths
        mine = table[(table["uCode"] == place.slug) & (table["Time"] == latest)] if "Time" in table else table
        for rec in mine.sort_values("position").to_dict("records"):
            found = by_code.get(rec["iCode"])
            if found is None:
                continue
            node = found
            mark = Mark(node, int(rec["rank"]), _num(rec.get("value")), scores.score(latest, place.slug, node.code))
            (report.strengths if rec["kind"] == "strength" else report.weaknesses).append(mark)
    return report


def _num(x: Any) -> float | None:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


# ---------------------------------------------------------------- benchmark
@dataclass
class BenchmarkColumn:
    place: Place
    rank: int | None
    interval: tuple[float, float, float] | None  # median, p05, p95 of the index rank


@dataclass
class Benchmark:
    framework: Framework
    year: int | None
    years: list[int]
    columns: list[BenchmarkColumn]
    rows: list[tuple[Node, int, list[float | None]]]
    n_units: int
    n_replications: int


def benchmark(*, framework: Framework, slugs: list[str], year: int | None, n_replications: int = 200) -> Benchmark:
    scores = framework_scores(framework=framework)
    year = year if year in scores.years else (scores.years[-1] if scores.years else None)
    chosen = [s for s in dict.fromkeys(slugs) if year is not None and s in scores.units(year) and s in scores.places]
    code = scores.index_code
    intervals = rank_intervals(framework=framework, year=year, n_replications=n_replications) if year else None
    columns = []
    for slug in chosen:
        interval = None
        if intervals is not None and slug in intervals.index:
            cells: list[Any] = [intervals.at[slug, c] for c in ("median", "p05", "p95")]
            interval = (float(cells[0]), float(cells[1]), float(cells[2]))
        rank = scores.rank(year, slug, code) if code and year is not None else None
        columns.append(BenchmarkColumn(scores.places[slug], rank, interval))
    rows = [
        (node, depth, [scores.score(year, c.place.slug, node.code) for c in columns])
        for node, depth in tree_order(scores.nodes)
    ] if year is not None else []  # fmt: skip
    return Benchmark(framework, year, scores.years, columns, rows, len(scores.units(year)) if year else 0,
                     n_replications)  # fmt: skip


# ---------------------------------------------------------------- plans
@dataclass
class TargetProgress:
    target: Target
    latest_year: int | None
    latest: float | None
    share: float | None  # of the way from the baseline to the target, 0-1 (can exceed 1 or go below 0)
    on_track: bool | None  # against a straight line from the baseline year to the target year


def plan_progress(*, plan: ActionPlan) -> list[TargetProgress]:
    out = []
    for t in plan.targets.select_related("node").order_by("target_year", "id"):
        value = (
            Value.objects.filter(node__framework=plan.framework.data, node__code=t.node.code, place=plan.city,
                                 status=Value.Status.VALIDATED)
            .order_by("-year").first()
        )  # fmt: skip
        share = on_track = None
        if value is not None and t.target != t.baseline:
            share = (value.value - t.baseline) / (t.target - t.baseline)
            span = max(1, t.target_year - t.baseline_year)
            expected = min(1.0, max(0.0, (value.year - t.baseline_year) / span))
            on_track = share >= expected
        out.append(TargetProgress(t, value.year if value else None, value.value if value else None, share, on_track))
    return out


def median_score(scores: FrameworkScores, year: int, code: str, units: list[str]) -> float | None:
    values = [s for s in (scores.score(year, u, code) for u in units) if s is not None]
    return statistics.median(values) if values else None

