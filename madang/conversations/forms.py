from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.i18n import AUTONYMS, CONTENT_LANGUAGES, current_language

from .models import MAX_BODY, MAX_REASON, Side


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); the content checks are the service's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, up to 5,000 characters. Line breaks are kept."),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=[(code, AUTONYMS.get(code, code)) for code in CONTENT_LANGUAGES],
        help_text=_("Readers see which language you wrote in."),
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_(
            "Up to 3 files of 5 MB each: PDF, PNG, JPEG, plain text, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 4}))


class ConsentForm(forms.Form):
    side = forms.ChoiceField(choices=[(Side.NEED.value, Side.NEED.label), (Side.SOLUTION.value, Side.SOLUTION.label)])
