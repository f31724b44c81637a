"""Usability statistics for living-lab pilots (pure Python: numpy and scipy)."""

from .intervals import Interval, adjusted_wald, difference_of_proportions, log_mean_ci, mean_ci
from .sus import sus_grade, sus_score
from .usability import Outcome, TaskResult, UsabilityReport

__all__ = [
    "Interval", "Outcome", "TaskResult", "UsabilityReport", "adjusted_wald", "difference_of_proportions",
    "log_mean_ci", "mean_ci", "sus_grade", "sus_score",
]  # fmt: skip
