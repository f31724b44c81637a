from django.db.models import Q, QuerySet

from madang.accounts.models import User

from .models import Survey


def surveys_for(*, user: User) -> QuerySet[Survey]:
    """The templates everyone may copy, and the organisation's own questionnaires."""
    own = Q(owner_id=user.organisation_id) if user.is_authenticated and user.organisation_id else Q(pk__in=[])
    return Survey.objects.filter(Q(is_template=True) | own).prefetch_related("questions")


def survey_template(key: str) -> Survey:
    return Survey.objects.prefetch_related("questions").get(key=key)
