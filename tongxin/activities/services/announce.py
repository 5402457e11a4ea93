"""Notices of an event's publication and cancellation for the organizer's groups.

An event created for the future is announced once: its title, time, place
and sign-up link (``TONGXIN_SITE_URL`` + the event's page); cancelling an
event that has not begun announces a short cancellation.  Events entered
after they took place (ledger imports, records of past events) and changes
to an event are not announced.

The notice is sent as :data:`tongxin.core.signals.event_announced`:
``publicity`` (a sibling app, which this one may not import) queues it to
every active group robot of the organizing organization, as one broadcast
with a delivery row per robot, sent and retried in the background like any
broadcast.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities.models import Event
from tongxin.core.signals import event_announced

#: Braces would read as message placeholders ({姓名}): shown full-width instead.
_BRACES = str.maketrans({"{": "｛", "}": "｝"})


def _when(event: Event) -> str:
    start, end = timezone.localtime(event.start_at), timezone.localtime(event.end_at)
    text = start.strftime("%Y-%m-%d %H:%M")
    if end.date() == start.date():
        return f"{text}—{end.strftime('%H:%M')}"
    return f"{text} — {end.strftime('%Y-%m-%d %H:%M')}"


def _link(event: Event) -> str:
    return settings.TONGXIN_SITE_URL + event.get_absolute_url()


def _upcoming(event: Event) -> bool:
    return event.start_at > timezone.now()


def _send(event: Event, *, by, title: str, lines: list[str]) -> None:
    if not getattr(by, "pk", None):
        return
    event_announced.send(
        sender=Event,
        organization=event.organization,
        event=event,
        by=by,
        title=title.translate(_BRACES)[:100],
        text="\n".join(line for line in lines if line).translate(_BRACES),
    )


def event_published(*, event: Event, by) -> None:
    """Announce a newly published event that has not begun yet."""
    if not _upcoming(event) or event.is_cancelled:
        return
    lines = [
        _("【活动通知】%(title)s") % {"title": event.title},
        _("时间：%(when)s") % {"when": _when(event)},
        _("地点：%(place)s") % {"place": event.place} if event.place else "",
    ]
    if event.allows_signup:
        closes = timezone.localtime(event.signup_closes_at).strftime("%Y-%m-%d %H:%M")
        lines.append(_("报名截止：%(closes)s") % {"closes": closes})
        lines.append(_("报名：%(link)s") % {"link": _link(event)})
    else:
        lines.append(_("详情：%(link)s") % {"link": _link(event)})
    _send(
        event,
        by=by,
        title=_("活动通知：%(title)s") % {"title": event.title},
        lines=lines,
    )


def event_cancelled(*, event: Event, by) -> None:
    """Announce the cancellation of an event that had not begun."""
    if not _upcoming(event):
        return
    lines = [
        _("【活动取消】%(title)s（原定 %(when)s）已取消。")
        % {"title": event.title, "when": _when(event)},
        _("原因：%(reason)s") % {"reason": event.cancel_reason}
        if event.cancel_reason
        else "",
    ]
    _send(
        event,
        by=by,
        title=_("活动取消：%(title)s") % {"title": event.title},
        lines=lines,
    )
