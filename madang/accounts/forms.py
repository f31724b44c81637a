from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from madang.core.models import Network, Organisation, Place

from .models import JoinRequest, OrganisationRole, User
from .validators import phone_clean


class _Contacts:
    """An e-mail address or a mobile phone number, at least one: a person without e-mail hears of things by text."""

    cleaned_data: dict[str, Any]

    def clean_phone(self) -> str:
        try:
            return phone_clean(self.cleaned_data.get("phone") or "")
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def _one_contact(self, data: dict[str, Any]) -> None:
        typed_badly = "phone" in self.errors or "email" in self.errors  # type: ignore[attr-defined]
        if not data.get("email") and not data.get("phone") and not typed_badly:
            self.add_error("email", _("Please give an e-mail address or a mobile phone number. One is enough."))  # type: ignore[attr-defined]


class SignUpForm(_Contacts, UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail address"), required=False,
        help_text=_("For your notices and to reset your password. You may leave it empty if you give a phone number."),
    )  # fmt: skip
    phone = forms.CharField(
        label=_("Mobile phone number"), required=False, max_length=30,
        help_text=_("Without e-mail, your notices come as text messages; staff help if you forget your password."),
    )  # fmt: skip

    class Meta:
        model = User
        fields = ("username", "email", "phone", "preferred_language")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._one_contact(data)
        return data


class ProfileForm(_Contacts, forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "phone", "preferred_language")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._one_contact(data)
        return data


class NamedChoiceField(forms.ModelChoiceField):
    """Organisations, places and networks by their name in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name())


class JoinForm(forms.Form):
    organisation = NamedChoiceField(label=_("Organisation"), queryset=Organisation.objects.order_by("name"))
    role = forms.ChoiceField(
        label=_("Role you ask for"),
        choices=JoinRequest.Asked.choices,
        initial=JoinRequest.Asked.EDITOR,
        widget=forms.RadioSelect,
        help_text=_("Members belong to the organisation; editors also write its needs, solutions and pages."),
    )
    message = forms.CharField(
        label=_("Message to the people who decide"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say who you are and what you do in the organisation (up to 2,000 characters)."),
    )


class ProposeForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=Organisation.Kind.choices)
    country = NamedChoiceField(
        label=_("Country"), queryset=Place.objects.filter(kind=Place.Kind.COUNTRY).order_by("name")
    )
    city = NamedChoiceField(
        label=_("City"), required=False, queryset=Place.objects.filter(kind=Place.Kind.CITY).order_by("name")
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    email_domain = forms.CharField(
        label=_("Official e-mail domain"),
        required=False,
        max_length=100,
        validators=[RegexValidator(r"^@?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", _("Write a domain such as city.go.jp."))],
        help_text=_("The part after @ in your colleagues' e-mail addresses, such as city.yokohama.lg.jp."),
    )
    network = NamedChoiceField(
        label=_("Network that decides"),
        required=False,
        queryset=Network.objects.order_by("name"),
        empty_label=_("None: the Madang team decides"),
        help_text=_("The admins of this network check the organisation and add it as a member."),
    )
    message = forms.CharField(
        label=_("Message to the people who decide"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        city, country = data.get("city"), data.get("country")
        if city is not None and country is not None and city.parent_id != country.pk:
            self.add_error("city", _("This city is not in the country chosen."))
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you refuse: the person reads it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why, so that the person knows what to do next."))
        return data


class MemberForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.Role.choices, required=False)
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)
