"""Realistic data behind every page of the site, and the list of those pages by who may see them: shared by the
whole-site browser checks (reflow at 320 px with 200 % text, easy-mode targets)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from madang.accounts.models import User
from madang.accounts.services_joining import join_request_create
from madang.assessment.models import ActionPlan, Framework, Target
from madang.assessment.services import framework_copy
from madang.catalogue.models import Outcome, SourceLink
from madang.conversations.services import message_send
from madang.inclusion.fieldlog import assist_save_step, assist_start, assist_submit
from madang.matching.models import Match, Need, Solution
from madang.matching.services import match_transition
from madang.proposals.services import evaluator_add, proposal_create, proposal_submit
from madang.surveys.models import Question, Survey
from madang.surveys.standard import templates_ensure
from madang.training.services import registration_create
from tests.assessment_data import scored_world
from tests.factories import InitiativeFactory
from tests.madang.inclusion.factories import inclusion_world
from tests.madang.training.factories import SessionFactory, training_world
from tests.pilot_data import pilot_world, record_sessions

LONG_URL = "https://www.example.org/reports/2025/digital-inclusion/seniors-and-self-service-kiosks-final-evaluation.pdf"


def assist_record(guide: Any, facility: Any, minutes: int, outcome: str) -> None:
    draft = assist_start(guide=guide, by=guide.user)
    where = {"facility": facility.pk, "place_text": "", "area": None, "occurred_on": dt.date.today().isoformat()}
    assist_save_step(draft=draft, by=guide.user, key="where", values=where)
    assist_save_step(draft=draft, by=guide.user, key="what", values={"device": "kiosk", "task": "order"})
    assist_save_step(draft=draft, by=guide.user, key="result", values={
        "minutes": minutes, "outcome": outcome, "age_band": "75_84"})  # fmt: skip
    assist_submit(draft=draft, by=guide.user)


def site_world(world: dict[str, Any]) -> dict[str, Any]:
    """Everything at once: catalogue, market, a pilot with results, classes, an inclusion map with assists and the
    scored assessment frameworks with a plan. Long words and addresses are there on purpose (they break layouts)."""
    templates_ensure(Survey, Question)  # a transactional test starts without the migrations' rows
    w = scored_world(world)
    kiosk = InitiativeFactory(
        slug="seoul-kiosk", owner=w["city_a"], city=w["seoul"], original_language="ko",
        translations={"ko": ("천천히 해도 괜찮아요", "키오스크 캠페인."),
                      "en": ("Take your time", "A kiosk campaign.")},
    )  # fmt: skip
    Outcome.objects.create(initiative=kiosk, indicator="Seniors who ordered unaided", baseline=12, result=48,
                           unit="%", year=2025, source=LONG_URL)  # fmt: skip
    SourceLink.objects.create(initiative=kiosk, url=LONG_URL, title="Final evaluation")
    need = Need.objects.create(
        organisation=w["city_a"], city=w["seoul"], language="ko", title="어르신이 키오스크 주문을 어려워함",
        description="노인들이 식당과 영화관의 무인 주문기를 쓰지 못해 도움을 요청합니다.", domain="open_inclusive",
        evaluation_criteria="Seniors complete an order unaided", status="open_call", budget_band="low",
    )  # fmt: skip
    offer = Solution.objects.create(
        organisation=w["provider"], language="ja", title="高齢者向けキオスク体験教室",
        description="高齢者が練習用の端末で、注文や支払いの操作をゆっくり練習できる出張教室です。",
        domain="open_inclusive", price_band="low", maturity="piloted", is_published=True,
    )  # fmt: skip
    p = pilot_world(w, phase="test")  # still open to volunteers, with results already recorded
    record_sessions(p, n=3)
    t = training_world(w)
    registration = registration_create(session=t["session"], by=None, name="김옥순", phone="010-1234-5678",
                                       language="ko")  # fmt: skip
    past = SessionFactory(course=t["course"], trainer=t["trainer"], starts_at=timezone.now() - dt.timedelta(days=2))
    i = inclusion_world(w)
    for n, code in enumerate(("S1", "S2", "C1")):
        i["guide"].sites.add(i["facilities"][code])
        assist_record(i["guide"], i["facilities"][code], 10 + n, "solved" if n else "with_help")
    framework = Framework.objects.get(slug="digital-inclusion-index")
    plan = ActionPlan.objects.create(organisation=w["city_a"], city=w["seoul"], framework=framework,
                                     title="Seoul digital inclusion plan", vision="Nobody left behind.",
                                     start_year=2023, end_year=2027)  # fmt: skip
    Target.objects.create(plan=plan, node=w["nodes"]["USE3"], baseline_year=2023, baseline=40, target_year=2027,
                          target=60)  # fmt: skip
    copy = framework_copy(framework=framework, by=w["users"]["admin"])
    coop = cooperation_world(w, need=need, offer=offer)
    return {**w, **p, **t, **i, **coop, "kiosk": kiosk, "network_framework": copy, "need": need, "offer": offer,
            "registration": registration, "past_session": past, "plan": plan}  # fmt: skip


def cooperation_world(w: dict[str, Any], *, need: Need, offer: Solution) -> dict[str, Any]:
    """A match with a conversation, a proposal with an evaluator, a request to join, a network invitation and
    notices: the cooperation pages (issue 13) with something on them."""
    editor, provider = w["users"]["editor_a"], w["users"]["provider"]
    for step in ("shortlisted", "invited"):
        match_transition(need=need, solution=offer, action=step, by=editor)
    match = Match.objects.get(need=need, solution=offer)
    message_send(match=match, by=provider, body="안녕하세요. 키오스크 교실을 다음 달부터 시작할 수 있습니다.\n"
                 "A long address: " + LONG_URL, language="ko")  # fmt: skip
    proposal = proposal_create(need=need, solution=offer, by=provider, approach="練習用の端末を各センターに置きます。",
                               cost_model="one_off", price_amount=Decimal("12000000"), currency="KRW",
                               timeline="Three months")  # fmt: skip
    proposal_submit(proposal=proposal, by=provider)
    evaluator_add(need=need, user=w["users"]["admin"], by=editor)
    join = join_request_create(by=w["users"]["citizen"], organisation=w["city_a"], role="editor",
                               message="I work in the digital team of the city hall.")  # fmt: skip
    return {"match": match, "proposal": proposal, "join_request": join}


def site_pages(s: dict[str, Any]) -> dict[str | None, list[str]]:
    """Every page, by the user who sees it (None: signed out)."""
    pilot, course, session, past = s["pilot"].pk, s["course"].pk, s["session"].pk, s["past_session"].pk
    published = Framework.objects.filter(is_published=True).values_list("slug", flat=True)
    frameworks = [f"/assessment/{slug}/" for slug in published]
    fw = "/assessment/digital-inclusion-index"
    return {
        None: [
            "/",
            "/initiatives/",
            "/initiatives/?q=kiosk",
            "/initiatives/seoul-kiosk/",
            "/cities/",
            "/cities/seoul/",
            "/organisations/",
            "/organisations/city-a/",
            "/networks/",
            "/networks/wego/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password-reset/",
            "/needs/",
            f"/needs/{s['need'].pk}/",
            "/solutions/",
            f"/solutions/{s['offer'].pk}/",
            "/pilots/",
            f"/pilots/{pilot}/",
            f"/pilots/{pilot}/join/",
            f"/pilots/me/{s['tester'].withdraw_token}/",
            "/assessment/",
            *frameworks,
            f"{fw}/places/seoul/",
            f"{fw}/benchmark/",
            f"{fw}/benchmark/?places=seoul&places=busan&places=gunsan&places=makati",
            f"{fw}/places/seoul/gaps/",
            "/assessment/plans/",
            "/inclusion/",
            "/inclusion/seoul/",
            "/inclusion/seoul/?indicator=pop_65plus&sort=name&order=asc",
            f"/inclusion/seoul/areas/{next(iter(s['areas']))}/",
            "/training/",
            f"/training/courses/{course}/",
            f"/training/sessions/{session}/register/",
            f"/training/me/{s['registration'].token}/",
            f"/training/me/{s['registration'].token}/cancel/",
            "/needs/?q=kiosk&deadline=open",
            "/solutions/?language=ja",
            "/pilots/?phase=test",
            "/organisations/?kind=city",
        ],
        "editor_a": [
            "/accounts/profile/",
            "/workspace/",
            "/inbox/",
            "/inbox/settings/",
            "/accounts/join/",
            "/accounts/join/propose/",
            "/accounts/join/requests/",
            f"/accounts/join/requests/{s['join_request'].pk}/",
            f"/matches/{s['match'].pk}/conversation/",
            f"/proposals/needs/{s['need'].pk}/",
            f"/proposals/needs/{s['need'].pk}/evaluators/",
            f"/proposals/{s['proposal'].pk}/",
            "/proposals/",
            "/questionnaires/",
            f"/assessment/plans/{s['plan'].pk}/",
            "/inclusion/seoul/assists/",
            "/initiatives/new/",
            "/initiatives/seoul-kiosk/edit/",
            "/initiatives/import/",
            "/needs/new/",
            f"/needs/{s['need'].pk}/edit/",
            "/pilots/new/",
            f"/pilots/{pilot}/edit/",
            f"/pilots/{pilot}/sites/new/",
            f"/pilots/{pilot}/testers/",
            f"/pilots/{pilot}/testers/new/",
            f"/pilots/{pilot}/report/",
            f"/pilots/{pilot}/decide/",
            "/questionnaires/new/",
            "/training/manage/",
            "/training/courses/new/",
            f"/training/courses/{course}/edit/",
            f"/training/courses/{course}/sessions/new/",
            f"/training/sessions/{session}/edit/",
            f"/training/sessions/{session}/register-caller/",
            f"/training/sessions/{session}/attendees/",
            f"/training/sessions/{past}/attendance/",
            f"/training/sessions/{past}/results/",
            f"{fw}/submit/",
            "/assessment/smart-city-maturity/self-assessment/",
            "/assessment/plans/new/",
            f"/assessment/plans/{s['plan'].pk}/edit/",
            "/inclusion/seoul/import/",
            "/inclusion/seoul/guides/",
            "/inclusion/seoul/assists/entries/",
            "/inclusion/seoul/planner/",
            "/inclusion/seoul/planner/?candidates=school&p=2&radius=1000&detour=1.3&demand=pop_65plus&weight="
            "&points=centroid&n_guides=2&days=5&shifts_per_day=2",
            "/inclusion/seoul/plans/",
        ],
        "provider": [
            "/solutions/new/",
            f"/solutions/{s['offer'].pk}/edit/",
            "/workspace/",
            f"/proposals/{s['proposal'].pk}/",
            f"/proposals/{s['proposal'].pk}/edit/",
            f"/matches/{s['match'].pk}/conversation/",
        ],  # fmt: skip
        "netadmin": [
            "/workspace/",
            "/networks/wego/members/",
            "/messages/reported/",
            f"/proposals/{s['proposal'].pk}/score/",
            "/assessment/review/",
            "/assessment/network/",
            "/assessment/frameworks/new/",
            f"/assessment/{s['network_framework'].slug}/edit/",
        ],
        "guide": ["/inclusion/log/"],
    }


def signed_in_cookie(username: str, url: str) -> dict:
    """A signed-in session without the sign-in form (the whole-site checks visit 80 pages per role)."""
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "madang.core.backends.PolicyAwareModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return {"name": django_settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": url}
