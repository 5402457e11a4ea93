"""Workflows as data: states, allowed transitions and a dated row per change.

A workflow (``participation.proposal``) is a table of states and of the
transitions allowed between them; each transition names the action, the
roles that may take it (a grant's role, or ``owner`` for the record's
authors), the fields that must be filled before it and whether a comment is
required.  Records that follow a workflow keep the code of their current
state; :mod:`tongxin.workflows.engine` moves them and writes one
:class:`Step` per change.  An administrator adjusts workflows in the Django
admin without code; the apps seed theirs in data migrations.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The pseudo-role of a record's own authors (and of the user who created it).
OWNER = "owner"


def known_roles() -> set[str]:
    from tongxin.accounts.models import Role

    return set(Role.values) | {OWNER}


class Workflow(models.Model):
    """A named set of states and transitions, e.g. the proposal workflow."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流程")
        verbose_name_plural = _("流程")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class State(models.Model):
    """A state of a workflow; records store its ``code``."""

    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("流程"),
        on_delete=models.CASCADE,
        related_name="states",
    )
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_initial = models.BooleanField(_("初始状态"), default=False)
    is_final = models.BooleanField(_("终止状态"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流程状态")
        verbose_name_plural = _("流程状态")
        ordering = ["workflow", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "code"], name="workflow_state_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """An allowed change of state: from, to, the action, who, what must be filled."""

    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("流程"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    source = models.ForeignKey(
        State,
        verbose_name=_("从状态"),
        on_delete=models.CASCADE,
        related_name="outgoing",
    )
    target = models.ForeignKey(
        State,
        verbose_name=_("到状态"),
        on_delete=models.CASCADE,
        related_name="incoming",
    )
    action = models.SlugField(_("操作代码"), max_length=30)
    name = models.CharField(_("操作名称"), max_length=50)
    roles = models.CharField(
        _("允许的角色"),
        max_length=300,
        help_text=_("角色代码，以英文逗号分隔；owner 表示记录的作者本人。"),
    )
    required_fields = models.CharField(
        _("必填字段"),
        max_length=300,
        blank=True,
        help_text=_("执行前必须填写的字段名，以英文逗号分隔。"),
    )
    comment_required = models.BooleanField(_("须填写意见"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流程转换")
        verbose_name_plural = _("流程转换")
        ordering = ["workflow", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "action"], name="workflow_transition_action"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}（{self.name}）"

    @staticmethod
    def _split(value: str) -> list[str]:
        return [p.strip() for p in (value or "").split(",") if p.strip()]

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self._split(self.roles))

    @property
    def field_list(self) -> list[str]:
        return self._split(self.required_fields)

    def clean(self) -> None:
        errors = {}
        if self.source_id and self.source.workflow_id != self.workflow_id:
            errors["source"] = _("起始状态不属于该流程。")
        if self.target_id and self.target.workflow_id != self.workflow_id:
            errors["target"] = _("目标状态不属于该流程。")
        unknown = self.role_set - known_roles()
        if unknown:
            errors["roles"] = _("未知的角色代码：%s") % "、".join(sorted(unknown))
        if not self.role_set:
            errors["roles"] = _("至少填写一个角色。")
        if errors:
            raise ValidationError(errors)


class Step(models.Model):
    """One change of state of one record: who, when, from, to, and why."""

    workflow = models.ForeignKey(
        Workflow, verbose_name=_("流程"), on_delete=models.PROTECT, related_name="+"
    )
    #: The record: its model label (``participation.proposal``) and primary key.
    model = models.CharField(_("对象类型"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    action = models.CharField(_("操作代码"), max_length=30)
    name = models.CharField(_("操作"), max_length=50)
    from_state = models.CharField(_("原状态"), max_length=30)
    to_state = models.CharField(_("新状态"), max_length=30)
    from_name = models.CharField(_("原状态名称"), max_length=50)
    to_name = models.CharField(_("新状态名称"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: When the step happened (a step recorded late keeps its real time).
    at = models.DateTimeField(_("时间"), default=timezone.now)
    #: When it was entered (``actor`` is who entered it).
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["model", "object_id", "at", "id"]
        indexes = [
            models.Index(fields=["model", "object_id", "at"], name="step_object")
        ]

    def __str__(self) -> str:
        return f"{self.name}：{self.from_name} → {self.to_name}"
