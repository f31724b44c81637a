import pytest

from madang.matching.models import Need, Solution


@pytest.fixture
def market(world):
    """City A's open need, city B's draft need, and the provider's published and draft solutions."""
    need = Need.objects.create(
        organisation=world["city_a"], city=world["seoul"], language="ko", title="어르신이 키오스크 주문을 어려워함",
        description=("노인들이 식당과 영화관의 무인 주문기를 쓰지 못해 도움을 요청합니다. "
                     "직접 배워볼 수 있는 교육이 필요합니다."),
        domain="open_inclusive", evaluation_criteria="Seniors complete an order unaided", status="open_call",
        budget_band="low",
    )  # fmt: skip
    draft = Need.objects.create(
        organisation=world["city_b"], city=world["makati"], language="en", title="Draft need",
        description="Not yet public.", domain="mobility", evaluation_criteria="-", status="draft",
    )  # fmt: skip
    kiosk = Solution.objects.create(
        organisation=world["provider"], language="ja", title="高齢者向けキオスク体験教室",
        description="高齢者が本物に近い練習用の端末で、注文や支払いの操作をゆっくり練習できる出張教室です。",
        domain="open_inclusive", price_band="low", maturity="piloted",
    )  # fmt: skip
    flood = Solution.objects.create(
        organisation=world["provider"], language="en", title="Basement flood alarms",
        description="Water-level sensors in basement car parks send alerts to residents during heavy rain.",
        domain="safe_city", price_band="mid", maturity="at_scale",
    )  # fmt: skip
    hidden = Solution.objects.create(
        organisation=world["provider"], language="en", title="Unpublished", description="Draft offer.",
        domain="mobility", maturity="prototype", is_published=False,
    )  # fmt: skip
    return {**world, "need": need, "draft_need": draft, "kiosk": kiosk, "flood": flood, "hidden": hidden}
