"""Every read of notifications: a user reads only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.notifications.models import Notification


def notification_list(*, user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()
