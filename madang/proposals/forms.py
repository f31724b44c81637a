from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from madang.conversations.forms import MultipleFileField
from madang.matching.models import Solution

from .models import MAX_APPROACH, MAX_COMMENT, MAX_SCORE, MAX_TIMELINE, Criterion, Proposal


class ProposalForm(forms.ModelForm):
    solution = forms.ModelChoiceField(label=_("Solution you propose"), queryset=Solution.objects.none())
    documents = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        help_text=_("Up to 5 documents of 5 MB each: PDF, PNG, JPEG, plain text, Word (.docx), Excel (.xlsx) or "
                    "PowerPoint (.pptx). Files are checked by their content."),
    )  # fmt: skip

    class Meta:
        model = Proposal
        fields = [
            "solution",
            "approach",
            "cost_model",
            "price_amount",
            "currency",
            "timeline",
            "deployments",
            "initiatives",
            "pilot_reports",
        ]
        widgets = {
            "approach": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_APPROACH}),
            "timeline": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TIMELINE}),
            "deployments": forms.CheckboxSelectMultiple,
            "initiatives": forms.CheckboxSelectMultiple,
            "pilot_reports": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "approach": _("How your solution answers this need: plain text, up to 10,000 characters."),
            "price_amount": _("Leave empty when the solution is free or donated."),
            "timeline": _("From the start of a pilot to a first result, step by step."),
        }

    def __init__(
        self, *args: Any, solutions: QuerySet[Solution], references: dict[str, QuerySet[Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        solution = cast(forms.ModelChoiceField, self.fields["solution"])
        solution.queryset = solutions
        if self.instance.pk:
            solution.disabled = True  # the organisation answering is fixed by its first draft
            self.initial["solution"] = self.instance.solution_id
        elif len(solutions) == 1:
            self.initial.setdefault("solution", solutions[0].pk)
        for name, queryset in references.items():
            if not queryset.exists():
                del self.fields[name]  # nothing to cite: no empty box, and the service leaves it as it is
                continue
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = queryset
        labels = {"deployments": lambda p: str(p.display_name()), "initiatives": lambda i: i.translation().title}
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label_from_instance = label  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("solution", None)
        data["files"] = data.pop("documents", [])
        return data


class EvaluatorForm(forms.Form):
    person = forms.ChoiceField(label=_("Someone of your organisation"), required=False)
    username_or_email = forms.CharField(
        label=_("Or an invited expert: username or e-mail address"),
        required=False,
        max_length=254,
        help_text=_("Any person with an account on Madang."),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", "—"), *[(str(pk), name) for pk, name in people]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("person")) == bool((data.get("username_or_email") or "").strip()):
            raise forms.ValidationError(
                _("Choose someone of your organisation or type one username or e-mail address.")
            )
        return data


class WeightsForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"w{criterion.pk}"] = forms.IntegerField(
                label=criterion.text, min_value=1, max_value=100, initial=criterion.weight
            )

    def weights(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ScoreForm(forms.Form):
    no_conflict = forms.BooleanField(
        label=_("I have no conflict of interest with this provider or this proposal."), required=True
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.text, min_value=0, max_value=MAX_SCORE, help_text=_("0 (not at all) to 10 (fully)")
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.text},
                required=False,
                max_length=MAX_COMMENT,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_COMMENT}),
            )
        self.order_fields([*(f for c in criteria for f in (f"score_{c.pk}", f"comment_{c.pk}")), "no_conflict"])

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data.get(f"comment_{c.pk}", "")) for c in self.criteria}


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT}),
        help_text=_("Recorded and shown to the city. You will not score this proposal."),
    )
