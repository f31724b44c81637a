"""The initiative form's row sets (partners, outcomes, sources) have a hard cap: a POST cannot name a million rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madang.catalogue.forms import ROWS_MAX
from madang.catalogue.models import Initiative


def _data(world, **extra):
    return {
        "slug": "new-one", "owner": world["city_a"].pk, "original_language": "en", "domain": "mobility",
        "city": world["seoul"].pk, "stage": "idea", "funding_model": "public", "groups": ["seniors"],
        "sdgs_text": "11", "tags_text": "bus", "title_en": "Night bus", "summary_en": "Buses at night.",
        "origin_en": "human", "origin_ko": "machine", "origin_ja": "machine", "origin_zh-hans": "machine",
        "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0",
        "outcomes-TOTAL_FORMS": "0", "outcomes-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0", **extra,
    }  # fmt: skip


@pytest.mark.parametrize("prefix", ["partners", "outcomes", "sources"])
def test_a_post_claiming_a_million_rows_is_refused_without_building_them(client, world, prefix):
    client.force_login(world["users"]["editor_a"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/initiatives/new/", _data(world, **{f"{prefix}-TOTAL_FORMS": "1000000"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Please submit at most {ROWS_MAX} forms." in page
    # At most the cap is built and shown again (each partner row loads its choices: 2,000 of them before).
    assert len(set(re.findall(rf'name="{prefix}-(\d+)-', page))) <= ROWS_MAX
    assert len(queries) < 150
    assert not Initiative.objects.filter(slug="new-one").exists()


def test_one_row_more_than_the_cap_is_a_form_error(client, world):
    client.force_login(world["users"]["editor_a"])
    n = ROWS_MAX + 1
    sources = {f"sources-{i}-url": f"https://example.org/{i}" for i in range(n)}
    response = client.post("/initiatives/new/", _data(world, **{"sources-TOTAL_FORMS": str(n)}, **sources))
    assert response.status_code == 400
    assert f"Please submit at most {ROWS_MAX} forms." in response.content.decode()
    assert not Initiative.objects.filter(slug="new-one").exists()
    del sources[f"sources-{ROWS_MAX}-url"]
    response = client.post("/initiatives/new/", _data(world, **{"sources-TOTAL_FORMS": str(ROWS_MAX)}, **sources))
    assert response.status_code == 302
    assert Initiative.objects.get(slug="new-one").sources.count() == ROWS_MAX
