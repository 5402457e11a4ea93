"""Social service: partners, programs and bases, service activities, volunteers,
beneficiaries, results, donations, funds and fund entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.activities.models.events import Event
from tongxin.core.tree import TreePathField

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
