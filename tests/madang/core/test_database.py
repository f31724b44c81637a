import os

import pytest
from django.db import connection

from madang.catalogue.selectors import CatalogueFilters, initiative_list
from tests.factories import InitiativeFactory


def test_runs_on_postgresql_when_required(db):
    if os.environ.get("MADANG_REQUIRE_POSTGRES") != "1":
        pytest.skip("PostgreSQL run: set DATABASE_URL=postgres://... and MADANG_REQUIRE_POSTGRES=1 (see README)")
    assert connection.vendor == "postgresql"


def test_cjk_substring_search_works_on_this_database(world):
    InitiativeFactory(slug="jp", owner=world["city_a"], city=world["seoul"], original_language="ja",
                      translations={"ja": ("東京データハイウェイ", "高速通信")})  # fmt: skip
    assert [i.slug for i in initiative_list(filters=CatalogueFilters(q="データ"))] == ["jp"]
