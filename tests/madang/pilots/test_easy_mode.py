"""Easy mode on the citizen's pilot and class pages: plain words in every language and a short menu; one Korean term
for "pilot" and one for "provider" across the site."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from madang.core.i18n_tools import read_catalog
from madang.pilots import models
from madang.training.services import registration_create
from tests.madang.training.factories import training_world

LANGUAGES = ["en", "ko", "ja", "zh-hans"]
# The team's vocabulary, as each language writes it on the working pages.
JARGON = {
    "en": ["SUS", "iteration", "Iteration", "provider", "Success criteria", "Living-lab", "Phase:"],
    "ko": ["SUS", "반복 차수", "공급 기관", "성공 기준", "리빙랩", "단계:"],
    "ja": ["SUS", "反復", "提供者", "成功基準", "リビングラボ", "段階："],
    "zh-hans": ["SUS", "迭代", "供应方", "成功标准", "生活实验室", "阶段："],
}
OFFICIAL_LINKS = ["catalogue:list", "matching:needs", "matching:solutions", "assessment:home", "inclusion:index",
                  "core:cities", "core:organisations", "core:networks"]  # fmt: skip


def _in(client, language, *, easy=True):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if easy:
        client.cookies["madang_mode"] = "easy"
    return client


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _nav(html: str) -> str:
    return html.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]


@pytest.fixture
def pages(p):
    pilot = p["pilot"]
    pilot.phase = "test"
    pilot.iteration = 2
    pilot.save()
    models.SuccessCriterion.objects.create(pilot=pilot, metric="sus_mean", target=68)
    models.ProviderChange.objects.create(pilot=pilot, iteration=2, description="Bigger letters")
    models.Tester.objects.filter(pk=p["tester"].pk).update(withdraw_token="kim-" + "k" * 30)
    t = training_world(p)
    registration = registration_create(session=t["session"], by=None, name="Lee", phone="010-1234-5678")
    return [
        reverse("pilots:list"), reverse("pilots:detail", args=[pilot.pk]), reverse("pilots:join", args=[pilot.pk]),
        reverse("pilots:participation", args=["kim-" + "k" * 30]), reverse("pilots:leave", args=["kim-" + "k" * 30]),
        reverse("training:courses"), reverse("training:course", args=[t["course"].pk]),
        reverse("training:register", args=[t["session"].pk]), reverse("training:mine", args=[registration.token]),
        reverse("training:cancel", args=[registration.token]),
    ]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_pages_in_easy_mode_use_plain_words_in_every_language(client, pages, language):
    _in(client, language)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        main = _main(response.content.decode())
        found = [word for word in JARGON[language] if word in main]
        assert found == [], f"{url} in {language}: {found}"


def test_the_working_pilot_page_keeps_its_vocabulary_outside_easy_mode(client, pages):
    main = _main(_in(client, "en", easy=False).get(pages[1]).content.decode())
    assert "SUS" in main and "Iterations" in main and "Pilot team (provider)" in main


def test_the_pilot_manager_keeps_the_working_page_in_easy_mode(client, p, pages):
    client.force_login(p["users"]["editor_a"])
    main = _main(_in(client, "en").get(pages[1]).content.decode())
    assert "Success criteria" in main and "Move to the next phase" in main


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_citizen_in_easy_mode_gets_a_short_menu(client, p, language):
    nav = _nav(_in(client, language).get(reverse("pilots:list")).content.decode())
    for name in ("core:home", "pilots:list", "training:courses", "accounts:login"):
        assert f'href="{reverse(name)}"' in nav, name
    assert 'href="#display-settings-form"' in nav
    assert not [name for name in OFFICIAL_LINKS if f'href="{reverse(name)}"' in nav]
    assert len(re.findall(r"<li>", nav)) == 5


def test_a_signed_in_citizen_in_easy_mode_can_sign_out_from_the_short_menu(client, p):
    client.force_login(p["users"]["citizen"])
    nav = _nav(_in(client, "en").get(reverse("training:courses")).content.decode())
    assert reverse("accounts:logout") in nav and f'href="{reverse("core:networks")}"' not in nav


def test_officials_keep_their_links_in_easy_mode_and_everyone_outside_it(client, p):
    standard = _nav(_in(client, "en", easy=False).get(reverse("pilots:list")).content.decode())
    assert all(f'href="{reverse(name)}"' in standard for name in OFFICIAL_LINKS)
    client.force_login(p["users"]["editor_a"])
    editor = _nav(_in(client, "en").get(reverse("pilots:list")).content.decode())
    assert all(f'href="{reverse(name)}"' in editor for name in OFFICIAL_LINKS)


def test_the_korean_ui_uses_one_term_for_pilot_and_one_for_provider(client, pages):
    _in(client, "ko", easy=False)
    for url in [*pages[:3], reverse("catalogue:list"), reverse("matching:solutions")]:
        body = client.get(url).content.decode()
        assert "시범 운영" not in body and "공급기업" not in body and "파일럿" not in body, url
    assert "실증" in client.get(reverse("catalogue:list")).content.decode()  # the stage "Pilot" in the filters
    catalog = read_catalog("ko")
    strings = [m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalog if m.id]
    assert not [s for s in strings if re.search(r"시범 ?운영|공급기업|파일럿", s)]
