from typing import Any

from django import template

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@register.filter
def score_bar(value: float | None) -> str:
    """CSS custom property for a 0-100 score bar (the table beside it carries the number)."""
    v = 0.0 if value is None else max(0.0, min(100.0, float(value)))
    return f"--v:{v:.1f}%"


@register.filter
def rank_bar(interval: tuple[float, float, float] | None, n: int) -> str:
    """Position of a rank interval (median, p05, p95) on a 1..n axis, best on the left."""
    if not interval or n <= 1:
        return ""

    def pos(rank: float) -> float:
        return (rank - 1) / (n - 1) * 100

    median, low, high = interval
    return f"--m:{pos(median):.1f}%;--lo:{pos(low):.1f}%;--hi:{pos(high):.1f}%"


@register.filter
def indent(depth: int) -> str:
    return f"--depth:{int(depth)}"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def tojson(value: Any) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=False)


@register.simple_tag
def domain_label(code: str) -> str:
    from django.utils.translation import gettext

    from madang.catalogue.models import Domain

    return str(Domain(code).label) if code in Domain.values else gettext("No domain given")


@register.filter
def mul100(value: float | None) -> float | None:
    return None if value is None else value * 100


@register.filter
def percent(share: float | None) -> str:
    """A share (0-1) as a whole percentage: 2/3 -> "67%"."""
    return "" if share is None else f"{share * 100:.0f}%"
