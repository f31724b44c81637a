"""Training forms: the public filters and registration (only what is needed), and the staff's pages."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from madang.accounts.validators import phone_clean
from madang.core.i18n import AUTONYMS
from madang.core.models import Organisation, Place
from madang.pilots.forms import ACCESSIBILITY_NEEDS
from madang.surveys.models import Survey

from .models import Course, Registration, Session


def _language_choices() -> list[tuple[str, str]]:
    return [(code, AUTONYMS[code]) for code in AUTONYMS]


class CourseFilterForm(forms.Form):
    """GET filters; every field optional, unknown values are ignored rather than an error page."""

    city = forms.ModelChoiceField(label=_("City"), required=False, queryset=Place.objects.none(),
                                  empty_label=_("All cities"))  # fmt: skip
    level = forms.ChoiceField(label=_("Level"), required=False)
    language = forms.ChoiceField(label=_("Language of the class"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args: Any, months: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cities = Place.objects.filter(kind="city", training_courses__is_published=True).distinct()
        self.fields["city"].queryset = cities.order_by("name")  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", _("All levels")), *Course.Level.choices]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("All languages")), *_language_choices()]  # type: ignore[attr-defined]
        self.fields["month"].choices = [("", _("Any month")), *[  # type: ignore[attr-defined]
            (m.strftime("%Y-%m"), date_format(m, "YEAR_MONTH_FORMAT")) for m in months
        ]]  # fmt: skip

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return dict(self.cleaned_data)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "description", "level", "language", "accessibility_notes", "helpline_phone",
                  "helpline_hours", "survey", "is_published"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "level": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        """`organisations`: whose course it is (the course's organiser, or those the person organises for: a choice
        is asked only when there are several)."""
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()  # type: ignore[attr-defined]
        if not self.instance.pk and len(organisations) > 1:
            self.fields["organiser"] = forms.ModelChoiceField(
                label=_("Organiser"), queryset=organisations, help_text=_("The organisation that runs this course.")
            )
            self.order_fields(["organiser"])
        self.fields["survey"].queryset = Survey.objects.filter(  # type: ignore[attr-defined]
            Q(owner__in=organisations) | Q(is_template=True, locked=False)
        )
        self.fields["survey"].empty_label = _("A new copy of the standard satisfaction questionnaire")  # type: ignore[attr-defined]
        self.fields["survey"].help_text = _("Asked after each session. You can change its questions in the builder.")


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place_kind = forms.ChoiceField(label=_("Kind of place"), choices=Session.PlaceKind.choices,
                                   widget=forms.RadioSelect, initial=Session.PlaceKind.VENUE)  # fmt: skip
    place_name = forms.CharField(label=_("Place"), max_length=200,
                                 help_text=_("For the education bus: where it stops."))  # fmt: skip
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    trainer = forms.CharField(
        label=_("Trainer (user name or e-mail, optional)"), required=False, max_length=254,
        help_text=_("The trainer sees the attendee list and marks attendance. They need an account."),
    )  # fmt: skip

    def __init__(self, *args: Any, session: Session | None = None, **kwargs: Any) -> None:
        if session is not None and "initial" not in kwargs:
            start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
            kwargs["initial"] = {
                "date": start.date(), "start_time": start.time(), "end_time": end.time(),
                "place_kind": session.place_kind, "place_name": session.place_name, "address": session.address,
                "capacity": session.capacity, "trainer": session.trainer.get_username() if session.trainer else "",
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["capacity"].widget.attrs["inputmode"] = "numeric"

    def clean_trainer(self) -> Any:
        name = self.cleaned_data["trainer"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(Q(username=name) | Q(email__iexact=name)).first()
        if user is None:
            raise forms.ValidationError(_("No account for %(name)s.") % {"name": name})
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if data.get("date") and start and end and end <= start:
            self.add_error("end_time", _("The class must end after it starts."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "starts_at": dt.datetime.combine(d["date"], d["start_time"], tzinfo=tz),
            "ends_at": dt.datetime.combine(d["date"], d["end_time"], tzinfo=tz),
            "place_kind": d["place_kind"], "place_name": d["place_name"], "address": d["address"],
            "capacity": d["capacity"], "trainer": d["trainer"],
        }  # fmt: skip


class RegistrationForm(forms.Form):
    """A name and one way to reach the person; accessibility needs are optional and free to choose."""

    name = forms.CharField(
        label=_("Your name"), max_length=120, help_text=_("So the trainer can greet you. A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )  # fmt: skip
    phone = forms.CharField(
        label=_("Mobile phone number"), max_length=30, required=False,
        help_text=_("For a text message the day before. You can leave it empty if you give an e-mail address."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("E-mail address"), required=False,
        help_text=_("You can leave it empty if you give a phone number."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Should we prepare anything for you? (optional)"), required=False, choices=ACCESSIBILITY_NEEDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For example a seat near the front, large print or a trainer who speaks slowly. You do not have "
                    "to answer."),
    )  # fmt: skip
    consent = forms.BooleanField(label=_("I have read how my details are used, and I agree."), required=True)

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed_badly = "phone" in self.errors or "email" in self.errors
        if not data.get("phone") and not data.get("email") and not typed_badly:
            self.add_error("phone", _("Please give a phone number or an e-mail address. One of them is enough."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "consent"}


class AssistedRegistrationForm(RegistrationForm):
    consent = forms.BooleanField(
        label=_("I read out how their details are used, and the caller agreed."), required=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Caller's name")
        self.fields["phone"].label = _("Caller's mobile phone number")
        self.fields["email"].label = _("Caller's e-mail address")
        self.fields["accessibility_needs"].label = _("Anything the caller asks us to prepare (optional)")
        for name in ("name", "phone", "email"):
            self.fields[name].help_text = ""
            self.fields[name].widget.attrs.pop("autocomplete", None)


class AttendanceForm(forms.Form):
    """One radio group per confirmed registrant, named r<registration id>."""

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = registrations
        for r in registrations:
            self.fields[f"r{r.pk}"] = forms.ChoiceField(
                label=r.name or _("Registration %(n)d") % {"n": r.pk}, required=False,
                choices=Registration.Attendance.choices, widget=forms.RadioSelect, initial=r.attendance,
            )  # fmt: skip

    def marks(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
