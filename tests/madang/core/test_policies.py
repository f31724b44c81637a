"""Generated from the policies (madang/<app>/policies.py): rule and queryset agree, every page answers as the rule
says for every role (GET and POST), and no page escapes a policy."""

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from madang.core.policy import REGISTRY, Policy, Route, all_routes
from tests import policy_world

POLICIES_WITH_OBJECT_ACTIONS = [p for p in REGISTRY if any(a.where is not None for a in p.actions.values())]

# Pages outside madang's apps, checked by their own tests: the admin, the API (tests/madang/api), set_language.
EXEMPT_NAMESPACES = {"admin", "api", "djdt"}
EXEMPT_NAMES = {"set_language"}


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return policy_world.build()


@pytest.mark.parametrize("policy", POLICIES_WITH_OBJECT_ACTIONS, ids=[p.__name__ for p in POLICIES_WITH_OBJECT_ACTIONS])
def test_rule_and_queryset_agree_on_every_seeded_object(world, policy):
    """One test per policy (the seeded world is built once for all its actions), every action, every persona."""
    objects = list(policy.model._default_manager.all())
    assert objects, f"the seeded world has no {policy.model.__name__}: add it to a policy_seed.py"
    disagreements = []
    for action, spec in policy.actions.items():
        if spec.where is None:
            continue
        for persona in policy_world.PERSONAS:
            user = world.user(persona)
            by_rule = {o.pk for o in objects if policy.allows(user, action, o)}
            by_queryset = set(policy.queryset(user, action).values_list("pk", flat=True))
            if by_rule != by_queryset:
                disagreements.append(f"{action} as {persona}: rule {sorted(by_rule)}, queryset {sorted(by_queryset)}")
    assert disagreements == [], "\n".join(disagreements)


def _objects(policy: type[Policy[Any]], route: Route) -> list[Any]:
    qs = policy.model._default_manager.all()
    if route.objects is not None:
        qs = route.objects(qs)
    return list(qs.order_by("pk"))


def _one_allowed_one_denied(policy, route, user, objects):  # type: ignore[no-untyped-def]
    """The first object the user may act on and the first they may not: what the page can get wrong for them."""
    if objects == [None]:
        return objects
    picked: list[Any] = []
    for action in dict.fromkeys((route.action_for("GET"), route.action_for("POST"))):
        allowed = [o for o in objects if policy.allows(user, action, o)]
        denied = [o for o in objects if not policy.allows(user, action, o)]
        picked += [o for o in allowed[:1] + denied[:1] if o not in picked]
    return picked


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def _request(client: Any, method: str, url: str) -> Any:
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response


def _check(policy, route, persona, user, obj, client, failures):  # type: ignore[no-untyped-def]
    url = reverse(route.name, kwargs=route.kwargs(obj) if route.kwargs else None)
    for method in ("GET", "POST"):
        allowed = policy.allows(user, route.action_for(method), obj)
        response = _request(client, method, url)
        code = response.status_code
        if method not in route.methods and allowed:
            ok = code < 500  # a page that reads answers a POST as it likes, but never with a crash
        elif method not in route.methods and code == 405:
            ok = True
        elif allowed:
            ok = code < 500 and code not in (403, 404, 405) and not _is_login_redirect(response)
        else:
            ok = code in (403, 404) or (persona == "anonymous" and _is_login_redirect(response))
        if not ok:
            failures.append(f"{method} {url} as {persona}: {code}, policy says {'allowed' if allowed else 'denied'}")


POLICIES_WITH_ROUTES = [p for p in REGISTRY if p.routes]


@pytest.mark.parametrize("policy", POLICIES_WITH_ROUTES, ids=[p.__name__ for p in POLICIES_WITH_ROUTES])
def test_every_page_answers_each_role_as_the_policy_says(world, client, policy):
    failures: list[str] = []
    for route in policy.routes:
        objects = _objects(policy, route) if route.kwargs else [None]
        assert objects, f"{route.name}: the seeded world has no object for this page"
        for persona in policy_world.PERSONAS:
            user = world.user(persona)
            client.logout()
            if persona != "anonymous":
                client.force_login(user)
            for obj in _one_allowed_one_denied(policy, route, user, objects):
                _check(policy, route, persona, user, obj, client, failures)
    assert failures == [], "\n".join(failures)


def _named_urls(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            names += _named_urls(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in EXEMPT_NAMES:
            names.append(f"{namespace}{pattern.name}")
    return names


def _declared_outside_policies() -> set[str]:
    declared: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("madang."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.policies")
        except ModuleNotFoundError:
            continue
        for attr in ("PUBLIC_ROUTES", "SIGNED_IN_ROUTES", "TOKEN_ROUTES"):
            declared |= set(getattr(module, attr, ()))
    return declared


def test_every_page_is_in_a_policy_or_declared_public():
    in_policies = {route.name for _, route in all_routes()}
    declared = _declared_outside_policies()
    missing = sorted(set(_named_urls(get_resolver())) - in_policies - declared)
    assert missing == [], f"pages no policy covers: {missing}"


def test_signed_in_pages_send_anonymous_visitors_to_sign_in(client, db):
    for config in apps.get_app_configs():
        module = importlib.util.find_spec(f"{config.name}.policies") if config.name.startswith("madang.") else None
        if module is None:
            continue
        for name in getattr(importlib.import_module(f"{config.name}.policies"), "SIGNED_IN_ROUTES", ()):
            response = client.get(reverse(name))
            assert _is_login_redirect(response), name


def test_a_model_permission_granted_in_the_admin_does_not_override_a_policy(world, client):
    from django.contrib.auth.models import Permission

    staff = world.users["staff"]
    staff.user_permissions.add(
        Permission.objects.get(codename="change_initiative", content_type__app_label="catalogue")
    )
    staff = type(staff).objects.get(pk=staff.pk)  # permissions are cached per user object
    draft = world.objects["initiatives"][1]
    assert not staff.has_perm("catalogue.change_initiative", draft)
    assert not staff.has_perm("catalogue.change_initiative")
    client.force_login(staff)
    assert client.get(reverse("catalogue:edit", kwargs={"slug": draft.slug})).status_code == 404
