"""The report page, its CSV/PDF downloads, publishing as evidence and as a catalogue initiative, comment themes."""

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from madang.catalogue.models import Initiative
from madang.core.computations import computation_request
from madang.core.models import Computation
from madang.pilots.models import Pilot
from madang.pilots.reports import report_build
from madang.pilots.services import change_record, pilot_advance, pilot_decide, report_publish
from madang.pilots.sessions import tester_register
from tests.pilot_data import record_sessions


@pytest.fixture
def measured(p):
    record_sessions(p)
    p["pilot"].phase = Pilot.Phase.EVALUATE
    p["pilot"].save()
    return p


def test_criteria_are_judged_against_results_with_their_interval(measured):
    report = report_build(pilot=measured["pilot"], themes=False)
    (criterion,) = report.criteria
    # 4 of 12 seniors succeed on both tasks: 8 unaided attempts of 24.
    assert criterion.value == pytest.approx(100 * 8 / 24)
    assert criterion.met is False and criterion.low < criterion.value < criterion.high
    age = next(s for s in report.segmentations if s.key == "age_band")
    assert age.report.segments_["75_plus"].flagged is True
    assert not age.report.segments_["40_64"].flagged


def test_sessions_csv_is_what_the_stats_cli_reads_and_gives_the_same_numbers(client, measured, tmp_path):
    client.force_login(measured["users"]["editor_a"])
    body = client.get(reverse("pilots:sessions-csv", args=[measured["pilot"].pk])).content.decode()
    assert "Kim" not in body  # codes only
    path = tmp_path / "sessions.csv"
    path.write_text(body)
    out = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "engines.stats", "usability", "--sessions", str(path), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    cli = json.loads(out.stdout)
    page = report_build(pilot=measured["pilot"], themes=False).overall
    assert cli["all"]["completion_rate"] == pytest.approx(page.completion.estimate, abs=1e-4)
    assert cli["all"]["sus_mean"] == pytest.approx(page.sus.estimate, abs=1e-4)


def test_report_csv_has_criteria_segments_and_tasks(client, measured):
    client.force_login(measured["users"]["editor_a"])
    body = client.get(reverse("pilots:report-csv", args=[measured["pilot"].pk])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["table"] for r in rows} == {"criteria", "segments", "tasks"}
    crit = next(r for r in rows if r["table"] == "criteria")
    assert crit["met"] == "false" and float(crit["value"]) == pytest.approx(33.3333, abs=1e-3)
    flagged = next(r for r in rows if r["group"] == "age_band" and r["name"] == "75_plus" and r["measure"] == "flagged")
    assert flagged["value"] == "1.0000"


@pytest.mark.parametrize(("language", "font"), [("en", b"Helvetica"), ("ko", b"HYSMyeongJo-Medium")])
def test_report_pdf_is_a_pdf_in_the_readers_language(
    client, measured, language, font, django_capture_on_commit_callbacks
):
    client.force_login(measured["users"]["editor_a"])
    client.cookies["django_language"] = language
    url = reverse("pilots:report-pdf", args=[measured["pilot"].pk])
    with django_capture_on_commit_callbacks() as jobs:
        waiting = client.get(url)
    assert waiting.status_code == 202 and len(jobs) == 1  # made by the worker, not in the request
    link = re.search(r'href="([^"]+\?prepared=[^"]+)"', waiting.content.decode()).group(1)
    jobs[0]()
    response = client.get(link)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and font in response.content
    assert client.get(url)["Content-Type"] == "application/pdf"  # asked again: the prepared copy, at once


def test_a_prepared_pdf_link_serves_only_its_own_pilot(client, measured, django_capture_on_commit_callbacks):
    client.force_login(measured["users"]["editor_a"])
    with django_capture_on_commit_callbacks():
        elsewhere = computation_request(kind="pilots.report_pdf", params={"pilot": 10**6, "language": "en"},
                                        version="1")  # fmt: skip
    with django_capture_on_commit_callbacks() as jobs:
        response = client.get(reverse("pilots:report-pdf", args=[measured["pilot"].pk]), {"prepared": elsewhere.pk})
    assert response.status_code == 202 and len(jobs) == 1 and Computation.objects.count() == 2


def test_report_page_shows_tables_for_every_chart_and_themes_without_quotes_in_public(
    client, measured, django_capture_on_commit_callbacks
):
    pilot, manager = measured["pilot"], measured["users"]["editor_a"]
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(reverse("pilots:report", args=[pilot.pk])).content.decode()
    assert "24 new comments are still being read by the server" in first  # the worker embeds them meanwhile
    page = client.get(reverse("pilots:report", args=[pilot.pk])).content.decode()
    assert "still being read" not in page
    assert page.count('class="bars"') == page.count("<table") - 2  # criteria and tasks tables have no chart
    assert "markedly worse" in page and "not met" in page
    assert "too small" in page  # the insider sees example comments
    pilot_decide(pilot=pilot, by=manager, decision="iterate", reasons="Seniors could not read the screen.")
    report_publish(pilot=pilot, by=manager)
    client.logout()
    public = client.get(reverse("pilots:report", args=[pilot.pk])).content.decode()
    assert "Seniors could not read the screen." in public
    assert "What testers said" in public and "<q" not in public


def test_comment_themes_group_by_meaning(measured, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = report_build(pilot=measured["pilot"], examples=True)
    assert first.themes == [] and first.themes_waiting == 24  # the page never runs the encoder itself
    themes = report_build(pilot=measured["pilot"], examples=True).themes
    assert sum(t.count for t in themes) == 24
    # Every theme is either about reading or about paying, never a mix.
    for t in themes:
        kinds = {("small" in e) for e in t.examples}
        assert len(kinds) == 1


def test_publishing_needs_a_decision_and_then_shows_on_the_solution_page(client, measured):
    pilot, manager = measured["pilot"], measured["users"]["editor_a"]
    with pytest.raises(ValidationError):
        report_publish(pilot=pilot, by=manager)
    pilot_decide(pilot=pilot, by=manager, decision="scale", reasons="Met after the larger font.")
    report_publish(pilot=pilot, by=manager)
    page = client.get(reverse("matching:solution", args=[measured["solution"].pk])).content.decode()
    assert "Evidence from pilots" in page and reverse("pilots:report", args=[pilot.pk]) in page


def test_one_action_turns_a_published_report_into_a_draft_initiative(client, measured):
    pilot, manager = measured["pilot"], measured["users"]["editor_a"]
    pilot_decide(pilot=pilot, by=manager, decision="scale", reasons="Works.")
    report_publish(pilot=pilot, by=manager)
    client.force_login(manager)
    response = client.post(reverse("pilots:to-catalogue", args=[pilot.pk]))
    initiative = Initiative.objects.get(slug=f"pilot-{pilot.pk}")
    assert response["Location"] == reverse("catalogue:edit", args=[initiative.slug])
    assert not initiative.is_published and initiative.stage == "scaling" and initiative.city == pilot.city
    assert initiative.outcomes.get().result is not None
    assert set(initiative.groups_served.values_list("code", flat=True)) == {"seniors"}
    assert initiative.sources.get().url.endswith(reverse("pilots:report", args=[pilot.pk]))
    again = client.post(reverse("pilots:to-catalogue", args=[pilot.pk]))
    assert again.status_code == 302 and Initiative.objects.filter(slug__startswith="pilot-").count() == 1


def test_iterations_are_compared_after_a_provider_change(measured):
    pilot, provider = measured["pilot"], measured["users"]["provider"]
    pilot.phase = Pilot.Phase.TEST
    pilot.save()
    change_record(pilot=pilot, by=provider, description="Larger font and a slower timeout.")
    new = tester_register(pilot=pilot, by=measured["users"]["editor_a"], assisted=True, age_band="75_plus",
                          digital_skill=1)  # fmt: skip
    assert new.iteration == 2
    report = report_build(pilot=pilot, themes=False)
    assert any(s.key == "iteration" for s in report.segmentations)


def test_decisions_wait_for_evaluation_and_need_reasons(p):
    manager = p["users"]["editor_a"]
    with pytest.raises(ValidationError):
        pilot_decide(pilot=p["pilot"], by=manager, decision="scale", reasons="Looks good")
    for _ in range(3):
        pilot_advance(pilot=p["pilot"], by=manager)
    with pytest.raises(ValidationError):
        pilot_decide(pilot=p["pilot"], by=manager, decision="scale", reasons="  ")
