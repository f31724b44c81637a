"""Madang's bridge to engines.composite: iData and iMeta from the database, scores cached per state of the data.

Only validated values count. Units are places (uCode = slug) and years (Time), so one run scores every year on one
scale (the engine normalises a panel across time) and ranks within each year. Region and size band are always
available as group columns for imputation, besides the framework's own `unit_groups`. The framework's
data-availability rule (quality.min_share, COINr's two thirds unless its method says otherwise) goes to the
engine's aggregation, so a place with too few values has no score there rather than one resting on a single value.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Max, Q

from engines.composite import CompositeError, CompositeIndex, UncertaintyAnalysis

from .models import Framework, Node, Value
from .quality import min_share, scoring_spec
from .regions import region, size_band

TYPE = {Node.Kind.INDICATOR: "Indicator", Node.Kind.AGGREGATE: "Aggregate", Node.Kind.DENOMINATOR: "Denominator"}
GROUP_COLUMNS = ("region", "subregion", "size_band")
CACHE_SECONDS = 3600
MIN_RANKED = 2  # places with a score in a year for that year to be ranked ("rank 1 of 1" ranks nothing)


@dataclass
class FrameworkScores:
    framework: Framework
    nodes: list[Node]
    places: dict[str, Any]  # slug -> Place
    years: list[int] = field(default_factory=list)
    scores: pd.DataFrame | None = None  # index (Time, uCode), a column per code
    ranks: pd.DataFrame | None = None
    raw: pd.DataFrame | None = None  # the validated values, same index, indicators and denominators
    strengths: pd.DataFrame | None = None  # the engine's long table: uCode, Time, kind, position, iCode, rank, value
    problems: list[str] = field(default_factory=list)
    idata: pd.DataFrame | None = None  # the engine's inputs, kept for the uncertainty analysis
    imeta: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None  # same index, per code: how many indicators beneath it have a value
    n_indicators: dict[str, int] = field(default_factory=dict)  # per code: how many indicators are beneath it
    examples: set[tuple[int, str]] = field(default_factory=set)  # (year, slug) resting on invented example values
    min_share: float | None = None  # the data-availability rule the scores follow

    @property
    def index_code(self) -> str | None:
        roots = [n for n in self.nodes if n.parent_id is None and n.kind != Node.Kind.DENOMINATOR]
        return max(roots, key=lambda n: n.level or 0).code if roots else None

    def units(self, year: int) -> list[str]:
        """Places with any validated value in the year (scored or not)."""
        if self.scores is None or year not in self.years:
            return []
        return list(self.scores.loc[year].index)

    def scored(self, year: int, code: str | None = None) -> list[str]:
        """Places with a score for `code` (default: the index) in the year."""
        code = code or self.index_code
        return [u for u in self.units(year) if code and self.score(year, u, code) is not None]

    @property
    def ranked_years(self) -> list[int]:
        return [y for y in self.years if len(self.scored(y)) >= MIN_RANKED]

    @property
    def default_year(self) -> int | None:
        """The latest year with enough scored places to rank, else the latest year with values."""
        ranked = self.ranked_years
        return ranked[-1] if ranked else (self.years[-1] if self.years else None)

    def coverage_of(self, year: int, slug: str, code: str) -> tuple[int, int]:
        """(indicators with a validated value, indicators) beneath `code` for the place and year."""
        found = _cell(self.coverage, year, slug, code)
        return int(found or 0), self.n_indicators.get(code, 0)

    def is_example(self, year: int, slug: str) -> bool:
        return (year, slug) in self.examples

    def score(self, year: int, slug: str, code: str) -> float | None:
        return _cell(self.scores, year, slug, code)

    def rank(self, year: int, slug: str, code: str) -> int | None:
        value = _cell(self.ranks, year, slug, code)
        return None if value is None else int(value)

    def raw_value(self, year: int, slug: str, code: str) -> float | None:
        return _cell(self.raw, year, slug, code)


def _cell(frame: pd.DataFrame | None, year: int, slug: str, code: str) -> float | None:
    if frame is None or code not in frame.columns or (year, slug) not in frame.index:
        return None
    value: Any = frame.at[(year, slug), code]
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def frames(framework: Framework) -> tuple[pd.DataFrame, pd.DataFrame, list[Node], dict[str, Any]]:
    """(iData, iMeta, nodes, places) for the framework's validated values; iData.attrs["examples"] holds the
    (year, slug) pairs with an example value."""
    nodes = list(framework.nodes.select_related("parent", "denominator").order_by("-kind", "level", "order", "id"))
    imeta = pd.DataFrame(
        [
            {
                "Level": n.level, "iCode": n.code, "iName": n.title.text, "Direction": n.direction,
                "Weight": n.weight, "Parent": n.parent.code if n.parent else None, "Type": TYPE[Node.Kind(n.kind)],
                "Denominator": n.denominator.code if n.denominator else None, "Target": n.target, "Unit": n.unit,
            }
            for n in nodes
        ],
        columns=["Level", "iCode", "iName", "Direction", "Weight", "Parent", "Type", "Denominator", "Target", "Unit"],
    )  # fmt: skip
    values = Value.objects.filter(node__framework=framework.data, status=Value.Status.VALIDATED).select_related(
        "place__parent__parent"
    )
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    places: dict[str, Any] = {}
    examples: set[tuple[int, str]] = set()
    for v in values:
        place = places.setdefault(v.place.slug, v.place)
        if v.is_example:
            examples.add((v.year, place.slug))
        row = rows.get((v.year, place.slug))
        if row is None:
            reg, sub = region(place)
            row = rows[(v.year, place.slug)] = {
                "uCode": place.slug, "uName": place.name, "Time": v.year, "region": reg, "subregion": sub,
                "size_band": size_band(place.population),
                **framework.unit_groups.get(place.slug, {}),
            }  # fmt: skip
        row[v.node.code] = v.value
    measured = [n.code for n in nodes if n.kind != Node.Kind.AGGREGATE]
    idata = pd.DataFrame(list(rows.values()))
    for code in measured:
        if code not in idata.columns:
            idata[code] = math.nan
    if not idata.empty:
        idata = idata.sort_values(["Time", "uCode"], kind="stable").reset_index(drop=True)
    idata.attrs["examples"] = examples
    return idata, imeta, nodes, places


def _beneath(nodes: list[Node]) -> dict[str, list[str]]:
    """Per code, the indicator codes at the leaves beneath it (an indicator: itself)."""
    children: dict[int | None, list[Node]] = {}
    for n in nodes:
        if n.kind != Node.Kind.DENOMINATOR:
            children.setdefault(n.parent_id, []).append(n)

    def leaves(node: Node) -> list[str]:
        if node.kind == Node.Kind.INDICATOR:
            return [node.code]
        return [code for child in children.get(node.pk, []) for code in leaves(child)]

    return {n.code: leaves(n) for n in nodes if n.kind != Node.Kind.DENOMINATOR}


def _coverage(raw: pd.DataFrame, beneath: dict[str, list[str]]) -> pd.DataFrame:
    present = raw.notna()
    return pd.DataFrame(
        {code: present[[c for c in codes if c in present.columns]].sum(axis=1) for code, codes in beneath.items()},
        index=raw.index,
    )


def _signature(framework: Framework) -> str:
    state = Value.objects.filter(node__framework=framework.data, status=Value.Status.VALIDATED).aggregate(
        n=Count("id"),
        at=Max("reviewed_at"),
        changed=Max("submitted_at"),
        examples=Count("id", filter=Q(is_example=True)),
    )
    nodes = framework.nodes.aggregate(n=Count("id"), w=Max("weight"))
    raw = f"{framework.pk}|{framework.updated_at}|{state}|{nodes}|{framework.spec}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def framework_scores(*, framework: Framework) -> FrameworkScores:
    """Scores and ranks at every level, every year; computed once per state of the validated data."""
    key = f"assessment:scores:v2:{_signature(framework)}"
    cached = cache.get(key)
    if cached is not None:
        cached.framework = framework
        return cached  # type: ignore[no-any-return]
    idata, imeta, nodes, places = frames(framework)
    beneath = _beneath(nodes)
    result = FrameworkScores(
        framework=framework, nodes=nodes, places=places, idata=idata, imeta=imeta, min_share=min_share(framework),
        examples=idata.attrs.get("examples", set()), n_indicators={code: len(c) for code, c in beneath.items()},
    )  # fmt: skip
    if not idata.empty:
        try:
            model = CompositeIndex(spec=scoring_spec(framework)).fit(idata, imeta)
        except CompositeError as exc:
            result.problems = list(exc.problems)
        else:
            result.scores, result.ranks = model.scores_, model.ranks_
            result.years = sorted({int(t) for t in result.scores.index.get_level_values(0)})
            result.raw = idata.set_index(["Time", "uCode"])
            result.coverage = _coverage(result.raw, beneath)
            # A strength is never where the place is last; a weakness may well be.
            best = model.strengths_weaknesses(n=3, discard_worst=True)
            worst = model.strengths_weaknesses(n=3, discard_worst=False)
            result.strengths = pd.concat([best[best["kind"] == "strength"], worst[worst["kind"] == "weakness"]])
    cache.set(key, result, CACHE_SECONDS)
    return result


def rank_intervals(*, framework: Framework, year: int, n_replications: int = 200) -> pd.DataFrame | None:
    """The index rank's median and 5th-95th percentiles per unit in `year` when every weight varies by +-25% and the
    aggregation may be the arithmetic mean or a less compensatory generalised mean (p = 0.5, which, unlike the
    geometric mean, accepts the zeros that min-max normalisation gives the last unit); cached like the scores."""
    key = f"assessment:ranks:v2:{_signature(framework)}:{year}:{n_replications}"
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    scores = framework_scores(framework=framework)  # cached: the validated values are read once, not again here
    idata, imeta = scores.idata, scores.imeta
    if idata is None or imeta is None or idata.empty:
        return None
    idata = idata[idata["Time"] == year]
    if len(scores.scored(year)) < MIN_RANKED:
        return None
    spec = scoring_spec(framework)
    aggregate = {k: v for k, v in spec["aggregate"].items() if k not in ("method", "p")}
    inputs: list[dict[str, Any]] = [
        {"name": "weights", "kind": "weight_noise", "noise": 0.25},
        {"name": "aggregation", "kind": "choice", "path": "aggregate",
         "options": [{**aggregate, "method": "arithmetic"}, {**aggregate, "method": "generalised", "p": 0.5}]},
    ]  # fmt: skip
    try:
        ua = UncertaintyAnalysis(
            spec=spec, inputs=inputs, n_replications=n_replications, random_state=framework.pk
        ).fit(idata, imeta)
    except CompositeError:
        return None
    summary = ua.rank_summary_.reset_index()
    summary = summary[summary["Time"] == year] if "Time" in summary.columns else summary
    frame = summary.set_index("uCode")[["nominal", "median", "p05", "p95"]]
    cache.set(key, frame, CACHE_SECONDS)
    return frame
