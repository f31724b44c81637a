"""Builder forms (one field per language, choices one per line) and the form a respondent fills in."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core.i18n import AUTONYMS, CONTENT_LANGUAGES, Localised

from .models import Question, Survey, localised


def _field(lang: str) -> str:
    return lang.replace("-", "_")


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, survey: Survey | None = None, owners: Any = None, **kwargs: Any) -> None:
        """`owners`: the organisations a new questionnaire may belong to; asked only when there are several."""
        super().__init__(*args, **kwargs)
        if owners is not None and len(owners) > 1:
            self.fields["owner"] = forms.ModelChoiceField(
                label=_("Organisation"), queryset=owners, help_text=_("The organisation this questionnaire belongs to.")
            )
        for lang in CONTENT_LANGUAGES:
            self.fields[f"title_{_field(lang)}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": AUTONYMS[lang]}, max_length=200, required=False,
                initial=(survey.title.get(lang, "") if survey else ""),
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{_field(lang)}") for lang in CONTENT_LANGUAGES):
            raise forms.ValidationError(_("Give the questionnaire a title in at least one language."))
        return data

    def title(self) -> dict[str, str]:
        return {lang: v for lang in CONTENT_LANGUAGES if (v := self.cleaned_data[f"title_{_field(lang)}"].strip())}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of question"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False, initial=True)
    scale_min = forms.IntegerField(label=gettext_lazy("Scale from"), initial=1, min_value=0, max_value=1)
    scale_max = forms.IntegerField(label=gettext_lazy("Scale to"), initial=5, min_value=2, max_value=11)

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial(question)
        super().__init__(*args, **kwargs)
        for lang in CONTENT_LANGUAGES:
            name = AUTONYMS[lang]
            f = _field(lang)
            self.fields[f"text_{f}"] = forms.CharField(
                label=_("Question in %(language)s") % {"language": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2, "lang": lang}),
            )  # fmt: skip
            self.fields[f"choices_{f}"] = forms.CharField(
                label=_("Choices in %(language)s, one per line") % {"language": name}, required=False,
                help_text=_("Only for choice questions. Every language lists the same choices in the same order."),
                widget=forms.Textarea(attrs={"rows": 4, "lang": lang}),
            )  # fmt: skip
            self.fields[f"low_{f}"] = forms.CharField(
                label=_("Scale: label of the lowest point in %(language)s") % {"language": name}, required=False,
                widget=forms.TextInput(attrs={"lang": lang}),
            )  # fmt: skip
            self.fields[f"high_{f}"] = forms.CharField(
                label=_("Scale: label of the highest point in %(language)s") % {"language": name}, required=False,
                widget=forms.TextInput(attrs={"lang": lang}),
            )  # fmt: skip

    @staticmethod
    def _initial(q: Question) -> dict[str, Any]:
        initial: dict[str, Any] = {"kind": q.kind, "required": q.required, "scale_min": q.scale_min,
                                   "scale_max": q.scale_max}  # fmt: skip
        choices = list(q.choices.all())
        for lang in CONTENT_LANGUAGES:
            f = _field(lang)
            initial[f"text_{f}"] = q.text.get(lang, "")
            initial[f"low_{f}"] = q.low_label.get(lang, "")
            initial[f"high_{f}"] = q.high_label.get(lang, "")
            initial[f"choices_{f}"] = "\n".join(c.label.get(lang, "") for c in choices).strip()
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = {lang: data.get(f"text_{_field(lang)}", "").strip() for lang in CONTENT_LANGUAGES}
        if not any(texts.values()):
            raise forms.ValidationError(_("Write the question in at least one language."))
        if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            lists = {
                lang: [line.strip() for line in data.get(f"choices_{_field(lang)}", "").splitlines() if line.strip()]
                for lang in CONTENT_LANGUAGES
            }
            given = {lang: items for lang, items in lists.items() if items}
            counts = {len(items) for items in given.values()}
            if not given or max(counts) < 2:
                self.add_error("choices_en", _("List at least two choices, one per line."))
            elif len(counts) > 1:
                self.add_error(
                    "choices_en", _("Every language must list the same number of choices, in the same order.")
                )
            else:
                n = counts.pop()
                data["choice_labels"] = [{lang: items[i] for lang, items in given.items()} for i in range(n)]
        scale_min, scale_max = data.get("scale_min"), data.get("scale_max")
        if (
            data.get("kind") == Question.Kind.SCALE
            and scale_min is not None
            and scale_max is not None
            and (scale_max - scale_min < 2)
        ):
            self.add_error("scale_max", _("A scale needs at least three points."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data

        def per_lang(prefix: str) -> dict[str, str]:
            return {lang: v for lang in CONTENT_LANGUAGES if (v := d.get(f"{prefix}_{_field(lang)}", "").strip())}

        return {
            "kind": d["kind"], "required": d["required"], "scale_min": d["scale_min"], "scale_max": d["scale_max"],
            "text": per_lang("text"), "low_label": per_lang("low"), "high_label": per_lang("high"),
            "choices": d.get("choice_labels", []),
        }  # fmt: skip


class ScaleWidget(forms.RadioSelect):
    template_name = "surveys/widgets/scale.html"

    def __init__(self, *args: Any, low: Localised, high: Localised, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.low, self.high = low, high

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(low=self.low, high=self.high)
        return context


def question_field(question: Question, *, required: bool | None = None) -> forms.Field:
    """The form field that asks `question` in the reader's language."""
    label = localised(question.text)
    need = question.required if required is None else required
    field: forms.Field
    if question.kind == Question.Kind.SCALE:
        points = [(str(v), str(v)) for v in range(question.scale_min, question.scale_max + 1)]
        widget = ScaleWidget(low=localised(question.low_label), high=localised(question.high_label))
        field = forms.TypedChoiceField(choices=points, coerce=int, widget=widget, required=need)
    elif question.kind == Question.Kind.TEXT:
        field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=need, max_length=4000)
    else:
        options = [(str(c.order), localised(c.label).text) for c in question.choices.all()]
        if question.kind == Question.Kind.SINGLE:
            field = forms.TypedChoiceField(choices=options, coerce=int, widget=forms.RadioSelect, required=need)
        else:
            field = forms.TypedMultipleChoiceField(
                choices=options, coerce=int, widget=forms.CheckboxSelectMultiple, required=need
            )
    field.label = label.text
    field.widget.attrs["lang"] = label.language
    return field


class ResponseForm(forms.Form):
    """One field per question, named q<id>; `answers()` keys the cleaned values by question id."""

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        for question in survey.questions.all():
            self.fields[f"q{question.pk}"] = question_field(question)

    def answers(self) -> dict[int, Any]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
