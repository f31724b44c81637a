# mypy: disable-error-code="attr-defined,no-untyped-call"
"""One permission policy per entity: for every action, the yes/no rule and the objects a user may act on.

A policy (`madang/<app>/policies.py`) names its model and its actions. Each action has
- `rule(user, obj)`: may this user do it to this object (obj is None for model-level actions such as "add");
- `where(user)`: a Q over the model selecting exactly the objects the rule allows (None for model-level actions).
Both are written from the role helpers of madang/core/roles.py, side by side, and a generated test checks that
they agree on every object of a seeded data set. Superusers may do everything (as Django's ModelBackend says).

Every action is also a django-rules permission `<app_label>.<action>`, so `user.has_perm(...)` in views, services
and templates asks the same rule. `routes` name the pages that perform each action: the role x action test is
generated from them (GET and POST, every role), and a test fails on any page that is in no policy's routes and
not declared public.
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from . import roles

M = TypeVar("M", bound=Model)

NOTHING = Q(pk__in=[])


def among(field: str, ids: Collection[Any]) -> Q:
    """Objects whose `field` is one of `ids`; nothing (without a query's `IN ()`) when there are none."""
    return Q(**{f"{field}__in": ids}) if ids else NOTHING


def equal(field: str, value: Any) -> Q:
    """Objects whose `field` is `value`; nothing when the role has no such value (None)."""
    return Q(**{field: value}) if value is not None else NOTHING


# Anyone at all: what open data (the API, exports, the public catalogue) may show is what the policy lets them see.
PUBLIC = AnonymousUser()


@dataclass(frozen=True)
class Action:
    rule: Callable[[Any, Any], bool]
    where: Callable[[Any], Q] | None = None
    # The action that must be allowed for the object to be shown at all: failing it answers 404, not 403, so a
    # page does not confirm that a hidden object exists. A view action names itself.
    shown_by: str | None = None


@dataclass(frozen=True)
class Route:
    """A page that performs `action`; `kwargs(obj)` builds its URL arguments from an object of the policy's model."""

    name: str
    action: str
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    methods: tuple[str, ...] = ("GET",)
    # Which objects of the seeded data can appear in this URL (e.g. only tasks of a pilot): defaults to all.
    objects: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None
    # A page that shows on GET and acts on POST (a plan and its assignment form): the action its POST performs.
    post_action: str | None = None

    def action_for(self, method: str) -> str:
        return self.post_action if method == "POST" and self.post_action else self.action


class Policy(Generic[M]):
    model: ClassVar[type[Model]]
    actions: ClassVar[dict[str, Action]]
    routes: ClassVar[list[Route]] = []
    # The permission prefix, when the model lives in another app (the inclusion policy over core's places).
    app_label: ClassVar[str | None] = None

    @classmethod
    def label(cls) -> str:
        return cls.app_label or cls.model._meta.app_label

    @classmethod
    def perm(cls, action: str) -> str:
        return f"{cls.label()}.{action}"

    @classmethod
    def action(cls, name: str) -> Action:
        try:
            return cls.actions[name]
        except KeyError as exc:
            raise KeyError(f"{cls.__name__} has no action {name!r}") from exc

    @classmethod
    def allows(cls, user: Any, action: str, obj: Any = None) -> bool:
        rule = cls.action(action).rule
        return roles.is_superuser(user) or bool(rule(user, obj))

    @classmethod
    def where(cls, user: Any, action: str) -> Q:
        where = cls.action(action).where
        if where is None:
            raise TypeError(f"{cls.__name__}.{action} acts on the model, not on objects")
        if roles.is_superuser(user):
            return Q()
        return where(user)

    @classmethod
    def queryset(cls, user: Any, action: str, base: QuerySet[M] | None = None) -> QuerySet[M]:
        qs = base if base is not None else cls.model._default_manager.all()
        return qs.filter(cls.where(user, action))  # type: ignore[return-value]

    @classmethod
    def require(cls, user: Any, action: str, obj: Any = None) -> None:
        """Raise 404 when the object may not even be shown to this user, 403 when it may be shown but not acted on."""
        if cls.allows(user, action, obj):
            return
        shown_by = cls.action(action).shown_by
        if obj is not None and shown_by is not None and not cls.allows(user, shown_by, obj):
            raise Http404
        raise PermissionDenied

    @classmethod
    def get(cls, user: Any, action: str, base: QuerySet[M] | None = None, **lookup: Any) -> M:
        """The object found by `lookup`, if the user may do `action` to it (else 404 or 403, as `require`)."""
        qs = base if base is not None else cls.model._default_manager.all()
        try:
            obj = qs.get(**lookup)
        except cls.model.DoesNotExist as exc:
            raise Http404 from exc
        cls.require(user, action, obj)
        return obj  # type: ignore[return-value]


REGISTRY: list[type[Policy[Any]]] = []


def register(policy: type[Policy[M]]) -> type[Policy[M]]:
    """Add the policy to the registry and each of its actions to django-rules as `<app_label>.<action>`."""
    REGISTRY.append(policy)
    for name in policy.actions:
        rules.set_perm(policy.perm(name), _predicate(policy, name))
    return policy


def _predicate(policy: type[Policy[Any]], action: str) -> Any:
    def check(user: Any, obj: Any = None) -> bool:
        return policy.allows(user, action, obj)

    return rules.predicate(check, name=f"{policy.__name__}.{action}")


def policy_for(perm: str) -> tuple[type[Policy[Any]], str]:
    app_label, action = perm.split(".", 1)
    for policy in REGISTRY:
        if policy.label() == app_label and action in policy.actions:
            return policy, action
    raise LookupError(perm)


def all_routes() -> Iterable[tuple[type[Policy[Any]], Route]]:
    for policy in REGISTRY:
        for route in policy.routes:
            yield policy, route
