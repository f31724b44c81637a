"""Schemathesis generates requests from the API's own OpenAPI schema (fixed seed, in `make test`): none may get a
5xx, and every error is a problem document."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from tests.factories import InitiativeFactory

EXAMPLES_PER_OPERATION = 40


def _content_type(response) -> str:
    # Schemathesis keeps headers as lists under lower-case names.
    values = {k.lower(): v for k, v in response.headers.items()}.get("content-type", [""])
    return values[0] if isinstance(values, list) else values


# Transactional: the WSGI app closes the database connection after each request, as a server does, which would
# break the enclosing transaction of an ordinary test on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_api_never_answers_5xx(world, scored):
    InitiativeFactory(slug="fuzz-seoul", owner=world["city_a"], city=world["seoul"], is_published=True)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,  # the same requests on every run: a failure here is reproducible, not luck
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call()
            where = f"{case.method} {case.formatted_path} {case.query}"
            if response.status_code >= 500:
                failures.append(f"{where} -> {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400 and not _content_type(response).startswith("application/problem+json"):
                failures.append(f"{where} -> {response.status_code} is not a problem document")

        check()
    assert operations >= 8
    assert failures == []
