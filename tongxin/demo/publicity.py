"""Broadcasts and magazine subscriptions of the demo committee, written
through the publicity services.

Three broadcasts already sent: a study notice by SMS to the head's branch
(most delivered, a few failed with the carrier's reason), a notice by e-mail
to a grassroots committee (members without an address skipped), and a
reminder to the participants of the next event.  Messages go through the
configured gateways (in development the console SMS log and the mail folder
under ``TONGXIN_VAR_DIR``), sent at once rather than by the worker.
Subscriptions: every open base organization, for the last five years.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.activities.models import Event, Signup
from tongxin.audit.services import audit_record, one_event_per_batch
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.publicity import services
from tongxin.publicity.models import Broadcast, Delivery, Subscription
from tongxin.publicity.ratelimit import RateLimiter

#: Reasons a carrier gives for an undelivered SMS.
CARRIER_REASONS = ("空号", "用户关机", "停机", "被用户拒收")


@dataclass
class PublicitySummary:
    broadcasts: int
    deliveries: int
    subscriptions: int

    def format(self) -> str:
        return _("群发 %(b)d 次（%(d)d 条消息），杂志订阅记录 %(s)d 条。") % {
            "b": self.broadcasts,
            "d": self.deliveries,
            "s": self.subscriptions,
        }


def publicity_summary() -> PublicitySummary:
    return PublicitySummary(
        broadcasts=Broadcast.objects.count(),
        deliveries=Delivery.objects.exclude(status=Delivery.Status.SKIPPED).count(),
        subscriptions=Subscription.objects.count(),
    )


def build_publicity(*, rng: random.Random, year: int, head_code: str) -> None:
    """Add broadcasts and subscriptions to a database holding the demo."""
    admin = User.objects.get(username="admin")
    huiyuan = User.objects.filter(username="huiyuan", member__isnull=False).first()
    if huiyuan is not None:
        services.preference_set(
            by=huiyuan, member=huiyuan.member, sms_opt_out=False, email_opt_out=True
        )
    branch = Organization.objects.get(code=head_code)
    grassroots = (
        Organization.objects.filter(
            kind=Organization.Kind.GRASSROOTS, closed_on__isnull=True
        )
        .order_by("path")
        .first()
    )
    sent = [
        services.broadcast_create(
            by=admin,
            title=_("支部学习通知"),
            body=_(
                "{姓名}同志：{组织}定于本周六上午九时在市委会三楼会议室集中学习，请准时参加。"
            ),
            send_sms=True,
            send_email=False,
            organization=branch,
        ),
        services.broadcast_create(
            by=admin,
            title=_("年度会员信息核对"),
            body=_(
                "{姓名}同志：\n\n请于本月底前登录同心平台核对本人信息，"
                "如有变动请联系{组织}。\n\n民进市委会组织部"
            ),
            send_sms=False,
            send_email=True,
            organization=grassroots,
        ),
    ]
    upcoming = (
        Event.objects.filter(
            start_at__gte=timezone.now(),
            signups__status=Signup.Status.CONFIRMED,
        )
        .order_by("start_at")
        .first()
    )
    if upcoming is not None:
        sent.append(
            services.broadcast_create(
                by=admin,
                title=_("活动提醒"),
                body=_("{姓名}同志：您报名的活动即将开始，请准时到场。"),
                send_sms=True,
                send_email=False,
                event=upcoming,
            )
        )
    for b in sent:
        services.deliver(broadcast_id=b.pk, limiter=RateLimiter(0))
    # Receipts as a provider would send them: most delivered, some not.
    for row in Delivery.objects.filter(
        channel="sms", status=Delivery.Status.SENT
    ).order_by("id"):
        if rng.random() < 0.9:
            services.receipt_apply(message_id=row.provider_id, status="delivered")
        else:
            services.receipt_apply(
                message_id=row.provider_id,
                status="failed",
                reason=rng.choice(CARRIER_REASONS),
            )
    _subscriptions(admin, rng, year)


def _subscriptions(admin, rng: random.Random, year: int) -> None:
    bases = Organization.objects.filter(
        closed_on__isnull=True,
        kind__in=[
            Organization.Kind.BRANCH,
            Organization.Kind.DIRECT_BRANCH,
            Organization.Kind.GENERAL_BRANCH,
        ],
    ).order_by("path")
    sizes = dict(
        Member.objects.filter(status=Member.Status.ACTIVE)
        .order_by()
        .values_list("organization")
        .annotate(n=Count("id"))
    )
    with one_event_per_batch():
        _subscribe(admin, rng, year, bases, sizes)
    audit_record(
        action="import",
        object_type="publicity.subscription",
        object_repr=_("演示数据：杂志订阅"),
        actor=admin,
        detail={"rows": Subscription.objects.count()},
    )


def _subscribe(admin, rng, year, bases, sizes) -> None:
    for organization in bases:
        base = max(2, sizes.get(organization.pk, 0) // 4)
        for y in range(year - 4, year + 1):
            services.subscription_set(
                by=admin,
                organization=organization,
                year=y,
                copies=base + rng.randint(-1, 3),
            )
