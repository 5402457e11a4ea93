"""Adoptions (采用) and leaders' instructions (批示) on opinion reports."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.dates import check_bounded
from tongxin.core.errors import ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.participation import limits
from tongxin.participation.bodies import canonical
from tongxin.participation.models import Adoption, Instruction, Level, OpinionReport
from tongxin.participation.policies import policy
from tongxin.participation.services.feedback import adoption_feedback
from tongxin.workflows import engine


@transaction.atomic
def adoption_add(
    *,
    by,
    report: OpinionReport,
    level: str,
    body: str,
    adopted_on: dt.date | str | None,
    note: str = "",
    comment: str = "",
    feedback: bool = True,
) -> Adoption:
    """Record that a body at a level adopted a reported opinion report.

    The first adoption takes the report from 已报送 to 已采用 (the workflow's
    ``adopt`` transition, with ``comment`` or a note naming the level and the
    body as the step's comment); later ones are added to it.  The workflow
    action ``adopt`` (:func:`~tongxin.participation.services.items.item_transition`)
    comes here, so the web and the API record an adoption the same way.
    """
    report = OpinionReport.objects.select_for_update().get(pk=report.pk)
    require(policy, by, "manage", report)
    if not level:
        raise ValidationError({"level": _("采用须注明级别：市级、省级或全国。")})
    if level not in Level.values:
        raise ValidationError({"level": _("采用级别应为：市级、省级或全国。")})
    if not (body or "").strip():
        raise ValidationError(
            {"body": _("请填写采用单位，如民进中央、全国政协、省委统战部。")}
        )
    limits.check_length("body", _("采用单位"), body.strip(), 100)
    limits.check_length("note", _("备注"), note or "", 200)
    if isinstance(adopted_on, str) and adopted_on.strip():
        try:
            adopted_on = dt.date.fromisoformat(adopted_on.strip())
        except ValueError:
            raise ValidationError(
                {"adopted_on": _("日期应为 2013-12-31 这样的格式。")}
            ) from None
    if isinstance(adopted_on, dt.datetime):
        adopted_on = timezone.localtime(adopted_on).date()
    if not isinstance(adopted_on, dt.date):
        raise ValidationError({"adopted_on": _("请填写采用日期。")})
    if report.state not in ("reported", "adopted"):
        # The workflow names the state and what it allows.
        engine.check(
            workflow=report.WORKFLOW,
            obj=report,
            action="adopt",
            roles=policy.roles_on(by, report),
        )
    # As of its date: not in the future, not before the report was submitted
    # and reported (报送) to the bodies that adopt it.
    check_bounded(
        adopted_on,
        field="adopted_on",
        what=_("采用日期"),
        floors=[
            (_step_day(report, "submitted"), _("提交")),
            (_step_day(report, "reported"), _("报送")),
        ],
    )
    body = canonical(body)
    # The adopt step is dated by the adoption (its entry time and recorder are
    # kept beside it on the step and in the history).
    at = (
        engine.step_time(report, adopted_on, field="adopted_on")
        if report.state == "reported"
        else None
    )
    adoption = Adoption(
        report=report,
        level=level,
        body=body,
        adopted_on=adopted_on,
        note=(note or "").strip(),
        path=report.path,
    )
    save_with_history(adoption, by=by, reason=_("记录采用"))
    if report.state == "reported":
        engine.transition(
            workflow=report.WORKFLOW,
            obj=report,
            action="adopt",
            by=by,
            roles=policy.roles_on(by, report),
            comment=(comment or "").strip()
            or _("%(level)s采用：%(body)s")
            % {"level": adoption.get_level_display(), "body": adoption.body},
            at=at,
        )
    if feedback:  # not for a ledger import of past adoptions
        adoption_feedback(report, adoption, by=by, comment=comment)
    return adoption


def _step_day(report: OpinionReport, state: str) -> dt.date | None:
    """Return the day ``report`` first reached ``state`` by a dated step."""
    from tongxin.workflows.models import Step

    at = (
        Step.objects.filter(
            model=report._meta.label_lower, object_id=report.pk, to_state=state
        )
        .order_by("at", "id")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localtime(at).date() if at is not None else None


@transaction.atomic
def instruction_add(
    *, by, report: OpinionReport, leader: str, content: str, given_on: dt.date
) -> Instruction:
    """Record a leader's written instruction (批示) on a reported opinion report."""
    report = OpinionReport.objects.select_for_update().get(pk=report.pk)
    require(policy, by, "manage", report)
    if report.state not in ("reported", "adopted", "archived"):
        raise ValidationError({"leader": _("社情民意信息报送后才能记录领导批示。")})
    if not (leader or "").strip():
        raise ValidationError({"leader": _("请填写批示领导。")})
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写批示内容。")})
    limits.check_length("leader", _("批示领导"), leader.strip(), 100)
    limits.check_length("content", _("批示内容"), content, limits.REASON_MAX)
    if given_on is None:
        raise ValidationError({"given_on": _("请填写批示日期。")})
    instruction = Instruction(
        report=report, leader=leader.strip(), content=content, given_on=given_on
    )
    save_with_history(instruction, by=by, reason=_("记录领导批示"))
    return instruction
