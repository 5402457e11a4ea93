"""Political participation (参政议政): suggestions and drives, proposals to the
political consultative conference, opinion reports and research topics.

The four kinds of *items* share one shape (:class:`Item`): a title and text,
the organization they belong to with a copy of its tree path (subtree
filters are range conditions), a date, the code of their state in their
workflow (``tongxin.workflows``; ``draft`` is the draft state of every
kind), a confidential (涉密) flag and the user who entered them.  Who wrote
an item is kind-specific (:attr:`Item.OWNER_LOOKUPS`).
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

DRAFT = "draft"


class Level(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("全国")


class Item(models.Model):
    """What every participation item has."""

    #: Workflow code (``tongxin.workflows``) and URL segment of each kind.
    WORKFLOW = ""
    KIND = ""
    #: Lookups from the item to the members who wrote it.
    OWNER_LOOKUPS: tuple[str, ...] = ()

    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = TreePathField()
    date = models.DateField(_("日期"))
    state = models.CharField(_("状态"), max_length=30, default=DRAFT)
    confidential = models.BooleanField(_("涉密"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:detail", args=[self.KIND, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == DRAFT

    def author_names(self) -> list[str]:
        return [m.name for m in self.author_members()]

    def author_members(self) -> list:
        raise NotImplementedError


class Drive(models.Model):
    """A drive for suggestions with a theme and a period (我为软环境建设献一策)."""

    theme = models.CharField(_("主题"), max_length=100)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("发起组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = TreePathField()
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("征集活动")
        verbose_name_plural = _("征集活动")
        ordering = ["-start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")), name="drive_period"
            )
        ]

    def __str__(self) -> str:
        return self.theme


class Session(models.Model):
    """A session of a political consultative conference (市政协十三届二次会议)."""

    name = models.CharField(_("会议名称"), max_length=100, unique=True)
    body = models.CharField(_("政协"), max_length=50)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    held_on = models.DateField(_("会议日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政协会议")
        verbose_name_plural = _("政协会议")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Suggestion(Item):
    """A member's suggestion (一人一案), perhaps answering a drive."""

    WORKFLOW = "participation.suggestion"
    KIND = "suggestions"
    OWNER_LOOKUPS = ("author",)

    author = models.ForeignKey(
        "members.Member",
        verbose_name=_("建议人"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    drive = models.ForeignKey(
        Drive,
        verbose_name=_("征集活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("转成的提案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )

    history = HistoricalRecords(excluded_fields=["version", "path", "updated_at"])

    class Meta:
        verbose_name = _("建议（一人一案）")
        verbose_name_plural = _("建议（一人一案）")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["path", "date"], name="suggestion_path_date"),
            models.Index(fields=["date", "id"], name="suggestion_date_id"),
        ]

    def author_members(self) -> list:
        return [self.author]


class Proposal(Item):
    """A proposal to the political consultative conference (政协提案)."""

    WORKFLOW = "participation.proposal"
    KIND = "proposals"
    OWNER_LOOKUPS = ("member", "cosigners")

    class Kind(models.TextChoices):
        GROUP = "group", _("团体提案")
        MEMBER = "member", _("委员提案")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    kind = models.CharField(_("提案类别"), max_length=10, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("提案委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    cosigners = models.ManyToManyField(
        "members.Member",
        verbose_name=_("联名人"),
        blank=True,
        related_name="cosigned_proposals",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    number = models.CharField(_("案号"), max_length=30, blank=True)
    not_filed_reason = models.TextField(_("不予立案理由"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入提案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    reply_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_unit = models.CharField(_("答复单位"), max_length=100, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    satisfaction = models.CharField(
        _("对答复的满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )

    history = HistoricalRecords(excluded_fields=["version", "path", "updated_at"])

    class Meta:
        verbose_name = _("政协提案")
        verbose_name_plural = _("政协提案")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["path", "date"], name="proposal_path_date"),
            models.Index(fields=["date", "id"], name="proposal_date_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="group", member__isnull=True)
                | Q(kind="member", member__isnull=False),
                name="proposal_kind_member",
            )
        ]

    def author_members(self) -> list:
        lead = [self.member] if self.member_id else []
        return lead + [m for m in self.cosigners.all() if m.pk != self.member_id]

    def author_names(self) -> list[str]:
        if self.kind == self.Kind.GROUP:
            return [self.organization.name] + [m.name for m in self.cosigners.all()]
        return super().author_names()


class ProposalUnit(models.Model):
    """A unit handling a filed proposal: the lead (主办) or an assisting (协办) one."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        ASSIST = "assist", _("协办")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("承办单位"), max_length=100)
    role = models.CharField(_("承办方式"), max_length=10, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案承办单位")
        verbose_name_plural = _("提案承办单位")
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "name"], name="unit_once"),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(role="lead"), name="one_lead_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.name}"


class ProposalAward(models.Model):
    """An award for a proposal (优秀提案)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="awards"
    )
    name = models.CharField(_("奖项"), max_length=100)
    body = models.CharField(_("颁发单位"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案奖项")
        verbose_name_plural = _("提案奖项")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class OpinionReport(Item):
    """Social-opinion information (社情民意信息) written by members."""

    WORKFLOW = "participation.opinion"
    KIND = "opinions"
    OWNER_LOOKUPS = ("authors",)
    WORKFLOW_FIELD_LABELS = {"targets": _("报送单位"), "adoptions": _("采用记录")}

    authors = models.ManyToManyField(
        "members.Member", verbose_name=_("作者"), related_name="opinion_reports"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("签批时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version", "path", "updated_at"])

    class Meta:
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["path", "date"], name="opinion_path_date"),
            models.Index(fields=["date", "id"], name="opinion_date_id"),
        ]

    def author_members(self) -> list:
        return list(self.authors.all())


class Body(models.Model):
    """A body items are reported to or adopted by (报送单位、采用单位).

    One body goes by several names (中共大连市委统战部, 市委统战部); what is
    written is kept under its ``name`` (:func:`tongxin.participation.bodies.canonical`)
    so that statistics count each body once.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True)

    class Meta:
        verbose_name = _("报送与采用单位")
        verbose_name_plural = _("报送与采用单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportTarget(models.Model):
    """A body an opinion report was reported to (报送)."""

    report = models.ForeignKey(
        OpinionReport, on_delete=models.CASCADE, related_name="targets"
    )
    body = models.CharField(_("报送单位"), max_length=100)
    reported_on = models.DateField(_("报送日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        ordering = ["report", "reported_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "body"], name="target_once")
        ]

    def __str__(self) -> str:
        return self.body


class Adoption(models.Model):
    """An adoption (采用) of an opinion report by a body at a level."""

    report = models.ForeignKey(
        OpinionReport, on_delete=models.CASCADE, related_name="adoptions"
    )
    level = models.CharField(_("采用级别"), max_length=12, choices=Level.choices)
    body = models.CharField(_("采用单位"), max_length=100)
    adopted_on = models.DateField(_("采用日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    path = TreePathField()

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        ordering = ["report", "adopted_on", "id"]
        indexes = [models.Index(fields=["path", "adopted_on"], name="adoption_path")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.body}"


class Instruction(models.Model):
    """A leader's written instruction (批示) on an opinion report."""

    report = models.ForeignKey(
        OpinionReport, on_delete=models.CASCADE, related_name="instructions"
    )
    leader = models.CharField(_("批示领导"), max_length=100)
    content = models.TextField(_("批示内容"))
    given_on = models.DateField(_("批示日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["report", "given_on", "id"]

    def __str__(self) -> str:
        return self.leader


class ResearchTopic(Item):
    """A research topic (调研课题) submitted to a body for approval (立项)."""

    WORKFLOW = "participation.research"
    KIND = "research"
    OWNER_LOOKUPS = ("members",)
    WORKFLOW_FIELD_LABELS = {"final_report": _("结题报告")}

    members = models.ManyToManyField(
        "members.Member",
        verbose_name=_("课题组成员"),
        blank=True,
        related_name="research_topics",
    )
    target_body = models.CharField(_("报送单位"), max_length=100)
    approved_on = models.DateField(_("立项日期"), null=True, blank=True)
    funding = models.DecimalField(
        _("经费（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    outcome = models.TextField(_("成果"), blank=True)

    history = HistoricalRecords(excluded_fields=["version", "path", "updated_at"])

    class Meta:
        verbose_name = _("调研课题")
        verbose_name_plural = _("调研课题")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["path", "date"], name="research_path_date"),
            models.Index(fields=["date", "id"], name="research_date_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(funding__isnull=True) | Q(funding__gte=0),
                name="research_funding_positive",
            )
        ]

    def author_members(self) -> list:
        return list(self.members.all())

    @property
    def final_report(self):
        """Return the attached final report (结题报告), if any."""
        return Attachment.objects.filter(
            kind=self.KIND, item_id=self.pk, is_final_report=True
        ).first()


class Attachment(StoredFile):
    """A document attached to an item; the final report of a research topic."""

    kind = models.CharField(max_length=20, editable=False)
    item_id = models.PositiveBigIntegerField(editable=False)
    path = TreePathField()
    title = models.CharField(_("附件名称"), max_length=200)
    is_final_report = models.BooleanField(_("结题报告"), default=False)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["kind", "item_id", "id"]
        indexes = [models.Index(fields=["kind", "item_id"], name="attachment_item")]


class Clearance(models.Model):
    """A user's permission to see confidential (涉密) items, for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="participation_clearances",
    )
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("涉密查阅授权")
        verbose_name_plural = _("涉密查阅授权")
        ordering = ["user", "-start_on"]

    def __str__(self) -> str:
        return str(self.user)


#: The item models by URL segment.
KINDS: dict[str, type[Item]] = {
    m.KIND: m for m in (Suggestion, Proposal, OpinionReport, ResearchTopic)
}
