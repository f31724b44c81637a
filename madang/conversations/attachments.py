"""Which files a message may carry, decided by their content (magic bytes, a zip's declared parts), never by the
name or the type the browser sent: a renamed program is refused whatever it is called."""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
# An Office file's [Content_Types].xml is a few kilobytes; more is a zip bomb, not a document.
MAX_CONTENT_TYPES_BYTES = 256 * 1024
MAX_ZIP_ENTRIES = 5_000

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# The content type, and the extensions a file of that content may keep (the first is added when none fits).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    TEXT: (".txt", ".text", ".csv", ".md"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
}
ALLOWED_TYPES = frozenset(EXTENSIONS)

# The main part an Office Open XML package declares; macro-enabled variants (docm, xlsm, pptm) declare others.
_OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            names = {info.filename: info for info in infos}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros, whatever the package claims to be
            info = names.get("[Content_Types].xml")
            if info is None or info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            with archive.open(info) as part:
                declared = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
        return None
    found = {kind for marker, kind in _OFFICE_MAIN_PARTS.items() if marker in declared}
    return found.pop() if len(found) == 1 else None


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in text)


def detect(data: bytes) -> str | None:
    """The allowed content type these bytes are, else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    if _is_plain_text(data):
        return TEXT
    return None


def clean_name(name: str, content_type: str) -> str:
    """A file name safe to send back: no folders or control characters, an extension that says what it is."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".") or "attachment"
    extensions = EXTENSIONS[content_type]
    if PurePosixPath(base).suffix.lower() not in extensions:
        base += extensions[0]
    return base[-150:]


def check_files(files: list[UploadedFile]) -> list[CheckedFile]:
    """Every file read and checked, or a ValidationError naming each one refused (and why)."""
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(count)d files can be attached to one message.") % {"count": MAX_FILES})
    errors: list[str] = []
    checked: list[CheckedFile] = []
    for upload in files:
        shown = PurePosixPath((upload.name or "").replace("\\", "/")).name
        if upload.size is not None and upload.size > MAX_BYTES:
            errors.append(_("%(name)s is larger than 5 MB.") % {"name": shown})
            continue
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            errors.append(_("%(name)s is larger than 5 MB.") % {"name": shown})
            continue
        if not data:
            errors.append(_("%(name)s is empty.") % {"name": shown})
            continue
        content_type = detect(data)
        if content_type is None:
            errors.append(
                _(
                    "%(name)s is not a file type that can be attached. Its content was checked, not its name: "
                    "attach PDF, PNG, JPEG, plain text, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx) files."
                )
                % {"name": shown}
            )
            continue
        checked.append(
            CheckedFile(name=clean_name(upload.name or "", content_type), content_type=content_type, data=data)
        )
    if errors:
        raise ValidationError(errors)
    return checked
