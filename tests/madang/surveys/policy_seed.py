"""Questionnaire objects for the generated permission tests.

Next to the shipped templates (SUS and SEQ locked, the satisfaction questionnaire open to copy): a questionnaire of
Seoul's city hall, one of the provider and one of Makati's city hall, each with a question.
"""

from madang.surveys.models import Question, Survey


def seed(world):  # type: ignore[no-untyped-def]
    surveys = []
    for org in ("same", "provider", "makati"):
        survey = Survey.objects.create(owner=world.orgs[org], title={"en": f"Follow-up of {org}"})
        Question.objects.create(survey=survey, kind=Question.Kind.TEXT, text={"en": "What was hard?"})
        surveys.append(survey)
    world.objects["surveys"] = surveys
