"""Every write to notifications."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal
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


#: A notice for a member without an active user account, sent with
#: ``member``, ``title`` and ``body``; each receiver returns whether it queued
#: something.  Publicity sends it by SMS to the mobile in the member's record
#: (``publicity.services.notices.notice_offline``).
member_notice = Signal()


def notify_member(
    *, member, key: str, title: str, body: str = "", url: str = ""
) -> bool:
    """Tell ``member`` something; return whether it is new.

    A member with an active user account gets an in-app notification (once
    per ``key``, and publicity copies it to their chosen channel); one
    without gets it through :data:`member_notice` -- by SMS, where the
    member has a mobile and has not opted out.
    """
    user = (
        get_user_model()
        .objects.filter(member_id=member.pk, is_active=True)
        .order_by("pk")
        .first()
    )
    if user is not None:
        return notify(user=user, key=key, title=title, body=body, url=url)[1]
    answers = member_notice.send(
        sender=None, member=member, title=title[:200], body=body
    )
    return any(bool(created) for _receiver, created in answers)


@transaction.atomic
def mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those ``ids``) as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    framecache.forget_unread(user.pk)
    return changed
