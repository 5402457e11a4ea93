"""Sending a broadcast's queued messages, one claimed row at a time.

Run by the background job (``tongxin.publicity.tasks``), which imports this
module and nothing that enqueues jobs, so the two never import each other.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.members.models import Member
from tongxin.publicity import channels, messages
from tongxin.publicity.channels import Robot
from tongxin.publicity.gateways import GatewayError
from tongxin.publicity.models import (
    Broadcast,
    Channel,
    Delivery,
    GroupRobot,
    WeChatBinding,
)
from tongxin.publicity.ratelimit import RateLimiter

#: The reason recorded on a delivery whose sending was interrupted.
INTERRUPTED = "发送中断，状态未知，请确认对方是否收到后再决定是否重发"


def _claim(broadcast_id: int) -> Delivery | None:
    """Take the next queued delivery of the broadcast, marking it as sending."""
    with transaction.atomic():
        qs = Delivery.objects.filter(
            broadcast_id=broadcast_id, status=Delivery.Status.QUEUED
        ).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        row = qs.first()
        if row is None:
            return None
        row.status = Delivery.Status.SENDING
        row.attempts += 1
        row.save(update_fields=["status", "attempts", "updated_at"])
        return row


def _finish(row: Delivery, *, provider_id: str = "", error: str = "") -> None:
    if error:
        row.status, row.reason = Delivery.Status.FAILED, error[:200]
    else:
        row.status, row.reason = Delivery.Status.SENT, ""
        row.provider_id = provider_id
        row.sent_at = timezone.now()
    row.save(update_fields=["status", "reason", "provider_id", "sent_at", "updated_at"])


def _finish_if_done(broadcast_id: int) -> None:
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast_id)
        pending = broadcast.deliveries.filter(
            status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
        ).exists()
        if not pending and broadcast.status != Broadcast.Status.FINISHED:
            broadcast.status = Broadcast.Status.FINISHED
            broadcast.finished_at = timezone.now()
            broadcast.save(update_fields=["status", "finished_at"])


def deliveries_recover_stale(
    *, older_than: dt.timedelta | None = None, broadcast_id: int | None = None
) -> int:
    """Mark deliveries left *sending* by a stopped worker as failed; return how many.

    Only rows not touched for ``older_than`` (default
    ``TONGXIN_SENDING_STALE_SECONDS``) are taken, so a message another worker
    is sending right now is left alone.  Nothing is sent again: the rows get
    the reason :data:`INTERRUPTED` and wait for staff to retry them.
    """
    if older_than is None:
        older_than = dt.timedelta(seconds=settings.TONGXIN_SENDING_STALE_SECONDS)
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        qs = Delivery.objects.filter(
            status=Delivery.Status.SENDING, updated_at__lte=cutoff
        )
        if broadcast_id is not None:
            qs = qs.filter(broadcast_id=broadcast_id)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        rows = list(qs.values_list("pk", "broadcast_id"))
        if not rows:
            return 0
        Delivery.objects.filter(
            pk__in=[pk for pk, _b in rows], status=Delivery.Status.SENDING
        ).update(
            status=Delivery.Status.FAILED,
            reason=INTERRUPTED,
            updated_at=timezone.now(),
        )
        broadcasts = sorted({b for _pk, b in rows})
        for b in broadcasts:
            audit_record(
                action="broadcast_interrupted",
                obj=Broadcast.objects.get(pk=b),
                actor=None,
                detail={"count": sum(1 for _pk, x in rows if x == b)},
            )
    for b in broadcasts:
        _finish_if_done(b)
    return len(rows)


def _address(row: Delivery, member: Member | None):
    """What the row's channel addresses, read (decrypted) at the moment of sending."""
    if row.robot_id:
        robot = GroupRobot.objects.get(pk=row.robot_id)
        if not robot.active:
            raise GatewayError(_("群机器人已停用"))
        return Robot(webhook_url=robot.webhook_url, secret=robot.secret or "")
    if row.channel == Channel.SMS:
        return member.mobile
    if row.channel == Channel.EMAIL:
        return member.email
    if row.channel == Channel.WECHAT:
        binding = WeChatBinding.objects.filter(member=member).first()
        return binding.openid if binding and binding.is_bound else ""
    return ""


def deliver(*, broadcast_id: int, limiter: RateLimiter | None = None) -> dict:
    """Send every queued delivery of a broadcast; return counts by outcome.

    Every channel goes through its adapter (``publicity.channels``) and gets
    its own rate limiter (``TONGXIN_SEND_RATE`` a second) unless ``limiter``
    is given for all.  A message to a group robot names no member.
    """
    deliveries_recover_stale(broadcast_id=broadcast_id)
    broadcast = Broadcast.objects.select_related("organization").get(pk=broadcast_id)
    limiters: dict[str, RateLimiter] = {}
    adapters: dict = {}
    outcome = {"sent": 0, "failed": 0}
    try:
        while (row := _claim(broadcast_id)) is not None:
            member = (
                Member.objects.select_related("organization").get(pk=row.member_id)
                if row.member_id
                else None
            )
            text = messages.render(
                broadcast.body,
                name=member.name if member else _("各位会员"),
                organization=(member or broadcast).organization.name,
            )
            limiters.setdefault(
                row.channel, limiter or RateLimiter(settings.TONGXIN_SEND_RATE)
            ).wait()
            try:
                if row.channel not in adapters:
                    adapters[row.channel] = channels.adapter(row.channel)
                provider_id = adapters[row.channel].send(
                    to=_address(row, member),
                    title=broadcast.title,
                    text=text,
                    reference=str(row.pk),
                )
            except GatewayError as e:
                _finish(row, error=e.reason)
                outcome["failed"] += 1
            else:
                _finish(row, provider_id=provider_id)
                outcome["sent"] += 1
    finally:
        for sender in adapters.values():
            if hasattr(sender, "close"):
                sender.close()
    _finish_if_done(broadcast_id)
    return outcome
