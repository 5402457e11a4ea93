"""Every write to the honors registry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import files
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.honors.models import Category, Honor, HonorFile, HonorRecipient, Level
from tongxin.honors.policies import policy
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.members.services import check_member_on
from tongxin.orgs.models import Organization
from tongxin.orgs.services import check_org_existed

HONOR_FIELDS = frozenset(
    {
        "title",
        "category",
        "level",
        "awarding_body",
        "year",
        "awarded_on",
        "document_number",
        "note",
    }
)
#: Separators of a pasted list of names or ID numbers.
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _apply(honor: Honor, fields: dict) -> None:
    unknown = set(fields) - HONOR_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    for key, value in fields.items():
        if key in ("title", "awarding_body", "document_number"):
            value = (value or "").strip()
        elif key == "note":
            value = value or ""
        elif key in ("year", "awarded_on") and value == "":
            value = None
        setattr(honor, key, value)
    errors = {}
    if not honor.level:
        errors["level"] = _("请选择荣誉级别（全国级、省级、市级或市委会级）。")
    elif honor.level not in Level.values:
        errors["level"] = _("荣誉级别无效，请从列表中选择。")
    if honor.category not in Category.values:
        errors["category"] = _("请选择荣誉类别。")
    if honor.year in (None, "") and honor.awarded_on is not None:
        honor.year = honor.awarded_on.year
    if honor.year in (None, ""):
        errors["year"] = _("请填写年度或授予日期。")
    else:
        try:
            honor.year = int(honor.year)
        except (TypeError, ValueError):
            errors["year"] = _("年度应为四位数字，如 2013。")
        else:
            if honor.awarded_on is not None and honor.awarded_on.year != honor.year:
                errors["awarded_on"] = _("授予日期与年度不一致。")
            elif honor.year > dt.date.today().year:
                errors["year"] = _("年度不能晚于今年。")
    if errors:
        raise ValidationError(errors)


def honor_day(honor: Honor) -> dt.date | None:
    """The day an honor's recipients must have been members or existed: its
    award date, or the first day of its year when only the year is known (a
    member who left during that year was one in it)."""
    if honor.awarded_on is not None:
        return honor.awarded_on
    return dt.date(honor.year, 1, 1) if honor.year else None


def _recipient_rows(
    by, honor: Honor, members: Iterable[Member], organizations: Iterable[Organization]
) -> list[HonorRecipient]:
    """The recipient rows, each checked: visible to ``by``, and a member (an
    organization existing) on the honor's day (:func:`honor_day`)."""
    day = honor_day(honor)
    rows = []
    seen_members, seen_orgs = set(), set()
    for member in members:
        if member.pk in seen_members:
            continue
        seen_members.add(member.pk)
        if not member_policy.can(by, "view", member):
            raise PermissionDenied(_("您无权为会员“%s”登记荣誉。") % member.name)
        check_member_on(member, field="recipients_text", on=day)
        rows.append(
            HonorRecipient(honor=honor, member=member, org_path=member.org_path)
        )
    for org in organizations:
        if org.pk in seen_orgs:
            continue
        seen_orgs.add(org.pk)
        if not policy.can(by, "manage", org):
            raise PermissionDenied(_("您无权为组织“%s”登记荣誉。") % org.name)
        check_org_existed(org, field="organizations", on=day)
        rows.append(HonorRecipient(honor=honor, organization=org, org_path=org.path))
    return rows


@transaction.atomic
def honor_create(
    *,
    by,
    organization: Organization,
    title: str,
    category: str,
    level: str,
    awarding_body: str,
    year: int | None = None,
    awarded_on: dt.date | None = None,
    document_number: str = "",
    note: str = "",
    members: Iterable[Member] = (),
    organizations: Iterable[Organization] = (),
) -> Honor:
    """Register an honor with all its recipients at once.

    Refused: no level, no recipient, a recipient outside the user's reach.
    """
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage", organization)
    if organization.closed_on is not None:
        raise ValidationError(
            {"organization": _("组织“%s”已撤销。") % organization.name}
        )
    honor = Honor(
        organization=organization,
        path=organization.path,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _apply(
        honor,
        {
            "title": title,
            "category": category,
            "level": level,
            "awarding_body": awarding_body,
            "year": year,
            "awarded_on": awarded_on,
            "document_number": document_number,
            "note": note,
        },
    )
    members, organizations = list(members), list(organizations)
    if not members and not organizations:
        raise ValidationError(
            {"recipients": _("请至少填写一名获奖会员或一个获奖组织。")}
        )
    save_with_history(honor, by=by, reason=_("登记荣誉"))
    for row in _recipient_rows(by, honor, members, organizations):
        save_with_history(row, by=by, reason=_("登记获奖者"))
    return honor


@transaction.atomic
def honor_update(*, honor: Honor, by, version: int | None = None, **fields) -> Honor:
    """Change an honor's description (not its recipients)."""
    honor = Honor.objects.select_for_update().get(pk=honor.pk)
    require(policy, by, "manage", honor)
    check_version(honor, version)
    _apply(honor, fields)
    save_with_history(honor, by=by, reason=_("修改荣誉"))
    return honor


@transaction.atomic
def honor_add_recipients(
    *,
    honor: Honor,
    by,
    members: Iterable[Member] = (),
    organizations: Iterable[Organization] = (),
) -> int:
    """Add recipients to an honor; those already listed are skipped."""
    honor = Honor.objects.select_for_update().get(pk=honor.pk)
    require(policy, by, "manage", honor)
    have_m = set(honor.recipients.values_list("member_id", flat=True))
    have_o = set(honor.recipients.values_list("organization_id", flat=True))
    rows = _recipient_rows(
        by,
        honor,
        [m for m in members if m.pk not in have_m],
        [o for o in organizations if o.pk not in have_o],
    )
    for row in rows:
        save_with_history(row, by=by, reason=_("登记获奖者"))
    return len(rows)


@transaction.atomic
def honor_remove_recipient(*, recipient: HonorRecipient, by) -> None:
    """Take a recipient off an honor; the last one cannot be removed."""
    honor = Honor.objects.select_for_update().get(pk=recipient.honor_id)
    require(policy, by, "manage", honor)
    if honor.recipients.count() <= 1:
        raise ServiceError(_("荣誉至少要有一名获奖者，不能移除最后一名。"))
    recipient.delete()


def resolve_recipients(
    *, by, text: str, choices: dict[int, int] | None = None
) -> list[Member]:
    """Return the members a pasted list names, one name, certificate number or
    ID number per entry (:func:`tongxin.members.names.resolve_names`).

    Entries are separated by new lines, commas, 、 or spaces.  A name matching
    several members the user may see is resolved by ``choices`` (entry
    position → member id); otherwise nothing is returned and the
    :class:`~tongxin.members.names.UnresolvedNames` error lists every entry
    found nowhere and every namesake with its candidates.
    """
    from tongxin.members.names import UnresolvedNames, resolve_names

    resolution = resolve_names(user=by, text=text, choices=choices, active_only=False)
    if not resolution.ok:
        raise UnresolvedNames(resolution, field="recipients_text")
    return resolution.members


@transaction.atomic
def honor_file_add(*, honor: Honor, by, upload, title: str = "") -> HonorFile:
    """Attach evidence (PDF, Office file or image, checked by content and size)."""
    honor = Honor.objects.get(pk=honor.pk)
    require(policy, by, "manage", honor)
    checked = files.check_attachment(upload)
    name = files.new_name("honors", checked.extension)
    record = HonorFile(
        honor=honor,
        title=(title or "").strip() or checked.original_name or _("证明文件"),
        stored_name=name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    record.full_clean()
    files.write(name, checked.data)
    try:
        save_with_history(record, by=by, reason=_("上传荣誉证明文件"))
    except BaseException:
        files.remove(name)
        raise
    return record
