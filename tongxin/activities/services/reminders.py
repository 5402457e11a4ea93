"""In-app notices to members about their sign-ups: the confirmation when they
sign up and the reminder the day before the event.

They are ordinary notifications (``tongxin.notifications``) of the member's
user account, so members read them under 我的; the publicity app copies each
to the member's chosen channel (WeChat, SMS or e-mail).  A member without a
user account (signed up by staff on their behalf) gets both by SMS to the
mobile in their record, unless they opted out (``notify_member``).  Keys
make both idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities.models import Event, Signup
from tongxin.notifications.services import notify_member


def _when(event: Event) -> str:
    return timezone.localtime(event.start_at).strftime("%Y-%m-%d %H:%M")


def signup_notify(signup: Signup) -> None:
    """Tell the member their sign-up is confirmed or on the waiting list."""
    if signup.member_id is None or signup.status == Signup.Status.CANCELLED:
        return
    event = signup.event
    title = (
        _("报名成功：%s")
        if signup.status == Signup.Status.CONFIRMED
        else _("已列入候补：%s")
    ) % event.title
    notify_member(
        member=signup.member,
        key=f"signup-{signup.pk}-{signup.status}-{signup.queued_at:%Y%m%d%H%M%S}",
        title=title,
        body=_("%(when)s，%(place)s。")
        % {"when": _when(event), "place": event.place or _("地点待定")},
        url=event.get_absolute_url(),
    )


def send_event_reminders(*, day: dt.date | None = None) -> int:
    """Remind members signed up (confirmed) for events on ``day`` (default tomorrow)."""
    if day is None:
        day = timezone.localdate() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    signups = (
        Signup.objects.filter(
            status=Signup.Status.CONFIRMED,
            event__status=Event.Status.ACTIVE,
            event__start_at__gte=start,
            event__start_at__lt=end,
        )
        .select_related("event", "member")
        .order_by("id")
    )
    sent = 0
    for s in signups:
        created = notify_member(
            member=s.member,
            key=f"event-{s.event_id}-reminder",
            title=_("明天的活动：%s") % s.event.title,
            body=_("%(when)s，%(place)s。请准时参加。")
            % {"when": _when(s.event), "place": s.event.place or _("地点待定")},
            url=s.event.get_absolute_url(),
        )
        sent += created
    return sent
