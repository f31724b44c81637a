"""What the place, benchmark and plan pages show, built from engines.composite's scores (scoring.py)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from madang.core.models import Place

from .models import ActionPlan, Framework, Node, Target, Value
from .regions import REGION_NAMES, region, similar_size
from .scoring import MIN_RANKED, FrameworkScores, framework_scores, rank_intervals
from .selectors import tree_order


@dataclass
class NodeRow:
    node: Node
    depth: int
    scores: list[float | None]  # per year, oldest first
    raw: list[float | None]
    rank: int | None  # in the report's year, among the places scored there (None when fewer than two are)
    n_units: int
    coverage: list[tuple[int, int]] = field(default_factory=list)  # per year: (indicators with a value, indicators)
    score: float | None = None  # in the report's year

    @property
    def latest(self) -> float | None:
        """The score in the report's year (a score from an earlier year is not today's)."""
        return self.score

    @property
    def cells(self) -> list[tuple[float | None, tuple[int, int]]]:
        return list(zip(self.scores, self.coverage, strict=True))


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
    n: int = 0  # places ranked on the indicator that year


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
    year: int | None = None  # the latest year the place has an index score, else the latest with values
    coverage: tuple[int, int] = (0, 0)  # the index's (indicators with a validated value, indicators) that year
    example: bool = False  # some figure shown rests on invented example values

    @property
    def latest_year(self) -> int | None:
        return self.year

    @property
    def scored(self) -> bool:
        return self.index is not None and self.index.score is not None

    @property
    def later_years(self) -> list[tuple[int, tuple[int, int]]]:
        """Years after the report's year with values but too few to score: (year, coverage of the index)."""
        if self.index is None or self.year is None:
            return []
        return [(y, c) for y, s, c in zip(self.years, self.index.scores, self.index.coverage, strict=True)
                if y > self.year and s is None]  # fmt: skip


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


def _n_with_value(scores: FrameworkScores, year: int, code: str) -> int:
    return sum(1 for u in scores.units(year) if scores.raw_value(year, u, code) is not None)


def place_report(*, framework: Framework, place: Place) -> PlaceReport:
    scores = framework_scores(framework=framework)
    years = [y for y in scores.years if (y, place.slug) in (scores.scores.index if scores.scores is not None else [])]
    report = PlaceReport(framework=framework, place=place, scores=scores, years=years)
    if not years:
        return report
    code = scores.index_code
    scored_years = [y for y in years if code and scores.score(y, place.slug, code) is not None]
    year = report.year = scored_years[-1] if scored_years else years[-1]
    report.example = any(scores.is_example(y, place.slug) for y in years)
    for node, depth in tree_order(scores.nodes):
        n_scored = len(scores.scored(year, node.code))
        row = NodeRow(
            node=node, depth=depth, scores=[scores.score(y, place.slug, node.code) for y in years],
            raw=[scores.raw_value(y, place.slug, node.code) for y in years],
            rank=scores.rank(year, place.slug, node.code) if n_scored >= MIN_RANKED else None, n_units=n_scored,
            coverage=[scores.coverage_of(y, place.slug, node.code) for y in years],
            score=scores.score(year, place.slug, node.code),
        )  # fmt: skip
        report.rows.append(row)
        if depth == 0 and report.index is None:
            report.index = row
    if code:
        report.coverage = scores.coverage_of(year, place.slug, code)
    if not report.scored or code is None:
        return report  # too little data: no rank, strength or weakness to name
    units = {u: scores.places[u] for u in scores.scored(year) if u in scores.places}
    for label, members in peer_groups(place, units):
        if len(members) >= MIN_RANKED:
            report.peer_ranks.append(PeerRank(label, _rank_among(scores, year, code, place.slug, members),
                                              len(members)))  # fmt: skip
    by_code = {n.code: n for n in scores.nodes}
    if scores.strengths is not None and not scores.strengths.empty:
        table = scores.strengths
        mine = table[(table["uCode"] == place.slug) & (table["Time"] == year)] if "Time" in table else table
        for rec in mine.sort_values("position").to_dict("records"):
            found = by_code.get(rec["iCode"])
            n = _n_with_value(scores, year, rec["iCode"])
            if found is None or n < MIN_RANKED:
                continue  # "rank 1 of 1" is neither a strength nor a weakness
            mark = Mark(found, int(rec["rank"]), _num(rec.get("value")), scores.score(year, place.slug, found.code), n)
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
    example: bool = False
    coverage: tuple[int, int] = (0, 0)


@dataclass
class Benchmark:
    framework: Framework
    year: int | None
    years: list[int]
    columns: list[BenchmarkColumn]
    rows: list[tuple[Node, int, list[float | None]]]
    n_units: int  # places ranked on the index that year
    n_replications: int
    left_out: list[Place] = field(default_factory=list)  # asked for, but not scored that year

    @property
    def example(self) -> bool:
        return any(c.example for c in self.columns)


def benchmark(*, framework: Framework, slugs: list[str], year: int | None, n_replications: int = 200) -> Benchmark:
    scores = framework_scores(framework=framework)
    year = year if year in scores.years else scores.default_year
    ranked = scores.scored(year) if year is not None else []
    asked = [s for s in dict.fromkeys(slugs) if s in scores.places]
    chosen = [s for s in asked if s in ranked]
    code = scores.index_code
    intervals = rank_intervals(framework=framework, year=year, n_replications=n_replications) if year else None
    columns = []
    for slug in chosen:
        interval = None
        if intervals is not None and slug in intervals.index:
            cells: list[Any] = [intervals.at[slug, c] for c in ("median", "p05", "p95")]
            interval = (float(cells[0]), float(cells[1]), float(cells[2]))
        rank = scores.rank(year, slug, code) if code and year is not None and len(ranked) >= MIN_RANKED else None
        columns.append(BenchmarkColumn(scores.places[slug], rank, interval, scores.is_example(year, slug),  # type: ignore[arg-type]
                                       scores.coverage_of(year, slug, code) if code and year else (0, 0)))  # fmt: skip
    rows = [
        (node, depth, [scores.score(year, c.place.slug, node.code) for c in columns])
        for node, depth in tree_order(scores.nodes)
    ] if year is not None else []  # fmt: skip
    return Benchmark(framework, year, scores.years, columns, rows, len(ranked), n_replications,
                     [scores.places[s] for s in asked if s not in ranked])  # fmt: skip


@dataclass
class Peers:
    chosen: list[Place]  # the closest peers, as many as fit
    n_peers: int  # every peer scored that year


def benchmark_peers(*, scores: FrameworkScores, place: Place, year: int, limit: int) -> Peers:
    """The place's peers scored in the year (the same sub-region, or for a city a population between half and
    twice its own), closest first: both, then the same sub-region, then size; nearer in population first."""
    sub = region(place)[1]
    city = place.kind == Place.Kind.CITY

    def key(p: Place) -> tuple[bool, bool, float, str]:
        same, similar = region(p)[1] == sub != "unknown", city and similar_size(p.population, place.population)
        ratio = abs(math.log(p.population / place.population)) if p.population and place.population else math.inf
        return (not (same and similar), not same, ratio, p.display_name().text)

    peers = [
        p for u in scores.scored(year) if u != place.slug and (p := scores.places.get(u)) is not None
        and ((region(p)[1] == sub != "unknown") or (city and similar_size(p.population, place.population)))
    ]  # fmt: skip
    peers.sort(key=key)
    return Peers(peers[:limit], len(peers))


# ---------------------------------------------------------------- plans
@dataclass
class TargetProgress:
    target: Target
    latest_year: int | None
    latest: float | None
    share: float | None  # of the way from the baseline to the target, 0-1 (can exceed 1 or go below 0)
    on_track: bool | None  # against a straight line from the baseline year to the target year
    example: bool = False  # the latest value is invented example data
    wrong_way: bool = False  # the target is no improvement on the baseline in the indicator's direction


def plan_progress(*, plan: ActionPlan) -> list[TargetProgress]:
    """Progress in the indicator's good direction: for "lower is better" a fall is progress."""
    out = []
    for t in plan.targets.select_related("node").order_by("target_year", "id"):
        value = (
            Value.objects.filter(node__framework=plan.framework.data, node__code=t.node.code, place=plan.city,
                                 status=Value.Status.VALIDATED)
            .order_by("-year").first()
        )  # fmt: skip
        share = on_track = None
        needed = (t.target - t.baseline) * t.node.direction
        if value is not None and needed > 0:
            share = (value.value - t.baseline) * t.node.direction / needed
            span = max(1, t.target_year - t.baseline_year)
            expected = min(1.0, max(0.0, (value.year - t.baseline_year) / span))
            on_track = share >= expected
        out.append(TargetProgress(t, value.year if value else None, value.value if value else None, share, on_track,
                                  bool(value and value.is_example), needed <= 0))  # fmt: skip
    return out


def median_score(scores: FrameworkScores, year: int, code: str, units: list[str]) -> float | None:
    """The median of the places' scores; None unless at least two have one (one place has no median)."""
    values = [s for s in (scores.score(year, u, code) for u in units) if s is not None]
    return statistics.median(values) if len(values) >= MIN_RANKED else None
