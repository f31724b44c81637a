"""Real cities' public helplines for the demo loaders, each with its source. A number is listed here only when the
city itself publishes it; a city without one keeps an empty helpline, and pages then say where to go instead."""

from typing import Any

from .models import Place

KNOWN_HELPLINES: dict[str, dict[str, Any]] = {
    # Seoul Metropolitan Government's 120 Dasan Call Center (120 Dasan Call Foundation, https://120dasan.or.kr/):
    # "120" inside Seoul, 02-120 from elsewhere in Korea, +82-2-120 from abroad; it answers day and night.
    "seoul": {
        "helpline_phone": "120",
        "helpline_hours": "Open 24 hours, every day. From outside Seoul: 02-120; from abroad: +82-2-120.",
        "helpline_hours_names": {
            "ko": "24시간, 연중무휴. 서울 밖에서는 02-120, 해외에서는 +82-2-120.",
            "ja": "24時間・年中無休。ソウル市外からは02-120、海外からは+82-2-120。",
            "zh-hans": "全天24小时，全年无休。首尔以外请拨02-120，海外请拨+82-2-120。",
        },
    },
}


def known_helplines_apply() -> int:
    """Give the known cities their published helpline, never overwriting one an administrator has set."""
    updated = 0
    for slug, fields in KNOWN_HELPLINES.items():
        updated += Place.objects.filter(kind=Place.Kind.CITY, slug=slug, helpline_phone="").update(**fields)
    return updated
