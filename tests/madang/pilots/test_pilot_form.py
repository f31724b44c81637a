"""The pilot create and edit pages through their real GET and POST, as the city editor who manages pilots."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from madang.pilots import services
from madang.pilots.models import Pilot


def _data(p, **changes):
    data = {
        "title": "Bus stop kiosk", "language": "en", "summary": "Seniors buy a ticket.", "solution": p["solution"].pk,
        "city": p["seoul"].pk, "success_criteria": "Seniors buy a ticket unaided in 80% of attempts.",
        "plan_starts": "2026-03-01", "recruit_starts": "2026-04-01", "test_starts": "", "evaluate_starts": "",
        "decide_by": "", "need": "", "survey": "",
    }  # fmt: skip
    return {**data, **changes}


def test_a_city_editor_creates_a_pilot_through_the_page(client, p):
    client.force_login(p["users"]["editor_a"])
    page = client.get(reverse("pilots:new"))
    assert page.status_code == 200
    assert 'name="success_criteria"' in page.content.decode()
    response = client.post(reverse("pilots:new"), _data(p))
    assert response.status_code == 302
    pilot = Pilot.objects.get(title="Bus stop kiosk")
    assert response["Location"] == reverse("pilots:detail", args=[pilot.pk])
    assert pilot.manager == p["city_a"] and pilot.success_criteria.startswith("Seniors buy a ticket")
    assert "Seniors buy a ticket unaided" in client.get(response["Location"]).content.decode()


def test_an_invalid_pilot_is_shown_again_with_what_was_typed(client, p, monkeypatch):
    client.force_login(p["users"]["editor_a"])
    response = client.post(reverse("pilots:new"), _data(p, success_criteria=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Bus stop kiosk"' in page and "Seniors buy a ticket." in page
    assert not Pilot.objects.filter(title="Bus stop kiosk").exists()


def test_a_model_error_on_a_field_the_form_lacks_is_a_form_error_not_a_500(client, p, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"manager": ["This organisation may not manage pilots."]})

    monkeypatch.setattr(services, "pilot_create", refuse)
    client.force_login(p["users"]["editor_a"])
    response = client.post(reverse("pilots:new"), _data(p))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This organisation may not manage pilots." in page and 'value="Bus stop kiosk"' in page


def test_the_manager_edits_a_pilot_through_the_page(client, p):
    client.force_login(p["users"]["editor_a"])
    url = reverse("pilots:edit", args=[p["pilot"].pk])
    page = client.get(url)
    assert page.status_code == 200 and "80% unaided" in page.content.decode()
    response = client.post(url, _data(p, title="Kiosk pilot, second round", success_criteria="90% unaided"))
    assert response.status_code == 302
    p["pilot"].refresh_from_db()
    assert p["pilot"].title == "Kiosk pilot, second round" and p["pilot"].success_criteria == "90% unaided"
    response = client.post(url, _data(p, title="", success_criteria="95% unaided"))
    assert response.status_code == 400 and "95% unaided" in response.content.decode()
    p["pilot"].refresh_from_db()
    assert p["pilot"].success_criteria == "90% unaided"


def test_the_written_criteria_are_fixed_once_testing_starts(client, p):
    p["pilot"].phase = "test"
    p["pilot"].criteria_locked_at = "2026-05-01T09:00Z"
    p["pilot"].save()
    client.force_login(p["users"]["editor_a"])
    url = reverse("pilots:edit", args=[p["pilot"].pk])
    response = client.post(url, _data(p, title="Renamed", success_criteria="10% unaided"))
    assert response.status_code == 302
    p["pilot"].refresh_from_db()
    assert p["pilot"].title == "Renamed" and p["pilot"].success_criteria == "80% unaided"
