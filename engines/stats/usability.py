"""Per-segment usability results for a pilot: SUS, completion, help needed, times, and vulnerable-segment flags."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

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


OUTCOME_CODES = {o.value: i for i, o in enumerate(Outcome)}  # unaided 0, helped 1: "completed" is code <= 1


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


@dataclass(frozen=True)
class Sessions:
    """Results as columns, one entry per tester x task: built once, then segmented any number of ways without
    rebuilding a row object per result (a 50,000-result pilot is segmented four ways for one report)."""

    tester: npt.NDArray[np.int64]  # index into `tester_ids`
    tester_ids: tuple[str, ...]
    task_ids: tuple[str, ...]
    outcome: npt.NDArray[np.int8]  # OUTCOME_CODES
    seconds: npt.NDArray[np.float64]  # nan when not recorded
    assists: npt.NDArray[np.int64]
    sus: npt.NDArray[np.float64]  # the SUS score on the row that carries the answers, nan elsewhere
    segment: npt.NDArray[np.str_]

    @classmethod
    def from_columns(
        cls,
        *,
        tester_ids: Sequence[str],
        task_ids: Sequence[str],
        outcomes: Sequence[str],
        seconds: Sequence[float | None],
        assists: Sequence[int],
        sus: Sequence[Sequence[int] | None],
        segments: Sequence[str],
    ) -> Sessions:
        names, codes = np.unique(np.asarray(tester_ids, dtype=np.str_), return_inverse=True)
        return cls(
            tester=codes.astype(np.int64),
            tester_ids=tuple(str(n) for n in names),
            task_ids=tuple(str(t) for t in task_ids),
            outcome=np.array([OUTCOME_CODES[str(o)] for o in outcomes], dtype=np.int8),
            seconds=np.array([math.nan if s is None else s for s in seconds], dtype=np.float64),
            assists=np.asarray(assists, dtype=np.int64),
            sus=np.array([math.nan if a is None else sus_score(a) for a in sus], dtype=np.float64),
            segment=np.asarray(segments, dtype=np.str_),
        )

    @classmethod
    def from_results(cls, results: Iterable[TaskResult]) -> Sessions:
        rows = list(results)
        return cls.from_columns(
            tester_ids=[r.tester_id for r in rows], task_ids=[r.task_id for r in rows],
            outcomes=[r.outcome.value for r in rows], seconds=[r.seconds for r in rows],
            assists=[r.assists for r in rows], sus=[r.sus for r in rows], segments=[r.segment for r in rows],
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.outcome)

    def with_segments(self, segments: Sequence[str] | npt.NDArray[np.str_]) -> Sessions:
        if len(segments) != len(self):
            raise ValueError("one segment per result")
        return Sessions(self.tester, self.tester_ids, self.task_ids, self.outcome, self.seconds, self.assists,
                        self.sus, np.asarray(segments, dtype=np.str_))  # fmt: skip

    def only(self, mask: npt.NDArray[np.bool_]) -> Sessions:
        """The results where `mask` holds (a task's results, say)."""
        return Sessions(self.tester[mask], self.tester_ids, tuple(np.asarray(self.task_ids, dtype=object)[mask]),
                        self.outcome[mask], self.seconds[mask], self.assists[mask], self.sus[mask],
                        self.segment[mask])  # fmt: skip


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

    def fit(self, results: Iterable[TaskResult] | Sessions) -> UsabilityReport:
        data = results if isinstance(results, Sessions) else Sessions.from_results(results)
        if len(data) == 0:
            raise ValueError("no results")
        completed = data.outcome <= OUTCOME_CODES[Outcome.HELPED]
        everyone = np.ones(len(data), dtype=bool)
        self.segments_ = {ALL: self._summarise(ALL, data, everyone, completed)}
        n_all, done_all = len(data), int(completed.sum())
        for segment in sorted(set(data.segment.tolist())):
            mine = data.segment == segment
            result = self._summarise(segment, data, mine, completed)
            n_mine, done_mine = int(mine.sum()), int(completed[mine].sum())
            if n_mine < n_all:
                n_other, done_other = n_all - n_mine, done_all - done_mine
                result.completion_gap = difference_of_proportions(
                    done_mine, n_mine, done_other, n_other, self.confidence
                )
                rest = adjusted_wald(done_other, n_other, self.confidence)
                watched = not self.vulnerable or segment in self.vulnerable
                result.flagged = watched and result.completion.entirely_below(rest)
            self.segments_[segment] = result
        return self

    def _summarise(
        self, segment: str, data: Sessions, mask: npt.NDArray[np.bool_], completed: npt.NDArray[np.bool_]
    ) -> SegmentResult:
        testers = data.tester[mask]
        n_testers = len(np.unique(testers))
        rated = mask & ~np.isnan(data.sus)
        # One score per tester even if a file repeats the answers: the first row that carries them counts.
        _, first = np.unique(data.tester[rated], return_index=True)
        scores = data.sus[rated][first]
        sus = mean_ci(scores, self.confidence) if len(scores) else None
        done = mask & completed
        times = data.seconds[done & (data.seconds > 0)]  # nan compares False, so unrecorded times drop out
        helped = mask & ((data.outcome == OUTCOME_CODES[Outcome.HELPED]) | (data.assists > 0))
        n_rows = int(mask.sum())
        return SegmentResult(
            segment=segment,
            n_testers=n_testers,
            sus=sus,
            sus_grade=sus_grade(sus.estimate) if sus else None,
            sus_vs_average=(sus.estimate - AVERAGE) if sus else None,
            completion=adjusted_wald(int(done.sum()), n_rows, self.confidence),
            unaided=adjusted_wald(
                int((data.outcome[mask] == OUTCOME_CODES[Outcome.UNAIDED]).sum()), n_rows, self.confidence
            ),  # fmt: skip
            needed_help_share=len(np.unique(data.tester[helped])) / n_testers,
            time=log_mean_ci(times, self.confidence) if len(times) >= 2 else None,
            median_seconds=float(np.median(times)) if len(times) else None,
        )

    def summary(self, *, digits: int | None = None) -> dict[str, dict[str, float | int | None]]:
        """The CLI's fields, per segment and for "all"; full precision unless `digits` (for a table people read)."""

        def num(x: float | None) -> float | None:
            if x is None or math.isnan(x):
                return None
            return x if digits is None else round(x, digits)

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
