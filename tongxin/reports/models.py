"""What the secretary writes into the annual report: the sections no figure
can fill (存在的问题, 下一年工作思路), kept per scope and period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Longest text of one section.
MAX_TEXT = 5000


class ReportText(models.Model):
    """The written sections of one report: a scope (its paths) and a period."""

    # The scope's organization paths, joined; empty: the whole association.
    scope_key = models.CharField(_("统计范围"), max_length=1000, blank=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    problems = models.TextField(_("存在的问题"), max_length=MAX_TEXT, blank=True)
    plans = models.TextField(_("下一年工作思路"), max_length=MAX_TEXT, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("填写时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作报告文字")
        verbose_name_plural = _("工作报告文字")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "start", "end"], name="report_text_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_key or '/'} {self.start}–{self.end}"
