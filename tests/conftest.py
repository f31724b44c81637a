import os

import pytest

from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)


def _is_transactional(item: pytest.Item) -> bool:
    """As pytest-django decides: such a test empties the tables it touched (reference data from migrations too)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `pytest -n 2 --dist loadgroup` (make test), one worker runs every test that empties tables (browser
    tests, the worker and WSGI tests) and the other runs every test that rolls back. Interleaved on one worker, a
    test that rolls back could run after one that emptied the migrations' reference data (groups, frameworks,
    questionnaire templates); Django avoids that by running transactional tests last, which two workers cannot."""
    for item in items:
        item.add_marker(pytest.mark.xdist_group("transactional" if _is_transactional(item) else "rollback"))


@pytest.fixture(scope="session")
def _search_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("search")


@pytest.fixture(autouse=True)
def _english_by_default(settings, _search_dir):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
    # Embedding on every save would make a 10,000-row import test embed 10,000 texts: tests refresh explicitly.
    settings.MADANG_SEARCH_AUTO = False
    settings.MADANG_SEARCH_DIR = str(_search_dir)  # the shared vectors files, away from the checkout's var/
    # Jobs run at once when enqueued (after commit), so a test sees their effects; tests/madang/core/test_jobs.py
    # runs the real database queue and worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A database cache table is not emptied between transactional tests; each test starts with an empty cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _fresh_search_engine():
    """Each test has its own database, so no engine built for another test may be reused."""
    from madang.matching import search

    search._state.update(engine=None, signature=None)
    yield
    search._state.update(engine=None, signature=None)


@pytest.fixture
def world(db):
    """Two cities in two countries, each with its city government, in one network, plus users of every role."""
    kr = PlaceFactory(kind="country", code="KR", name="Republic of Korea", slug="kr", parent=None)
    ph = PlaceFactory(kind="country", code="PH", name="Philippines", slug="ph", parent=None)
    seoul = PlaceFactory(kind="city", name="Seoul", slug="seoul", parent=kr, names={"ko": "서울"})
    makati = PlaceFactory(kind="city", name="Makati", slug="makati", parent=ph)
    network = NetworkFactory(slug="wego")
    city_a = OrganisationFactory(slug="city-a", kind="city", city=seoul)
    city_b = OrganisationFactory(slug="city-b", kind="city", city=makati)
    provider = OrganisationFactory(slug="provider", kind="company", city=seoul)
    other_network = NetworkFactory(slug="other")
    for org in (city_a, city_b, provider):
        MembershipFactory(organisation=org, network=network)
    users = {
        "citizen": UserFactory(username="citizen", role="citizen"),
        "provider": UserFactory(username="provider", role="provider_editor", organisation=provider),
        "editor_a": UserFactory(username="editor_a", role="city_editor", organisation=city_a),
        "editor_b": UserFactory(username="editor_b", role="city_editor", organisation=city_b),
        "admin": UserFactory(username="netadmin", role="network_admin", network=network),
        "other_admin": UserFactory(username="otheradmin", role="network_admin", network=other_network),
    }
    initiative_b = InitiativeFactory(slug="b-published", owner=city_b, city=makati, is_published=True)
    draft_b = InitiativeFactory(slug="b-draft", owner=city_b, city=makati, is_published=False)
    return {
        "kr": kr,
        "ph": ph,
        "seoul": seoul,
        "makati": makati,
        "network": network,
        "city_a": city_a,
        "city_b": city_b,
        "provider": provider,
        "users": users,
        "initiative_b": initiative_b,
        "draft_b": draft_b,
    }


@pytest.fixture
def scored(world):
    """The digital-inclusion index with validated values for four cities over two years (tests/assessment_data.py)."""
    from tests.assessment_data import scored_world

    return scored_world(world)


def browser_required() -> bool:
    return os.environ.get("MADANG_REQUIRE_BROWSER") == "1"
