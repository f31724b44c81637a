"""Forms for assessment: values, uploads, self-assessment answers, validation, frameworks, benchmarks, plans."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core.forms import UploadForm
from madang.core.i18n import AUTONYMS, CONTENT_LANGUAGES
from madang.core.models import Place

from .models import ActionPlan, FocusArea, Framework, Node, PriorityProject, Target, Value
from .quality import target_problems


def _year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 15, -1)]


class ValueForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    node = forms.ModelChoiceField(label=_("Indicator"), queryset=Node.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    value = forms.FloatField(label=_("Value"), help_text=_("In the indicator's unit; use a dot for decimals."))
    source = forms.CharField(label=_("Source"), max_length=500,
                             help_text=_("Where the value comes from: a document title or an address."))  # fmt: skip
    source_date = forms.DateField(label=_("Date of the source"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, places: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["node"].queryset = nodes  # type: ignore[attr-defined]
        self.fields["node"].label_from_instance = (  # type: ignore[attr-defined]
            lambda n: f"{n.code}: {n.title} ({n.unit})" if n.unit else str(n)
        )


class ValuesUploadForm(UploadForm):
    file = forms.FileField(label=_("CSV or Excel file (.csv, .xlsx)"))
    extensions = (".csv", ".xlsx", ".xlsm", ".txt")


class SelfAssessmentForm(forms.Form):
    """One level (1-5, each level described) and evidence links per question."""

    place = forms.ModelChoiceField(label=_("City"), queryset=Place.objects.none())
    year = forms.TypedChoiceField(label=_("Year assessed"), coerce=int, choices=_year_choices)

    def __init__(self, *args: Any, places: Any, questions: list[Node], initial_answers: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.questions = questions
        answers = initial_answers or {}
        for q in questions:
            self.fields[f"level_{q.code}"] = forms.TypedChoiceField(
                label=q.title.text, coerce=int, widget=forms.RadioSelect, help_text=q.explanation.text,
                choices=[(level, f"{level}: {q.level_text(level).text}") for level in range(1, 6)],
                initial=answers.get(q.code, (None, ""))[0],
            )  # fmt: skip
            self.fields[f"evidence_{q.code}"] = forms.CharField(
                label=_("Evidence for “%(question)s” (optional: links or document titles, one per line)")
                % {"question": q.title.text},
                required=False, widget=forms.Textarea(attrs={"rows": 2}), initial=answers.get(q.code, (None, ""))[1],
            )  # fmt: skip

    def answers(self) -> dict[Node, tuple[int, str]]:
        return {q: (self.cleaned_data[f"level_{q.code}"], self.cleaned_data[f"evidence_{q.code}"])
                for q in self.questions}  # fmt: skip

    def question_fields(self) -> list[tuple[Node, Any, Any]]:
        return [(q, self[f"level_{q.code}"], self[f"evidence_{q.code}"]) for q in self.questions]


class ReviewForm(forms.Form):
    values = forms.ModelMultipleChoiceField(label=_("Values"), queryset=Value.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("validate", _("Validate: the values count from now on")),
                                          ("return", _("Return to the city with a note"))])  # fmt: skip
    note = forms.CharField(label=_("Note to the city"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, values: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["values"].queryset = values  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tell the city why the values are returned."))
        return data


def _language_fields(prefix: str, label: Any, required_en: bool, textarea: bool = False) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for lang in CONTENT_LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 3, "lang": lang}) if textarea else forms.TextInput(attrs={"lang": lang})
        fields[f"{prefix}_{lang}"] = forms.CharField(
            label=f"{label} ({AUTONYMS[lang]})", required=required_en and lang == "en", widget=widget, max_length=2000
        )
    return fields


class FrameworkForm(forms.Form):
    slug = forms.SlugField(label=_("Short name for addresses"), max_length=70)
    kind = forms.ChoiceField(label=_("Kind"), choices=Framework.Kind.choices)
    unit_kind = forms.ChoiceField(label=_("Assessed units"), choices=Framework.UnitKind.choices)
    imeta = forms.FileField(
        label=_("Indicator tree (optional): an iMeta table as CSV or Excel"), required=False,
        help_text=_("Columns iCode, iName, Level, Parent, Type (Indicator, Aggregate or Denominator), Direction, "
                    "Weight, Unit, Target, Denominator, as in COINr. You can also add indicators one by one later."),
    )  # fmt: skip
    spec = forms.CharField(
        label=_("Method (optional, JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The steps of engines.composite, e.g. {\"normalise\": {\"method\": \"minmax\"}}. Empty: "
                    "min-max normalisation to 0-100 and weighted arithmetic means."),
    )  # fmt: skip

    def __init__(self, *args: Any, networks: Any = None, **kwargs: Any) -> None:
        """`networks`: those the admin may make the framework for; asked only when there are several."""
        super().__init__(*args, **kwargs)
        if networks is not None and len(networks) > 1:
            self.fields["network"] = forms.ModelChoiceField(
                label=_("Network"), queryset=networks, help_text=_("The network whose framework this is.")
            )
        for name, field in {
            **_language_fields("name", _("Name"), True),
            **_language_fields("description", _("Description"), False, textarea=True),
        }.items():
            self.fields[name] = field  # fmt: skip

    def clean_imeta(self) -> Any:
        """The same size limit as every other upload (a large table is then imported by the job worker)."""
        upload = self.cleaned_data["imeta"]
        limit = settings.MADANG_IMPORT_MAX_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB. Split it into smaller files."), params={"mb": limit // 2**20}
            )
        return upload

    def clean_spec(self) -> dict[str, Any]:
        text = self.cleaned_data["spec"].strip()
        if not text:
            return {}
        try:
            spec = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("This is not valid JSON (line %(line)d).") % {"line": exc.lineno}) from exc
        if not isinstance(spec, dict):
            raise forms.ValidationError(_("The method is a JSON object: {…}."))
        return spec

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data[f"{prefix}_{lang}"].strip() for lang in CONTENT_LANGUAGES
                if self.cleaned_data.get(f"{prefix}_{lang}", "").strip()}  # fmt: skip


class NodeForm(forms.ModelForm):
    class Meta:
        model = Node
        fields = ["code", "kind", "level", "parent", "direction", "weight", "unit", "min_value", "max_value", "target",
                  "denominator", "domain"]  # fmt: skip

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = framework.nodes.all()
        self.fields["parent"].queryset = nodes.filter(kind=Node.Kind.AGGREGATE)  # type: ignore[attr-defined]
        self.fields["denominator"].queryset = nodes.filter(kind=Node.Kind.DENOMINATOR)  # type: ignore[attr-defined]
        self.fields["weight"].help_text = _("Relative to the other children of the same parent.")
        for name, field in _language_fields("name", _("Name"), True).items():
            self.fields[name] = field
            field.initial = (self.instance.name or {}).get(name.split("_", 1)[1], "")
        self.framework = framework

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        clash = self.framework.nodes.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another node of this framework has this code."))
        return code

    def names(self) -> dict[str, str]:
        return {lang: self.cleaned_data[f"name_{lang}"].strip() for lang in CONTENT_LANGUAGES
                if self.cleaned_data.get(f"name_{lang}", "").strip()}  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("The highest valid value is below the lowest."))
        return data


class BenchmarkForm(forms.Form):
    places = forms.MultipleChoiceField(label=_("Compare"), required=False, widget=forms.CheckboxSelectMultiple)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args: Any, places: list[tuple[str, str]], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = places  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, y) for y in reversed(years)]  # type: ignore[attr-defined]


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["organisation", "title", "framework", "vision", "start_year", "end_year", "status"]

    def __init__(self, *args: Any, frameworks: Any, organisations: Any = None, **kwargs: Any) -> None:
        """`organisations`: the city governments to choose from, when the plan is not the user's own city's (a
        superuser's); otherwise the plan's owner is set by the view, and never changes."""
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description", "domain"]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["focus_area", "node", "baseline_year", "baseline", "target_year", "target"]

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = plan.focus_areas.all()  # type: ignore[attr-defined]
        # Progress is read from validated values, which only indicators have (aggregates are computed).
        indicators = plan.framework.nodes.filter(kind=Node.Kind.INDICATOR).select_related("framework")
        self.fields["node"].queryset = indicators  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("baseline_year") and data.get("target_year") and data["target_year"] <= data["baseline_year"]:
            self.add_error("target_year", _("The target year comes after the baseline year."))
        node, baseline, target = data.get("node"), data.get("baseline"), data.get("target")
        if node is not None and baseline is not None and target is not None:
            for field, problem in target_problems(node=node, baseline=baseline, target=target).items():
                self.add_error(field, problem)
        return data


class ProjectForm(forms.ModelForm):
    class Meta:
        model = PriorityProject
        fields = ["focus_area", "title", "description", "needs", "pilots", "initiatives"]
        widgets = {"needs": forms.CheckboxSelectMultiple, "pilots": forms.CheckboxSelectMultiple,
                   "initiatives": forms.CheckboxSelectMultiple}  # fmt: skip

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = plan.focus_areas.all()  # type: ignore[attr-defined]
        self.fields["needs"].queryset = plan.organisation.needs.all()  # type: ignore[attr-defined]
        self.fields["pilots"].queryset = plan.organisation.managed_pilots.all()  # type: ignore[attr-defined]
        self.fields["initiatives"].queryset = plan.city.initiatives.filter(is_published=True)  # type: ignore[attr-defined]
