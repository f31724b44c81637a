"""Gap analysis (a place's weakest indicators, what peers did about them, solutions on offer) and the network view."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count

from engines.search import Query
from madang.catalogue.models import Initiative, Outcome
from madang.core.i18n import current_language
from madang.core.models import Network, Place
from madang.matching.models import Match, Need, Solution
from madang.pilots.models import Pilot

from .models import Framework, Node
from .regions import SIZE_NAMES, SMALL_AND_MEDIUM, region, size_band
from .reports import Mark, median_score, peer_groups, place_report
from .scoring import framework_scores

ENGINE_LANG = {"zh-hans": "zh"}
# Looked at on the demo catalogue, not tuned (there is no evaluation set for gaps): the same relative cut-off as the
# catalogue search box, and a cosine between an indicator's name and an outcome's that related phrasings reach.
RELEVANCE_RELATIVE = 0.6
RELEVANCE_FLOOR = 0.12
OUTCOME_SIMILARITY = 0.45


@dataclass
class Suggestion:
    obj: Any  # Initiative or Solution
    score: float
    peer: bool = False  # an initiative in one of the place's peer cities
    improved: list[Outcome] = field(default_factory=list)  # its outcomes that moved the right way
    explanation: Any = None


@dataclass
class Gap:
    mark: Mark
    n_units: int
    peer_median: float | None  # None when fewer than two peers have a score
    initiatives: list[Suggestion] = field(default_factory=list)
    solutions: list[Suggestion] = field(default_factory=list)
    n_peers: int = 0  # peers with a score on the indicator
    example: bool = False  # the figures rest on invented example values


def _weakest(framework: Framework, place: Place, n: int) -> tuple[list[Mark], int, list[str], int | None]:
    report = place_report(framework=framework, place=place)
    year = report.latest_year
    if year is None or not report.scored:
        return [], 0, [], None  # too little data to call anything a gap
    marks = list(report.weaknesses)
    if not marks:  # a single unit, or ties everywhere: the lowest scores are the gaps
        rows = [r for r in report.rows if r.node.kind == Node.Kind.INDICATOR and r.latest is not None]
        rows.sort(key=lambda r: r.latest)  # type: ignore[arg-type, return-value]
        marks = [Mark(r.node, r.rank or 0, r.raw[report.years.index(year)], r.latest) for r in rows[:n]]
    units = report.scores.scored(year)
    places = {u: report.scores.places[u] for u in units if u in report.scores.places and u != place.slug}
    peers = sorted({s for _, members in peer_groups(place, places) for s in members})
    return marks[:n], len(units), peers, year


def _query(node: Node) -> Query:
    title, text = node.title, node.explanation
    lang = ENGINE_LANG.get(title.language, title.language)
    return Query(text=text.text or title.text, title=title.text, lang=lang, domain=node.domain)


def _relevant(results: list[Any]) -> list[Any]:
    """Results close enough to the best one to be about the same thing (as the catalogue search box keeps them)."""
    if not results:
        return []
    cutoff = max(RELEVANCE_FLOOR, RELEVANCE_RELATIVE * results[0].score)
    return [r for r in results if r.score >= cutoff]


def _improvements(node: Node, initiatives: list[Initiative]) -> dict[int, list[Outcome]]:
    """Outcomes that moved the right way on something close in meaning to the indicator (an outcome about tourist
    nights says nothing about seniors online, however much it grew)."""
    from madang.matching.search import embed

    measured = [
        (i.pk, o) for i in initiatives for o in i.outcomes.all()
        if o.baseline is not None and o.result is not None and (o.result - o.baseline) * node.direction > 0
    ]  # fmt: skip
    if not measured:
        return {}
    vectors = embed([node.title.text, *[o.indicator for _, o in measured]])
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    similarity = vectors[1:] @ vectors[0]
    out: dict[int, list[Outcome]] = defaultdict(list)
    for (pk, outcome), sim in zip(measured, similarity, strict=True):
        if sim >= OUTCOME_SIMILARITY:
            out[pk].append(outcome)
    return out


def place_gaps(*, framework: Framework, place: Place, n: int = 3, k: int = 4) -> list[Gap]:
    """For each of the place's weakest indicators: the peer median, initiatives about the same thing (those with a
    related measured improvement first, then peer cities') and open solutions, found by cross-lingual search on the
    indicator's wording."""
    from madang.matching.search import engine_get

    marks, n_units, peers, year = _weakest(framework, place, n)
    if not marks or year is None:
        return []
    scores = framework_scores(framework=framework)
    engine = engine_get()
    peer_cities = set(peers) if framework.unit_kind == Place.Kind.CITY else set()
    gaps = []
    for mark in marks:
        query = _query(mark.node)
        found = _relevant(engine.search(query, k=30, filters={"kind": "initiative"}))
        ids = [int(r.id.split(":")[1]) for r in found]
        objects = Initiative.objects.filter(pk__in=ids, is_published=True).exclude(city=place).select_related("city")
        by_id = {i.pk: i for i in objects.prefetch_related("outcomes", "translations")}
        improved = _improvements(mark.node, list(by_id.values()))
        suggestions = [
            Suggestion(by_id[pk], r.score, by_id[pk].city.slug in peer_cities, improved.get(pk, []))
            for r in found if (pk := int(r.id.split(":")[1])) in by_id
        ]  # fmt: skip
        suggestions.sort(key=lambda s: (not s.improved, not s.peer, -s.score))
        solutions = []
        for r in _relevant(engine.search(query, k=k, filters={"kind": "solution"})):
            solution = Solution.objects.filter(pk=int(r.id.split(":")[1]), is_published=True).first()
            if solution is not None:
                solutions.append(Suggestion(solution, r.score, explanation=engine.explain(query, r.id, fit=r.fit)))
        n_peers = sum(1 for u in peers if scores.score(year, u, mark.node.code) is not None)
        gaps.append(Gap(mark, mark.n or n_units, median_score(scores, year, mark.node.code, peers), suggestions[:k],
                        solutions, n_peers, scores.is_example(year, place.slug)))  # fmt: skip
    return gaps


def gap_need_initial(*, framework: Framework, place: Place, node: Node) -> dict[str, Any]:
    """Pre-filled fields for a draft need that answers a gap, in the reader's language."""
    from django.utils.translation import gettext as _

    report = place_report(framework=framework, place=place)
    row = next((r for r in report.rows if r.node.pk == node.pk), None)
    where = place.display_name().text
    facts = []
    if row is not None and row.latest is not None and report.latest_year is not None:
        facts.append(_("In %(year)s %(place)s scored %(score).1f on “%(indicator)s” in “%(framework)s”%(rank)s.") % {
            "year": report.latest_year, "place": where, "score": row.latest, "indicator": node.title.text,
            "framework": framework.title.text,
            "rank": (_(", rank %(rank)d of %(n)d") % {"rank": row.rank, "n": row.n_units}) if row.rank else "",
        })  # fmt: skip
        if report.example:
            facts.append(_("Example data: these figures are invented for the demo, not measurements."))
    if node.explanation.text:
        facts.append(node.explanation.text)
    return {
        "title": _("Improve “%(indicator)s” in %(place)s") % {"indicator": node.title.text, "place": where},
        "description": "\n\n".join(facts),
        "domain": node.domain,
        "language": current_language(),
    }


# ---------------------------------------------------------------- network view
@dataclass
class Tally:
    cities: int = 0
    needs: int = 0
    open_needs: int = 0
    pilots: int = 0
    matches: int = 0
    gaps: int = 0
    cities_with_support: int = 0


@dataclass
class NetworkOverview:
    network: Network
    by_domain: dict[str, Tally]
    by_region: dict[str, Tally]
    by_size: dict[str, Tally]
    left_behind: list[tuple[Place, list[Node], bool]]  # small and medium cities with gaps and no support; example?
    n_cities: int
    example: bool = False  # some gaps rest on invented example values


def network_overview(*, network: Network) -> NetworkOverview:
    cities = list(
        Place.objects.filter(kind=Place.Kind.CITY, organisations__memberships__network=network)
        .distinct().select_related("parent")
    )  # fmt: skip
    ids = [c.pk for c in cities]
    needs = Counter(dict(Need.objects.filter(city__in=ids).values_list("city").annotate(n=Count("id"))))
    open_needs = Counter(dict(Need.objects.filter(city__in=ids).exclude(status__in=["draft", "closed"])
                              .values_list("city").annotate(n=Count("id"))))  # fmt: skip
    pilots = Counter(dict(Pilot.objects.filter(city__in=ids).values_list("city").annotate(n=Count("id"))))
    matches = Counter(dict(Match.objects.filter(need__city__in=ids).values_list("need__city").annotate(n=Count("id"))))
    domain_needs = Counter(dict(Need.objects.filter(city__in=ids).values_list("domain").annotate(n=Count("id"))))
    gaps: dict[int, list[Node]] = defaultdict(list)
    examples: set[int] = set()
    for framework in Framework.objects.filter(is_published=True, unit_kind=Place.Kind.CITY):
        scores = framework_scores(framework=framework)
        for city in cities:
            marks, _n, _peers, year = _weakest(framework, city, 3)
            gaps[city.pk].extend(mark.node for mark in marks)
            if marks and year is not None and scores.is_example(year, city.slug):
                examples.add(city.pk)
    by_domain: dict[str, Tally] = defaultdict(Tally)
    for domain, n in domain_needs.items():
        by_domain[domain].needs = n
    for nodes in gaps.values():
        for node in nodes:
            by_domain[node.domain or ""].gaps += 1
    by_region: dict[str, Tally] = defaultdict(Tally)
    by_size: dict[str, Tally] = defaultdict(Tally)
    left_behind = []
    for city in cities:
        supported = needs[city.pk] + pilots[city.pk] + matches[city.pk] > 0
        band = size_band(city.population)
        for tally in (by_region[region(city)[1]], by_size[band]):
            tally.cities += 1
            tally.needs += needs[city.pk]
            tally.open_needs += open_needs[city.pk]
            tally.pilots += pilots[city.pk]
            tally.matches += matches[city.pk]
            tally.gaps += len(gaps[city.pk])
            tally.cities_with_support += supported
        if band in SMALL_AND_MEDIUM and gaps[city.pk] and not supported:
            left_behind.append((city, gaps[city.pk], city.pk in examples))
    order = [*SIZE_NAMES]
    return NetworkOverview(
        network=network, by_domain=dict(sorted(by_domain.items())), by_region=dict(sorted(by_region.items())),
        by_size={k: by_size[k] for k in order if k in by_size}, left_behind=left_behind, n_cities=len(cities),
        example=bool(examples),
    )  # fmt: skip
