"""The need and solution forms: choices in the reader's language, grouped, searchable without JavaScript, and
starting from the editor's own organisation, its city and the page's language."""

import datetime as dt
import html as htmllib
import re

import pytest
from django.utils import timezone

from madang.matching.models import Need, Solution
from tests.factories import InitiativeFactory, OrganisationFactory, PlaceFactory


@pytest.fixture
def named(world):
    """Japanese names for the places and organisations, and initiatives with and without Japanese titles."""
    world["kr"].names = {"ko": "대한민국", "ja": "大韓民国"}
    world["kr"].save()
    world["ph"].names = {"ja": "フィリピン"}
    world["ph"].save()
    world["seoul"].names = {"ko": "서울", "ja": "ソウル"}
    world["seoul"].save()
    world["city_a"].name, world["city_a"].names = "Seoul Metropolitan Government", {"ja": "ソウル特別市"}
    world["city_a"].save()
    world["provider"].names = {"ja": "プロバイダー株式会社"}
    world["provider"].save()
    titles = {"ko": ("키오스크 교실", "어르신 교육"), "ja": ("キオスク教室", "高齢者の教室")}
    kiosk = InitiativeFactory(slug="kiosk-school", owner=world["city_a"], city=world["seoul"], original_language="ko",
                              translations=titles)  # fmt: skip
    buses = InitiativeFactory(slug="night-buses", owner=world["city_a"], city=world["seoul"],
                              translations={"en": ("Night buses", "Buses after midnight.")})  # fmt: skip
    return {**world, "kiosk": kiosk, "buses": buses}


def _page(client, user, url, language="ja"):
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return htmllib.unescape(re.search(r"<option[^>]*selected[^>]*>(.*?)</option>", select).group(1))


def _offered(html: str, name: str = "initiatives") -> set[int]:
    return {int(v) for v in re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"', html)}


def _ticked(html: str, name: str = "initiatives") -> set[int]:
    return {int(v) for v in re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]*checked', html)}


def test_japanese_need_form_names_everything_in_japanese_and_starts_from_the_editors_own(client, named):
    html = _page(client, named["users"]["editor_a"], "/needs/new/")
    assert _selected(html, "organisation") == "ソウル特別市"
    assert _selected(html, "city") == "ソウル"
    assert _selected(html, "language") == "Japanese" or 'value="ja" selected' in html
    assert '<optgroup label="大韓民国">' in html  # cities grouped by country
    assert "<legend>大韓民国</legend>" in html  # initiatives grouped by country
    assert "キオスク教室 · ソウル" in html
    assert '<span lang="en">Night buses</span> · ソウル' in html  # no Japanese title: the original, marked
    assert "kiosk-school" not in html and "night-buses" not in html  # never raw slugs
    assert _offered(html) == {named["kiosk"].pk, named["buses"].pk, named["initiative_b"].pk}
    assert "Seoul Metropolitan Government" not in html


def test_need_form_does_not_guess_for_an_admin_with_many_organisations(client, named):
    html = _page(client, named["users"]["admin"], "/needs/new/", language="en")
    assert _selected(html, "organisation") == "---------"
    assert 'value="en" selected' in html


def test_find_narrows_the_initiatives_and_keeps_what_was_typed_without_saving(client, named):
    client.force_login(named["users"]["editor_a"])
    client.cookies["django_language"] = "ja"
    response = client.post("/needs/new/", {
        "title": "Kept title", "initiative_query": "ナイト", "initiatives": [named["kiosk"].pk],
        "find_initiatives": "1",
    })  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Kept title"' in html
    assert "error-summary" not in html and 'class="errorlist"' not in html
    assert not Need.objects.exists()
    # The query matched nothing by title, so only the initiative already chosen stays, still ticked.
    assert _offered(html) == _ticked(html) == {named["kiosk"].pk}


def test_find_matches_a_city_name_in_any_language(client, named):
    makati_initiative = named["initiative_b"]
    client.force_login(named["users"]["editor_a"])
    response = client.post("/needs/new/", {"initiative_query": "フィリピン", "find_initiatives": "1"})
    html = response.content.decode()
    assert _offered(html) == {makati_initiative.pk}


def test_need_form_posts_and_saves_the_chosen_initiatives(client, named):
    client.force_login(named["users"]["editor_a"])
    today = timezone.localdate()
    response = client.post("/needs/new/", {
        "organisation": named["city_a"].pk, "city": named["seoul"].pk, "language": "ja", "title": "高齢者の注文",
        "description": "キオスクが難しい。", "domain": "open_inclusive", "evaluation_criteria": "自力で注文できる",
        "call_opens": today.isoformat(), "call_closes": (today + dt.timedelta(days=30)).isoformat(),
        "status": "open_call", "initiative_query": "ignored on save", "initiatives": [named["kiosk"].pk],
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    need = Need.objects.get()
    assert list(need.initiatives.all()) == [named["kiosk"]]


def test_japanese_solution_form_preselects_the_provider_and_groups_deployments(client, named):
    html = _page(client, named["users"]["provider"], "/solutions/new/")
    assert _selected(html, "organisation") == "プロバイダー株式会社"
    assert "<legend>大韓民国</legend>" in html and "ソウル" in html
    assert "kiosk-school" not in html


def test_solution_form_posts_deployments_and_initiatives(client, named):
    busan = PlaceFactory(kind="city", name="Busan", slug="busan", parent=named["kr"], names={"ja": "釜山"})
    client.force_login(named["users"]["provider"])
    response = client.post("/solutions/new/", {
        "organisation": named["provider"].pk, "language": "ja", "title": "キオスク練習", "description": "練習端末。",
        "domain": "open_inclusive", "maturity": "piloted", "deployments": [named["seoul"].pk, busan.pk],
        "initiatives": [named["kiosk"].pk], "is_published": "on",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    solution = Solution.objects.get()
    assert set(solution.deployments.all()) == {named["seoul"], busan}
    assert list(solution.initiatives.all()) == [named["kiosk"]]


def test_solution_find_step_keeps_the_deployments_ticked(client, named):
    other = OrganisationFactory(slug="other-provider", kind="company")
    assert other.pk  # an organisation the provider may not use is never offered
    client.force_login(named["users"]["provider"])
    response = client.post("/solutions/new/", {
        "title": "Draft", "deployments": [named["seoul"].pk], "initiative_query": "キオスク", "find_initiatives": "1",
    })  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and not Solution.objects.exists()
    assert _ticked(html, "deployments") == {named["seoul"].pk}
    assert _offered(html) == {named["kiosk"].pk}
    assert "other-provider" not in html
