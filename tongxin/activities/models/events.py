"""Events, series, sign-ups, attendance and event attachments."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.models import StoredFile
from tongxin.core.tree import TreePathField


def new_checkin_nonce() -> str:
    """Return a fresh random part of an event's check-in QR token."""
    return secrets.token_hex(8)


class EventKind(models.TextChoices):
    VOLUNTEERING = "volunteering", _("志愿服务")
    LECTURE = "lecture", _("讲座（文化讲堂）")
    FORUM = "forum", _("论坛（教育论坛）")
    SEMINAR = "seminar", _("座谈会")
    STUDY = "study", _("中心组学习会")
    TRAINING = "training", _("培训")
    SPORTS = "sports", _("体育比赛")
    PERFORMANCE = "performance", _("文艺演出")
    SOLIDARITY = "solidarity", _("走访慰问")
    CONSULTATION = "consultation", _("咨询服务")
    TREE_PLANTING = "tree_planting", _("植树")
    WALKING = "walking", _("徒步")
    OTHER = "other", _("其他")


class Series(models.Model):
    """A recurring event held in editions (届): a festival, a yearly cup."""

    name = models.CharField(_("系列名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(
        _("活动类型"), max_length=20, choices=EventKind.choices, default="other"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主办组织"),
        on_delete=models.PROTECT,
        related_name="event_series",
    )
    path = TreePathField()
    description = models.TextField(_("简介"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("活动系列")
        verbose_name_plural = _("活动系列")
        ordering = ["name"]
        indexes = [models.Index(fields=["path"], name="series_path")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:series_detail", args=[self.pk])


class Event(models.Model):
    """An event: who organizes it, when and where, how many may come."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("正常")
        CANCELLED = "cancelled", _("已取消")

    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("活动类型"), max_length=20, choices=EventKind.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主办组织"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    #: Copy of the organizer's path: access and subtree filters use it.
    path = TreePathField()
    co_organizers = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("协办组织"),
        blank=True,
        related_name="co_organized_events",
    )
    departments = models.ManyToManyField(
        "orgs.Department",
        verbose_name=_("承办部室"),
        blank=True,
        related_name="events",
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("所属系列"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    edition = models.PositiveSmallIntegerField(_("届次"), null=True, blank=True)
    start_at = models.DateTimeField(_("开始时间"))
    end_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空为不限名额。")
    )
    allows_signup = models.BooleanField(_("开放报名"), default=True)
    signup_deadline = models.DateTimeField(
        _("报名截止时间"),
        null=True,
        blank=True,
        help_text=_("留空则报名到活动开始时截止。"),
    )
    description = models.TextField(_("活动说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    checkin_nonce = models.CharField(
        max_length=32, editable=False, default=new_checkin_nonce
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path", "checkin_nonce"])

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start_at", "-id"]
        indexes = [
            models.Index(fields=["path", "start_at"], name="event_path_start"),
            models.Index(fields=["start_at"], name="event_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gte=F("start_at")),
                name="event_end_after_start",
                violation_error_message=_("结束时间不能早于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(signup_deadline__isnull=True)
                | Q(signup_deadline__lte=F("end_at")),
                name="event_deadline_before_end",
                violation_error_message=_("报名截止时间不能晚于活动结束时间。"),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("名额应为正整数；不限名额请留空。"),
            ),
            models.CheckConstraint(
                condition=Q(edition__isnull=True)
                | (Q(series__isnull=False) & Q(edition__gte=1)),
                name="event_edition_in_series",
                violation_error_message=_("届次只用于系列活动，且应为正整数。"),
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                condition=Q(series__isnull=False, edition__isnull=False),
                name="event_unique_edition",
                violation_error_message=_("该系列已有这一届活动。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:event_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def signup_closes_at(self):
        """Return when sign-ups close: the deadline, or else the start."""
        return self.signup_deadline or self.start_at


class EventAttachment(StoredFile):
    """A document attached to an event (notice, programme, slides)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attachments"
    )
    path = TreePathField()
    title = models.CharField(_("附件名称"), max_length=200)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("活动附件")
        verbose_name_plural = _("活动附件")
        ordering = ["event", "id"]


class Signup(models.Model):
    """A member's sign-up for an event: confirmed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已报名")
        WAITING = "waiting", _("候补")
        CANCELLED = "cancelled", _("已取消")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="signups",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    #: When the member (re)joined the queue: the waiting list is served in this order.
    queued_at = models.DateTimeField(_("报名时间"))
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    #: The member's organization path when they signed up.
    org_path = TreePathField()
    #: The organizer's path, for subtree filters without a join.
    event_path = TreePathField()
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报名人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["org_path", "event_path"])

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["event", "queued_at", "id"]
        indexes = [
            models.Index(
                fields=["event", "status", "queued_at", "id"], name="signup_queue"
            ),
            models.Index(fields=["member", "status"], name="signup_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                name="signup_once",
                violation_error_message=_("该会员已报名此活动。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.event}"


class Attendance(models.Model):
    """A member attended an event.

    ``walk_in`` flags attendance without a confirmed sign-up.  ``attended_on``
    is the event's local start date: yearly counts group by it.
    """

    class Method(models.TextChoices):
        LIST = "list", _("按名单签到")
        QR = "qr", _("扫码签到")
        WALK_IN = "walk_in", _("现场登记")
        IMPORT = "import", _("补录")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    attended_on = models.DateField(_("活动日期"))
    method = models.CharField(_("签到方式"), max_length=10, choices=Method.choices)
    walk_in = models.BooleanField(_("未报名到场"), default=False)
    #: The member's organization path at the time.
    org_path = TreePathField()
    #: The organizer's path.
    event_path = TreePathField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("签到时间"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["org_path", "event_path"])

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        ordering = ["event", "id"]
        indexes = [
            # Subtree ranges (PostgreSQL's choice for a subtree) ...
            models.Index(fields=["org_path", "attended_on"], name="attend_path_on"),
            models.Index(fields=["event_path", "attended_on"], name="attend_evpath_on"),
            # ... and the date first: counts grouped by day read it in order,
            # with no sort (SQLite skip-scans it for a subtree, too).
            models.Index(fields=["attended_on", "org_path"], name="attend_on_path"),
            models.Index(fields=["attended_on", "event_path"], name="attend_on_evpath"),
            models.Index(fields=["member", "attended_on"], name="attend_member_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                name="attendance_once",
                violation_error_message=_("该会员已签到。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.event}"

    @property
    def method_line(self) -> str:
        """How the attendance was taken, in words: a QR check-in names who
        scanned and when (扫码签到（王老师，2026-05-01 09:12）)."""
        label = str(self.get_method_display())
        if self.method != self.Method.QR:
            return label
        when = timezone.localtime(self.recorded_at).strftime("%Y-%m-%d %H:%M")
        if self.recorded_by_id is None:
            return _("扫码签到（%(when)s）") % {"when": when}
        return _("扫码签到（%(who)s，%(when)s）") % {
            "who": str(self.recorded_by),
            "when": when,
        }
