"""The photo archive (history wall)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.activities.models.events import Event
from tongxin.core.tree import TreePathField


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
