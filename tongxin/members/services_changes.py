"""Writes of members' change requests: submitted by the member, confirmed or
returned by the head of an organization above them or by 组织部.

Nothing in the registry changes before confirmation; confirming calls
:func:`tongxin.members.services.member_update`, so the member's history
records who confirmed (its user) and who asked (its reason).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.members.models import ChangeRequest, Member
from tongxin.members.policies import policy
from tongxin.members.services import member_update
from tongxin.members.validation import clean_member_fields
from tongxin.notifications.services import notify

REASON_MAX = 200


def _details_url() -> str:
    try:
        return reverse("memberhome:details")
    except NoReverseMatch:  # the member pages are not installed
        return ""


@transaction.atomic
def change_request_submit(
    *, member: Member, by, note: str = "", **fields
) -> ChangeRequest:
    """Ask for the member's own details to be changed; return the pending request.

    ``fields`` are raw values as typed (cleaned as the registry cleans them);
    a blank mobile means "keep it".  Only values that differ from the record
    are asked for; a member has at most one pending request.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if getattr(by, "member_id", None) != member.pk:
        raise PermissionDenied(_("只能为本人提交信息修改申请。"))
    if not member.is_active:
        raise ServiceError(_("只有在册会员可以申请修改登记信息。"))
    unknown = set(fields) - set(ChangeRequest.FIELDS)
    if unknown:
        raise ServiceError(_("不能申请修改：%s") % ", ".join(sorted(unknown)))
    note = (note or "").strip()
    if len(note) > REASON_MAX:
        raise ValidationError({"note": _("说明不能超过 %d 个字。") % REASON_MAX})
    raw = dict(fields)
    if not (raw.get("mobile") or "").strip():
        raw.pop("mobile", None)
    data = clean_member_fields(raw, partial=True)
    changed = [
        f
        for f in ChangeRequest.FIELDS
        if f in data and (data[f] or "") != (getattr(member, f) or "")
    ]
    if not changed:
        raise ValidationError(_("您没有修改任何信息。"))
    if ChangeRequest.objects.filter(
        member=member, status=ChangeRequest.Status.PENDING
    ).exists():
        raise ServiceError(
            _("您已有一份待确认的修改申请，请等待所在支部或组织部处理后再提交。")
        )
    request = ChangeRequest(
        member=member,
        changed=changed,
        note=note,
        requested_by=by,
        requested_at=timezone.now(),
        **{f: data[f] for f in changed},
    )
    save_with_history(request, by=by, reason=_("会员提交信息修改申请"))
    return request


def _pending(request: ChangeRequest, by, verb: str) -> ChangeRequest:
    # Locked alone: PostgreSQL refuses FOR UPDATE across the nullable join to
    # ``requested_by``; the member and the asker are read after the lock.
    request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    require(policy, by, "confirm_change", request.member)
    if getattr(by, "member_id", None) == request.member_id:
        raise PermissionDenied(_("不能%s本人的申请，请由所在支部或组织部处理。") % verb)
    if request.status != ChangeRequest.Status.PENDING:
        raise ServiceError(
            _("该申请%(status)s，不能再%(verb)s。")
            % {"status": request.get_status_display(), "verb": verb}
        )
    return request


def _decided(request: ChangeRequest, by, status: str) -> None:
    request.status = status
    request.decided_by = by if getattr(by, "pk", None) else None
    request.decided_at = timezone.now()


@transaction.atomic
def change_request_confirm(*, request: ChangeRequest, by) -> Member:
    """Apply a pending request to the registry and mark it confirmed."""
    request = _pending(request, by, _("确认"))
    asked = request.requested_by
    reason = _("会员%(who)s于%(at)s申请修改，%(by)s确认") % {
        "who": request.member.name,
        "at": timezone.localtime(request.requested_at).strftime("%Y-%m-%d %H:%M"),
        "by": str(by),
    }
    if asked is not None and getattr(asked, "member_id", None) != request.member_id:
        reason += _("（申请账户：%s）") % asked
    values = {f: getattr(request, f) for f in request.changed}
    member = member_update(member=request.member, by=by, reason=reason, **values)
    _decided(request, by, ChangeRequest.Status.CONFIRMED)
    save_with_history(request, by=by, reason=_("确认信息修改申请"))
    if asked is not None:
        notify(
            user=asked,
            key=f"change-request:{request.pk}",
            title=_("您的信息修改申请已确认，登记信息已更新"),
            url=_details_url(),
        )
    return member


@transaction.atomic
def change_request_return(*, request: ChangeRequest, by, reason: str) -> ChangeRequest:
    """Return a pending request to the member with a reason; nothing changes."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回原因。")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("退回原因不能超过 %d 个字。") % REASON_MAX})
    request = _pending(request, by, _("退回"))
    _decided(request, by, ChangeRequest.Status.RETURNED)
    request.return_reason = reason
    save_with_history(request, by=by, reason=_("退回信息修改申请"))
    if request.requested_by is not None:
        notify(
            user=request.requested_by,
            key=f"change-request:{request.pk}",
            title=_("您的信息修改申请被退回：%s") % reason,
            url=_details_url(),
        )
    return request
