"""The volunteer's pages give the number to phone: each test site's own line and the city's; else where to go."""

from django.urls import reverse

from madang.core.helplines import known_helplines_apply
from madang.pilots import models


def _recruiting(p):
    p["pilot"].phase = "recruit"
    p["pilot"].save()
    return reverse("pilots:join", args=[p["pilot"].pk])


def test_the_join_page_lists_the_sites_own_lines_and_the_citys_helpline(client, p):
    url = _recruiting(p)
    known_helplines_apply()
    models.Site.objects.filter(pk=p["centre"].pk).update(helpline_phone="02-3000-0000", helpline_hours="Weekdays 9-18")
    page = client.get(url).content.decode()
    assert 'href="tel:0230000000"' in page and "Mapo senior centre" in page and "Weekdays 9-18" in page
    assert 'href="tel:120"' in page and "Open 24 hours, every day" in page
    assert "call the test site" not in page


def test_without_any_helpline_the_join_page_says_where_to_go_instead_of_call(client, p):
    page = client.get(_recruiting(p)).content.decode()
    assert "tel:" not in page and "phone and staff" not in page and "call the" not in page
    assert "go to a test site" in page


def test_the_participation_page_gives_the_testers_site_line(client, p):
    known_helplines_apply()
    models.Site.objects.filter(pk=p["centre"].pk).update(helpline_phone="02-3000-0000")
    models.Tester.objects.filter(pk=p["tester"].pk).update(withdraw_token="kim-" + "k" * 30)
    page = client.get(reverse("pilots:participation", args=["kim-" + "k" * 30])).content.decode()
    assert 'href="tel:0230000000"' in page and 'href="tel:120"' not in page


def test_a_pilot_manager_adds_a_site_with_its_helpline_through_the_form(client, p):
    client.force_login(p["users"]["editor_a"])
    url = reverse("pilots:site-new", args=[p["pilot"].pk])
    data = {"name": "Hapjeong library", "address": "", "kind": "other", "host_names": "", "helpline_hours": ""}
    assert client.post(url, {**data, "helpline_phone": "ask Kim"}).status_code == 400
    assert client.post(url, {**data, "helpline_phone": "+82 2-3000-1111"}).status_code == 302
    site = models.Site.objects.get(name="Hapjeong library")
    assert site.helpline_phone == "+82 2-3000-1111"
