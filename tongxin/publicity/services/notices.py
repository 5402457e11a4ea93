"""Personal notices on the member's chosen channel.

Nothing here decides *when* a member is told something: the apps already
create in-app notifications at those points (sign-up confirmations, the
day-before reminder, workflow feedback).  :func:`notice_forward` — connected
to the creation of a notification — copies each new one of a user linked to
a member who chose a channel (``ChannelPreference.notice_channel``) into a
:class:`~tongxin.publicity.models.NoticeDelivery` and queues it;
:func:`notice_deliver` sends it through the channel's adapter, and
:func:`notices_retry` queues failed ones again (``tongxin retry-notices``,
at most ``TONGXIN_NOTICE_MAX_ATTEMPTS`` attempts each).

Members without a login account have no in-app notices: the apps tell them
through ``notifications.services.notify_member``, whose ``member_notice``
signal reaches :func:`notice_offline`, which queues a row on SMS to the
mobile in their record (unless they opted out of SMS), sent and retried the
same way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongxin.members.models import Member
from tongxin.publicity import channels
from tongxin.publicity.gateways import GatewayError
from tongxin.publicity.models import (
    Channel,
    ChannelPreference,
    Delivery,
    NoticeDelivery,
    WeChatBinding,
)


def _enqueue(notice_id: int) -> None:
    from tongxin.publicity.tasks import deliver_notice

    transaction.on_commit(lambda: deliver_notice.enqueue(notice_id))


def notice_forward(notification) -> NoticeDelivery | None:
    """Queue ``notification`` on its member's chosen channel, if they chose one."""
    member_id = getattr(notification.user, "member_id", None)
    if member_id is None:
        return None
    channel = (
        ChannelPreference.objects.filter(member_id=member_id)
        .values_list("notice_channel", flat=True)
        .first()
    )
    if not channel:
        return None
    row = NoticeDelivery.objects.create(
        member_id=member_id,
        notification=notification,
        channel=channel,
        title=notification.title[:200],
        text=notification.body or notification.title,
    )
    _enqueue(row.pk)
    return row


def notice_offline(*, member, title: str, body: str) -> NoticeDelivery | None:
    """Queue an SMS notice for ``member`` (no login account); None if not sent.

    Nothing is sent to a member without a mobile or who opted out of SMS
    (``ChannelPreference.sms_opt_out``).  The same notice (title and text)
    is queued once, so reminders sent twice reach the member once.
    """
    if not member.mobile:
        return None
    if ChannelPreference.objects.filter(member=member, sms_opt_out=True).exists():
        return None
    title = title[:200]
    body = (body or "").strip()
    text = f"{title}。{body}" if body and body != title else title
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        if NoticeDelivery.objects.filter(
            member=member,
            notification__isnull=True,
            channel=Channel.SMS,
            title=title,
            text=text,
        ).exists():
            return None
        row = NoticeDelivery.objects.create(
            member=member, channel=Channel.SMS, title=title, text=text
        )
    _enqueue(row.pk)
    return row


def _address(member: Member, channel: str) -> str:
    if channel == Channel.SMS:
        return member.mobile or ""
    if channel == Channel.EMAIL:
        return member.email or ""
    binding = WeChatBinding.objects.filter(member=member).first()
    return binding.openid if binding and binding.is_bound else ""


def notice_deliver(*, notice_id: int) -> str:
    """Send one queued personal notice; return its status."""
    with transaction.atomic():
        row = (
            NoticeDelivery.objects.select_for_update()
            .filter(pk=notice_id, status=Delivery.Status.QUEUED)
            .first()
        )
        if row is None:
            return ""
        row.status = Delivery.Status.SENDING
        row.attempts += 1
        row.save(update_fields=["status", "attempts", "updated_at"])
    member = Member.objects.get(pk=row.member_id)
    try:
        provider_id = channels.adapter(row.channel).send(
            to=_address(member, row.channel),
            title=row.title,
            text=row.text,
            reference=f"notice-{row.pk}",
        )
    except GatewayError as e:
        row.status, row.reason = Delivery.Status.FAILED, e.reason[:200]
    else:
        row.status, row.reason = Delivery.Status.SENT, ""
        row.provider_id, row.sent_at = provider_id[:64], timezone.now()
    row.save(update_fields=["status", "reason", "provider_id", "sent_at", "updated_at"])
    return row.status


@transaction.atomic
def notices_retry() -> int:
    """Queue failed personal notices again (below the attempt limit); return how many."""
    ids = list(
        NoticeDelivery.objects.filter(
            status=Delivery.Status.FAILED,
            attempts__lt=settings.TONGXIN_NOTICE_MAX_ATTEMPTS,
        ).values_list("pk", flat=True)
    )
    NoticeDelivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.QUEUED, updated_at=timezone.now()
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)
