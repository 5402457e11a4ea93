"""Every write to notifications."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tongxin.core import framecache
from tongxin.notifications.models import Notification


@transaction.atomic
def notify(
    *, user, key: str, title: str, body: str = "", url: str = ""
) -> tuple[Notification, bool]:
    """Send ``user`` a notification once per ``key``; return it and whether it is new.

    Sending again with the same key changes nothing (reminders are idempotent).
    """
    notice, created = Notification.objects.get_or_create(
        user=user,
        key=key[:100],
        defaults={"title": title[:200], "body": body, "url": url},
    )
    return notice, created


@transaction.atomic
def mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those ``ids``) as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    framecache.forget_unread(user.pk)
    return changed
