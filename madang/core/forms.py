from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    """One file, refused above the site's import limit (MADANG_IMPORT_MAX_BYTES) with a translated message.
    Subclasses name the formats in the label and may check the extension."""

    file = forms.FileField(label=_("File"))
    extensions: tuple[str, ...] = ()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.MADANG_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB. Split it into smaller files."), params={"mb": limit // 2**20}
            )
        if self.extensions and not upload.name.lower().endswith(self.extensions):
            raise forms.ValidationError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
        return upload
