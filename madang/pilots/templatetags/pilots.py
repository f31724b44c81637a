"""Report formatting (percentages with their intervals, bar geometry for the CSS charts) and plain status words."""

from django import template
from django.utils.translation import gettext_lazy as _

from engines.stats import Interval

from ..models import Pilot

register = template.Library()


@register.filter
def pct(value: Interval | float | None) -> str:
    """40% (22-61%) for an interval, 40% for a share."""
    if value is None:
        return ""
    if isinstance(value, Interval):
        if value.low != value.low:
            return f"{value.estimate * 100:.0f}%"
        return f"{value.estimate * 100:.0f}% ({value.low * 100:.0f}-{value.high * 100:.0f}%)"
    return f"{value * 100:.0f}%"


@register.filter
def ci(value: Interval | None, digits: int = 1) -> str:
    """72.5 (65.0-80.0) for a mean with its interval."""
    if value is None:
        return ""
    if value.low != value.low:
        return f"{value.estimate:.{digits}f}"
    return f"{value.estimate:.{digits}f} ({value.low:.{digits}f}-{value.high:.{digits}f})"


@register.filter
def bar(value: Interval | None, scale: float = 1.0) -> str:
    """CSS custom properties placing a bar and its interval whisker (percent of the track)."""
    if value is None:
        return ""

    def clamp(x: float) -> float:
        return max(0.0, min(100.0, x * 100 / scale))

    low = value.low if value.low == value.low else value.estimate
    high = value.high if value.high == value.high else value.estimate
    return f"--v:{clamp(value.estimate):.1f}%;--lo:{clamp(low):.1f}%;--hi:{clamp(high):.1f}%"


@register.filter
def gap(value: Interval | None) -> str:
    """A difference in percentage points with its interval in brackets: +20 [+3, +30]."""
    if value is None:
        return ""

    def signed(x: float) -> str:
        return f"{x * 100:+.0f}".replace("-", "\u2212")

    if value.low != value.low:
        return signed(value.estimate)
    return f"{signed(value.estimate)} [{signed(value.low)}, {signed(value.high)}]"


@register.filter
def sus_ci(value: Interval | None) -> str:
    """A SUS mean and its t interval, the interval cut to the scale's 0-100."""
    if value is None:
        return ""
    if value.low != value.low:
        return f"{value.estimate:.1f}"
    return f"{value.estimate:.1f} ({max(0.0, value.low):.1f}-{min(100.0, value.high):.1f})"


# Easy mode tells a resident where a pilot stands in everyday words, not in the team's phase names.
PLAIN_PHASES = {
    "plan": _("Being prepared"),
    "recruit": _("Looking for people to try it"),
    "test": _("Being tried now: you can still take part"),
    "evaluate": _("Looking at what the people who tried it said"),
    "decide": _("The city is deciding what happens next"),
}
PLAIN_DECISIONS = {
    "scale": _("It will be offered to more people"),
    "iterate": _("It will be improved and tried again"),
    "stop": _("It will not go ahead"),
}


@register.filter
def plain_status(pilot: Pilot) -> str:
    """Where the pilot stands, in words a resident uses: the decision once made, else the phase."""
    if pilot.decision:
        return str(PLAIN_DECISIONS.get(pilot.decision, pilot.get_decision_display()))
    return str(PLAIN_PHASES.get(pilot.phase, pilot.get_phase_display()))
