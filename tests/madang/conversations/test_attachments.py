"""Attachments are accepted by their content, not their name, and are downloaded as files, never shown inline."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madang.conversations import attachments
from madang.conversations.models import Attachment, Message

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _office(main: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, attachments.PDF),
        (PNG, attachments.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", attachments.JPEG),
        ("회의 메모\n第二行\n".encode(), attachments.TEXT),
        (_office(DOCX_MAIN), attachments.DOCX),
        (_office("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), attachments.XLSX),
        (
            _office("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
            attachments.PPTX,
        ),
        (EXE, None),
        (b"\xc3\x28 not utf-8", None),
        (b"text with a NUL\x00 inside", None),
        (_office("application/vnd.ms-word.document.macroEnabled.main+xml"), None),
        (_office(DOCX_MAIN, extra={"word/vbaProject.bin": b"macros"}), None),
        (b"PK\x03\x04 a broken zip", None),
    ],
    ids=["pdf", "png", "jpeg", "text", "docx", "xlsx", "pptx", "exe", "latin1", "nul", "docm", "vba", "broken-zip"],
)
def test_the_content_decides_the_type(data, expected):
    assert attachments.detect(data) == expected


def test_a_name_keeps_no_folders_and_gets_the_extension_of_its_content():
    assert attachments.clean_name("../../etc/passwd", attachments.TEXT) == "passwd.txt"
    assert attachments.clean_name("C:\\Users\\kim\\plan.PDF", attachments.PDF) == "plan.PDF"
    assert attachments.clean_name("photo.pdf", attachments.PNG) == "photo.pdf.png"
    assert attachments.clean_name("\x00\x1b", attachments.PDF) == "attachment.pdf"


def _post(client, match, *files, body="Please see the attached plan."):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("conversations:match", kwargs={"pk": match.pk}),
        {"body": body, "language": "en", "attachments": list(files)},
    )


@pytest.mark.django_db
def test_a_renamed_program_is_refused_with_a_clear_message_and_the_text_kept(client, talk):
    client.force_login(talk["users"]["provider"])
    response = _post(client, talk["match"], SimpleUploadedFile("report.pdf", EXE, content_type="application/pdf"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "report.pdf is not a file type that can be attached" in page
    assert "Please see the attached plan." in page
    assert "please choose them again" in page
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_file_over_5_mb_is_refused(client, talk):
    client.force_login(talk["users"]["provider"])
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    response = _post(client, talk["match"], big)
    assert response.status_code == 400
    assert "big.pdf is larger than 5 MB." in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_more_than_three_files_are_refused(client, talk):
    client.force_login(talk["users"]["provider"])
    files = [SimpleUploadedFile(f"p{i}.png", PNG, content_type="image/png") for i in range(4)]
    response = _post(client, talk["match"], *files)
    assert response.status_code == 400
    assert "At most 3 files" in response.content.decode()


@pytest.mark.django_db
def test_allowed_files_are_kept_and_downloaded_as_attachments_by_participants_only(client, talk):
    users, match = talk["users"], talk["match"]
    client.force_login(users["provider"])
    files = [
        SimpleUploadedFile("plan.pdf", PDF, content_type="application/octet-stream"),
        SimpleUploadedFile("screen.png", PNG, content_type="image/png"),
        SimpleUploadedFile("offer.docx", _office(DOCX_MAIN), content_type="application/msword"),
    ]
    assert _post(client, match, *files).status_code == 302
    stored = {a.name: a for a in Attachment.objects.all()}
    assert {n: a.content_type for n, a in stored.items()} == {
        "plan.pdf": attachments.PDF, "screen.png": attachments.PNG, "offer.docx": attachments.DOCX,
    }  # fmt: skip
    url = reverse("conversations:attachment", kwargs={"pk": stored["plan.pdf"].pk})
    client.force_login(users["editor_a"])
    page = client.get(reverse("conversations:match", kwargs={"pk": match.pk})).content.decode()
    assert url in page and "plan.pdf" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(users["other_admin"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_stored_type_that_is_not_allowed_is_sent_as_bytes(client, talk):
    users, match = talk["users"], talk["match"]
    message = Message.objects.create(match=match, author=users["provider"], side="solution", body="x", language="en")
    odd = Attachment.objects.create(message=message, name="x.html", content_type="text/html", size=4, data=b"<b/>")
    client.force_login(users["editor_a"])
    response = client.get(reverse("conversations:attachment", kwargs={"pk": odd.pk}))
    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.django_db
def test_a_hidden_messages_files_are_not_downloaded(client, talk):
    users, match = talk["users"], talk["match"]
    message = Message.objects.create(
        match=match, author=users["provider"], side="solution", body="x", language="en", hidden_at=match.updated_at
    )
    kept = Attachment.objects.create(
        message=message, name="a.pdf", content_type=attachments.PDF, size=len(PDF), data=PDF
    )
    client.force_login(users["editor_a"])
    assert client.get(reverse("conversations:attachment", kwargs={"pk": kept.pk})).status_code == 404
