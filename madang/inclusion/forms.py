"""Forms: imports and indicators (city editors), guides, the guide's three field-log steps."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from madang.core.forms import UploadForm
from madang.core.i18n import AUTONYMS, current_language
from madang.core.models import Place

from .models import AssistLog, Facility, Guide, Indicator
from .policies import guide_city_id
from .selectors import place_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_CHOICES = [(code, AUTONYMS.get(code, code)) for code, _name in settings.LANGUAGES]


class AreasImportForm(UploadForm):
    attribution = forms.CharField(
        label=_("Where the boundaries come from (shown under the map)"), max_length=500, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Areas (GeoJSON FeatureCollection, UTF-8)")


class StatisticsImportForm(UploadForm):
    year = forms.IntegerField(label=_("Year of the figures"), min_value=1900, max_value=2100, required=False,
                              help_text=_("Not needed when the file has a “year” column."))  # fmt: skip
    source = forms.CharField(label=_("Source and licence"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Statistics (CSV, UTF-8)")


class FacilitiesImportForm(UploadForm):
    name_lang = forms.ChoiceField(label=_("Language of the names"), choices=LANGUAGE_CHOICES, initial="en")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Facilities (CSV, UTF-8)")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "name_language", "unit", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_language"].choices = LANGUAGE_CHOICES  # type: ignore[attr-defined]


class GuideAddForm(forms.Form):
    username = forms.CharField(label=_("The guide's user name"), max_length=150,
                               help_text=_("The guide signs up first; then add their user name here."))  # fmt: skip


class GuideSitesForm(forms.Form):
    sites = forms.ModelMultipleChoiceField(label=_("Usual sites"), queryset=Facility.objects.none(), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 8}))  # fmt: skip

    def __init__(self, *args: Any, city: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Facility.objects.filter(city=city).order_by("kind", "name")  # type: ignore[attr-defined]


# ---------------------------------------------------------------------- field log, three steps
OTHER = "other"


def _in_language(text: str, lang: str) -> str:
    """A choice label marked with its language when it differs from the page's (screen readers switch voice)."""
    if lang and lang != current_language():
        return format_html('<span lang="{}">{}</span>', lang, text)
    return text


class LanguageSelect(forms.Select):
    """A select whose options carry `lang` when their text is in another language than the page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages: dict[str, str] = {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        lang = self.languages.get(str(value))
        if lang and lang != current_language():
            option["attrs"]["lang"] = lang
        return option


class WhereStepForm(forms.Form):
    site = forms.ChoiceField(label=_("Where are you?"), widget=forms.RadioSelect)
    place_text = forms.CharField(label=_("Somewhere else: the place"), max_length=200, required=False,
                                 help_text=_("For example the name of a shop or a station exit."))  # fmt: skip
    area = forms.ChoiceField(label=_("Area (for somewhere else)"), required=False, widget=LanguageSelect)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args: Any, guide: Guide, recent: list[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = {f.pk: f for f in [*guide.sites.all(), *recent]}
        self.fields["site"].choices = [  # type: ignore[attr-defined]
            *[(str(pk), _in_language(f.name, f.name_language)) for pk, f in sites.items()],
            (OTHER, _("Somewhere else")),
        ]
        if not self.initial.get("site"):
            self.initial["site"] = str(next(iter(sites))) if sites else OTHER
        areas = Place.objects.filter(parent_id=guide_city_id(guide), kind=Place.Kind.DISTRICT)
        areas = areas.select_related("shape").order_by("code")
        grouped: dict[str, list[tuple[str, str]]] = {}
        self.fields["area"].widget.languages = {}  # widgets are shallow-copied per form: no shared dict
        for a in areas:
            group = getattr(getattr(a, "shape", None), "group", "") or ""
            name = place_name(a)
            grouped.setdefault(group, []).append((str(a.pk), name.text))
            self.fields["area"].widget.languages[str(a.pk)] = name.language
        none: list[Any] = [("", _("— not sure —"))]
        if len(grouped) > 1:
            choices = none + [(g or _("Other"), sorted(items, key=lambda i: i[1]))
                              for g, items in sorted(grouped.items())]  # fmt: skip
        else:
            choices = none + sorted(next(iter(grouped.values()), []), key=lambda i: i[1])
        self.fields["area"].choices = choices  # type: ignore[attr-defined]
        self.fields["occurred_on"].initial = timezone.localdate()
        self.facilities = sites

    def clean_occurred_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if day < timezone.localdate() - dt.timedelta(days=366):
            raise forms.ValidationError(_("The date is more than a year ago."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("site") == OTHER and not data.get("place_text"):
            self.add_error("place_text", _("Write where you are, or choose one of your sites."))
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        other = d["site"] == OTHER
        return {"facility": None if other else int(d["site"]), "place_text": d["place_text"] if other else "",
                "area": int(d["area"]) if other and d.get("area") else None,
                "occurred_on": d["occurred_on"].isoformat()}  # fmt: skip

    @staticmethod
    def initial_from(values: dict[str, Any]) -> dict[str, Any]:
        return {"site": str(values["facility"]) if values.get("facility") else OTHER,
                "place_text": values.get("place_text", ""), "area": str(values.get("area") or ""),
                "occurred_on": values.get("occurred_on")}  # fmt: skip


class WhatStepForm(forms.Form):
    device = forms.ChoiceField(label=_("Device"), choices=AssistLog.Device.choices, widget=forms.RadioSelect)
    task = forms.ChoiceField(label=_("What did they want to do?"), choices=AssistLog.Task.choices,
                             widget=forms.RadioSelect)  # fmt: skip

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ResultStepForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1, max_value=480)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AssistLog.Outcome.choices, widget=forms.RadioSelect)
    age_band = forms.ChoiceField(label=_("Age of the person you helped (no names)"),
                                 choices=AssistLog.AgeBand.choices, widget=forms.RadioSelect)  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].widget.attrs.update({"inputmode": "numeric"})

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# ---------------------------------------------------------------------- planner
class PlannerForm(forms.Form):
    candidates = forms.ChoiceField(label=_("Candidate sites"))
    p = forms.IntegerField(label=_("Number of sites to staff"), min_value=1, max_value=200, initial=10)
    radius = forms.IntegerField(label=_("Walking distance a site serves (metres)"), min_value=100, max_value=10_000,
                                initial=1000)  # fmt: skip
    detour = forms.FloatField(
        label=_("Detour factor"), min_value=1.0, max_value=3.0, initial=1.3,
        help_text=_("Walking distance over straight-line distance: 1.3 means a 1,000 m walk reaches about 770 m."),
    )  # fmt: skip
    demand = forms.ChoiceField(label=_("Who should be reached"))
    weight = forms.ChoiceField(
        label=_("Weight the demand by"), required=False,
        help_text=_("Each area's demand times its score divided by the city average."),
    )  # fmt: skip
    points = forms.ChoiceField(label=_("Demand points"), widget=forms.RadioSelect, initial="grid", choices=[
        ("grid", _("Residents spread over a 250 m grid inside each area (more precise)")),
        ("centroid", _("One point at the centre of each area (faster, coarser)")),
    ])  # fmt: skip
    n_guides = forms.IntegerField(label=_("Number of guides"), min_value=1, max_value=100, initial=4)
    days = forms.IntegerField(label=_("Working days per week"), min_value=1, max_value=7, initial=5)
    shifts_per_day = forms.IntegerField(label=_("Shifts per day"), min_value=1, max_value=3, initial=2)

    def __init__(self, *args: Any, kinds: list[tuple[str, str, int]], demand: list[Any], weight: list[Any],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.counts = {k: n for k, _label, n in kinds}
        self.counts["all"] = sum(self.counts.values())
        self.fields["candidates"].choices = [  # type: ignore[attr-defined]
            *[(k, f"{label} ({n:,})") for k, label, n in kinds],
            ("all", _("All facilities")),
        ]
        self.fields["demand"].choices = [(d.code, d.label) for d in demand]  # type: ignore[attr-defined]
        self.fields["weight"].choices = [("", _("No weighting")), *[(d.code, d.label) for d in weight]]  # type: ignore[attr-defined]
        for name in ("p", "radius", "n_guides", "days", "shifts_per_day"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["detour"].widget.attrs.update({"step": "0.05", "inputmode": "decimal"})
        if demand and not self.is_bound:
            self.initial.setdefault("demand", "pop_65plus" if any(d.code == "pop_65plus" for d in demand)
                                    else demand[0].code)  # fmt: skip
        if kinds and not self.is_bound:
            self.initial.setdefault("candidates", "school" if "school" in self.counts else kinds[0][0])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, p = data.get("candidates"), data.get("p")
        if kind and p and p > self.counts.get(kind, 0):
            self.add_error("p", _("There are only %(n)d candidate sites of this kind.") % {"n": self.counts[kind]})
        return data


class PlanSaveForm(forms.Form):
    title = forms.CharField(label=_("Name of the plan"), max_length=200)


class PlanAssignForm(forms.Form):
    """Guide k of the plan's rota -> one of the city's active guides (or nobody)."""

    def __init__(self, *args: Any, n_guides: int, guides: list[Guide], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guides = {str(g.pk): g for g in guides}
        choices = [("", _("— nobody —")), *[(str(g.pk), g.user.username) for g in guides]]
        for k in range(1, n_guides + 1):
            self.fields[f"guide_{k}"] = forms.ChoiceField(label=_("Guide %(n)d of the rota") % {"n": k},
                                                          choices=choices, required=False)  # fmt: skip

    def chosen(self) -> list[Guide | None]:
        return [self.guides.get(self.cleaned_data[name] or "") for name in self.fields]
