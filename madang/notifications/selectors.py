"""Reads for notifications: a person's notices and follows, and what a follow button needs to know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import Follow, Notice
from .policies import FollowPolicy, NoticePolicy

if TYPE_CHECKING:
    from madang.accounts.models import User


def notices_for(*, user: User) -> QuerySet[Notice]:
    return (
        NoticePolicy.queryset(user, "view_notice").select_related("actor", "target_type").order_by("-created_at", "-pk")
    )


def unread_count(*, user: User) -> int:
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def follows_for(*, user: User) -> QuerySet[Follow]:
    return FollowPolicy.queryset(user, "view_follow").select_related("target_type").order_by("-created_at")


def follow_of(*, user: User, target: models.Model | None = None, domain: str = "") -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if domain:
        return Follow.objects.filter(user_id=user.pk, domain=domain).first()
    if target is None or target.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(target)
    return Follow.objects.filter(user_id=user.pk, domain="", target_type=content_type, target_id=target.pk).first()
