"""API router: admission (入会), training classes, card photos, certificates.

Reads go through ``tongxin.lifecycle.selectors`` (outside the user's reach is
404), writes through ``tongxin.lifecycle.services``; bad input is refused in
Chinese and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from tongxin.audit.services import audit_record
from tongxin.core.idnumber import mask_id_number
from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    Id,
    InputSchema,
    PathId,
)
from tongxin.lifecycle import selectors, services
from tongxin.lifecycle.models import Application, Attendee
from tongxin.lifecycle.policies import policy
from tongxin.members.models import Member
from tongxin.members.selectors import member_get
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import org_get

router = Router(tags=["lifecycle"])


def _org(request: HttpRequest, pk: int) -> Organization:
    try:
        return org_get(user=request.auth, pk=pk)
    except Organization.DoesNotExist:
        raise ValidationError({"organization": _("组织不存在或您无权查看。")}) from None


def _member(request: HttpRequest, pk: int, field: str) -> Member:
    try:
        return member_get(user=request.auth, pk=pk)
    except Member.DoesNotExist:
        raise ValidationError({field: _("会员不存在或您无权查看。")}) from None


# --- schemas -------------------------------------------------------------------------


class ApplicationStepOut(Schema):
    action: str
    from_status: str
    to_status: str
    on: dt.date
    by: str | None
    comment: str

    @staticmethod
    def resolve_by(obj) -> str | None:
        return str(obj.by) if obj.by_id else None


class ApplicationOut(Schema):
    id: int
    name: str
    id_number: str
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")
    introducer_1: int = Field(alias="introducer_1_id")
    introducer_2: int = Field(alias="introducer_2_id")
    applied_on: dt.date
    status: str
    member: int | None = Field(alias="member_id")
    version: int

    @staticmethod
    def resolve_id_number(obj) -> str:
        return mask_id_number(obj.id_number or "")


class ApplicationDetailOut(ApplicationOut):
    steps: list[ApplicationStepOut]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(selectors.application_steps(obj))


class ApplicationIn(InputSchema):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    id_number: Annotated[str, Field(min_length=1, max_length=30)]
    work_unit: Annotated[str, Field(max_length=100)] = ""
    job: Annotated[str, Field(max_length=100)] = ""
    organization: Id
    introducer_1: Id
    introducer_2: Id
    applied_on: Date
    comment: Annotated[str, Field(max_length=300)] = ""


class ApplicationTransitionIn(InputSchema):
    action: Literal["review", "approve", "reject", "withdraw"]
    on: Date | None = None
    comment: Annotated[str, Field(max_length=300)] = ""
    version: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class StatusQuery(Schema):
    status: Literal[
        "introducing",
        "submitted",
        "reviewed",
        "approved",
        "rejected",
        "withdrawn",
        "",
    ] = ""


class ClassSessionOut(Schema):
    id: int
    on: dt.date
    title: str
    speaker: str


class AttendeeOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.name")
    completed_on: dt.date | None


class CertificateOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.name")
    number: str
    issued_on: dt.date
    status: str
    voided_on: dt.date | None
    training_class: int | None = Field(alias="training_class_id")
    replaces: int | None = Field(alias="replaces_id")


class ClassOut(Schema):
    id: int
    name: str
    organization: int = Field(alias="organization_id")
    start_on: dt.date
    end_on: dt.date
    place: str


class ClassDetailOut(ClassOut):
    sessions: list[ClassSessionOut]
    attendees: list[AttendeeOut]
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_attendees(obj) -> list:
        return list(selectors.class_attendees(obj))

    @staticmethod
    def resolve_certificates(obj) -> list:
        return list(selectors.class_certificates(obj))


class ClassIn(InputSchema):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    organization: Id
    start_on: Date
    end_on: Date
    place: Annotated[str, Field(max_length=100)] = ""


class ClassSessionIn(InputSchema):
    on: Date
    title: Annotated[str, Field(min_length=1, max_length=200)]
    speaker: Annotated[str, Field(max_length=100)] = ""


class AttendeesIn(InputSchema):
    members: Annotated[list[Id], Field(min_length=1, max_length=500)]


class CompleteIn(InputSchema):
    attendees: Annotated[list[Id], Field(min_length=1, max_length=500)]
    on: Date | None = None


class CertifyIn(InputSchema):
    issued_on: Date | None = None


class IssueIn(InputSchema):
    issued_on: Date
    number: Annotated[str, Field(max_length=30)] = ""


class ReplaceIn(InputSchema):
    on: Date
    reason: Annotated[str, Field(max_length=200)] = ""
    number: Annotated[str, Field(max_length=30)] = ""


class MemberPhotoOut(Schema):
    member: int = Field(alias="member_id")
    width: int
    height: int


class MemberCardOut(Schema):
    member: int
    name: str
    has_photo: bool
    certificates: list[CertificateOut]


# --- admission -----------------------------------------------------------------------


def _application(request, pk: int) -> Application:
    return selectors.application_get(user=request.auth, pk=pk)


@router.get(
    "/applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="入会申请列表",
)
def list_applications(request: HttpRequest, query: Query[StatusQuery]):
    policy.require_somewhere(request.auth, "view")
    return list(
        selectors.application_list(user=request.auth, status=query.status)[:500]
    )


@router.post(
    "/applications",
    response={201: ApplicationDetailOut, **WRITE_ERRORS},
    summary="登记入会申请",
)
def create_application(request: HttpRequest, payload: ApplicationIn):
    policy.require_somewhere(request.auth, "apply")
    data = payload.dict()
    data["organization"] = _org(request, data["organization"])
    data["introducer_1"] = _member(request, data["introducer_1"], "introducer_1")
    data["introducer_2"] = _member(request, data["introducer_2"], "introducer_2")
    app = services.application_submit(by=request.auth, **data)
    return Status(201, _application(request, app.pk))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetailOut, **READ_ERRORS},
    summary="入会申请详情",
)
def get_application(request: HttpRequest, application_id: PathId):
    return _application(request, application_id)


@router.post(
    "/applications/{application_id}/transitions",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="办理入会申请（审核、批准、不予通过、撤回）",
)
def transition_application(
    request: HttpRequest, application_id: PathId, payload: ApplicationTransitionIn
):
    app = _application(request, application_id)
    services.application_transition(by=request.auth, application=app, **payload.dict())
    return _application(request, application_id)


# --- introducers: applications made online wait for their confirmation -------------


class IntroductionOut(Schema):
    """An application naming the caller as introducer: no ID number, no mobile."""

    id: int
    name: str
    organization_name: str = Field(alias="organization.name")
    applied_on: dt.date
    status: str
    confirmed_on: dt.date | None = None


class DeclineIn(InputSchema):
    comment: Annotated[str, Field(min_length=1, max_length=300)]


def _introduction(request: HttpRequest, pk: int) -> IntroductionOut:
    app = selectors.introduction_get(user=request.auth, pk=pk)
    slot = app.introducer_slot(request.auth.member_id)
    out = IntroductionOut.from_orm(app)
    out.confirmed_on = getattr(app, f"introducer_{slot}_confirmed_on")
    return out


@router.get(
    "/introductions",
    response={200: list[IntroductionOut], **READ_ERRORS},
    summary="待我确认的入会介绍",
)
def list_introductions(request: HttpRequest):
    return list(selectors.introductions_pending(user=request.auth)[:100])


@router.post(
    "/introductions/{application_id}/confirm",
    response={200: IntroductionOut, **WRITE_ERRORS},
    summary="介绍人确认入会申请",
)
def confirm_introduction(request: HttpRequest, application_id: PathId):
    app = selectors.introduction_get(user=request.auth, pk=application_id)
    services.application_transition(by=request.auth, application=app, action="confirm")
    return _introduction(request, application_id)


@router.post(
    "/introductions/{application_id}/decline",
    response={200: IntroductionOut, **WRITE_ERRORS},
    summary="介绍人不同意入会申请",
)
def decline_introduction(
    request: HttpRequest, application_id: PathId, payload: DeclineIn
):
    app = selectors.introduction_get(user=request.auth, pk=application_id)
    services.application_transition(
        by=request.auth, application=app, action="decline", comment=payload.comment
    )
    return _introduction(request, application_id)


# --- training classes ----------------------------------------------------------------


def _class(request, pk: int):
    return selectors.class_get(user=request.auth, pk=pk)


@router.get(
    "/classes", response={200: list[ClassOut], **READ_ERRORS}, summary="培训班列表"
)
def list_classes(request: HttpRequest):
    policy.require_somewhere(request.auth, "view")
    return list(selectors.class_list(user=request.auth))


@router.post(
    "/classes", response={201: ClassDetailOut, **WRITE_ERRORS}, summary="开设培训班"
)
def create_class(request: HttpRequest, payload: ClassIn):
    policy.require_somewhere(request.auth, "manage_classes")
    data = payload.dict()
    data["organization"] = _org(request, data["organization"])
    klass = services.class_create(by=request.auth, **data)
    return Status(201, klass)


@router.get(
    "/classes/{class_id}",
    response={200: ClassDetailOut, **READ_ERRORS},
    summary="培训班详情",
)
def get_class(request: HttpRequest, class_id: PathId):
    return _class(request, class_id)


@router.post(
    "/classes/{class_id}/sessions",
    response={201: ClassDetailOut, **WRITE_ERRORS},
    summary="添加课次",
)
def add_session(request: HttpRequest, class_id: PathId, payload: ClassSessionIn):
    klass = _class(request, class_id)
    services.session_add(by=request.auth, training_class=klass, **payload.dict())
    return Status(201, klass)


@router.post(
    "/classes/{class_id}/attendees",
    response={201: ClassDetailOut, **WRITE_ERRORS},
    summary="添加学员",
)
def add_attendees(request: HttpRequest, class_id: PathId, payload: AttendeesIn):
    klass = _class(request, class_id)
    if not policy.can(request.auth, "manage_classes", klass):
        raise PermissionDenied(_("您没有权限管理此培训班。"))
    members = [_member(request, pk, "members") for pk in payload.members]
    services.attendee_add(by=request.auth, training_class=klass, members=members)
    return Status(201, klass)


@router.post(
    "/classes/{class_id}/completions",
    response={200: ClassDetailOut, **WRITE_ERRORS},
    summary="学员结业",
)
def complete_attendees(request: HttpRequest, class_id: PathId, payload: CompleteIn):
    klass = _class(request, class_id)
    chosen = list(
        Attendee.objects.filter(training_class=klass, pk__in=payload.attendees)
    )
    if len(chosen) != len(set(payload.attendees)):
        raise ValidationError({"attendees": _("学员不属于此培训班。")})
    services.attendee_complete(
        by=request.auth, training_class=klass, attendees=chosen, on=payload.on
    )
    return klass


@router.post(
    "/classes/{class_id}/certificates",
    response={201: list[CertificateOut], **WRITE_ERRORS},
    summary="向结业学员颁发会员证",
)
def certify_class(request: HttpRequest, class_id: PathId, payload: CertifyIn):
    klass = _class(request, class_id)
    issued = services.certificates_issue_for_class(
        by=request.auth, training_class=klass, issued_on=payload.issued_on
    )
    return Status(201, issued)


def _pdf(request, data: bytes, filename: str, what: str, rows: int) -> HttpResponse:
    audit_record(
        action="export",
        object_type="lifecycle.certificate",
        detail={"what": what, "format": "pdf", "rows": rows},
        actor=request.auth,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/classes/{class_id}/cards",
    response={200: None, **READ_ERRORS},
    summary="全班会员证（PDF）",
)
def class_cards(request: HttpRequest, class_id: PathId):
    klass = _class(request, class_id)
    if not policy.can(request.auth, "issue", klass):
        raise PermissionDenied(_("您没有权限打印会员证。"))
    certs = list(selectors.class_certificates(klass))
    if not certs:
        from django.http import Http404

        raise Http404
    return _pdf(
        request, services.render_cards(certs), "cards.pdf", "class_cards", len(certs)
    )


# --- members' photos and certificates ------------------------------------------------


def _card_member(request, pk: int) -> Member:
    return selectors.member_get(user=request.auth, pk=pk)


def _member_card(member: Member) -> dict:
    return {
        "member": member.pk,
        "name": member.name,
        "has_photo": selectors.member_photo(member) is not None,
        "certificates": list(selectors.member_certificates(member)),
    }


@router.get(
    "/members/{member_id}",
    response={200: MemberCardOut, **READ_ERRORS},
    summary="会员照片与会员证",
)
def get_member_card(request: HttpRequest, member_id: PathId):
    return _member_card(_card_member(request, member_id))


@router.post(
    "/members/{member_id}/photo",
    response={201: MemberPhotoOut, **WRITE_ERRORS},
    summary="上传会员照片（裁切为证件照比例）",
)
def upload_photo(request: HttpRequest, member_id: PathId, photo: File[UploadedFile]):
    member = _card_member(request, member_id)
    return Status(
        201, services.photo_upload(by=request.auth, member=member, upload=photo)
    )


@router.post(
    "/members/{member_id}/certificates",
    response={201: CertificateOut, **WRITE_ERRORS},
    summary="颁发会员证",
)
def issue_certificate(request: HttpRequest, member_id: PathId, payload: IssueIn):
    member = _card_member(request, member_id)
    return Status(
        201,
        services.certificate_issue(by=request.auth, member=member, **payload.dict()),
    )


@router.post(
    "/certificates/{certificate_id}/replace",
    response={201: CertificateOut, **WRITE_ERRORS},
    summary="遗失补发（原证号作废）",
)
def replace_certificate(
    request: HttpRequest, certificate_id: PathId, payload: ReplaceIn
):
    cert = selectors.certificate_get(user=request.auth, pk=certificate_id)
    return Status(
        201,
        services.certificate_replace(
            by=request.auth, certificate=cert, **payload.dict()
        ),
    )


@router.get(
    "/certificates/{certificate_id}/card",
    response={200: None, **READ_ERRORS},
    summary="会员证卡片（PDF）",
)
def certificate_card(request: HttpRequest, certificate_id: PathId):
    cert = selectors.certificate_get(user=request.auth, pk=certificate_id)
    return _pdf(
        request, services.render_cards([cert]), f"card-{cert.number}.pdf", "card", 1
    )
