from typing import Any

from django.db.models import QuerySet

from .models import Survey
from .policies import SurveyPolicy


def surveys_for(*, user: Any) -> QuerySet[Survey]:
    """The templates everyone signed in may copy, and the organisation's own questionnaires."""
    return SurveyPolicy.queryset(user, "view_survey", Survey.objects.prefetch_related("questions"))


def survey_template(key: str) -> Survey:
    return Survey.objects.prefetch_related("questions").get(key=key)
