from typing import Any

from django import template

from ..selectors import follow_of

register = template.Library()


@register.simple_tag(takes_context=True)
def following(context: template.Context, target: Any = None, domain: str = "") -> Any:
    """The signed-in person's follow of `target` (or of `domain`), or None."""
    user = context.get("user")
    if user is None:
        return None
    return follow_of(user=user, target=target if not domain else None, domain=domain or "")
