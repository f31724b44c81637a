from engines.stats import Outcome, UsabilityReport
from engines.stats import TaskResult as StatsResult

from .models import Pilot, Questionnaire, TaskResult, Tester

SEGMENTS = {"age_band", "digital_skill"}


def pilot_report(*, pilot: Pilot, segment_by: str = "age_band", vulnerable: tuple[str, ...] = ()) -> UsabilityReport:
    """The pilot's usability statistics per segment (withdrawn testers included, anonymously)."""
    if segment_by not in SEGMENTS:
        raise ValueError(f"segment by one of {sorted(SEGMENTS)}")
    sus = {q.tester_id: tuple(q.sus) for q in Questionnaire.objects.filter(tester__pilot=pilot)}
    rows = []
    seen: set[int] = set()
    for r in TaskResult.objects.filter(tester__pilot=pilot).select_related("tester").order_by("tester_id", "task_id"):
        first = r.tester_id not in seen
        seen.add(r.tester_id)
        rows.append(StatsResult(
            tester_id=r.tester.code, segment=str(getattr(r.tester, segment_by)), task_id=str(r.task_id),
            outcome=Outcome(r.outcome), seconds=r.seconds, errors=r.errors, assists=r.assists,
            sus=sus.get(r.tester_id) if first else None,
        ))  # fmt: skip
    return UsabilityReport(vulnerable=vulnerable).fit(rows)


def tester_contact_for(*, user: object, tester: Tester) -> dict[str, str] | None:
    """Name and contact only for those allowed to see them (manager, the tester's site host)."""
    if not user.has_perm("pilots.view_tester_contact", tester):  # type: ignore[attr-defined]
        return None
    return {"name": tester.name, "contact": tester.contact}
