"""Broadcasts: create one (recipients resolved, opted-out members skipped),
deliver it in the background, apply delivery receipts, retry failures.

Delivery claims one queued row at a time (``SKIP LOCKED`` on PostgreSQL, the
IMMEDIATE transaction on SQLite) and marks it *sending* before anything goes
out, so no worker sends it twice; a gateway error or timeout marks the row
failed with the reason and the broadcast continues.

A worker killed between claiming a row and recording the outcome leaves it
*sending*.  Whether the message went out is then unknown, so such a row is
never sent again by itself: :func:`deliveries_recover_stale` (run when the
worker starts, and by ``deliver`` before it sends) marks rows that have been
*sending* for longer than ``TONGXIN_SENDING_STALE_SECONDS`` as failed with
the reason :data:`INTERRUPTED`, and staff decide whether to retry them.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.idnumber import mask_phone
from tongxin.core.services import save_with_history
from tongxin.members.models import Member
from tongxin.publicity import messages
from tongxin.publicity.models import Broadcast, Channel, ChannelPreference, Delivery
from tongxin.publicity.policies import policy
from tongxin.publicity.services.channels import robots_of
from tongxin.publicity.services.delivery import (  # noqa: F401  (re-exported)
    INTERRUPTED,
    deliver,
    deliveries_recover_stale,
)

SKIP_OPTED_OUT = "opted_out"
SKIP_NO_ADDRESS = "no_address"


def mask_email(address: str) -> str:
    """Hide most of the local part of an e-mail address: ``z***@example.com``."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _email_hash(address: str) -> str:
    from tongxin.core.crypto import blind_index

    return blind_index("email", address.strip().lower())


def _deliveries_for(broadcast: Broadcast, members: list[Member]) -> list[Delivery]:
    """Return the unsaved delivery rows: queued, or skipped with the reason."""
    prefs = {
        p.member_id: p
        for p in ChannelPreference.objects.filter(member__in=[m.pk for m in members])
    }
    rows = []
    for m in members:
        pref = prefs.get(m.pk)
        if broadcast.send_sms:
            row = Delivery(broadcast=broadcast, member=m, channel=Channel.SMS)
            if pref and pref.sms_opt_out:
                row.status, row.reason = Delivery.Status.SKIPPED, SKIP_OPTED_OUT
            elif not m.mobile:
                row.status, row.reason = Delivery.Status.SKIPPED, SKIP_NO_ADDRESS
            else:
                row.address_masked = mask_phone(m.mobile)
                row.address_hash = m.mobile_hash or ""
            rows.append(row)
        if broadcast.send_email:
            row = Delivery(broadcast=broadcast, member=m, channel=Channel.EMAIL)
            if pref and pref.email_opt_out:
                row.status, row.reason = Delivery.Status.SKIPPED, SKIP_OPTED_OUT
            elif not m.email:
                row.status, row.reason = Delivery.Status.SKIPPED, SKIP_NO_ADDRESS
            else:
                row.address_masked = mask_email(m.email)
                row.address_hash = _email_hash(m.email)
            rows.append(row)
    return rows


def _robot_deliveries(broadcast: Broadcast) -> list[Delivery]:
    """One queued row per active group robot of the broadcast's organization."""
    return [
        Delivery(
            broadcast=broadcast,
            robot=r,
            channel=r.kind,
            address_masked=f"{r.name}（{r.webhook_host}）"[:100],
        )
        for r in robots_of(broadcast.organization)
    ]


def _enqueue(broadcast_id: int) -> None:
    from tongxin.publicity.tasks import deliver_broadcast

    transaction.on_commit(lambda: deliver_broadcast.enqueue(broadcast_id))


@transaction.atomic
def broadcast_create(
    *,
    by,
    title: str,
    body: str,
    send_sms: bool,
    send_email: bool,
    organization=None,
    filters: dict | None = None,
    event=None,
) -> Broadcast:
    """Create a broadcast to the chosen members and queue it for sending.

    Recipients are the members ``by`` may see in ``organization``'s subtree
    matching ``filters`` (member-list parameters), or the participants of
    ``event``.  Raise ``ValidationError`` for an empty or over-long message,
    an unknown placeholder, no channel or no recipients.
    """
    from tongxin.publicity.selectors import broadcast_recipients

    place = event if event is not None else organization
    if place is None:
        raise ValidationError({"organization": _("请选择组织或活动。")})
    if not policy.can(by, "send", place):
        raise PermissionDenied(_("您无权向该范围群发消息。"))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题。")})
    if "\x00" in title:
        raise ValidationError({"title": _("含有无效的空字符（\\0），请重新输入。")})
    messages.check_template(body)
    if not (send_sms or send_email):
        raise ValidationError({"channels": _("请至少选择一种发送方式（短信或邮件）。")})
    members = list(
        broadcast_recipients(
            user=by, organization=organization, filters=filters or {}, event=event
        ).select_related("organization")
    )
    if not members:
        raise ValidationError({"recipients": _("没有符合条件的收件人，未发送。")})
    if send_sms:
        longest = max(members, key=lambda m: len(m.name) + len(m.organization.name))
        messages.check_sms_length(
            messages.render(
                body, name=longest.name, organization=longest.organization.name
            )
        )
    broadcast = Broadcast(
        title=title,
        body=body,
        send_sms=send_sms,
        send_email=send_email,
        organization=event.organization if event is not None else organization,
        event=event,
        filters={k: v for k, v in (filters or {}).items() if v not in ("", None)},
        path=place.path,
        created_by=by,
    )
    save_with_history(broadcast, by=by)
    rows = _deliveries_for(broadcast, members) + _robot_deliveries(broadcast)
    Delivery.objects.bulk_create(rows)
    skipped = sum(1 for r in rows if r.status == Delivery.Status.SKIPPED)
    audit_record(
        action="broadcast",
        obj=broadcast,
        actor=by,
        detail={
            "recipients": len(members),
            "sms": send_sms,
            "email": send_email,
            "queued": len(rows) - skipped,
            "robots": sum(1 for r in rows if r.robot_id),
            "skipped": skipped,
        },
    )
    _enqueue(broadcast.pk)
    return broadcast


@transaction.atomic
def event_notice_queue(
    *, by, organization, event, title: str, text: str
) -> Broadcast | None:
    """Queue an event's notice to every active robot of ``organization``.

    Called when an event is published or cancelled (the ``event_announced``
    signal of ``tongxin.core.signals``): one broadcast of kind *event* with a
    delivery row per robot, sent in the background and retried like any
    broadcast.  An organization without an active robot gets nothing (None).
    """
    robots = robots_of(organization)
    if not robots:
        return None
    broadcast = Broadcast(
        kind=Broadcast.Kind.EVENT,
        title=title[:100],
        body=text,
        send_sms=False,
        send_email=False,
        organization=organization,
        event=event,
        path=organization.path,
        created_by=by,
    )
    save_with_history(broadcast, by=by)
    rows = _robot_deliveries(broadcast)
    Delivery.objects.bulk_create(rows)
    audit_record(
        action="broadcast",
        obj=broadcast,
        actor=by,
        detail={"queued": len(rows), "robots": len(rows)},
    )
    _enqueue(broadcast.pk)
    return broadcast


@transaction.atomic
def broadcast_retry(*, by, broadcast: Broadcast) -> int:
    """Queue the failed deliveries of ``broadcast`` again; return how many."""
    if not policy.can(by, "send", broadcast):
        raise PermissionDenied(_("您无权重发该群发消息。"))
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    count = broadcast.deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.QUEUED, reason="", updated_at=timezone.now()
    )
    if not count:
        raise ValidationError({"retry": _("没有发送失败的记录需要重发。")})
    broadcast.status = Broadcast.Status.SENDING
    broadcast.finished_at = None
    broadcast.save(update_fields=["status", "finished_at"])
    audit_record(
        action="broadcast_retry", obj=broadcast, actor=by, detail={"count": count}
    )
    _enqueue(broadcast.pk)
    return count


RECEIPT_STATUSES = {
    "delivered": Delivery.Status.DELIVERED,
    "failed": Delivery.Status.FAILED,
}


@transaction.atomic
def receipt_apply(*, message_id: str, status: str, reason: str = "") -> Delivery:
    """Record a provider's delivery receipt on the SMS it is about.

    Raise ``ValidationError`` for an unknown status and ``Delivery.DoesNotExist``
    for an unknown message id.
    """
    if status not in RECEIPT_STATUSES:
        raise ValidationError({"status": _("回执状态应为 delivered 或 failed。")})
    row = Delivery.objects.select_for_update().get(
        provider_id=message_id, channel=Channel.SMS
    )
    if row.status in (Delivery.Status.SENT, Delivery.Status.DELIVERED):
        row.status = RECEIPT_STATUSES[status]
        row.reason = (reason or "")[:200] if status == "failed" else ""
        row.save(update_fields=["status", "reason", "updated_at"])
    return row


@transaction.atomic
def preference_set(
    *,
    by,
    member: Member,
    sms_opt_out: bool,
    email_opt_out: bool,
    notice_channel: str | None = None,
):
    """Set a member's channel preferences; only the member themselves may.

    ``notice_channel`` (unchanged when ``None``) is where personal notices go
    besides the in-app notice: ``""``, ``"sms"``, ``"email"`` or ``"wechat"``
    (only once the member has bound their WeChat).
    """
    from tongxin.publicity.models import WeChatBinding

    if getattr(by, "member_id", None) != member.pk:
        raise PermissionDenied(_("只能修改本人的接收设置。"))
    pref, _created = ChannelPreference.objects.select_for_update().get_or_create(
        member=member
    )
    if notice_channel is not None:
        choices = dict(ChannelPreference._meta.get_field("notice_channel").choices)
        if notice_channel not in choices:
            raise ValidationError({"notice_channel": _("请选择个人通知渠道。")})
        if notice_channel == Channel.WECHAT and not (
            WeChatBinding.objects.filter(member=member).exclude(openid_hash="").exists()
        ):
            raise ValidationError({"notice_channel": _("请先绑定微信。")})
        pref.notice_channel = notice_channel
    pref.sms_opt_out = sms_opt_out
    pref.email_opt_out = email_opt_out
    save_with_history(pref, by=by)
    return pref
