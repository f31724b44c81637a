"""Data-quality rules (docs/assessment.md states them for users): what a value may be (its indicator's valid range;
a source date not in the future), which accepted values sit far outside their peers' (flagged to the validator),
what a plan's target must be, and the data-availability rule every score follows."""

from __future__ import annotations

import copy
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Framework, Node, Value

PERCENT_UNITS = {"%", "percent", "percentage", "per cent"}
# Units that count things: never below zero. Money is left out on purpose (net flows and balances can be negative).
COUNT_WORDS = ("number", "count", "thousand", "people", "persons", "households", "residents")
# COINr's default for its data-availability threshold (dat_thresh): two thirds of an aggregate's children.
DEFAULT_MIN_SHARE = 2 / 3
# Outliers: outside [Q1 - 3 IQR, Q3 + 3 IQR] of the other places' validated values (Tukey's "far out" fences),
# judged only with enough peers for quartiles to mean something.
OUTLIER_IQR = 3.0
OUTLIER_MIN_PEERS = 5


def _num(x: float) -> str:
    return f"{x:,.6g}"


# ---------------------------------------------------------------- value ranges
def valid_range(node: Node) -> tuple[float | None, float | None]:
    """(lowest, highest) valid value; None is open. A node's own bounds replace its unit's range."""
    if node.min_value is not None or node.max_value is not None:
        return node.min_value, node.max_value
    if node.framework.kind == Framework.Kind.SELF_ASSESSMENT and node.kind == Node.Kind.INDICATOR:
        return 1.0, 5.0
    unit = (node.unit or "").strip().lower()
    if unit in PERCENT_UNITS:
        return 0.0, 100.0
    if unit.startswith(COUNT_WORDS):
        return 0.0, None
    return None, None


def range_text(node: Node) -> str:
    """The valid range in words, e.g. "from 0 to 100" or "0 or more"; empty when any number is valid."""
    low, high = valid_range(node)
    if low is not None and high is not None:
        return _("from %(low)s to %(high)s") % {"low": _num(low), "high": _num(high)}
    if low is not None:
        return _("%(low)s or more") % {"low": _num(low)}
    if high is not None:
        return _("%(high)s or less") % {"high": _num(high)}
    return ""


def range_problem(node: Node, value: float) -> str | None:
    """A translated sentence when the value lies outside the indicator's valid range."""
    low, high = valid_range(node)
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    indicator = f"{node.title.text} ({node.unit})" if node.unit else node.title.text
    return _("%(value)s is not a valid value for “%(indicator)s”: it must be %(range)s.") % {
        "value": _num(value), "indicator": indicator, "range": range_text(node),
    }  # fmt: skip


def source_date_problem(date: dt.date) -> str | None:
    if date > timezone.localdate():
        return _("The source is dated %(date)s, in the future: give the date it was published.") % {
            "date": date.isoformat()
        }
    return None


# ---------------------------------------------------------------- outliers
@dataclass
class Outlier:
    low: float  # the fences: values outside them are flagged
    high: float
    n_peers: int


def outliers(values: Iterable[Value]) -> dict[int, Outlier]:
    """The values (by pk) far outside the other places' validated values for the same indicator and year."""
    values = list(values)
    if not values:
        return {}
    peers: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    validated = Value.objects.filter(
        node_id__in={v.node_id for v in values}, year__in={v.year for v in values}, status=Value.Status.VALIDATED
    ).values_list("node_id", "year", "place_id", "value")
    for node_id, year, place_id, number in validated:
        peers[(node_id, year)].append((place_id, number))
    found = {}
    for v in values:
        others = [x for place_id, x in peers[(v.node_id, v.year)] if place_id != v.place_id]
        if len(others) < OUTLIER_MIN_PEERS:
            continue
        q1, _median, q3 = statistics.quantiles(others, n=4, method="inclusive")
        low, high = q1 - OUTLIER_IQR * (q3 - q1), q3 + OUTLIER_IQR * (q3 - q1)
        if not low <= v.value <= high:
            found[v.pk] = Outlier(low, high, len(others))
    return found


# ---------------------------------------------------------------- targets
def target_problems(*, node: Node, baseline: float, target: float) -> dict[str, str]:
    """Field -> problem for a plan's target: both values in the indicator's range, the target an improvement."""
    problems = {}
    for field, number in (("baseline", baseline), ("target", target)):
        if (problem := range_problem(node, number)) is not None:
            problems[field] = problem
    if "target" not in problems and (target - baseline) * node.direction <= 0:
        problems["target"] = (
            _("Higher is better for “%(indicator)s”, so the target must be above the baseline (%(baseline)s).")
            if node.direction > 0
            else _("Lower is better for “%(indicator)s”, so the target must be below the baseline (%(baseline)s).")
        ) % {"indicator": node.title.text, "baseline": _num(baseline)}
    return problems


# ---------------------------------------------------------------- data availability
def min_share(framework: Framework) -> float | None:
    """The share of an aggregate's children that must have data for a place to be scored there (None: any one)."""
    aggregate = (framework.spec or {}).get("aggregate") or {}
    share: float | None = aggregate.get("min_share", DEFAULT_MIN_SHARE)
    return share


def scoring_spec(framework: Framework) -> dict[str, Any]:
    """The framework's method with its data-availability rule made explicit for engines.composite."""
    spec = copy.deepcopy(framework.spec or {})
    aggregate = spec.setdefault("aggregate", {})
    aggregate.setdefault("min_share", DEFAULT_MIN_SHARE)
    return spec
