"""Rules of the duty points (履职积分) and of the organization scores (基层组织考核).

A rule is data: what it counts (:attr:`PointRule.measure`, one of the measures
in :mod:`tongxin.appraisal.measures`), how many points one unit is worth
(negative for a deduction), an optional cap, and whether it is in force.
The figures themselves are never stored: a member's points and an
organization's score are computed from the records for the period asked.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Scheme(models.TextChoices):
    MEMBER = "member", _("会员履职积分")
    ORGANIZATION = "org", _("基层组织考核")


class Measure(models.TextChoices):
    """What a rule counts; the unit is in brackets."""

    # A member's duties.
    EVENT_ATTENDED = "event_attended", _("参加活动（次）")
    SUGGESTION = "suggestion", _("提交建议（件）")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("提交政协提案（件，含联名）")
    PROPOSAL_FILED = "proposal_filed", _("提案被立案（件）")
    PROPOSAL_AWARDED = "proposal_awarded", _("获评优秀提案（项）")
    OPINION_SUBMITTED = "opinion_submitted", _("报送社情民意信息（篇）")
    OPINION_ADOPTED_CITY = "opinion_adopted_city", _("社情民意信息被市级采用（次）")
    OPINION_ADOPTED_PROVINCIAL = (
        "opinion_adopted_provincial",
        _("社情民意信息被省级采用（次）"),
    )
    OPINION_ADOPTED_NATIONAL = (
        "opinion_adopted_national",
        _("社情民意信息被全国采用（次）"),
    )
    RESEARCH_SUBMITTED = "research_submitted", _("参与申报调研课题（项）")
    RESEARCH_APPROVED = "research_approved", _("参与的调研课题获立项（项）")
    SERVICE_HOUR = "service_hour", _("志愿服务（小时）")
    TRAINING_COMPLETED = "training_completed", _("培训班结业（期）")
    ARTICLE_PUBLISHED = "article_published", _("发表稿件（篇）")
    HONOR_NATIONAL = "honor_national", _("获全国级表彰（项）")
    HONOR_PROVINCIAL = "honor_provincial", _("获省级表彰（项）")
    HONOR_CITY = "honor_city", _("获市级表彰（项）")
    HONOR_COMMITTEE = "honor_committee", _("获市委会级表彰（项）")
    # A base organization's work.
    ORG_EVENTS_HELD = "org_events_held", _("组织开展活动（次）")
    ORG_COVERAGE = "org_coverage", _("一人一案覆盖率（每个百分点）")
    ORG_ADOPTIONS = "org_adoptions", _("社情民意信息被采用（次）")
    ORG_HONOR_NATIONAL = "org_honor_national", _("组织及会员获全国级表彰（人次）")
    ORG_HONOR_PROVINCIAL = "org_honor_provincial", _("组织及会员获省级表彰（人次）")
    ORG_HONOR_CITY = "org_honor_city", _("组织及会员获市级表彰（人次）")
    ORG_HONOR_COMMITTEE = "org_honor_committee", _("组织及会员获市委会级表彰（人次）")
    ORG_FOLLOWUPS = "org_followups", _("督查发现的整改事项（项）")
    ORG_POOR_VISITS = "org_poor_visits", _("督查评价为“较差”（次）")


class PointRule(models.Model):
    """One rule: ``points`` for each unit of ``measure``, up to ``cap``."""

    scheme = models.CharField(_("适用于"), max_length=10, choices=Scheme.choices)
    code = models.SlugField(_("规则代码"), max_length=40, unique=True)
    name = models.CharField(_("规则名称"), max_length=60)
    measure = models.CharField(_("计分依据"), max_length=40, choices=Measure.choices)
    points = models.DecimalField(_("每单位分值"), max_digits=6, decimal_places=2)
    cap = models.DecimalField(
        _("分值上限"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "本规则在一个时段内最多计多少分（扣分规则为最多扣多少分）；留空为不设上限。"
        ),
    )
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["scheme", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0),
                name="point_rule_cap_positive",
                violation_error_message=_("分值上限应大于 0（或留空）。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_deduction(self) -> bool:
        return self.points < 0
