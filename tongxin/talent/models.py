"""The talent pool (代表人物队伍) and the reserve roster (领导班子后备干部名册).

Every record names a member and copies the member's tree path into ``path``
when written, so access follows the organization tree by a range filter.
Placements in tiers are dated: a move ends one placement and opens the next,
so "people per tier on a date" is a query.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.tree import TreePathField


class Tier(models.TextChoices):
    """The four tiers, highest first (the order a move *up* follows)."""

    LEADING = "leading", _("领军")
    KEY = "key", _("重点")
    BACKBONE = "backbone", _("骨干")
    RESERVE = "reserve", _("后备")


#: Tiers from the highest to the lowest.
TIER_ORDER = [Tier.LEADING, Tier.KEY, Tier.BACKBONE, Tier.RESERVE]


class PersonRecord(models.Model):
    """Fields every talent record shares: the member and their tree path."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT
    )
    path = TreePathField()
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Placement(PersonRecord):
    """A dated period of a member in one tier of the pool."""

    tier = models.CharField(_("类别"), max_length=10, choices=Tier.choices)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    reason = models.CharField(_("调整原因"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("入库类别")
        verbose_name_plural = _("入库类别")
        ordering = ["member", "start_on", "id"]
        indexes = [models.Index(fields=["path", "start_on"], name="placement_path")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="placement_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end_on__isnull=True),
                name="placement_one_open",
                violation_error_message=_("此人已有一个未结束的入库类别。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_tier_display()} {self.start_on}–{self.end_on or ''}"


class Step(PersonRecord):
    """A dated step of the lifecycle: found, assessed, trained, recommended, used."""

    class Kind(models.TextChoices):
        FOUND = "found", _("发现")
        ASSESSED = "assessed", _("考察")
        TRAINED = "trained", _("培养")
        RECOMMENDED = "recommended", _("推荐")
        APPOINTED = "appointed", _("使用")

    kind = models.CharField(_("环节"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培养环节")
        verbose_name_plural = _("培养环节")
        ordering = ["member", "on", "id"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.on}"


class Training(PersonRecord):
    """A course attended or a secondment (挂职) served."""

    class Kind(models.TextChoices):
        COURSE = "course", _("培训班")
        SECONDMENT = "secondment", _("挂职锻炼")
        PRACTICE = "practice", _("实践锻炼")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    host = models.CharField(_("举办单位/挂职单位"), max_length=200, blank=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培养记录")
        verbose_name_plural = _("培养记录")
        ordering = ["member", "start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="training_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Recommendation(PersonRecord):
    """A recommendation for a public office or a post, and its outcome."""

    class Target(models.TextChoices):
        NPC = "npc", _("人大代表")
        CPPCC = "cppcc", _("政协委员")
        GOVERNMENT = "government", _("政府职务")
        PARTY = "party", _("党派职务")
        OTHER = "other", _("其他")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待定")
        APPOINTED = "appointed", _("已任用")
        NOT_APPOINTED = "not_appointed", _("未任用")

    target = models.CharField(_("推荐方向"), max_length=12, choices=Target.choices)
    position = models.CharField(_("推荐职务"), max_length=200)
    recommended_on = models.DateField(_("推荐日期"))
    outcome = models.CharField(
        _("结果"), max_length=14, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("推荐使用")
        verbose_name_plural = _("推荐使用")
        ordering = ["member", "recommended_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} → {self.position}"


class Review(PersonRecord):
    """The yearly review (动态管理) of one person: keep, up, down or remove."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("保留")
        UP = "up", _("升档")
        DOWN = "down", _("降档")
        REMOVE = "remove", _("退出")

    year = models.PositiveSmallIntegerField(_("年度"))
    decision = models.CharField(_("结论"), max_length=8, choices=Decision.choices)
    reason = models.CharField(_("理由"), max_length=300)
    reviewed_on = models.DateField(_("评议日期"))
    from_tier = models.CharField(max_length=10, choices=Tier.choices, blank=True)
    to_tier = models.CharField(max_length=10, choices=Tier.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度评议")
        verbose_name_plural = _("年度评议")
        ordering = ["member", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="review_once_a_year",
                violation_error_message=_("此人本年度已评议。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year} {self.get_decision_display()}"


class ReserveEntry(PersonRecord):
    """A member on the reserve roster for a leadership team: which team, which post."""

    class Readiness(models.TextChoices):
        NOW = "now", _("近期可任")
        SOON = "soon", _("一至两年可任")
        LATER = "later", _("三年以上")

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("后备领导班子"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    post = models.CharField(_("后备职务"), max_length=100)
    readiness = models.CharField(_("成熟度"), max_length=8, choices=Readiness.choices)
    start_on = models.DateField(_("列入日期"))
    end_on = models.DateField(_("移出日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("最近审核日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("后备干部")
        verbose_name_plural = _("后备干部")
        ordering = ["organization", "post", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="reserve_end_after_start",
                violation_error_message=_("移出日期不能早于列入日期。"),
            ),
            models.UniqueConstraint(
                fields=["member", "organization", "post"],
                condition=Q(end_on__isnull=True),
                name="reserve_one_open",
                violation_error_message=_("此人已列入该班子的同一后备职务。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.organization} {self.post}"
