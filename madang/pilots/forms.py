"""Pilot forms: plan, criteria, sites, decision; the tester panel; the facilitator's session steps."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from madang.core import roles
from madang.core.i18n import AUTONYMS
from madang.core.models import Place
from madang.matching.models import Need, Solution
from madang.surveys.forms import question_field
from madang.surveys.models import Survey
from madang.surveys.selectors import survey_template

from .models import Pilot, Site, SuccessCriterion, Task, TaskResult, Tester

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

ACCESSIBILITY_NEEDS = [
    ("vision", _("Seeing (low vision, blindness)")),
    ("hearing", _("Hearing")),
    ("mobility", _("Walking or standing")),
    ("dexterity", _("Using hands and fingers")),
    ("memory", _("Memory or concentration")),
    ("reading", _("Reading")),
    ("other", _("Something else")),
]
SKILL_LEVELS = [
    (1, _("1: I rarely use a smartphone or a computer")),
    (2, _("2: I make calls and read messages")),
    (3, _("3: I use a few apps, sometimes with help")),
    (4, _("4: I use apps and websites on my own")),
    (5, _("5: I help other people with digital things")),
]


class PilotForm(forms.ModelForm):
    class Meta:
        model = Pilot
        fields = ["title", "language", "summary", "success_criteria", "need", "solution", "city", "plan_starts",
                  "recruit_starts", "test_starts", "evaluate_starts", "decide_by", "survey"]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "success_criteria": forms.Textarea(attrs={"rows": 3}),
            **{f: DATE for f in ("plan_starts", "recruit_starts", "test_starts", "evaluate_starts", "decide_by")},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Needs, unpublished solutions and surveys of the organisation that manages (or will manage) the pilot.
        managers = [self.instance.manager_id] if self.instance.pk else sorted(roles.editor_org_ids(user))
        own = Q(organisation_id__in=managers)
        self.fields["need"].queryset = Need.objects.filter(own).order_by("-updated_at")  # type: ignore[attr-defined]
        self.fields["solution"].queryset = Solution.objects.filter(  # type: ignore[attr-defined]
            Q(is_published=True) | own
        ).order_by("title")
        self.fields["city"].queryset = Place.objects.filter(kind="city").order_by("name")  # type: ignore[attr-defined]
        self.fields["survey"].queryset = Survey.objects.filter(  # type: ignore[attr-defined]
            Q(owner_id__in=managers) | Q(is_template=True, locked=False)
        )
        self.fields["survey"].help_text = _("Optional: questions of your own, asked after SUS and satisfaction.")
        self.fields["language"].choices = [(code, AUTONYMS[code]) for code, _name in self.fields["language"].choices]  # type: ignore[attr-defined]
        if self.instance.criteria_locked:
            # Fixed when testing started, like the criterion rows: a disabled field keeps the saved text.
            self.fields["success_criteria"].disabled = True


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SuccessCriterion
        fields = ["metric", "segment", "task", "comparator", "target"]

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"] = forms.ChoiceField(
            label=_("Testers"), required=False, choices=[("", _("All testers")), *Tester.AgeBand.choices]
        )
        self.fields["task"].queryset = pilot.tasks.all()  # type: ignore[attr-defined]
        self.fields["task"].empty_label = _("All tasks")  # type: ignore[attr-defined]
        self.fields["target"].help_text = _("Percentages as 0-100; SUS as 0-100; time in seconds.")


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title"]


class SiteForm(forms.ModelForm):
    host_names = forms.CharField(
        label=_("Hosts"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("User names or e-mail addresses of the site's staff, one per line. They must have an account."),
    )  # fmt: skip

    class Meta:
        model = Site
        fields = ["name", "address", "kind", "helpline_phone", "helpline_hours"]

    def clean_host_names(self) -> list[Any]:
        names = [n.strip() for n in self.cleaned_data["host_names"].splitlines() if n.strip()]
        users = get_user_model().objects.filter(Q(username__in=names) | Q(email__in=names))
        found = {u.username for u in users} | {u.email for u in users}
        unknown = [n for n in names if n not in found]
        if unknown:
            raise forms.ValidationError(_("No account for: %(names)s") % {"names": ", ".join(unknown)})
        return list(users)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Pilot.Decision.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Reasons, with the results they rest on"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ChangeForm(forms.Form):
    description = forms.CharField(
        label=_("What the provider changed"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Testers registered from now on count in the next iteration, so the report can compare them."),
    )  # fmt: skip


class TesterForm(forms.ModelForm):
    """Only what the analysis needs; accessibility needs are optional and free to choose."""

    age_band = forms.ChoiceField(label=_("Age"), choices=Tester.AgeBand.choices, widget=forms.RadioSelect)
    digital_skill = forms.TypedChoiceField(
        label=_("How do you get on with smartphones and computers?"), choices=SKILL_LEVELS, coerce=int,
        widget=forms.RadioSelect,
    )  # fmt: skip
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Is anything harder for you? (optional)"), required=False, choices=ACCESSIBILITY_NEEDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("This helps us make sure the service works for everyone. You do not have to answer."),
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=_("Languages you are comfortable in"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(AUTONYMS.items()),
    )  # fmt: skip
    consent = forms.BooleanField(label=_("I have read this and I agree to take part."), required=True)

    class Meta:
        model = Tester
        fields = ["name", "contact", "age_band", "digital_skill", "accessibility_needs", "languages",
                  "neighbourhood", "site"]  # fmt: skip
        widgets = {"site": forms.RadioSelect}

    def __init__(self, *args: Any, pilot: Pilot, sites: QuerySet[Site] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else pilot.sites.all()  # type: ignore[attr-defined]
        self.fields["site"].label = _("Where would you like to test?")
        self.fields["site"].empty_label = _("No preference")  # type: ignore[attr-defined]
        self.fields["name"].label = _("Your name")
        self.fields["name"].required = True
        self.fields["contact"].label = _("Phone number or e-mail, so we can arrange a time")
        self.fields["contact"].required = True
        self.fields["neighbourhood"].label = _("Neighbourhood (optional)")


class AssistedTesterForm(TesterForm):
    consent = forms.BooleanField(
        label=_("I read the consent text to the resident and they agreed to take part."), required=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Resident's name")
        self.fields["contact"].label = _("Resident's phone number or e-mail")
        self.fields["contact"].required = False
        self.fields["age_band"].label = _("Age")
        self.fields["digital_skill"].label = _("Digital skill, as the resident rates it")
        self.fields["accessibility_needs"].label = _("Accessibility needs the resident mentions (optional)")
        self.fields["languages"].label = _("Languages the resident is comfortable in")
        self.fields["site"].label = _("Test site")


# ------------------------------------------------------------------ session steps
class TaskStepForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=TaskResult.Outcome.choices, widget=forms.RadioSelect)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=180, required=False)
    seconds = forms.IntegerField(label=_("Seconds"), min_value=0, max_value=59, required=False)
    # Not "errors": that name is the form's own error dictionary.
    mistakes = forms.IntegerField(label=_("Errors"), min_value=0, max_value=99, initial=0)
    assists = forms.IntegerField(label=_("Times the facilitator helped"), min_value=0, max_value=99, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("minutes", "seconds", "mistakes", "assists"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["ease"] = question_field(survey_template("seq").questions.get(code="seq"), required=False)

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        total = (
            None if d["minutes"] is None and d["seconds"] is None else (d["minutes"] or 0) * 60 + (d["seconds"] or 0)
        )
        return {"outcome": d["outcome"], "seconds": total, "errors": d["mistakes"], "assists": d["assists"],
                "ease": d["ease"] if d["ease"] != "" else None}  # fmt: skip

    @staticmethod
    def initial_from(values: dict[str, Any]) -> dict[str, Any]:
        total = values.get("seconds")
        return {
            **values,
            "mistakes": values.get("errors", 0),
            "minutes": None if total is None else total // 60,
            "seconds": None if total is None else total % 60,
        }


class SusStepForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in survey_template("sus").questions.all():
            self.fields[question.code] = question_field(question)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ClosingStepForm(forms.Form):
    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        standard = survey_template("satisfaction").questions.all()
        for question in standard:
            self.fields[question.code] = question_field(question, required=False)
        if pilot.survey is not None:
            for question in pilot.survey.questions.prefetch_related("choices"):
                self.fields[f"q{question.pk}"] = question_field(question)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None, [])}
