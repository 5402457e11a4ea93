"""The activities API's social service, partners and photo archive operations.

Mounted under ``/activities`` by :mod:`tongxin.activities.api`; operation ids keep
the names they were published under (``tongxin_api_activities_<handler>``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import File, Form, Router, Status, UploadedFile

from tongxin.activities import services
from tongxin.activities.models import (
    Fund,
    Partner,
    Photo,
    Program,
    ServiceActivity,
)
from tongxin.activities.policies import policy
from tongxin.activities.schemas import (
    BaseCreateIn,
    BaseOut,
    DonationIn,
    DonationOut,
    FundCreateIn,
    FundDetailOut,
    FundEntryIn,
    FundEntryOut,
    FundOut,
    PartnerCreateIn,
    PartnerOut,
    PhotoOut,
    PhotoUpdateIn,
    ProgramCreateIn,
    ProgramDetailOut,
    ProgramOut,
    ProgramUpdateIn,
    ServiceActivityIn,
    ServiceActivityOut,
)
from tongxin.activities.selectors import (
    event_get,
    fund_entries,
    fund_get,
    fund_list,
    fund_years,
    partner_get,
    partner_list,
    photo_get,
    photo_list,
    program_activities,
    program_bases,
    program_get,
    program_list,
    program_summary,
    service_activity_get,
)
from tongxin.core import files
from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, Id, PathId, referenced
from tongxin.members.selectors import member_get
from tongxin.orgs.selectors import org_get

router = Router()  # tags come from the activities router it is mounted on

#: A year in a query or form: 1900-2100.
Year = Annotated[int, NinjaField(ge=1900, le=2100)]


def _member(request: HttpRequest, field: str, pk: int):
    return referenced(field, member_get, user=request.auth, pk=pk)


def _org(request: HttpRequest, field: str, pk: int):
    return referenced(field, org_get, user=request.auth, pk=pk)


# --- social service ---------------------------------------------------------------------------


def _require_any(request: HttpRequest, action: str) -> None:
    if not policy.can(request.auth, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


@router.get(
    "/partners", response={200: list[PartnerOut], **WRITE_ERRORS}, summary="合作单位"
)
def list_partners(request: HttpRequest) -> list[Partner]:
    _require_any(request, "view_programs")
    return list(partner_list(user=request.auth).select_related("organization"))


@router.post(
    "/partners", response={201: PartnerOut, **WRITE_ERRORS}, summary="登记合作单位"
)
def create_partner(request: HttpRequest, payload: PartnerCreateIn):
    policy.require_somewhere(request.auth, "manage_programs")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    partner = services.partner_create(
        by=request.auth, organization=organization, **data
    )
    return Status(201, partner)


def _partner(request: HttpRequest, pk: int | None) -> Partner | None:
    if pk is None:
        return None
    return referenced("partner", partner_get, user=request.auth, pk=pk)


def _program_detail(program: Program) -> Program:
    """Return ``program`` carrying its summary for ``ProgramDetailOut``."""
    summary = program_summary(program=program)
    program.years = summary.years
    program.total = summary.total
    program.streak = summary.streak
    program.volunteers = summary.volunteers
    program.bases_list = list(program_bases(program=program))
    return program


@router.get(
    "/programs",
    response={200: list[ProgramOut], **WRITE_ERRORS},
    summary="社会服务项目",
)
def list_programs(request: HttpRequest) -> list[Program]:
    _require_any(request, "view_programs")
    return list(program_list(user=request.auth))


@router.post(
    "/programs",
    response={201: ProgramDetailOut, **WRITE_ERRORS},
    summary="新建社会服务项目",
)
def create_program(request: HttpRequest, payload: ProgramCreateIn):
    policy.require_somewhere(request.auth, "manage_programs")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    data["partner"] = _partner(request, data["partner"])
    program = services.program_create(
        by=request.auth, organization=organization, **data
    )
    return Status(201, _program_detail(program_get(user=request.auth, pk=program.pk)))


@router.get(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **READ_ERRORS},
    summary="项目详情：开展年份、连续年数、逐年与累计",
)
def get_program(request: HttpRequest, program_id: PathId) -> Program:
    return _program_detail(program_get(user=request.auth, pk=program_id))


@router.patch(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **WRITE_ERRORS},
    summary="修改项目",
)
def update_program(
    request: HttpRequest, program_id: PathId, payload: ProgramUpdateIn
) -> Program:
    program = program_get(user=request.auth, pk=program_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "partner" in data:
        data["partner"] = _partner(request, data["partner"])
    services.program_update(program=program, by=request.auth, version=version, **data)
    return _program_detail(program_get(user=request.auth, pk=program_id))


@router.post(
    "/programs/{program_id}/bases",
    response={201: BaseOut, **WRITE_ERRORS},
    summary="添加服务基地",
)
def create_base(request: HttpRequest, program_id: PathId, payload: BaseCreateIn):
    program = program_get(user=request.auth, pk=program_id)
    data = payload.dict()
    data["partner"] = _partner(request, data["partner"])
    base = services.program_base_add(program=program, by=request.auth, **data)
    return Status(201, base)


@router.get(
    "/programs/{program_id}/activities",
    response={200: list[ServiceActivityOut], **READ_ERRORS},
    summary="项目的服务活动",
)
def list_service_activities(request: HttpRequest, program_id: PathId) -> list:
    program = program_get(user=request.auth, pk=program_id)
    return list(program_activities(program=program))


@router.post(
    "/programs/{program_id}/activities",
    response={201: ServiceActivityOut, **WRITE_ERRORS},
    summary="登记服务活动",
)
def create_service_activity(
    request: HttpRequest, program_id: PathId, payload: ServiceActivityIn
):
    """Record an activity with volunteers (hours), beneficiaries and outcomes."""
    program = program_get(user=request.auth, pk=program_id)
    event = (
        referenced("event", event_get, user=request.auth, pk=payload.event)
        if payload.event
        else None
    )
    activity = services.service_activity_create(
        program=program,
        by=request.auth,
        title=payload.title,
        held_on=payload.held_on,
        place=payload.place,
        results=payload.results,
        event=event,
        other_volunteers=payload.other_volunteers,
        volunteers=[
            (_member(request, "volunteers", v.member), v.hours)
            for v in payload.volunteers
        ],
        beneficiaries=[(b.kind, b.count) for b in payload.beneficiaries],
        outcomes=[(o.item, o.quantity, o.unit) for o in payload.outcomes],
    )
    return Status(201, program_activities(program=program).get(pk=activity.pk))


@router.post(
    "/service-activities/{activity_id}/donations",
    response={201: DonationOut, **WRITE_ERRORS},
    summary="登记捐赠",
)
def create_donation(request: HttpRequest, activity_id: PathId, payload: DonationIn):
    """Record money or goods given, valued in yuan, with the donor."""
    activity: ServiceActivity = service_activity_get(user=request.auth, pk=activity_id)
    donation = services.donation_add(
        activity=activity,
        by=request.auth,
        kind=payload.kind,
        value=payload.value,
        description=payload.description,
        donor_org=_org(request, "donor_org", payload.donor_org)
        if payload.donor_org
        else None,
        donor_member=_member(request, "donor_member", payload.donor_member)
        if payload.donor_member
        else None,
        donor_name=payload.donor_name,
    )
    return Status(201, donation)


# --- funds ------------------------------------------------------------------------------------


def _fund_detail(fund: Fund) -> dict:
    years = fund_years(fund=fund)
    return {
        "id": fund.pk,
        "name": fund.name,
        "organization": fund.organization,
        "description": fund.description,
        "established_on": fund.established_on,
        "balance": years[-1].balance if years else Decimal("0.00"),
        "years": years,
        "entries": list(fund_entries(fund=fund)),
    }


@router.get("/funds", response={200: list[FundOut], **WRITE_ERRORS}, summary="基金")
def list_funds(request: HttpRequest) -> list[Fund]:
    _require_any(request, "view_funds")
    return list(fund_list(user=request.auth))


@router.post(
    "/funds", response={201: FundDetailOut, **WRITE_ERRORS}, summary="设立基金"
)
def create_fund(request: HttpRequest, payload: FundCreateIn):
    policy.require_somewhere(request.auth, "manage_funds")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    fund = services.fund_create(by=request.auth, organization=organization, **data)
    return Status(201, _fund_detail(fund))


@router.get(
    "/funds/{fund_id}",
    response={200: FundDetailOut, **READ_ERRORS},
    summary="基金详情：逐年收支与余额",
)
def get_fund(request: HttpRequest, fund_id: PathId) -> dict:
    return _fund_detail(fund_get(user=request.auth, pk=fund_id))


@router.post(
    "/funds/{fund_id}/entries",
    response={201: FundEntryOut, **WRITE_ERRORS},
    summary="登记基金收支",
)
def create_fund_entry(request: HttpRequest, fund_id: PathId, payload: FundEntryIn):
    fund = fund_get(user=request.auth, pk=fund_id)
    entry = services.fund_entry_add(
        fund=fund,
        by=request.auth,
        direction=payload.direction,
        on=payload.on,
        amount=payload.amount,
        party_member=_member(request, "party_member", payload.party_member)
        if payload.party_member
        else None,
        party_org=_org(request, "party_org", payload.party_org)
        if payload.party_org
        else None,
        party_name=payload.party_name,
        purpose=payload.purpose,
    )
    return Status(201, entry)


# --- photos -----------------------------------------------------------------------------------


def _photo(request: HttpRequest, photo_id: int) -> Photo:
    return photo_get(user=request.auth, pk=photo_id)


@router.get(
    "/photos", response={200: list[PhotoOut], **WRITE_ERRORS}, summary="历史照片"
)
def list_photos(
    request: HttpRequest,
    decade: Year | None = None,
    year: Year | None = None,
    q: Annotated[str | None, NinjaField(max_length=50)] = None,
) -> list[Photo]:
    """Return up to 200 photos, newest first, of a decade (1990) or a year."""
    _require_any(request, "view_photos")
    photos = photo_list(user=request.auth, decade=decade, year=year, q=q)
    return list(photos.prefetch_related("people", "organizations")[:200])


@router.post(
    "/photos", response={201: PhotoOut, **WRITE_ERRORS}, summary="上传照片（multipart）"
)
def upload_photo(
    request: HttpRequest,
    image: File[UploadedFile],
    caption: Form[str],
    organization: Form[Id],
    year: Form[Year | None] = None,
    taken_on: Form[str | None] = None,
    event: Form[Id | None] = None,
    people_text: Form[str] = "",
):
    """Upload a photo; the file is checked by content (image, size, extension)."""
    policy.require_somewhere(request.auth, "manage_photos")
    import datetime as dt

    on = None
    if taken_on:
        try:
            on = dt.date.fromisoformat(taken_on)
        except ValueError:
            raise ValidationError(
                {"taken_on": _("日期应为 2013-12-31 这样的格式。")}
            ) from None
    photo = services.photo_add(
        by=request.auth,
        organization=_org(request, "organization", organization),
        upload=image,
        caption=caption,
        year=year,
        taken_on=on,
        event=referenced("event", event_get, user=request.auth, pk=event)
        if event
        else None,
        people_text=people_text,
    )
    return Status(201, _photo(request, photo.pk))


@router.get(
    "/photos/{photo_id}", response={200: PhotoOut, **READ_ERRORS}, summary="照片详情"
)
def get_photo(request: HttpRequest, photo_id: PathId) -> Photo:
    return _photo(request, photo_id)


@router.patch(
    "/photos/{photo_id}",
    response={200: PhotoOut, **WRITE_ERRORS},
    summary="修改照片信息",
)
def update_photo(
    request: HttpRequest, photo_id: PathId, payload: PhotoUpdateIn
) -> Photo:
    photo = _photo(request, photo_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "event" in data:
        data["event"] = (
            referenced("event", event_get, user=request.auth, pk=data["event"])
            if data["event"]
            else None
        )
    if data.get("people") is not None:
        data["people"] = [_member(request, "people", pk) for pk in data["people"]]
    if data.get("organizations") is not None:
        data["organizations"] = [
            _org(request, "organizations", pk) for pk in data["organizations"]
        ]
    services.photo_update(photo=photo, by=request.auth, version=version, **data)
    return _photo(request, photo_id)


@router.delete(
    "/photos/{photo_id}", response={204: None, **WRITE_ERRORS}, summary="删除照片"
)
def delete_photo(request: HttpRequest, photo_id: PathId):
    photo = _photo(request, photo_id)
    with transaction.atomic():
        services.photo_delete(photo=photo, by=request.auth)
    return Status(204, None)


@router.get(
    "/photos/{photo_id}/image",
    response={200: None, **READ_ERRORS},
    summary="照片文件",
    url_name="activities_photo_image",
)
def photo_image(request: HttpRequest, photo_id: PathId) -> FileResponse:
    photo = _photo(request, photo_id)
    try:
        handle = files.resolve(photo.stored_name).open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
