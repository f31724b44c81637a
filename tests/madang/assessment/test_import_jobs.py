"""Large value uploads and iMeta tables run in the job worker: the page shows how far the check has got, then
the all-or-nothing report, with a link to the values (or the new framework) and one back to the upload form."""

import io

import pytest
from django.urls import reverse

from madang.accounts.models import OrganisationRole
from madang.assessment.models import Framework, Node, Value
from madang.assessment.services import framework_create, nodes_import, values_import
from madang.core.imports import ImportFailed
from madang.core.models import ImportRun
from tests.assessment_data import put

from .test_frameworks import IMETA

HEADER = "place,indicator,year,value,source,source_date\n"


@pytest.fixture
def dii(db):
    return Framework.objects.get(slug="digital-inclusion-index")


def _file(text, name="values.csv"):  # type: ignore[no-untyped-def]
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def _upload(client, dii, text):  # type: ignore[no-untyped-def]
    return client.post(reverse("assessment:submit", args=[dii.slug]), {"action": "upload", "file": _file(text)})


def _rows(n):  # type: ignore[no-untyped-def]
    """n distinct good rows for Seoul and Makati: every entered indicator of the index, year after year."""
    codes = list(
        Framework.objects.get(slug="digital-inclusion-index")
        .nodes.filter(kind=Node.Kind.INDICATOR)
        .values_list("code", flat=True)
    )
    keys = [(place, code) for place in ("seoul", "makati") for code in codes]
    return "".join(
        f"{keys[i % len(keys)][0]},{keys[i % len(keys)][1]},{2024 - i // len(keys)},50,Survey,2024-11-01\n"
        for i in range(n)
    )


def test_a_large_values_upload_runs_as_a_job_and_ends_with_the_counts_and_a_link_to_the_values(
    client, world, dii, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    validated = put(dii.nodes.get(code="ACC1"), world["seoul"], 2024, 81.0)
    client.force_login(world["users"]["editor_a"])
    text = HEADER + (
        "seoul,ACC2,2024,50,Survey,2024-11-01\n"
        "seoul,ACC3,2024,40,Survey,2024-11-01\n"
        f"seoul,ACC1,2024,81,Test survey,{validated.source_date.isoformat()}\n"  # the same again: stays validated
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, dii, text)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert "2 new and 0 changed values are saved and wait for validation." in content
    assert "1 validated values were given again unchanged and stay validated." in content
    assert f'href="{reverse("assessment:submit", args=[dii.slug])}#pending-h"' in content
    assert set(Value.objects.filter(status=Value.Status.SUBMITTED).values_list("node__code", "submitted_by")) == {
        ("ACC2", world["users"]["editor_a"].pk),
        ("ACC3", world["users"]["editor_a"].pk),
    }
    assert Value.objects.get(pk=validated.pk).status == Value.Status.VALIDATED
    run.refresh_from_db()
    assert (run.status, bytes(run.data)) == (ImportRun.Status.DONE, b"")  # the upload is not kept


def test_the_jobs_report_is_in_the_language_of_the_person_who_uploaded(
    client, world, dii, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    validated = put(dii.nodes.get(code="ACC1"), world["seoul"], 2024, 81.0)
    client.force_login(world["users"]["editor_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    text = HEADER + f"seoul,ACC2,2024,50,Survey,2024-11-01\nseoul,ACC1,2024,81,Test survey,{validated.source_date}\n"
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, dii, text)
    assert ImportRun.objects.get().summary == (
        "새 값 1건과 변경된 값 0건을 저장했습니다. 검증을 기다립니다. "
        "검증된 값 1건은 바뀌지 않은 채 다시 제출되어 검증된 상태로 남습니다."
    )


def test_a_small_values_upload_says_the_same_counts_at_once(client, world, dii):
    validated = put(dii.nodes.get(code="ACC1"), world["seoul"], 2024, 81.0)
    client.force_login(world["users"]["editor_a"])
    text = HEADER + f"seoul,ACC1,2024,81,Test survey,{validated.source_date.isoformat()}\n"
    response = _upload(client, dii, text)
    assert response.status_code == 302 and not ImportRun.objects.exists()
    content = client.get(response["Location"]).content.decode()
    assert "0 new and 0 changed values are saved" in content and "1 validated values were given again" in content


def test_a_bad_row_in_a_large_values_upload_imports_nothing_and_the_page_lists_the_row(
    client, world, dii, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["editor_a"])
    text = HEADER + "seoul,ACC2,2024,50,Survey,2024-11-01\nseoul,ACC3,20x4,40,Survey,2024-11-01\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, dii, text)
    page = client.get(response["Location"])
    assert page.status_code == 400
    content = page.content.decode()
    assert "Nothing was imported" in content and "Write the year as four digits" in content
    assert [(e.row, e.column) for e in page.context["errors"]] == [(3, "year")]
    assert f'href="{reverse("assessment:submit", args=[dii.slug])}#upload-h"' in content
    assert not Value.objects.exists()


def test_the_job_asks_again_whether_the_uploader_may_submit_for_each_place(
    client, world, dii, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    editor = world["users"]["editor_a"]
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as waiting:  # the upload waits for the worker
        response = _upload(client, dii, HEADER + "seoul,ACC2,2024,50,Survey,2024-11-01\n")
    OrganisationRole.objects.filter(user=editor).update(organisation=world["city_b"])  # now Makati's editor
    for job in waiting:
        job()
    page = client.get(response["Location"])
    assert page.status_code == 400
    assert [(e.row, e.column) for e in page.context["errors"]] == [(2, "place")]
    assert "You may not submit values for Seoul." in page.content.decode()
    assert not Value.objects.exists()


def test_the_job_refuses_the_file_when_the_uploader_may_no_longer_submit_to_the_framework(
    client, world, dii, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    editor = world["users"]["editor_a"]
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as waiting:
        response = _upload(client, dii, HEADER + "seoul,ACC2,2024,50,Survey,2024-11-01\n")
    OrganisationRole.objects.filter(user=editor).delete()
    for job in waiting:
        job()
    page = client.get(response["Location"])
    assert page.status_code == 400 and "You may no longer make this import" in page.content.decode()
    assert not Value.objects.exists()


def test_values_import_reports_progress_while_checking_rows(world, dii):
    calls = []
    report = values_import(
        framework=dii,
        data=(HEADER + _rows(1_200)).encode(),
        filename="v.csv",
        by=world["users"]["admin"],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(0, 1_200), (500, 1_200), (1_000, 1_200)]
    assert report.created == 1_200


def test_a_value_validated_while_the_file_was_checked_refuses_the_file(world, dii):
    """The job checks outside the writing transaction: what is validated is read again before writing."""
    node = dii.nodes.get(code="ACC2")

    def someone_validates(done, total):  # type: ignore[no-untyped-def]
        if not Value.objects.exists():
            put(node, world["seoul"], 2024, 10.0)

    with pytest.raises(ImportFailed) as failed:
        values_import(framework=dii, data=(HEADER + "seoul,ACC2,2024,50,Survey,2024-11-01\n").encode(),
                      filename="v.csv", by=world["users"]["editor_a"], progress=someone_validates)  # fmt: skip
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "value")]
    assert Value.objects.get().value == 10.0


def test_someone_else_cannot_see_a_values_import_run(client, world, dii, settings):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["editor_a"])
    location = _upload(client, dii, HEADER + "seoul,ACC2,2024,50,Survey,2024-11-01\n")["Location"]
    assert "Waiting to start" in client.get(location).content.decode()
    client.force_login(world["users"]["editor_b"])
    assert client.get(location).status_code == 404


# ---------------------------------------------------------------- a new framework's iMeta table
def _new_framework(client, slug="big-index", table=IMETA):  # type: ignore[no-untyped-def]
    return client.post(reverse("assessment:framework-new"), {
        "slug": slug, "kind": "index", "unit_kind": "city", "name_en": "Big index", "name_ko": "큰 지수",
        "spec": '{"normalise": {"method": "minmax"}}', "imeta": _file(table, "imeta.csv"),
    })  # fmt: skip


def test_a_large_imeta_table_creates_the_framework_in_a_job_and_links_to_it(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _new_framework(client)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200 and "The framework is created." in content
    assert f'href="{reverse("assessment:framework-edit", args=["big-index"])}"' in content
    framework = Framework.objects.get(slug="big-index")
    assert framework.name == {"en": "Big index", "ko": "큰 지수"} and framework.spec["normalise"]["method"] == "minmax"
    assert framework.network == world["network"] and framework.created_by == world["users"]["admin"]
    assert framework.nodes.count() == 6


def test_a_bad_large_imeta_table_creates_no_framework_and_the_page_lists_the_row(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["admin"])
    table = IMETA.replace("Index,Our index,3,,Aggregate", "Index,Our index,3,,Magic")
    with django_capture_on_commit_callbacks(execute=True):
        response = _new_framework(client, table=table)
    page = client.get(response["Location"])
    assert page.status_code == 400
    assert [(e.row, e.column) for e in page.context["errors"]] == [(7, "Type")]
    assert f'href="{reverse("assessment:framework-new")}"' in page.content.decode()
    assert not Framework.objects.filter(slug="big-index").exists()


def test_a_large_imeta_table_under_a_taken_short_name_is_refused_on_the_form_at_once(client, world, settings):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["admin"])
    response = _new_framework(client, slug="digital-inclusion-index")
    assert response.status_code == 400 and "exists already" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_short_name_taken_while_the_table_waited_is_the_jobs_report(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["admin"])
    with django_capture_on_commit_callbacks() as waiting:
        response = _new_framework(client)
    framework_create(by=world["users"]["admin"], slug="big-index", name={"en": "First"})
    for job in waiting:
        job()
    page = client.get(response["Location"])
    assert page.status_code == 400 and "exists already" in page.content.decode()
    assert Framework.objects.get(slug="big-index").name == {"en": "First"}


def test_someone_else_cannot_see_an_imeta_import_run(client, world, settings):
    settings.MADANG_IMPORT_INLINE_BYTES = 10
    client.force_login(world["users"]["admin"])
    location = _new_framework(client)["Location"]
    client.force_login(world["users"]["other_admin"])
    assert client.get(location).status_code == 404


def test_nodes_import_reports_progress_while_checking_rows(world):
    framework = framework_create(by=world["users"]["admin"], slug="wide", name={"en": "Wide"})
    lines = [f"I{n},Indicator {n},1,Index,Indicator,1,1,\n" for n in range(1_100)]
    table = "iCode,iName,Level,Parent,Type,Direction,Weight,Unit\n" + "".join(lines) + "Index,Index,2,,Aggregate,1,1,\n"
    calls = []
    count = nodes_import(framework=framework, data=table.encode(), filename="imeta.csv", by=world["users"]["admin"],
                         progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    assert count == 1_101 and framework.nodes.count() == 1_101
    assert calls == [(0, 1_101), (500, 1_101), (1_000, 1_101)]


def test_an_imeta_table_above_the_upload_limit_is_refused_on_the_form(client, world, settings):
    settings.MADANG_IMPORT_MAX_BYTES = 100
    client.force_login(world["users"]["admin"])
    response = _new_framework(client)
    assert response.status_code == 400 and "The file is larger than" in response.content.decode()
    assert not Framework.objects.filter(slug="big-index").exists() and not ImportRun.objects.exists()
