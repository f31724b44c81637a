"""A pilot's report: success criteria against results, segments, tasks, iterations and comment themes."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from engines.stats import Interval, Outcome, UsabilityReport, adjusted_wald, mean_ci
from engines.stats import TaskResult as StatsResult
from engines.stats.themes import CommentThemes
from engines.stats.usability import ALL, SegmentResult, Sessions

from .models import Pilot, Questionnaire, SuccessCriterion, TaskResult, Tester

VULNERABLE_AGE = ("65_74", "75_plus")
VULNERABLE_SKILL = ("1", "2")
WITH_NEEDS = "with_needs"


@dataclass
class TesterRow:
    code: str
    age_band: str
    digital_skill: int
    has_needs: bool
    iteration: int


@dataclass
class CriterionResult:
    criterion: SuccessCriterion
    value: float | None
    low: float | None
    high: float | None
    met: bool | None  # None: no data yet
    confident: bool  # the whole interval is on the right side of the target


@dataclass
class TaskRow:
    task_id: int
    title: str
    attempts: int
    completion: Interval
    unaided: Interval
    median_seconds: float | None
    ease: float | None


@dataclass
class ThemeRow:
    keywords: tuple[str, ...]
    count: int
    examples: list[str]


@dataclass
class Segmentation:
    key: str
    title: str
    labels: dict[str, str]
    report: UsabilityReport

    def rows(self) -> list[tuple[str, SegmentResult]]:
        segments = self.report.segments_
        return [(self.labels.get(name, name), s) for name, s in segments.items() if name != ALL]


@dataclass
class PilotReport:
    pilot: Pilot
    n_testers: int = 0
    n_results: int = 0
    overall: SegmentResult | None = None
    segmentations: list[Segmentation] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)
    satisfaction: Interval | None = None
    themes: list[ThemeRow] = field(default_factory=list)
    themes_waiting: int = 0  # comments not embedded yet, so not in a theme yet
    raw: tuple[dict[int, TesterRow], list[tuple[Any, ...]], dict[int, tuple[int, ...]]] = ({}, [], {})


def _labels() -> dict[str, dict[str, str]]:
    return {
        "age_band": {str(v): str(label) for v, label in Tester.AgeBand.choices},
        "digital_skill": {str(n): _("digital skill %(n)s of 5") % {"n": n} for n in range(1, 6)},
        "needs": {WITH_NEEDS: _("with accessibility needs"), "none": _("no accessibility needs stated")},
        "iteration": {},
    }


def pilot_rows(pilot: Pilot) -> tuple[dict[int, TesterRow], list[tuple[Any, ...]], dict[int, tuple[int, ...]]]:
    testers = {
        pk: TesterRow(code, age, skill, bool(needs), iteration)
        for pk, code, age, skill, needs, iteration in Tester.objects.filter(pilot=pilot).values_list(
            "pk", "code", "age_band", "digital_skill", "accessibility_needs", "iteration"
        )
    }
    results = list(
        TaskResult.objects.filter(tester__pilot=pilot)
        .order_by("tester_id", "task_id")
        .values_list("tester_id", "task_id", "outcome", "seconds", "errors", "assists", "ease")
    )
    sus = {pk: tuple(a) for pk, a in Questionnaire.objects.filter(tester__pilot=pilot).values_list("tester_id", "sus")}
    return testers, results, sus


def segment_of(t: TesterRow, by: str) -> str:
    if by == "age_band":
        return t.age_band
    if by == "digital_skill":
        return str(t.digital_skill)
    if by == "needs":
        return WITH_NEEDS if t.has_needs else "none"
    return str(t.iteration)


def pilot_sessions(testers: dict[int, TesterRow], results: list[tuple[Any, ...]], sus: dict[int, tuple[int, ...]]
              ) -> tuple[Sessions, list[TesterRow]]:  # fmt: skip
    """The results as columns (segmented by age band), and each result's tester for re-segmenting."""
    seen: set[int] = set()
    answers: list[tuple[int, ...] | None] = []
    for tester_id, *_rest in results:
        answers.append(sus.get(tester_id) if tester_id not in seen else None)
        seen.add(tester_id)
    who = [testers[r[0]] for r in results]
    data = Sessions.from_columns(
        tester_ids=[t.code for t in who], task_ids=[str(r[1]) for r in results], outcomes=[r[2] for r in results],
        seconds=[r[3] for r in results], assists=[r[5] for r in results], sus=answers,
        segments=[t.age_band for t in who],
    )  # fmt: skip
    return data, who


def session_rows(report: PilotReport) -> list[StatsResult]:
    """One row per tester x task with the SUS answers on the tester's first row (the stats CLI's format)."""
    testers, results, sus = report.raw
    rows, seen = [], set()
    for tester_id, task_id, outcome, seconds, errors, assists, _ease in results:
        t = testers[tester_id]
        rows.append(StatsResult(
            tester_id=t.code, segment=t.age_band, task_id=str(task_id), outcome=Outcome(outcome),
            seconds=seconds, errors=errors, assists=assists, sus=sus.get(tester_id) if tester_id not in seen else None,
        ))  # fmt: skip
        seen.add(tester_id)
    return rows


def _criterion(c: SuccessCriterion, report: UsabilityReport | None) -> CriterionResult:
    s = report.segments_.get(c.segment or ALL) if report else None
    value = low = high = None
    if s is not None:
        if c.metric in ("unaided_rate", "completion_rate"):
            iv = s.unaided if c.metric == "unaided_rate" else s.completion
            value, low, high = iv.estimate * 100, iv.low * 100, iv.high * 100
        elif c.metric == "sus_mean" and s.sus is not None:
            value, low, high = s.sus.estimate, s.sus.low, s.sus.high
        elif c.metric == "needed_help_share":
            value = s.needed_help_share * 100
        elif c.metric == "median_seconds":
            value = s.median_seconds
    if value is None:
        return CriterionResult(c, None, None, None, None, False)
    ge = c.comparator == SuccessCriterion.Comparator.AT_LEAST
    met = value >= c.target if ge else value <= c.target
    bound = low if ge else high
    confident = bound is not None and bound == bound and (bound >= c.target if ge else bound <= c.target)
    return CriterionResult(c, value, low, high, met, confident)


def report_build(*, pilot: Pilot, themes: bool = True, examples: bool = False) -> PilotReport:
    """Everything the report page, the CSV and the PDF show. `examples`: quote comments (not in public reports)."""
    report = PilotReport(pilot=pilot)
    testers, results, sus = report.raw = pilot_rows(pilot)
    labels = _labels()
    report.n_testers, report.n_results = len({r[0] for r in results}), len(results)
    titles = {
        "age_band": _("By age band"), "digital_skill": _("By self-rated digital skill"),
        "needs": _("By accessibility needs"), "iteration": _("By iteration"),
    }  # fmt: skip
    vulnerable = {
        "age_band": VULNERABLE_AGE,
        "digital_skill": VULNERABLE_SKILL,
        "needs": (WITH_NEEDS,),
        "iteration": (),
    }
    by_age: UsabilityReport | None = None
    fitted: UsabilityReport | None
    data, who = pilot_sessions(testers, results, sus) if results else (None, [])
    if data is not None:
        for by in ("age_band", "digital_skill", "needs", "iteration"):
            if by == "iteration" and pilot.iteration == 1 and not pilot.changes.exists():
                continue
            segmented = data if by == "age_band" else data.with_segments([segment_of(t, by) for t in who])
            fitted = UsabilityReport(vulnerable=vulnerable[by]).fit(segmented)
            if by == "age_band":
                by_age, report.overall = fitted, fitted.segments_[ALL]
            iteration_labels = {str(n): _("iteration %(n)s") % {"n": n} for n in range(1, pilot.iteration + 1)}
            seg_labels = iteration_labels if by == "iteration" else labels[by]
            report.segmentations.append(Segmentation(by, titles[by], seg_labels, fitted))
    report.tasks = _task_rows(pilot, results)
    per_task: dict[int, UsabilityReport | None] = {}
    for c in pilot.criteria.select_related("task"):
        fitted = by_age
        if c.task_id is not None and data is not None:
            if c.task_id not in per_task:
                mask = np.asarray(data.task_ids) == str(c.task_id)
                per_task[c.task_id] = UsabilityReport().fit(data.only(mask)) if mask.any() else None
            fitted = per_task[c.task_id]
        report.criteria.append(_criterion(c, fitted))
    rated = Questionnaire.objects.filter(tester__pilot=pilot, satisfaction__isnull=False)
    scores = [float(s) for s in rated.values_list("satisfaction", flat=True) if s is not None]
    report.satisfaction = mean_ci(scores) if scores else None
    if themes:
        report.themes, report.themes_waiting = comment_themes(pilot=pilot, examples=examples)
    return report


def _task_rows(pilot: Pilot, results: list[tuple[Any, ...]]) -> list[TaskRow]:
    by_task: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for r in results:
        by_task[r[1]].append(r)
    rows = []
    for task in pilot.tasks.all():
        mine = by_task.get(task.pk, [])
        if not mine:
            continue
        done = [r for r in mine if r[2] in ("unaided", "helped")]
        times = [r[3] for r in done if r[3]]
        eases = [r[6] for r in mine if r[6] is not None]
        rows.append(TaskRow(
            task.pk, task.title, len(mine), adjusted_wald(len(done), len(mine)),
            adjusted_wald(sum(r[2] == "unaided" for r in mine), len(mine)),
            statistics.median(times) if times else None, statistics.fmean(eases) if eases else None,
        ))  # fmt: skip
    return rows


def comment_themes(*, pilot: Pilot, examples: bool) -> tuple[list[ThemeRow], int]:
    """Comments grouped by meaning with the matching engine's multilingual embeddings, and how many comments are
    still waiting for theirs. Embedding is the job worker's (comment_vectors_embed): a report page never runs the
    encoder; comments not embedded yet are counted and grouped on a later visit."""
    written = Questionnaire.objects.filter(tester__pilot=pilot).exclude(comments="")
    qs = list(written.only("pk", "comments", "comment_vector").order_by("pk"))
    waiting = sum(q.comment_vector is None for q in qs)
    if waiting:
        comment_vectors_schedule(pilot=pilot)
    qs = [q for q in qs if q.comment_vector is not None]
    if not qs:
        return [], waiting
    matrix = np.vstack([np.frombuffer(bytes(q.comment_vector), dtype=np.float32) for q in qs])  # type: ignore[arg-type]
    fitted = CommentThemes(random_state=pilot.pk).fit([q.comments for q in qs], matrix)
    themes = [
        ThemeRow(t.keywords, len(t.members), [qs[i].comments for i in t.members[:2]] if examples else [])
        for t in fitted.themes_
    ]
    return themes, waiting


def comment_vectors_schedule(*, pilot: Pilot) -> None:
    """Ask the worker to embed this pilot's new comments, unless a job for it is already waiting (a busy report page
    must not fill the queue)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from madang.core.jobs import enqueue_on_commit

    from .tasks import embed_comments

    if isinstance(embed_comments.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.ready().filter(task_path__endswith=".embed_comments")
        if any(r.args_kwargs.get("kwargs", {}).get("pilot_id") == pilot.pk for r in waiting.only("args_kwargs")):
            return
    enqueue_on_commit(embed_comments, pilot_id=pilot.pk)


def comment_vectors_embed(*, pilot_id: int) -> int:
    """The job: embed the pilot's comments that have no vector yet (stored once per comment); returns how many."""
    from madang.matching.search import embed

    missing = list(
        Questionnaire.objects.filter(tester__pilot_id=pilot_id, comment_vector__isnull=True)
        .exclude(comments="")
        .only("pk", "comments")
    )
    if not missing:
        return 0
    vectors = embed([q.comments for q in missing])
    for q, v in zip(missing, vectors, strict=True):
        q.comment_vector = np.asarray(v, dtype=np.float32).tobytes()
    Questionnaire.objects.bulk_update(missing, ["comment_vector"], batch_size=500)
    return len(missing)


def _pct(iv: Interval | None) -> str:
    if iv is None:
        return ""
    if iv.low != iv.low:
        return f"{iv.estimate * 100:.0f}%"
    return f"{iv.estimate * 100:.0f}% ({iv.low * 100:.0f}-{iv.high * 100:.0f})"


def _num(x: float | None, fmt: str = "{:.1f}") -> str:
    return "" if x is None or x != x else fmt.format(x)


def labelled_tables(report: PilotReport) -> dict[str, dict[str, Any]]:
    """The report's tables as labelled text rows, for the PDF (the page renders the same data with its markup)."""
    yes, no, pending = _("met"), _("not met"), _("no data yet")
    criteria = {
        "head": [_("Criterion"), _("Target"), _("Result (95% interval)"), _("Verdict")],
        "body": [
            [
                " · ".join(
                    str(x) for x in (c.criterion.get_metric_display(),
                                     c.criterion.task.title if c.criterion.task else _("all tasks"),
                                     _labels()["age_band"].get(c.criterion.segment, _("all testers"))) if x
                ),
                f"{c.criterion.get_comparator_display()} {c.criterion.target:g}",
                "" if c.value is None else (
                    f"{c.value:.1f}" + (f" ({c.low:.1f}-{c.high:.1f})" if c.low is not None and c.low == c.low else "")
                ),
                pending if c.met is None else (yes if c.met else no),
            ]
            for c in report.criteria
        ],
    }  # fmt: skip
    head = [_("Group"), _("Testers"), _("SUS (95% interval)"), _("Completed"), _("Unaided"), _("Needed help"),
            _("Median time (s)")]  # fmt: skip
    body = []
    for seg in report.segmentations:
        for label, s in seg.rows():
            sus = (
                ""
                if s.sus is None
                else _num(s.sus.estimate) + (f" ({s.sus.low:.1f}-{s.sus.high:.1f})" if s.sus.low == s.sus.low else "")
            )
            flag = " ⚠" if s.flagged else ""
            body.append([f"{seg.title}: {label}{flag}", s.n_testers, sus, _pct(s.completion), _pct(s.unaided),
                         f"{s.needed_help_share * 100:.0f}%", _num(s.median_seconds, "{:.0f}")])  # fmt: skip
    tasks = {
        "head": [_("Task"), _("Attempts"), _("Completed"), _("Unaided"), _("Median time (s)"), _("Ease (SEQ, 1-7)")],
        "body": [[t.title, t.attempts, _pct(t.completion), _pct(t.unaided), _num(t.median_seconds, "{:.0f}"),
                  _num(t.ease)] for t in report.tasks],
    }  # fmt: skip
    changes = {
        "head": [_("Iteration"), _("What changed")],
        "body": [[c.iteration, c.description] for c in report.pilot.changes.all()],
    }
    return {"criteria": criteria, "segments": {"head": head, "body": body}, "tasks": tasks, "changes": changes}
