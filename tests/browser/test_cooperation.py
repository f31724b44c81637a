"""Issue 13's journeys in real Chromium, each page checked with axe: a Japanese official asks for the editor role and
is approved; a Korean provider is invited to a Japanese call, reads it, writes to the city, answers with a proposal
before the deadline, evaluators score it, the provider sees its scores once released, and the city starts a pilot
from it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from madang.accounts.models import JoinRequest, OrganisationRole
from madang.matching.models import Need, Solution
from madang.matching.services import match_transition
from madang.pilots.models import Pilot
from madang.proposals.models import Proposal
from tests.browser.helpers import LANGUAGES, axe_violations, sign_in
from tests.browser.site_data import signed_in_cookie, site_world
from tests.factories import MembershipFactory, OrganisationFactory, PlaceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def yokohama(world):
    jp = PlaceFactory(kind="country", code="JP", name="Japan", slug="jp", parent=None, names={"ja": "日本"})
    city = PlaceFactory(kind="city", name="Yokohama", slug="yokohama", parent=jp, names={"ja": "横浜市"})
    org = OrganisationFactory(slug="yokohama-city", name="City of Yokohama", kind="city", city=city, governs=city,
                              names={"ja": "横浜市役所"})  # fmt: skip
    MembershipFactory(organisation=org, network=world["network"])
    editor = UserFactory(username="yokohama-editor", role="city_editor", organisation=org, preferred_language="ja")
    return {"city": city, "org": org, "editor": editor}


def _checked(page, failures: dict) -> None:
    if found := axe_violations(page):
        failures[page.url] = found


def test_a_japanese_official_asks_for_the_editor_role_and_is_approved(page_at, live_server, world, yokohama):
    UserFactory(username="tanaka", role="citizen", preferred_language="ja", email="tanaka@city.yokohama.example")
    failures: dict = {}
    page = page_at(width=320, language="ja")
    sign_in(page, live_server.url, "tanaka")
    page.goto(f"{live_server.url}/accounts/join/?organisation=yokohama-city")
    _checked(page, failures)
    page.check("input[name=role][value=editor]")
    page.fill("#id_message", "デジタル推進課の田中です。高齢者向けの講座を担当しています。")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert JoinRequest.objects.filter(user__username="tanaka", organisation=yokohama["org"], status="pending").exists()
    _checked(page, failures)

    approver = page_at(width=320, language="en")  # the city's editor reads Madang in English
    sign_in(approver, live_server.url, "yokohama-editor")
    approver.goto(f"{live_server.url}/workspace/")
    _checked(approver, failures)
    approver.locator("#ws-join-requests ~ ul a").first.click()
    approver.wait_for_load_state()
    assert "デジタル推進課の田中です" in approver.locator("main").inner_text()  # her message, as she wrote it
    _checked(approver, failures)
    approver.check("input[name=decision][value=approve]")
    approver.click("main form button[type=submit]")
    approver.wait_for_load_state()
    role = OrganisationRole.objects.get(user__username="tanaka", organisation=yokohama["org"])
    assert role.role == "editor"

    page.goto(f"{live_server.url}/inbox/")
    assert page.locator("main li").count() >= 1 and "承認" in page.locator("main").inner_text()
    _checked(page, failures)
    page.goto(f"{live_server.url}/needs/new/")
    assert page.locator("#id_title").count() == 1  # she may post the city's needs now
    assert failures == {}


def test_a_korean_provider_answers_a_japanese_call_and_the_city_starts_a_pilot(page_at, live_server, world, yokohama):
    need = Need.objects.create(
        organisation=yokohama["org"], city=yokohama["city"], language="ja", title="高齢者がキオスクで注文できない",
        description="飲食店や映画館の券売機を使えず、高齢者が注文をあきらめています。実際に練習できる講座が必要です。",
        domain="open_inclusive", evaluation_criteria="高齢者への適合\n費用\nアクセシビリティ", status="open_call",
    )  # fmt: skip
    solution = Solution.objects.create(
        organisation=world["provider"], language="ko", title="어르신 키오스크 체험 교실",
        description="연습용 단말기로 주문과 결제를 천천히 익히는 찾아가는 교실입니다.", domain="open_inclusive",
        price_band="low", maturity="piloted",
    )  # fmt: skip
    for step in ("shortlisted", "invited"):
        match_transition(need=need, solution=solution, action=step, by=yokohama["editor"])
    evaluator = UserFactory(username="sato", role="city_editor", organisation=yokohama["org"], preferred_language="ja")
    failures: dict = {}

    # The Korean provider finds the invitation in its workspace and reads the Japanese call.
    provider = page_at(width=320, language="ko")
    sign_in(provider, live_server.url, "provider")
    provider.goto(f"{live_server.url}/workspace/")
    _checked(provider, failures)
    invitation = provider.locator("#ws-matches-to-answer ~ ul a").first
    assert invitation.get_attribute("lang") == "ja"
    invitation.click()
    provider.wait_for_load_state()
    assert "高齢者がキオスクで注文できない" in provider.locator("h1").inner_text()
    _checked(provider, failures)

    # It writes to the city on the match.
    match = need.matches.get()
    provider.goto(f"{live_server.url}/matches/{match.pk}/conversation/")
    provider.fill("textarea[name=body]", "안녕하세요. 다음 달부터 요코하마에서 교실을 열 수 있습니다.")
    provider.click("main form[enctype] button[type=submit]")
    provider.wait_for_load_state()
    assert "다음 달부터 요코하마에서" in provider.locator("main").inner_text()
    _checked(provider, failures)

    # It answers the call with a proposal before the deadline.
    provider.goto(f"{live_server.url}/proposals/needs/{need.pk}/new/")
    _checked(provider, failures)
    provider.select_option("#id_solution", str(solution.pk))
    provider.fill("#id_approach", "각 센터에 연습용 키오스크를 두고 주 2회 교실을 엽니다.")
    provider.select_option("#id_cost_model", "one_off")
    provider.fill("#id_price_amount", "1500000")
    provider.select_option("#id_currency", "JPY")
    provider.fill("#id_timeline", "계약 후 3개월")
    provider.click("main form button[name=submit]")
    provider.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal = Proposal.objects.get(need=need)
    assert proposal.status == "submitted"
    _checked(provider, failures)

    # The city names an evaluator, who scores it.
    city = page_at(width=1280, language="ja")
    sign_in(city, live_server.url, "yokohama-editor")
    city.goto(f"{live_server.url}/proposals/needs/{need.pk}/evaluators/")
    _checked(city, failures)
    city.select_option("#id_person", str(evaluator.pk))
    city.click("main form button[type=submit] >> nth=0")
    city.wait_for_load_state()
    judge = page_at(width=320, language="ja")
    sign_in(judge, live_server.url, "sato")
    judge.goto(f"{live_server.url}/proposals/{proposal.pk}/score/")
    _checked(judge, failures)
    for n, box in enumerate(judge.locator("input[name^=score_]").all()):
        box.fill(str(8 - n))
    judge.check("input[name=no_conflict]")
    judge.click("main form button[type=submit] >> nth=0")
    judge.wait_for_load_state()
    assert proposal.sheets.count() == 1

    # After the deadline the city compares, releases the results, and starts a pilot from the proposal.
    today = timezone.localdate()
    Need.objects.filter(pk=need.pk).update(call_opens=today - dt.timedelta(days=40),
                                           call_closes=today - dt.timedelta(days=1))  # fmt: skip
    city.goto(f"{live_server.url}/proposals/needs/{need.pk}/compare/")
    _checked(city, failures)
    assert "7.00" in city.locator("main").inner_text()  # the weighted total of 8, 7 and 6 (equal weights)
    city.click("form[action$='/release/'] button")
    city.wait_for_load_state()
    provider.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    shown = provider.locator("main table").last.inner_text()
    assert "8.0" in shown and "6.0" in shown and "7.0" in shown  # its own means and total, once released
    _checked(provider, failures)
    city.goto(f"{live_server.url}/proposals/needs/{need.pk}/compare/")
    city.click("form[action$='/pilot/'] button")
    city.wait_for_url(re.compile(r"/pilots/\d+/"))
    pilot = Pilot.objects.get()
    assert pilot.need == need and pilot.solution == solution and pilot.manager == yokohama["org"]
    _checked(city, failures)
    assert failures == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_cooperation_pages_have_no_axe_violations(page_at, live_server, world, language):
    s = site_world(world)
    pages = {
        "editor_a": ["/workspace/", "/inbox/", "/inbox/settings/", "/accounts/join/", "/accounts/join/propose/",
                     "/accounts/join/requests/", f"/accounts/join/requests/{s['join_request'].pk}/",
                     f"/matches/{s['match'].pk}/conversation/", f"/proposals/needs/{s['need'].pk}/",
                     f"/proposals/needs/{s['need'].pk}/evaluators/", f"/proposals/{s['proposal'].pk}/",
                     "/needs/?q=kiosk", "/organisations/?kind=city"],
        "provider": ["/workspace/", f"/proposals/{s['proposal'].pk}/edit/"],
        "netadmin": ["/networks/wego/members/", "/messages/reported/", f"/proposals/{s['proposal'].pk}/score/"],
    }  # fmt: skip
    page = page_at(width=320, language=language)
    failures: dict = {}
    for username, paths in pages.items():
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url},
                                  signed_in_cookie(username, live_server.url)])  # fmt: skip
        for path in paths:
            page.goto(live_server.url + path)
            _checked(page, failures)
    assert failures == {}
