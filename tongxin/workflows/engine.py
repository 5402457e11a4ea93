"""Move records through their workflows: the one place transitions are checked.

Callers (an app's services) lock the record, work out which roles the acting
user holds on it (the grants reaching its place, plus ``owner`` for its
authors), fill the values the transition asks for, and call
:func:`transition`.  It refuses, with a Chinese message and without writing
anything, an action the workflow does not allow from the current state, a
user without one of the transition's roles, a required field left empty and
a missing comment; otherwise it sets the new state, saves the record with
history and writes the dated :class:`~tongxin.workflows.models.Step`.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.services import save_with_history
from tongxin.workflows.models import OWNER, State, Step, Transition, Workflow


class TransitionRefused(ServiceError):
    """The workflow does not allow this action from the record's state."""

    code = "transition"


def get_workflow(code: str) -> Workflow:
    try:
        return Workflow.objects.get(code=code)
    except Workflow.DoesNotExist:
        raise ServiceError(_("流程“%s”未配置，请联系系统管理员。") % code) from None


def initial_state(code: str) -> str:
    """Return the code of the workflow's initial state."""
    state = (
        State.objects.filter(workflow__code=code, is_initial=True)
        .order_by("order", "id")
        .first()
    )
    if state is None:
        raise ServiceError(_("流程“%s”没有初始状态，请联系系统管理员。") % code)
    return state.code


def state_names(code: str) -> dict[str, str]:
    """Return ``{state code: name}`` of a workflow."""
    return dict(State.objects.filter(workflow__code=code).values_list("code", "name"))


def transitions_from(code: str, state: str) -> list[Transition]:
    """Return the transitions leaving ``state``, in order."""
    return list(
        Transition.objects.filter(workflow__code=code, source__code=state)
        .select_related("source", "target")
        .order_by("order", "id")
    )


def available(code: str, state: str, roles: set[str]) -> list[Transition]:
    """Return the transitions from ``state`` a user with ``roles`` may take."""
    return [t for t in transitions_from(code, state) if t.role_set & roles]


def _label(obj: models.Model, field: str) -> str:
    try:
        return str(obj._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        labels = getattr(obj, "WORKFLOW_FIELD_LABELS", {})
        return str(labels.get(field, field))


def _is_empty(value) -> bool:
    if hasattr(value, "exists") and callable(value.exists):
        return not value.exists()
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return not value
    return False


def step_time(obj: models.Model, on=None, *, field: str = "occurred_on"):
    """Return the time of ``obj``'s next step happening on ``on``.

    ``on`` is a date (the step's real day), a datetime, or ``None`` (now).
    Refused with a Chinese message on ``field``: a day in the future, or
    before the record's previous step. A past day is stored at noon, or
    just after the previous step when that was later the same day.
    """
    import datetime as dt

    from django.core.exceptions import ValidationError as DjangoValidationError

    now = timezone.now()
    if on is None:
        return now
    if isinstance(on, dt.datetime):
        at = on if timezone.is_aware(on) else timezone.make_aware(on)
        day = timezone.localtime(at).date()
    elif isinstance(on, dt.date):
        day = on
        at = (
            now
            if day == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        )
    else:
        raise DjangoValidationError({field: _("日期应为 2013-12-31 这样的格式。")})
    today = timezone.localdate()
    if day > today or at > now + dt.timedelta(minutes=5):
        raise DjangoValidationError(
            {
                field: _("日期 %(day)s 晚于今天（%(today)s），不能填写将来的日期。")
                % {"day": day.isoformat(), "today": today.isoformat()}
            }
        )
    last = (
        Step.objects.filter(model=obj._meta.label_lower, object_id=obj.pk)
        .order_by("-at", "-id")
        .first()
    )
    if last is not None:
        last_day = timezone.localtime(last.at).date()
        if day < last_day:
            raise DjangoValidationError(
                {
                    field: _("日期 %(day)s 早于上一步“%(step)s”的日期 %(last)s。")
                    % {
                        "day": day.isoformat(),
                        "step": last.name,
                        "last": last_day.isoformat(),
                    }
                }
            )
        if at < last.at:
            at = last.at
    return at


def check(
    *, workflow: str, obj: models.Model, action: str, roles: set[str], comment: str = ""
) -> Transition:
    """Return the transition ``action`` takes ``obj`` through, or refuse it."""
    state = obj.state
    options = transitions_from(workflow, state)
    found = next((t for t in options if t.action == action), None)
    if found is None:
        names = state_names(workflow)
        allowed = "、".join(t.name for t in options) or _("无（已是终止状态）")
        label = (
            Transition.objects.filter(workflow__code=workflow, action=action)
            .values_list("name", flat=True)
            .first()
        )
        raise TransitionRefused(
            _(
                "当前状态为“%(state)s”，不能执行“%(action)s”。此状态下可以：%(allowed)s。"
            )
            % {
                "state": names.get(state, state),
                "action": label or action,
                "allowed": allowed,
            }
        )
    if not found.role_set & set(roles):
        raise PermissionDenied(
            _("您不能在此执行“%s”：该操作只限指定的角色。") % found.name
        )
    errors = {}
    for field in found.field_list:
        if _is_empty(getattr(obj, field, None)):
            errors[field] = _("执行“%(action)s”须先填写“%(field)s”。") % {
                "action": found.name,
                "field": _label(obj, field),
            }
    if found.comment_required and not (comment or "").strip():
        errors["comment"] = _("执行“%s”须填写意见。") % found.name
    if errors:
        raise ValidationError(errors)
    return found


@transaction.atomic
def transition(
    *,
    workflow: str,
    obj: models.Model,
    action: str,
    by,
    roles: set[str],
    comment: str = "",
    at=None,
    reason: str = "",
) -> Step:
    """Take ``obj`` through ``action``; save it and record the dated step.

    The caller holds ``obj`` locked (``select_for_update``) and has applied
    the values the transition asks for.  ``reason`` is the history entry's
    reason (default: the transition's name).
    """
    found = check(
        workflow=workflow, obj=obj, action=action, roles=roles, comment=comment
    )
    old = obj.state
    obj.state = found.target.code
    save_with_history(obj, by=by, reason=reason or found.name)
    step = Step(
        workflow=found.workflow,
        model=obj._meta.label_lower,
        object_id=obj.pk,
        action=found.action,
        name=found.name,
        from_state=old,
        to_state=found.target.code,
        from_name=found.source.name,
        to_name=found.target.name,
        actor=by if getattr(by, "pk", None) else None,
        at=at or timezone.now(),
        comment=(comment or "").strip(),
    )
    # Built here from checked rows: validating it again would only re-read them.
    step.save()
    return step


def record_created(
    *, workflow: str, obj: models.Model, by, comment: str = "", at=None
) -> Step:
    """Write the first step of a record: created in its initial state."""
    state = (
        State.objects.select_related("workflow")
        .filter(workflow__code=workflow, code=obj.state)
        .first()
    )
    if state is None:
        raise ServiceError(_("流程“%s”未配置，请联系系统管理员。") % workflow)
    step = Step(
        workflow=state.workflow,
        model=obj._meta.label_lower,
        object_id=obj.pk,
        action="create",
        name=_("创建"),
        from_state="",
        to_state=obj.state,
        from_name="",
        to_name=state.name,
        actor=by if getattr(by, "pk", None) else None,
        at=at or timezone.now(),
        comment=comment,
    )
    step.save()
    return step


def steps_of(obj: models.Model) -> list[Step]:
    """Return the dated steps of ``obj``, oldest first."""
    return list(
        Step.objects.filter(model=obj._meta.label_lower, object_id=obj.pk)
        .select_related("actor")
        .order_by("at", "id")
    )


__all__ = [
    "OWNER",
    "TransitionRefused",
    "available",
    "check",
    "get_workflow",
    "initial_state",
    "record_created",
    "state_names",
    "step_time",
    "steps_of",
    "transition",
    "transitions_from",
]
