"""The honors registry: who was honored, with what, by whom, at which level.

One :class:`Honor` is one award as the awarding document states it ("56
members, advanced individuals in publicity work"); its recipients are rows of
:class:`HonorRecipient`, each a member or an organization, so the document is
entered once however many people it names.  Every honor carries ``path``, the
tree path of the organization that registered it; every recipient row carries
``org_path``, the recipient's place in the tree when honored, so counts by
organization are range scans.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.models import StoredFile
from tongxin.core.tree import TreePathField


class Level(models.TextChoices):
    NATIONAL = "national", _("全国级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COMMITTEE = "committee", _("市委会级")


#: Higher is more prestigious: a goal "at least provincial" counts national too.
LEVEL_RANK = {
    Level.COMMITTEE: 1,
    Level.CITY: 2,
    Level.PROVINCIAL: 3,
    Level.NATIONAL: 4,
}


def levels_at_least(level: str) -> list[str]:
    """Return the levels ranked at or above ``level``."""
    rank = LEVEL_RANK[Level(level)]
    return [str(lv) for lv, r in LEVEL_RANK.items() if r >= rank]


class Category(models.TextChoices):
    PUBLICITY = "publicity", _("宣传")
    PARTICIPATION = "participation", _("参政议政")
    OPINION = "opinion", _("社情民意")
    SOCIAL_SERVICE = "social_service", _("社会服务")
    ORGANIZATION = "organization", _("组织建设")
    OVERALL = "overall", _("综合")
    OTHER = "other", _("其他")


class Honor(models.Model):
    """An award as its document states it; recipients are separate rows."""

    title = models.CharField(_("荣誉称号"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    awarding_body = models.CharField(_("授予单位"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    awarded_on = models.DateField(_("授予日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("登记组织"),
        on_delete=models.PROTECT,
        related_name="registered_honors",
    )
    path = TreePathField()
    note = models.TextField(_("备注"), blank=True)
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
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "-awarded_on", "-id"]
        indexes = [
            models.Index(fields=["path", "year"], name="honor_path_year"),
            models.Index(fields=["year", "level"], name="honor_year_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2100),
                name="honor_year_range",
                violation_error_message=_("年度应在 1900 到 2100 之间。"),
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values),
                name="honor_level_valid",
                violation_error_message=_("请选择荣誉级别。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("honors:detail", args=[self.pk])


class HonorRecipient(models.Model):
    """One recipient of an honor: a member or an organization."""

    honor = models.ForeignKey(
        Honor, on_delete=models.CASCADE, related_name="recipients"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors_received",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors_received",
    )
    #: The recipient's tree path when honored (a member's organization).
    org_path = TreePathField()

    history = HistoricalRecords(excluded_fields=["org_path"])

    class Meta:
        verbose_name = _("获奖者")
        verbose_name_plural = _("获奖者")
        ordering = ["honor", "id"]
        indexes = [models.Index(fields=["org_path"], name="honor_recipient_path")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(organization__isnull=True))
                | (Q(member__isnull=True) & Q(organization__isnull=False)),
                name="honor_recipient_one_kind",
                violation_error_message=_("获奖者应为一名会员或一个组织。"),
            ),
            models.UniqueConstraint(
                fields=["honor", "member"],
                name="honor_member_once",
                violation_error_message=_("该会员已在获奖名单中。"),
            ),
            models.UniqueConstraint(
                fields=["honor", "organization"],
                name="honor_org_once",
                violation_error_message=_("该组织已在获奖名单中。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.member.name if self.member_id else self.organization.name

    @property
    def is_organization(self) -> bool:
        return self.organization_id is not None


class HonorFile(StoredFile):
    """Evidence of an honor: the awarding document, a certificate scan."""

    honor = models.ForeignKey(Honor, on_delete=models.CASCADE, related_name="files")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("荣誉证明文件")
        verbose_name_plural = _("荣誉证明文件")
        ordering = ["honor", "id"]
