"""Who builds questionnaires: an organisation's editors their own; nobody, superusers included, a standard one."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from madang.surveys.models import Question, Survey
from madang.surveys.services import question_delete, question_save, survey_copy
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_nobody_changes_a_standard_instrument_not_even_a_superuser(client, superuser):
    sus = Survey.objects.get(key="sus")
    question = sus.questions.first()
    with pytest.raises(ValidationError):
        question_save(survey=sus, by=superuser, kind="text", text={"en": "Extra?"})
    with pytest.raises(ValidationError):
        question_delete(question=question, by=superuser)
    client.force_login(superuser)
    response = client.get(reverse("surveys:question-new", args=[sus.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("surveys:detail", args=[sus.pk])
    client.post(reverse("surveys:question-delete", args=[sus.pk, question.pk]))
    assert sus.questions.count() == 10


def test_an_editor_of_another_organisation_in_the_same_city_does_not_see_the_citys_questionnaire(client, world):
    own = survey_copy(survey=Survey.objects.get(key="satisfaction"), by=world["users"]["editor_a"])
    office = OrganisationFactory(slug="district-office", kind="city", city=world["seoul"], governs=None)
    client.force_login(UserFactory(username="office-editor", role="city_editor", organisation=office))
    assert client.get(reverse("surveys:detail", args=[own.pk])).status_code == 404
    question = own.questions.first()
    assert client.post(reverse("surveys:question-delete", args=[own.pk, question.pk])).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_network_admins_and_citizens_do_not_build_questionnaires(client, world):
    for who in ("admin", "citizen"):
        client.force_login(world["users"][who])
        assert client.get(reverse("surveys:new")).status_code == 403
        with pytest.raises(PermissionDenied):
            survey_copy(survey=Survey.objects.get(key="satisfaction"), by=world["users"][who])


def test_a_superusers_questionnaire_belongs_to_no_organisation(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("surveys:new"), {"title_en": "Madang's own"})
    survey = Survey.objects.get(title__en="Madang's own")
    assert response.status_code == 302 and survey.owner is None
