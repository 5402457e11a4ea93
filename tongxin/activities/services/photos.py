"""Every write to the photo archive (history wall)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.activities.models import Event, Photo
from tongxin.activities.policies import policy
from tongxin.core import files
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization

PHOTO_FIELDS = frozenset(
    {"caption", "year", "taken_on", "event", "people_text", "organization"}
)


def _check_dates(year: int | None, taken_on: dt.date | None) -> int:
    """Return the photo's year: as given, or that of its date; they must agree."""
    if year in ("", None):
        year = None
    if year is not None:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationError({"year": _("年份应为四位数字，如 1998。")}) from None
    if year is None and taken_on is None:
        raise ValidationError(
            {"year": _("请填写年份或拍摄日期（只知道年份时填年份）。")}
        )
    if year is not None and taken_on is not None and taken_on.year != year:
        raise ValidationError(
            {
                "taken_on": _("拍摄日期 %(on)s 与年份 %(year)d 不一致。")
                % {"on": taken_on.isoformat(), "year": year}
            }
        )
    year = year if year is not None else taken_on.year
    today = dt.date.today()
    if year > today.year or (taken_on is not None and taken_on > today):
        raise ValidationError({"year": _("照片的日期不能晚于今天。")})
    return year


def _check_links(by, event: Event | None, people: Iterable[Member]) -> list[Member]:
    if event is not None and not policy.can(by, "view", event):
        raise ValidationError({"event": _("相关活动不存在或您无权查看。")})
    people = list(people)
    for member in people:
        if not member_policy.can(by, "view", member):
            raise PermissionDenied(_("您无权标注会员“%s”。") % member.name)
    return people


@transaction.atomic
def photo_add(
    *,
    by,
    organization: Organization,
    upload,
    caption: str,
    year: int | None = None,
    taken_on: dt.date | None = None,
    event: Event | None = None,
    people: Iterable[Member] = (),
    people_text: str = "",
    organizations: Iterable[Organization] = (),
) -> Photo:
    """Add a photo to the archive; the file is checked by content and stored privately.

    The date may be only a year.  Nothing is written unless everything is valid:
    a file stored before a failed save is removed.
    """
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage_photos", organization)
    photo_year = _check_dates(year, taken_on)
    people = _check_links(by, event, people)
    image = files.check_image(upload)
    stored = files.new_name(f"photos/{photo_year}", image.extension)
    thumb = files.new_name("photos/thumbs", ".jpg")
    photo = Photo(
        organization=organization,
        path=organization.path,
        caption=(caption or "").strip(),
        year=photo_year,
        taken_on=taken_on,
        event=event,
        people_text=(people_text or "").strip(),
        stored_name=stored,
        thumb_name=thumb,
        original_name=image.original_name[:200],
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        size=len(image.data),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    photo.full_clean()
    thumb_data = files.thumbnail(image)
    try:
        files.write(stored, image.data)
        files.write(thumb, thumb_data)
        save_with_history(photo, by=by, reason=_("上传照片"))
        photo.people.set(people)
        photo.organizations.set(list(organizations))
    except BaseException:
        files.remove(stored, thumb)
        raise
    return photo


@transaction.atomic
def photo_update(
    *,
    photo: Photo,
    by,
    version: int | None = None,
    people: Iterable[Member] | None = None,
    organizations: Iterable[Organization] | None = None,
    **fields,
) -> Photo:
    """Change a photo's caption, date, links or the people and organizations shown."""
    photo = Photo.objects.select_for_update().get(pk=photo.pk)
    require(policy, by, "manage_photos", photo)
    unknown = set(fields) - PHOTO_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    check_version(photo, version)
    if "organization" in fields:
        org = Organization.objects.get(pk=fields.pop("organization").pk)
        require(policy, by, "manage_photos", org)
        photo.organization = org
        photo.path = org.path
    year = fields.pop("year", photo.year if "taken_on" not in fields else None)
    taken_on = fields.pop("taken_on", photo.taken_on)
    photo.year = _check_dates(year, taken_on)
    photo.taken_on = taken_on
    event = fields.pop("event", photo.event)
    members = _check_links(by, event, people if people is not None else [])
    photo.event = event
    for key, value in fields.items():
        setattr(photo, key, (value or "").strip())
    save_with_history(photo, by=by, reason=_("修改照片信息"))
    if people is not None:
        photo.people.set(members)
    if organizations is not None:
        photo.organizations.set(list(organizations))
    return photo


@transaction.atomic
def photo_delete(*, photo: Photo, by) -> None:
    """Remove a photo from the archive and its files once the removal is committed."""
    from tongxin.audit.services import audit_model_delete

    photo = Photo.objects.select_for_update().get(pk=photo.pk)
    require(policy, by, "manage_photos", photo)
    names = (photo.stored_name, photo.thumb_name)
    photo._history_user = by if getattr(by, "pk", None) else None
    audit_model_delete(photo, by=by, reason=_("删除照片"))
    photo.delete()
    transaction.on_commit(lambda: files.remove(*names))
