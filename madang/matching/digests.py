"""Digest e-mails: providers who follow a domain hear about new open needs that fit their solutions."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from madang.accounts.models import User
from madang.core import roles
from madang.core.formatting import absolute_url

from .models import DomainFollow, Need, Solution
from .policies import DomainFollowPolicy
from .search import engine_get, need_query, stored_vector

DIGEST_MIN_SCORE = 0.55  # the hybrid score above which a need is worth an e-mail


def digests_send(*, now: dt.datetime | None = None) -> int:
    """Send one e-mail per following user with new fitting needs; returns the number of e-mails sent."""
    now = now or timezone.now()
    engine = engine_get()
    sent = 0
    users = User.objects.filter(follows__isnull=False).distinct()
    for user in users:
        # Someone who no longer edits for a provider keeps their follows but hears nothing until they do again.
        org_ids = roles.editor_org_ids(user)
        if not org_ids or not DomainFollowPolicy.allows(user, "follow_domains"):
            continue
        follows = list(DomainFollow.objects.filter(user=user))
        published = Solution.objects.filter(organisation_id__in=org_ids, is_published=True)
        own = {f"solution:{pk}" for pk in published.values_list("pk", flat=True)}
        if not own:
            continue
        since = Q()
        for f in follows:
            since |= Q(domain=f.domain) & (Q(created_at__gt=f.last_digest_at) if f.last_digest_at else Q())
        fitting = []
        for need in Need.objects.filter(since, status=Need.Status.OPEN_CALL).select_related("city"):
            results = engine.search(
                need_query(need), k=50, filters={"kind": "solution"}, query_vector=stored_vector(f"need:{need.pk}")
            )
            best = [r for r in results if r.id in own and r.score >= DIGEST_MIN_SCORE]
            if best:
                fitting.append((need, best[0].score, absolute_url(reverse("matching:need", args=[need.pk]))))
        if fitting:
            with translation.override(user.preferred_language):
                body = render_to_string("matching/digest_email.txt", {"user": user, "needs": fitting})
                subject = translation.gettext("New city needs that fit your solutions")
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        DomainFollow.objects.filter(user=user).update(last_digest_at=now)
    return sent
