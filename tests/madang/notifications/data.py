"""A need and a solution on top of the shared `world` fixture (tests/conftest.py)."""

from typing import Any

from madang.matching.models import Need, Solution


def market(world: dict[str, Any]) -> dict[str, Any]:
    need = Need.objects.create(
        organisation=world["city_a"], city=world["seoul"], language="ko", title="어르신 키오스크 주문",
        description="노인들이 무인 주문기를 쓰지 못합니다.", domain="open_inclusive",
        evaluation_criteria="Seniors order unaided", status="open_call",
    )  # fmt: skip
    kiosk = Solution.objects.create(
        organisation=world["provider"], language="ja", title="キオスク体験教室",
        description="練習用の端末で注文を練習できます。", domain="open_inclusive", maturity="piloted",
    )  # fmt: skip
    return {**world, "need": need, "kiosk": kiosk}
