from typing import Any

from django import template

from madang.matching.forms import FollowForm
from madang.matching.policies import DomainFollowPolicy

register = template.Library()


@register.inclusion_tag("matching/_follow_form.html")
def follow_form(user: Any) -> dict[str, Any]:
    """The digest settings on the profile page, for those who may offer solutions."""
    if not DomainFollowPolicy.allows(user, "follow_domains"):
        return {"form": None}
    initial = {"domains": list(user.follows.values_list("domain", flat=True))}
    return {"form": FollowForm(initial=initial)}
