import pytest

from engines.stats import Outcome, TaskResult, UsabilityReport
from engines.stats.usability import Sessions

ROWS = [
    TaskResult("a", "young", "1", Outcome.UNAIDED, 30, sus=(5, 1) * 5),
    TaskResult("a", "young", "2", Outcome.UNAIDED, 40),
    TaskResult("b", "old", "1", Outcome.FAILED, 90, sus=(3,) * 10),
    TaskResult("b", "old", "2", Outcome.HELPED, 120, assists=2),
]


def test_columns_give_the_same_report_as_rows():
    from_rows = UsabilityReport().fit(ROWS).summary()
    from_columns = UsabilityReport().fit(Sessions.from_results(ROWS)).summary()
    assert from_rows == from_columns
    assert from_rows["old"]["completion_rate"] == 0.5 and from_rows["all"]["sus_mean"] == 75.0


def test_resegmenting_keeps_the_results_and_changes_only_the_groups():
    data = Sessions.from_results(ROWS)
    by_task = UsabilityReport().fit(data.with_segments([r.task_id for r in ROWS])).segments_
    assert set(by_task) == {"all", "1", "2"}
    assert by_task["1"].completion.estimate == 0.5 and by_task["2"].completion.estimate == 1.0
    assert by_task["all"].needed_help_share == 0.5  # tester b needed help, a did not
    with pytest.raises(ValueError, match="one segment per result"):
        data.with_segments(["x"])


def test_only_keeps_the_masked_results():
    data = Sessions.from_results(ROWS)
    first_task = data.only(data.segment == "old")
    assert len(first_task) == 2 and set(first_task.task_ids) == {"1", "2"}
