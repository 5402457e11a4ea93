"""Activities and social service: events, series, sign-ups, attendance,
service programs with volunteers, beneficiaries and donations, funds, and the
photo archive (history wall).

Every record that access is decided on carries ``path``, a copy of the tree
path of the organization that owns it (an event's organizer, a program's
owner), so that subtree filters are range conditions on an indexed column.
Sign-ups and attendance rows also carry the member's ``org_path`` at the
time, so that "attendance by members of a subtree per year" is one range
scan.  Money is Decimal yuan and hours Decimal, both never negative; every
period ends on or after it starts: the database refuses anything else.
"""

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


# --- social service --------------------------------------------------------------


class Partner(models.Model):
    """A partner institution of social service: a school, a nursing home ..."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("学校")
        NURSING_HOME = "nursing_home", _("敬老院")
        WELFARE = "welfare", _("社会福利院")
        REHABILITATION = "rehabilitation", _("康复中心")
        HOSPITAL = "hospital", _("医院")
        COMMUNITY = "community", _("社区/街道")
        VILLAGE = "village", _("乡镇/村")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    note = models.TextField(_("备注"), blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("登记组织"),
        on_delete=models.PROTECT,
        related_name="service_partners",
    )
    path = TreePathField()

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("合作单位")
        verbose_name_plural = _("合作单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A social-service program of the "同心" brand, run over the years."""

    class Kind(models.TextChoices):
        TEACHING = "teaching", _("支教助学")
        MEDICAL = "medical", _("送医送药")
        GREENING = "greening", _("植树绿化")
        PERFORMANCE = "performance", _("文艺演出")
        CARE = "care", _("关爱慰问")
        CONSULTING = "consulting", _("咨询服务")
        OTHER = "other", _("其他")

    name = models.CharField(_("项目名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主办组织"),
        on_delete=models.PROTECT,
        related_name="service_programs",
    )
    path = TreePathField()
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("合作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    description = models.TextField(_("项目简介"), blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("社会服务项目")
        verbose_name_plural = _("社会服务项目")
        ordering = ["name"]
        indexes = [models.Index(fields=["path"], name="program_path")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="program_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:program_detail", args=[self.pk])


class ProgramBase(models.Model):
    """A base of a program (支教基地), with the date its plaque was unveiled."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="bases")
    name = models.CharField(_("基地名称"), max_length=100)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bases",
    )
    plaque_on = models.DateField(_("挂牌日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    path = TreePathField()

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("服务基地")
        verbose_name_plural = _("服务基地")
        ordering = ["program", "plaque_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="program_base_unique",
                violation_error_message=_("该项目已有同名基地。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceActivity(models.Model):
    """One outing of a program: who served, for how long, for whom, what was given."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("所属项目"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    path = TreePathField()
    event = models.ForeignKey(
        Event,
        verbose_name=_("对应活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_activities",
    )
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    results = models.TextField(
        _("服务内容"), blank=True, help_text=_("做了什么，如 义诊、建立健康档案。")
    )
    other_volunteers = models.PositiveIntegerField(
        _("其他志愿者人数"), default=0, help_text=_("未登记姓名的非会员志愿者。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("服务活动")
        verbose_name_plural = _("服务活动")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["program", "held_on"], name="service_program_on"),
            models.Index(fields=["path", "held_on"], name="service_path_on"),
        ]

    def __str__(self) -> str:
        return self.title


class VolunteerRecord(models.Model):
    """A member volunteered at a service activity for some hours."""

    activity = models.ForeignKey(
        ServiceActivity, on_delete=models.CASCADE, related_name="volunteers"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("志愿者"),
        on_delete=models.PROTECT,
        related_name="volunteer_records",
    )
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=6, decimal_places=1)
    org_path = TreePathField()

    history = HistoricalRecords(excluded_fields=["org_path"])

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                name="volunteer_once",
                violation_error_message=_("该会员已登记为本次活动的志愿者。"),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="volunteer_hours_not_negative",
                violation_error_message=_("服务时长不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.hours}h"


class Beneficiary(models.Model):
    """How many people of one kind a service activity served."""

    class Kind(models.TextChoices):
        STUDENTS = "students", _("学生")
        ELDERLY = "elderly", _("老人")
        CHILDREN = "children", _("儿童")
        PATIENTS = "patients", _("患者")
        TEACHERS = "teachers", _("教师")
        RESIDENTS = "residents", _("居民")
        DISABLED = "disabled", _("残障人士")
        OTHER = "other", _("其他")

    activity = models.ForeignKey(
        ServiceActivity, on_delete=models.CASCADE, related_name="beneficiaries"
    )
    kind = models.CharField(_("受益对象"), max_length=12, choices=Kind.choices)
    count = models.PositiveIntegerField(_("人数"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("受益对象")
        verbose_name_plural = _("受益对象")
        ordering = ["activity", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "kind"],
                name="beneficiary_once_per_kind",
                violation_error_message=_("同一类受益对象只登记一次。"),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0),
                name="beneficiary_count_not_negative",
                violation_error_message=_("受益人数不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.count}"


class ServiceResult(models.Model):
    """A countable outcome of a service activity: 建立健康档案 45 份."""

    activity = models.ForeignKey(
        ServiceActivity, on_delete=models.CASCADE, related_name="outcomes"
    )
    item = models.CharField(_("成果"), max_length=100)
    quantity = models.PositiveIntegerField(_("数量"))
    unit = models.CharField(_("单位"), max_length=10, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务成果")
        verbose_name_plural = _("服务成果")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity}{self.unit}"


def _one_party_q(prefix: str) -> Q:
    """At least one of an organization, a member or a named outside party."""
    return (
        Q(**{f"{prefix}_org__isnull": False})
        | Q(**{f"{prefix}_member__isnull": False})
        | ~Q(**{f"{prefix}_name": ""})
    )


class Donation(models.Model):
    """Money or goods given at a service activity, valued in yuan."""

    class Kind(models.TextChoices):
        MONEY = "money", _("资金")
        GOODS = "goods", _("物资")

    activity = models.ForeignKey(
        ServiceActivity,
        verbose_name=_("服务活动"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    path = TreePathField()
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    description = models.CharField(
        _("捐赠内容"), max_length=200, blank=True, help_text=_("如 电脑 10 台。")
    )
    value = models.DecimalField(_("价值（元）"), max_digits=12, decimal_places=2)
    donor_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("捐赠组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    donor_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("捐赠会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    donor_name = models.CharField(
        _("其他捐赠方"), max_length=100, blank=True, help_text=_("非会员的单位或个人。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["activity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="donation_value_not_negative",
                violation_error_message=_("捐赠价值不能为负数。"),
            ),
            models.CheckConstraint(
                condition=_one_party_q("donor"),
                name="donation_has_donor",
                violation_error_message=_(
                    "请填写捐赠方（组织、会员或其他单位/个人）。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value} 元"

    @property
    def donor_display(self) -> str:
        if self.donor_member_id:
            return self.donor_member.name
        if self.donor_org_id:
            return self.donor_org.name
        return self.donor_name


class Fund(models.Model):
    """A fund (such as an award fund for young talent): money in, grants out."""

    name = models.CharField(_("基金名称"), max_length=100, unique=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("管理组织"),
        on_delete=models.PROTECT,
        related_name="funds",
    )
    path = TreePathField()
    description = models.TextField(_("简介"), blank=True)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("基金")
        verbose_name_plural = _("基金")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:fund_detail", args=[self.pk])


class FundEntry(models.Model):
    """Money into a fund from a donor, or a grant out of it to a recipient."""

    class Direction(models.TextChoices):
        IN = "in", _("收入")
        OUT = "out", _("支出")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    path = TreePathField()
    direction = models.CharField(_("收支"), max_length=3, choices=Direction.choices)
    on = models.DateField(_("日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    party_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    party_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    party_name = models.CharField(
        _("捐赠方/受助人"),
        max_length=100,
        blank=True,
        help_text=_("非会员的姓名或单位。"),
    )
    purpose = models.CharField(_("用途/说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("基金收支")
        verbose_name_plural = _("基金收支")
        ordering = ["fund", "on", "id"]
        indexes = [models.Index(fields=["fund", "on"], name="fund_entry_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fund_entry_amount_positive",
                violation_error_message=_("金额应大于 0。"),
            ),
            models.CheckConstraint(
                condition=_one_party_q("party"),
                name="fund_entry_has_party",
                violation_error_message=_("请填写捐赠方或受助人。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.amount} 元"

    @property
    def party_display(self) -> str:
        if self.party_member_id:
            return self.party_member.name
        if self.party_org_id:
            return self.party_org.name
        return self.party_name


class Photo(models.Model):
    """A photo of the archive (history wall); its date may be only a year."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="photos",
    )
    path = TreePathField()
    caption = models.CharField(_("说明"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年份"))
    taken_on = models.DateField(_("拍摄日期"), null=True, blank=True)
    event = models.ForeignKey(
        Event,
        verbose_name=_("相关活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    people = models.ManyToManyField(
        "members.Member",
        verbose_name=_("照片中的会员"),
        blank=True,
        related_name="photos",
    )
    people_text = models.CharField(_("照片中的其他人物"), max_length=300, blank=True)
    organizations = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("涉及组织"),
        blank=True,
        related_name="photos_shown",
    )
    stored_name = models.CharField(max_length=200, editable=False, unique=True)
    thumb_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(_("原文件名"), max_length=200, editable=False)
    content_type = models.CharField(max_length=50, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["-year", "-taken_on", "-id"]
        indexes = [
            models.Index(fields=["path", "year"], name="photo_path_year"),
            models.Index(fields=["year"], name="photo_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2100),
                name="photo_year_range",
                violation_error_message=_("年份应在 1900 到 2100 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.caption

    def get_absolute_url(self) -> str:
        return reverse("activities:photo_detail", args=[self.pk])

    @property
    def decade(self) -> int:
        return self.year // 10 * 10
