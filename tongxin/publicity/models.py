"""Broadcasts (群发) by SMS and e-mail, members' channel preferences, and
subscriptions to the magazine (杂志发行).

Articles, columns and journal issues belong here too; they wait for the shared
workflow engine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class Broadcast(models.Model):
    """One message sent to many members, by SMS and/or e-mail."""

    class Status(models.TextChoices):
        SENDING = "sending", _("发送中")
        FINISHED = "finished", _("已完成")

    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    send_sms = models.BooleanField(_("短信"), default=False)
    send_email = models.BooleanField(_("电子邮件"), default=False)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="broadcasts",
    )
    event = models.ForeignKey(
        "activities.Event",
        verbose_name=_("活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="broadcasts",
    )
    #: The member-list filters the recipients were chosen by (query parameters).
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    #: Copy of the organization's (or the event's) path: who sees the broadcast.
    path = models.CharField(max_length=100, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("群发")
        verbose_name_plural = _("群发")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["path", "created_at"], name="broadcast_path")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(send_sms=True) | models.Q(send_email=True),
                name="broadcast_has_channel",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:broadcast_detail", args=[self.pk])


class Delivery(models.Model):
    """One message of a broadcast to one member on one channel.

    Only a masked address and its keyed hash are kept; the clear number is
    decrypted from the member record at the moment of sending.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("失败")
        SKIPPED = "skipped", _("未发送")

    broadcast = models.ForeignKey(
        Broadcast, on_delete=models.CASCADE, related_name="deliveries"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=5, choices=Channel.choices)
    address_masked = models.CharField(_("地址"), max_length=100, blank=True)
    address_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["broadcast", "member", "channel"], name="delivery_once"
            )
        ]
        indexes = [models.Index(fields=["broadcast", "status"], name="delivery_status")]

    def __str__(self) -> str:
        return f"{self.broadcast_id}/{self.member_id}/{self.channel}"


class ChannelPreference(models.Model):
    """A member's choice not to receive broadcasts on a channel."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.CASCADE,
        related_name="channel_preference",
    )
    sms_opt_out = models.BooleanField(_("不接收群发短信"), default=False)
    email_opt_out = models.BooleanField(_("不接收群发邮件"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("接收设置")
        verbose_name_plural = _("接收设置")

    def __str__(self) -> str:
        return str(self.member_id)


class Subscription(models.Model):
    """Copies of the association's magazine an organization takes in a year."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="magazine_subscriptions",
    )
    path = models.CharField(max_length=100, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    copies = models.PositiveIntegerField(_("份数"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("杂志订阅")
        verbose_name_plural = _("杂志订阅")
        ordering = ["-year", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="subscription_once_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1950, year__lte=2100),
                name="subscription_year_range",
            ),
        ]
        indexes = [models.Index(fields=["year", "path"], name="subscription_year_path")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
