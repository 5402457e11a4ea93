"""The organization tree, the office's departments and leadership posts."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organization(models.Model):
    """A node of the tree: the committee, a grassroots committee, a branch ..."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("委员会")
        GRASSROOTS = "grassroots", _("基层委员会")
        GENERAL_BRANCH = "general_branch", _("总支部")
        BRANCH = "branch", _("支部")
        DIRECT_BRANCH = "direct_branch", _("直属支部")
        GROUP = "group", _("小组")

    code = models.CharField(_("组织代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("树路径"), max_length=100, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(closed_on__gte=models.F("founded_on")),
                name="org_closed_after_founded",
                violation_error_message=_("撤销日期不能早于成立日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def existed_on(self, day) -> bool:
        """Whether the organization existed on ``day``: founded by then and
        not yet closed (the closing day is its first day closed)."""
        if self.founded_on is not None and day < self.founded_on:
            return False
        return self.closed_on is None or day < self.closed_on

    @property
    def is_base(self) -> bool:
        """Return True for base organizations (everything but the committee)."""
        return self.kind != self.Kind.COMMITTEE


class Department(models.Model):
    """A department of the committee's office (办公室, 组织部 ...)."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("办公室")
        ORGANIZATION = "organization", _("组织部")
        PUBLICITY = "publicity", _("宣传部")
        PARTICIPATION = "participation", _("参政议政部")
        SOCIAL_SERVICE = "social_service", _("社会服务部")
        OTHER = "other", _("其他部室")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    founded_on = models.DateField(_("设立日期"), null=True, blank=True)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部室")
        verbose_name_plural = _("部室")
        ordering = ["organization", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="department_unique_name",
                violation_error_message=_("同一组织下已有同名部室。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A leadership post held by a member in an organization for a term."""

    class Title(models.TextChoices):
        CHAIR = "chair", _("主委")
        VICE_CHAIR = "vice_chair", _("副主委")
        SECRETARY_GENERAL = "secretary_general", _("秘书长")
        DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", _("副秘书长")
        STANDING = "standing", _("常委")
        COMMITTEE_MEMBER = "committee_member", _("委员")
        HEAD = "head", _("负责人")
        DEPUTY_HEAD = "deputy_head", _("副负责人")
        ADVISER = "adviser", _("顾问")

    #: Titles that make their holder the head of a base organization.
    HEAD_TITLES = (Title.CHAIR, Title.HEAD)
    #: Order in which leadership teams are listed.
    RANK = {t: i for i, t in enumerate(Title.values)}

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    title = models.CharField(_("职务"), max_length=30, choices=Title.choices)
    start_on = models.DateField(_("任职日期"))
    end_on = models.DateField(_("离任日期"), null=True, blank=True)
    term = models.CharField(_("届次"), max_length=30, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["organization", "end_on", "start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="post_end_after_start",
                violation_error_message=_("离任日期不能早于任职日期。"),
            ),
        ]
        indexes = [models.Index(fields=["organization", "end_on"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_title_display()} {self.member}"

    @property
    def is_current(self) -> bool:
        return self.end_on is None
