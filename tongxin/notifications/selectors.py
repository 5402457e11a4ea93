"""Every read of notifications: a user reads only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.core import framecache
from tongxin.core.pagination import bounded_count
from tongxin.notifications.models import Notification


def notification_list(*, user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


#: The navigation shows at most this many unread notifications ("99+").
UNREAD_BADGE_LIMIT = 99


def unread_badge(*, user) -> str:
    """Return the unread count for the navigation badge ("" for none, "99+").

    Kept in the frame cache (``core.framecache``) until a notification of the
    user is written or marked read.
    """
    if not getattr(user, "is_authenticated", False):
        return ""

    def count() -> str:
        qs = notification_list(user=user).filter(read_at__isnull=True)
        n, exact = bounded_count(qs, UNREAD_BADGE_LIMIT)
        if not n:
            return ""
        return str(n) if exact else f"{n}+"

    return framecache.cached(
        framecache.unread_ns(user.pk), f"tx:unread-badge:{user.pk}", count
    )
