"""Per-segment usability results for a pilot: SUS, completion, help needed, times, and vulnerable-segment flags."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .intervals import Interval, adjusted_wald, difference_of_proportions, log_mean_ci, mean_ci
from .sus import AVERAGE, sus_grade, sus_score

ALL = "all"


class Outcome(StrEnum):
    UNAIDED = "unaided"
    HELPED = "helped"
    FAILED = "failed"
    ABANDONED = "abandoned"

    @property
    def completed(self) -> bool:
        return self in (Outcome.UNAIDED, Outcome.HELPED)


@dataclass(frozen=True)
class TaskResult:
    tester_id: str
    segment: str
    task_id: str
    outcome: Outcome
    seconds: float | None = None
    errors: int = 0
    assists: int = 0
    sus: tuple[int, ...] | None = None  # the ten answers, given once per tester


@dataclass
class SegmentResult:
    segment: str
    n_testers: int
    sus: Interval | None
    sus_grade: tuple[str, str] | None
    sus_vs_average: float | None
    completion: Interval
    unaided: Interval
    needed_help_share: float
    time: Interval | None
    median_seconds: float | None
    completion_gap: Interval | None = None  # this segment minus all other testers
    flagged: bool = False  # completion interval entirely below the other testers'


@dataclass
class UsabilityReport:
    """`fit(results)` computes `segments_` (a SegmentResult per segment and for "all")."""

    confidence: float = 0.95
    vulnerable: tuple[str, ...] = ()  # segments to flag when they do markedly worse; empty = every segment
    segments_: dict[str, SegmentResult] = field(default_factory=dict)

    def fit(self, results: Iterable[TaskResult]) -> UsabilityReport:
        rows = list(results)
        if not rows:
            raise ValueError("no results")
        by_segment: dict[str, list[TaskResult]] = defaultdict(list)
        for r in rows:
            by_segment[r.segment].append(r)
        self.segments_ = {ALL: self._summarise(ALL, rows)}
        for segment in sorted(by_segment):
            result = self._summarise(segment, by_segment[segment])
            others = [r for r in rows if r.segment != segment]
            if others:
                mine_done = sum(r.outcome.completed for r in by_segment[segment])
                other_done = sum(r.outcome.completed for r in others)
                result.completion_gap = difference_of_proportions(
                    mine_done, len(by_segment[segment]), other_done, len(others), self.confidence
                )
                rest = adjusted_wald(other_done, len(others), self.confidence)
                watched = not self.vulnerable or segment in self.vulnerable
                result.flagged = watched and result.completion.entirely_below(rest)
            self.segments_[segment] = result
        return self

    def _summarise(self, segment: str, rows: Sequence[TaskResult]) -> SegmentResult:
        testers = {r.tester_id for r in rows}
        sus_by_tester = {r.tester_id: sus_score(r.sus) for r in rows if r.sus is not None}
        sus = mean_ci(list(sus_by_tester.values()), self.confidence) if sus_by_tester else None
        done = [r for r in rows if r.outcome.completed]
        times = [r.seconds for r in done if r.seconds is not None and r.seconds > 0]
        helped_testers = {r.tester_id for r in rows if r.outcome == Outcome.HELPED or r.assists > 0}
        return SegmentResult(
            segment=segment,
            n_testers=len(testers),
            sus=sus,
            sus_grade=sus_grade(sus.estimate) if sus else None,
            sus_vs_average=(sus.estimate - AVERAGE) if sus else None,
            completion=adjusted_wald(len(done), len(rows), self.confidence),
            unaided=adjusted_wald(sum(r.outcome == Outcome.UNAIDED for r in rows), len(rows), self.confidence),
            needed_help_share=len(helped_testers) / len(testers),
            time=log_mean_ci(times, self.confidence) if len(times) >= 2 else None,
            median_seconds=statistics.median(times) if times else None,
        )

    def summary(self) -> dict[str, dict[str, float | int | None]]:
        """The CLI's fields, per segment and for "all"."""

        def num(x: float | None) -> float | None:
            return None if x is None or math.isnan(x) else round(x, 4)

        out: dict[str, dict[str, float | int | None]] = {}
        for name, s in self.segments_.items():
            out[name] = {
                "n_testers": s.n_testers,
                "sus_mean": num(s.sus.estimate) if s.sus else None,
                "sus_ci_low": num(s.sus.low) if s.sus else None,
                "sus_ci_high": num(s.sus.high) if s.sus else None,
                "completion_rate": num(s.completion.estimate),
                "completion_ci_low": num(s.completion.low),
                "completion_ci_high": num(s.completion.high),
                "unaided_rate": num(s.unaided.estimate),
                "median_seconds": num(s.median_seconds),
            }
        return out
