"""The questionnaire builder: locked standard templates, editable copies, translations, validation, answers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from madang.surveys.forms import QuestionForm, ResponseForm
from madang.surveys.models import Answer, Survey
from madang.surveys.services import question_save, response_submit, survey_copy

LANGS = ("en", "ko", "ja", "zh-hans")


@pytest.mark.django_db
def test_sus_and_seq_ship_as_locked_templates_in_four_languages():
    sus = Survey.objects.get(key="sus")
    assert sus.locked and sus.is_template and sus.questions.count() == 10
    for q in sus.questions.all():
        assert all(q.text.get(lang) for lang in LANGS) and (q.scale_min, q.scale_max) == (1, 5)
    # Brooke (1996): odd items positive, even items negative; item 1 and item 10 verbatim.
    assert sus.questions.get(code="sus_1").text["en"] == "I think that I would like to use this system frequently."
    assert sus.questions.get(code="sus_10").text["en"].startswith("I needed to learn a lot of things")
    seq = Survey.objects.get(key="seq").questions.get()
    assert (seq.scale_min, seq.scale_max) == (1, 7) and seq.low_label["en"] == "Very difficult"


def test_nobody_edits_a_standard_instrument_but_anyone_can_copy_it(world):
    editor = world["users"]["editor_a"]
    sus = Survey.objects.get(key="sus")
    with pytest.raises(PermissionDenied):
        question_save(survey=sus, by=editor, kind="text", text={"en": "Extra?"})
    copy = survey_copy(survey=sus, by=editor)
    assert copy.owner == world["city_a"] and not copy.locked and copy.questions.count() == 10
    question_save(survey=copy, by=editor, kind="single", text={"en": "Which branch?", "ko": "어느 지점?"},
                  choices=[{"en": "Mapo", "ko": "마포"}, {"en": "Jongno", "ko": "종로"}])  # fmt: skip
    assert copy.questions.count() == 11 and sus.questions.count() == 10
    with pytest.raises(PermissionDenied):
        question_save(survey=copy, by=world["users"]["editor_b"], kind="text", text={"en": "Hijack"})


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "text", "scale_min": 1, "scale_max": 5}, "at least one language"),
        ({"kind": "single", "text_en": "Q", "choices_en": "Only one", "scale_min": 1, "scale_max": 5}, "two choices"),
        ({"kind": "single", "text_en": "Q", "choices_en": "A\nB", "choices_ko": "가", "scale_min": 1, "scale_max": 5},
         "same number of choices"),
        ({"kind": "scale", "text_en": "Q", "scale_min": 1, "scale_max": 2}, "three points"),
    ],
)  # fmt: skip
def test_question_form_explains_what_is_wrong(db, data, error):
    form = QuestionForm(data)
    assert not form.is_valid()
    assert error in str(form.errors)


def test_a_question_is_asked_in_the_readers_language_with_a_fallback(world):
    editor = world["users"]["editor_a"]
    survey = survey_copy(survey=Survey.objects.get(key="satisfaction"), by=editor)
    question_save(survey=survey, by=editor, kind="multiple", text={"en": "Which devices?"}, required=False,
                  choices=[{"en": "Kiosk", "ko": "키오스크"}, {"en": "ATM", "ko": "현금인출기"}])  # fmt: skip
    with translation.override("ko"):
        html = ResponseForm(survey=survey).as_div()
    assert "전반적으로 얼마나 만족하시나요?" in html  # translated question
    assert 'lang="en"' in html and "Which devices?" in html  # untranslated question says it is English
    assert "키오스크" in html


def test_required_answers_are_enforced_and_stored(world):
    editor = world["users"]["editor_a"]
    survey = survey_copy(survey=Survey.objects.get(key="satisfaction"), by=editor)
    satisfaction, comments = survey.questions.all()
    form = ResponseForm({f"q{comments.pk}": "Fine"}, survey=survey)
    assert not form.is_valid() and f"q{satisfaction.pk}" in form.errors
    form = ResponseForm({f"q{satisfaction.pk}": "9", f"q{comments.pk}": ""}, survey=survey)
    assert form.is_valid()
    response = response_submit(survey=survey, language="en", answers=form.answers())
    assert list(Answer.objects.filter(response=response).values_list("value", flat=True)) == [9]


def test_builder_pages_create_a_questionnaire_and_its_questions(client, world):
    client.force_login(world["users"]["editor_a"])
    response = client.post(reverse("surveys:new"), {"title_en": "Kiosk follow-up", "title_ko": "키오스크 후속"})
    survey = Survey.objects.get(title__en="Kiosk follow-up")
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    one_choice = {"kind": "single", "text_en": "Where?", "choices_en": "Home", "scale_min": 1, "scale_max": 5}
    bad = client.post(reverse("surveys:question-new", args=[survey.pk]), one_choice)
    assert bad.status_code == 400 and "Where?" in bad.content.decode()
    client.post(reverse("surveys:question-new", args=[survey.pk]), {
        "kind": "single", "required": "on", "text_en": "Where?", "text_ko": "어디서?", "choices_en": "Home\nCentre",
        "choices_ko": "집\n센터", "scale_min": 1, "scale_max": 5,
    })  # fmt: skip
    question = survey.questions.get()
    assert [c.label for c in question.choices.all()] == [{"en": "Home", "ko": "집"}, {"en": "Centre", "ko": "센터"}]
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "Preview" in page and "missing translations" in page
    locked = Survey.objects.get(key="sus")
    assert client.get(reverse("surveys:question-new", args=[locked.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("surveys:detail", args=[survey.pk])).status_code == 302
