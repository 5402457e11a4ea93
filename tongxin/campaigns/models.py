"""Campaigns (专项活动) with their leading group, documents, work plan tasks
and goals; inspection teams and their visits to base organizations; liaison
assignments of leaders and departments; the regulations registry.

Every record that access is decided on carries ``path``: a campaign's and
its tasks' the organizing organization's, a visit's and an assignment's the
base organization's, so that a branch head sees the visits to their branch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.models import StoredFile
from tongxin.core.tree import TreePathField
from tongxin.honors.models import Category, Level

# --- campaigns ---------------------------------------------------------------------


class Campaign(models.Model):
    """A campaign such as 创先争优: a period, documents, a leading group."""

    title = models.CharField(_("活动名称"), max_length=200)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主办组织"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    path = TreePathField()
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    description = models.TextField(_("简介"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("专项活动")
        verbose_name_plural = _("专项活动")
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["path", "start_on"], name="campaign_path")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")),
                name="campaign_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])


class CampaignDocument(StoredFile):
    class Kind(models.TextChoices):
        WORK_PLAN = "work_plan", _("工作方案")
        NOTICE = "notice", _("启动通知")
        SUMMARY = "summary", _("总结")
        OTHER = "other", _("其他")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动文件")
        verbose_name_plural = _("活动文件")
        ordering = ["campaign", "id"]


class GroupMember(models.Model):
    """A member of a campaign's leading group."""

    class Role(models.TextChoices):
        LEADER = "leader", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="group"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="campaign_groups",
    )
    role = models.CharField(_("职务"), max_length=8, choices=Role.choices)
    #: The post the member was chosen for, when filled from posts.
    post = models.ForeignKey(
        "orgs.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                name="group_member_once",
                violation_error_message=_("该会员已在领导小组中。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.member}"


# --- work plan ---------------------------------------------------------------------


class Task(models.Model):
    """A task of a campaign's work plan: a month, a department, an owner."""

    class Status(models.TextChoices):
        TODO = "todo", _("未开始")
        DOING = "doing", _("进行中")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    #: The workflow (rows of :mod:`tongxin.workflows`, seeded from
    #: :mod:`tongxin.campaigns.workflow_data`): which status may follow which,
    #: and who may move it. Each change is a dated ``workflows.Step``.
    WORKFLOW = "campaign_task"
    OPEN = (Status.TODO, Status.DOING)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="tasks"
    )
    path = TreePathField()
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    #: The first day of the month the task belongs to in the plan.
    month = models.DateField(_("月份"))
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("负责部室"),
        on_delete=models.PROTECT,
        related_name="campaign_tasks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_tasks",
    )
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.TODO
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["month", "due_on", "id"]
        indexes = [
            models.Index(fields=["campaign", "month"], name="task_campaign_month"),
            models.Index(fields=["status", "due_on"], name="task_status_due"),
            models.Index(fields=["path", "due_on"], name="task_path_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    # The workflow engine reads and sets a record's ``state``.
    @property
    def state(self) -> str:
        return self.status

    @state.setter
    def state(self, value: str) -> None:
        self.status = value


class TaskEvidence(models.Model):
    """Proof a task was carried out: an event, a campaign document, a file, a link."""

    class Kind(models.TextChoices):
        EVENT = "event", _("活动")
        DOCUMENT = "document", _("活动文件")
        FILE = "file", _("上传文件")
        LINK = "link", _("链接或文字")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("说明"), max_length=200)
    event = models.ForeignKey(
        "activities.Event",
        verbose_name=_("活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        CampaignDocument,
        verbose_name=_("活动文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    url = models.CharField(_("链接"), max_length=500, blank=True)
    stored_name = models.CharField(max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务佐证")
        verbose_name_plural = _("任务佐证")
        ordering = ["task", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="event") & Q(event__isnull=False))
                | (Q(kind="document") & Q(document__isnull=False))
                | (Q(kind="file") & ~Q(stored_name=""))
                | Q(kind="link"),
                name="evidence_has_its_kind",
                violation_error_message=_("佐证内容与类型不符。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- goals ---------------------------------------------------------------------------


class Goal(models.Model):
    """A goal of a campaign, counted against honors recorded in its period."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("先进集体（组织）")
        INDIVIDUAL = "individual", _("先进个人")

    class Strength(models.TextChoices):
        ENSURE = "ensure", _("确保")
        STRIVE = "strive", _("争取")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("对象"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("至少级别"), max_length=12, choices=Level.choices)
    category = models.CharField(
        _("类别"), max_length=20, choices=Category.choices, blank=True
    )
    count = models.IntegerField(_("数量"))
    strength = models.CharField(
        _("要求"), max_length=8, choices=Strength.choices, default=Strength.ENSURE
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["campaign", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=0),
                name="goal_count_not_negative",
                violation_error_message=_("目标数量不能为负数。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_strength_display()}{self.get_level_display()}{self.count}"


# --- inspections ---------------------------------------------------------------------


class InspectionTeam(models.Model):
    """A team of staff and leaders inspecting base organizations (督查组)."""

    name = models.CharField(_("督查组"), max_length=100)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("派出组织"),
        on_delete=models.PROTECT,
        related_name="inspection_teams",
    )
    path = TreePathField()
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("所属专项活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_teams",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组员"),
        related_name="inspection_teams",
        blank=True,
    )
    note = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("督查组")
        verbose_name_plural = _("督查组")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:team_detail", args=[self.pk])


class Visit(models.Model):
    """An inspection team's visit to a base organization on a date."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("好")
        GOOD = "good", _("较好")
        FAIR = "fair", _("一般")
        POOR = "poor", _("较差")

    team = models.ForeignKey(
        InspectionTeam,
        verbose_name=_("督查组"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("被督查组织"),
        on_delete=models.PROTECT,
        related_name="inspection_visits",
    )
    #: The visited organization's path.
    path = TreePathField()
    visited_on = models.DateField(_("督查日期"))
    people_met = models.TextField(_("座谈人员"), blank=True)
    host_party_org = models.CharField(
        _("所在单位党组织"),
        max_length=200,
        blank=True,
        help_text=_("座谈的所在单位党组织及负责人。"),
    )
    findings = models.TextField(_("发现的问题与情况"), blank=True)
    rating = models.CharField(_("评价"), max_length=10, choices=Rating.choices)
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
        verbose_name = _("督查走访")
        verbose_name_plural = _("督查走访")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["path", "visited_on"], name="visit_path_on"),
            models.Index(fields=["visited_on"], name="visit_on"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:visit_detail", args=[self.pk])


class FollowUp(models.Model):
    """An action a visit calls for, with an owner and a due date."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="followups")
    path = TreePathField()
    action = models.CharField(_("整改事项"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    due_on = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    #: Who recorded the completion and when (``done_on`` is the real day).
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_recorded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["visit", "due_on", "id"]

    def __str__(self) -> str:
        return self.action


# --- liaison -------------------------------------------------------------------------


class LiaisonAssignment(models.Model):
    """A leader or a department assigned to keep in touch with a base organization."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("领导班子成员联系")
        DEPARTMENT = "department", _("机关部室联系")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    leader = models.ForeignKey(
        "members.Member",
        verbose_name=_("领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
    )
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("部室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("联系的基层组织"),
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
    )
    path = TreePathField()
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("联系基层组织")
        verbose_name_plural = _("联系基层组织")
        ordering = ["kind", "start_on", "id"]
        indexes = [models.Index(fields=["path"], name="liaison_path")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="leader") & Q(leader__isnull=False))
                | (Q(kind="department") & Q(department__isnull=False)),
                name="liaison_has_its_party",
                violation_error_message=_("请选择联系的领导或部室。"),
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="liaison_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        who = self.leader if self.leader_id else self.department
        return f"{who} → {self.organization}"


# --- regulations ---------------------------------------------------------------------


class Regulation(models.Model):
    """A regulation (制度) of the committee, with its versions."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("现行有效")
        REVISED = "revised", _("已修订")
        REPEALED = "repealed", _("已废止")

    title = models.CharField(_("名称"), max_length=200)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    issuing_body = models.CharField(_("制定机关"), max_length=100)
    effective_on = models.DateField(_("施行日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="regulations",
    )
    path = TreePathField()
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "path"])

    class Meta:
        verbose_name = _("制度")
        verbose_name_plural = _("制度")
        ordering = ["status", "-effective_on", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:regulation_detail", args=[self.pk])


class RegulationVersion(StoredFile):
    """One version (text) of a regulation, with its file."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("版本"), max_length=50)
    effective_on = models.DateField(_("施行日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("制度版本")
        verbose_name_plural = _("制度版本")
        ordering = ["regulation", "-effective_on", "-id"]
