"""Broadcasts (群发) by SMS and e-mail, members' channel preferences, and
subscriptions to the magazine (杂志发行); articles (稿件) in columns (栏目),
their review workflow and where they were published, and the journal's
issues (会刊).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.fields import EncryptedTextField
from tongxin.core.tree import TreePathField


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信群")
    DINGTALK = "dingtalk", _("钉钉群")
    WECHAT = "wechat", _("微信")


class Broadcast(models.Model):
    """One message sent to many members, by SMS and/or e-mail."""

    class Status(models.TextChoices):
        SENDING = "sending", _("发送中")
        FINISHED = "finished", _("已完成")

    class Kind(models.TextChoices):
        #: Written by staff, to members (and the organization's robots).
        MESSAGE = "message", _("群发消息")
        #: An event's publication or cancellation, to the organizer's robots only.
        EVENT = "event", _("活动通知")

    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    send_sms = models.BooleanField(_("短信"), default=False)
    send_email = models.BooleanField(_("电子邮件"), default=False)
    kind = models.CharField(
        _("类别"), max_length=10, choices=Kind.choices, default=Kind.MESSAGE
    )
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
    path = TreePathField()
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
                condition=models.Q(send_sms=True)
                | models.Q(send_email=True)
                | models.Q(kind="event"),
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
    #: The member addressed, or none for a message to a group's robot.
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    robot = models.ForeignKey(
        "GroupRobot",
        verbose_name=_("群机器人"),
        on_delete=models.PROTECT,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
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
            ),
            models.UniqueConstraint(
                fields=["broadcast", "robot"], name="delivery_once_per_robot"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(member__isnull=False, robot__isnull=True)
                    | models.Q(member__isnull=True, robot__isnull=False)
                ),
                name="delivery_member_or_robot",
            ),
        ]
        indexes = [models.Index(fields=["broadcast", "status"], name="delivery_status")]

    def __str__(self) -> str:
        return f"{self.broadcast_id}/{self.member_id or self.robot_id}/{self.channel}"

    #: Reasons recorded as codes (skipped deliveries); others are sentences.
    REASON_NAMES = {
        "opted_out": _("本人退订"),
        "no_address": _("无联系方式"),
    }

    def get_reason_display(self) -> str:
        """The reason in words (a skipped delivery's code is named)."""
        return str(self.REASON_NAMES.get(self.reason, self.reason))


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
    #: Where personal notices (sign-up confirmations, reminders, feedback)
    #: go besides the in-app notice; "" for in-app only.
    notice_channel = models.CharField(
        _("个人通知渠道"),
        max_length=10,
        blank=True,
        default="",
        choices=[
            ("", _("仅站内通知")),
            (Channel.SMS, _("短信")),
            (Channel.EMAIL, _("电子邮件")),
            (Channel.WECHAT, _("微信")),
        ],
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("接收设置")
        verbose_name_plural = _("接收设置")

    def __str__(self) -> str:
        return str(self.member_id)


class GroupRobot(models.Model):
    """An organization's group robot (企业微信 or 钉钉 group) for its notices.

    The webhook URL carries the robot's key, so it is stored encrypted like
    the DingTalk signing secret; ``webhook_host`` is kept in clear for lists.
    """

    class Kind(models.TextChoices):
        WECOM = Channel.WECOM.value, _("企业微信群机器人")
        DINGTALK = Channel.DINGTALK.value, _("钉钉群机器人")

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="group_robots",
    )
    path = TreePathField()
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("群名称"), max_length=50)
    webhook_url = EncryptedTextField(_("Webhook 地址"))
    webhook_host = models.CharField(_("地址主机"), max_length=100, editable=False)
    secret = EncryptedTextField(_("加签密钥"), blank=True, default="")
    active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["path", "updated_at", "version"])

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        ordering = ["path", "id"]
        indexes = [models.Index(fields=["path", "active"], name="group_robot_path")]

    def __str__(self) -> str:
        return self.name


class WeChatBinding(models.Model):
    """A member's WeChat (the official account's OpenID), bound by a one-time link.

    ``nonce`` is set while a binding link is outstanding and cleared when it
    is used, so each link binds once.
    """

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.CASCADE,
        related_name="wechat_binding",
    )
    openid = EncryptedTextField(
        _("微信 OpenID"), blank=True, default="", hash_field="openid_hash"
    )
    openid_hash = models.CharField(max_length=64, blank=True, editable=False)
    nonce = models.CharField(max_length=32, blank=True, editable=False)
    bound_at = models.DateTimeField(_("绑定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("微信绑定")
        verbose_name_plural = _("微信绑定")
        constraints = [
            models.UniqueConstraint(
                fields=["openid_hash"],
                condition=~models.Q(openid_hash=""),
                name="wechat_openid_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.member_id)

    @property
    def is_bound(self) -> bool:
        return bool(self.openid_hash)


class NoticeDelivery(models.Model):
    """A member's personal notice copied to their chosen channel.

    Every new in-app notification of a user linked to a member whose
    ``ChannelPreference.notice_channel`` is set gets one row (sign-up
    confirmations, the day-before reminder, workflow feedback…), sent by the
    background job through the same channel adapters as broadcasts, with
    the same statuses; failed rows are retried by ``tongxin retry-notices``.
    """

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Delivery.Status.choices,
        default=Delivery.Status.QUEUED,
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("个人通知发送记录")
        verbose_name_plural = _("个人通知发送记录")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "id"], name="notice_delivery_status")]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.channel}"


class Subscription(models.Model):
    """Copies of the association's magazine an organization takes in a year."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="magazine_subscriptions",
    )
    path = TreePathField()
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


# --- articles, columns, journal issues ---------------------------------------------


class Column(models.Model):
    """A column (栏目) articles appear in, e.g. 创先争优专栏 or 先进典型.

    A public column's published articles are shown without login at
    ``/public/columns/<slug>/``.
    """

    name = models.CharField(_("栏目名称"), max_length=50, unique=True)
    slug = models.SlugField(
        _("网址标识"),
        max_length=50,
        unique=True,
        help_text=_("用于公开网址，只用小写字母、数字和连字符，如 xianjin。"),
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_public = models.BooleanField(_("公开"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """An article (稿件): written by members, reviewed, published in outlets.

    Its ``state`` follows the workflow ``publicity.article`` (draft →
    submitted → reviewed → published, or returned with a comment).
    ``body`` is HTML, sanitised on every write (see ``publicity.richtext``).
    ``organization`` is where the article belongs (who sees it); the linked
    organizations, members and events are what it is about.
    """

    WORKFLOW = "publicity.article"

    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    column = models.ForeignKey(
        Column,
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    path = TreePathField()
    authors = models.ManyToManyField(
        "members.Member",
        verbose_name=_("作者"),
        through="ArticleAuthor",
        related_name="articles_written",
    )
    organizations = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("相关组织"),
        blank=True,
        related_name="articles_about",
    )
    members = models.ManyToManyField(
        "members.Member",
        verbose_name=_("相关会员"),
        blank=True,
        related_name="articles_about",
    )
    events = models.ManyToManyField(
        "activities.Event",
        verbose_name=_("相关活动"),
        blank=True,
        related_name="articles",
    )
    state = models.CharField(_("状态"), max_length=30, default="draft", db_index=True)
    #: The day it first appeared in an outlet (set when published).
    published_on = models.DateField(_("首次发表日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "path", "updated_at"])

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["path", "state"], name="article_path_state"),
            models.Index(fields=["state", "published_on"], name="article_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:article_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.state == "published"

    def author_members(self):
        return list(self.authors.all())

    def author_names(self) -> str:
        return "、".join(
            a.member.name
            for a in self.author_links.select_related("member").order_by("order", "id")
        )


class ArticleAuthor(models.Model):
    """An author of an article, in byline order."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="author_links"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("作者"),
        on_delete=models.PROTECT,
        related_name="article_links",
    )
    order = models.PositiveSmallIntegerField(_("署名顺序"), default=0)

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = _("作者")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "member"], name="article_author_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.member_id}"


class JournalIssue(models.Model):
    """An issue of the committee's journal (会刊), e.g. 2025年第1期."""

    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"))
    published_on = models.DateField(_("出版日期"))
    theme = models.CharField(_("本期主题"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会刊期号")
        verbose_name_plural = _("会刊期号")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="journal_issue_number_once"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1950, year__lte=2100),
                name="journal_issue_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="journal_issue_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)d年第%(number)d期") % {
            "year": self.year,
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("publicity:issue_detail", args=[self.pk])


class Publication(models.Model):
    """Where and when an article appeared: a journal issue, the website, elsewhere."""

    class Outlet(models.TextChoices):
        JOURNAL = "journal", _("会刊")
        WEBSITE = "website", _("网站")
        OTHER = "other", _("其他媒体")

    article = models.ForeignKey(
        Article,
        verbose_name=_("稿件"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    outlet = models.CharField(_("发表渠道"), max_length=10, choices=Outlet.choices)
    issue = models.ForeignKey(
        JournalIssue,
        verbose_name=_("会刊期号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
    )
    outlet_name = models.CharField(_("媒体名称"), max_length=100, blank=True)
    published_on = models.DateField(_("发表日期"))
    #: Place in the issue's table of contents (journal only).
    position = models.PositiveSmallIntegerField(_("目录顺序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发表记录")
        verbose_name_plural = _("发表记录")
        ordering = ["published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "article"], name="publication_once_per_issue"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(outlet="journal", issue__isnull=False)
                    | (~models.Q(outlet="journal") & models.Q(issue__isnull=True))
                ),
                name="publication_issue_iff_journal",
            ),
        ]
        indexes = [models.Index(fields=["issue", "position"], name="publication_toc")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.outlet_label}"

    @property
    def outlet_label(self) -> str:
        if self.outlet == self.Outlet.JOURNAL and self.issue_id:
            return _("会刊%s") % self.issue
        if self.outlet == self.Outlet.OTHER and self.outlet_name:
            return self.outlet_name
        return str(self.get_outlet_display())
