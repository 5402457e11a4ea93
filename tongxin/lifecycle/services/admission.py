"""Admission (入会): an application, the base organization's review, the
committee's approval; approval registers the member through the members
services.  Moves follow :data:`tongxin.lifecycle.models.ADMISSION_TRANSITIONS`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.core import files
from tongxin.core.crypto import blind_index
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.idnumber import PhoneNumberError, mask_phone, validate_mobile
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.lifecycle.models import (
    ADMISSION_TRANSITIONS,
    AdmissionAction,
    AdmissionStatus,
    Application,
    ApplicationStep,
)
from tongxin.lifecycle.policies import policy
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.members.services import member_create, member_on_message
from tongxin.members.validation import clean_member_fields
from tongxin.orgs.models import Organization
from tongxin.publicity.gateways import GatewayError, sms_gateway

APPLICANT_FIELDS = ("name", "gender", "birth_date", "id_number", "work_unit", "job")


class TransitionError(ServiceError):
    """A move the admission workflow does not allow from the current status."""

    code = "transition"


def _actor(by):
    return by if getattr(by, "pk", None) else None


def _check_introducers(
    first: Member, second: Member, on: dt.date | None = None
) -> None:
    """Two different introducers, members on ``on`` (the application's date:
    one who has left since introduced an applicant before leaving)."""
    errors = {}
    for field, member in (("introducer_1", first), ("introducer_2", second)):
        if member is None:
            errors[field] = _("请选择介绍人。")
        elif (message := member_on_message(member, on)) is not None:
            errors[field] = _("介绍人%s") % message
    if not errors and first.pk == second.pk:
        errors["introducer_2"] = _("两位介绍人不能是同一人。")
    if errors:
        raise ValidationError(errors)


def _check_not_member(number_hash: str, *, by, exclude_pk: int | None = None) -> None:
    """Refuse an ID number that is a member's, or a pending application's.

    The member is named only to a user who may see them: to anyone else the
    number is "已登记", which a uniqueness check cannot avoid saying, and
    nothing more (no name, no organization).
    """
    member = Member.objects.filter(id_number_hash=number_hash).first()
    if member is not None:
        if member_policy.can(by, "view", member):
            message = _("该身份证号已是会员“%s”，不能重复申请入会。") % member.name
        else:
            message = _("该身份证号已登记，不能重复申请入会。")
        raise ValidationError({"id_number": message})
    pending = Application.objects.filter(
        id_number_hash=number_hash,
        status__in=[
            AdmissionStatus.INTRODUCING,
            AdmissionStatus.SUBMITTED,
            AdmissionStatus.REVIEWED,
        ],
    ).exclude(pk=exclude_pk)
    if pending.exists():
        raise ValidationError(
            {"id_number": _("该身份证号已有一份正在办理的入会申请。")}
        )


@transaction.atomic
def application_submit(
    *,
    by,
    organization: Organization,
    introducer_1: Member,
    introducer_2: Member,
    applied_on: dt.date,
    comment: str = "",
    **fields,
) -> Application:
    """Register an application to join ``organization`` with two introducers.

    Refused: introducers who are not active members, the same introducer
    twice, an ID number already in the registry (found by its keyed hash) or
    in an application under way, and invalid applicant details.
    """
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "apply", organization)
    if organization.closed_on is not None:
        raise ValidationError(
            {"organization": _("组织“%s”已撤销。") % organization.name}
        )
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise ServiceError(_("未知字段：%s") % ", ".join(sorted(unknown)))
    if not fields.get("id_number"):
        raise ValidationError({"id_number": _("请填写身份证号。")})
    data = clean_member_fields(fields)
    _check_introducers(introducer_1, introducer_2, on=applied_on)
    number_hash = blind_index("id_number", data["id_number"])
    _check_not_member(number_hash, by=by)
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": _("申请日期不能晚于今天。")})
    app = Application(
        organization=organization,
        path=organization.path,
        introducer_1=introducer_1,
        introducer_2=introducer_2,
        applied_on=applied_on,
        id_number_hash=number_hash,
        **data,
    )
    save_with_history(app, by=by, reason=_("提交入会申请"))
    ApplicationStep.objects.create(
        application=app,
        action=AdmissionAction.SUBMIT,
        to_status=AdmissionStatus.SUBMITTED,
        on=applied_on,
        by=_actor(by),
        comment=comment,
    )
    return app


#: The one answer to introducers who do not match: whether the name, the
#: mobile or the membership is wrong is not said (the roster stays private).
INTRODUCER_REFUSAL = _("介绍人姓名与手机号不匹配，或不是在册会员，请核对后重新填写。")


class IntroducerMismatch(ValidationError):
    """Named introducers who are not two active members (one answer for all)."""


def _introducer(name: str, mobile: str) -> Member | None:
    try:
        number = validate_mobile(mobile)
    except PhoneNumberError:
        return None
    found = [
        m
        for m in Member.objects.with_mobile(number).filter(name=(name or "").strip())
        if m.is_active
    ]
    return found[0] if len(found) == 1 else None


def open_base_organizations():
    """The organizations one may apply to online: open base organizations."""
    return [
        org
        for org in Organization.objects.filter(closed_on__isnull=True).order_by("path")
        if org.is_base
    ]


def status_path(app: Application) -> str:
    """The path of the applicant's status page (the link in their SMS)."""
    return reverse("memberhome:join_status", args=[app.status_token])


@transaction.atomic
def application_apply_online(
    *,
    mobile: str,
    organization: Organization,
    introducers: list[tuple[str, str]],
    scan,
    **fields,
) -> Application:
    """An application a non-member makes online, from a verified mobile.

    It starts ``introducing``: the two introducers, named by name and mobile
    and matched against active members, confirm it from 会员之家.  Refused
    (nothing written): a closed or non-base organization, introducers who do
    not match (:data:`INTRODUCER_REFUSAL`, the same for every reason), the
    same introducer twice, an ID number already registered or applying, a
    scan that is not a PDF or an image, invalid applicant details.
    """
    organization = Organization.objects.get(pk=organization.pk)
    if organization.closed_on is not None or not organization.is_base:
        raise ValidationError({"organization": _("请选择要加入的基层组织。")})
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise ServiceError(_("未知字段：%s") % ", ".join(sorted(unknown)))
    if not fields.get("id_number"):
        raise ValidationError({"id_number": _("请填写身份证号。")})
    if scan is None:
        raise ValidationError({"scan": _("请上传入会申请表的扫描件或照片。")})
    data = clean_member_fields(fields)
    number_hash = blind_index("id_number", data["id_number"])
    _check_not_member(number_hash, by=None)
    mobile = validate_mobile(mobile)
    (name_1, mobile_1), (name_2, mobile_2) = introducers
    first, second = _introducer(name_1, mobile_1), _introducer(name_2, mobile_2)
    if first is None or second is None:
        raise IntroducerMismatch({"introducers": INTRODUCER_REFUSAL})
    if first.pk == second.pk:
        raise ValidationError({"introducers": _("两位介绍人不能是同一人。")})
    checked = files.check_attachment(scan, field="scan")
    if isinstance(checked, files.CheckedFile) and checked.kind != "pdf":
        raise ValidationError({"scan": _("申请表扫描件应为 PDF 文件或图片。")})
    token = secrets.token_urlsafe(24)
    today = timezone.localdate()
    name = files.new_name("admission", checked.extension)
    app = Application(
        organization=organization,
        path=organization.path,
        introducer_1=first,
        introducer_2=second,
        applied_on=today,
        status=AdmissionStatus.INTRODUCING,
        id_number_hash=number_hash,
        mobile=mobile,
        mobile_hash=blind_index("mobile", mobile),
        scan=name,
        scan_type=checked.content_type,
        status_token=token,
        status_token_hash=blind_index("status_token", token),
        **data,
    )
    app.full_clean(exclude=["organization", "introducer_1", "introducer_2"])
    files.write(name, checked.data)
    try:
        save_with_history(app, by=None, reason=_("网上申请入会"))
        ApplicationStep.objects.create(
            application=app,
            action=AdmissionAction.SUBMIT,
            to_status=AdmissionStatus.INTRODUCING,
            on=today,
            by=None,
            comment=_("网上申请，待介绍人确认"),
        )
    except BaseException:
        files.remove(name)
        raise
    return app


def _notify_applicant(app: Application, text: str) -> None:
    """Send the applicant an SMS once the move is committed (online ones only)."""
    if not app.mobile:
        return
    link = settings.TONGXIN_SITE_URL + status_path(app)
    message = settings.TONGXIN_SMS_SIGNATURE + text + _("查看进度：%s") % link
    mobile, pk = app.mobile, app.pk

    def send() -> None:
        try:
            sms_gateway().send(
                to=mobile,
                text=message,
                reference=f"admission-{pk}-{secrets.token_hex(4)}",
            )
        except GatewayError as e:
            audit_record(
                action="admission_sms",
                object_type="lifecycle.application",
                object_id=str(pk),
                object_repr=mask_phone(mobile),
                detail={"outcome": "gateway_error", "reason": e.reason},
            )

    transaction.on_commit(send)


def allowed_actions(user, app: Application) -> list[str]:
    """Return the actions ``user`` may take on ``app`` now (for buttons)."""
    return [
        action
        for (action, source), (_target, right) in ADMISSION_TRANSITIONS.items()
        if source == app.status and policy.can(user, right, app)
    ]


@transaction.atomic
def application_transition(
    *,
    by,
    application: Application,
    action: str,
    on: dt.date | None = None,
    comment: str = "",
    version: int | None = None,
) -> Application:
    """Move an application as the workflow table allows and record the step.

    Approval registers the applicant as a member of the organization applied
    to, joined on the approval date, through ``members.services.member_create``.
    """
    app = Application.objects.select_for_update().get(pk=application.pk)
    today = timezone.localdate()
    on = on or today
    move = ADMISSION_TRANSITIONS.get((action, app.status))
    if move is None:
        raise TransitionError(
            _("申请当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {
                "status": app.get_status_display(),
                "action": AdmissionAction(action).label
                if action in AdmissionAction.values
                else action,
            }
        )
    target, right = move
    if not policy.can(by, right, app):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if action == AdmissionAction.REJECT and not comment.strip():
        raise ValidationError({"comment": _("不予通过时请填写意见。")})
    if action == AdmissionAction.DECLINE and not comment.strip():
        raise ValidationError({"comment": _("不同意介绍时请填写理由。")})
    last = app.steps.order_by("-on").values_list("on", flat=True).first()
    if on > today or (last and on < last):
        raise ValidationError({"on": _("日期不能早于上一步，也不能晚于今天。")})
    check_version(app, version)
    source = app.status
    if action == AdmissionAction.CONFIRM:
        field = f"introducer_{app.introducer_slot(by.member_id)}_confirmed_on"
        if getattr(app, field) is not None:
            raise TransitionError(_("您已确认过这份入会申请。"))
        setattr(app, field, on)
        if app.introducer_1_confirmed_on is None or (
            app.introducer_2_confirmed_on is None
        ):
            # The first of the two confirmations: recorded, the state stays.
            target = source
    if action == AdmissionAction.APPROVE:
        _check_not_member(app.id_number_hash, by=by, exclude_pk=app.pk)
        _check_introducers(app.introducer_1, app.introducer_2, on=on)
        app.member = member_create(
            by=by,
            organization=app.organization,
            name=app.name,
            gender=app.gender,
            birth_date=app.birth_date,
            id_number=app.id_number,
            work_unit=app.work_unit,
            job=app.job,
            joined_on=on,
            introducers="、".join([app.introducer_1.name, app.introducer_2.name]),
        )
    app.status = target
    save_with_history(app, by=by, reason=AdmissionAction(action).label)
    ApplicationStep.objects.create(
        application=app,
        action=action,
        from_status=source,
        to_status=target,
        on=on,
        by=_actor(by),
        comment=comment,
    )
    if source == AdmissionStatus.INTRODUCING and target == AdmissionStatus.SUBMITTED:
        _notify_applicant(
            app,
            _("您的入会申请两位介绍人均已确认，已转%s审核。") % app.organization.name,
        )
    elif target == AdmissionStatus.APPROVED:
        _notify_applicant(app, _("您的入会申请已获批准，欢迎您加入。"))
    elif target == AdmissionStatus.REJECTED:
        _notify_applicant(app, _("您的入会申请未获通过。"))
    return app
