"""Parse member-list filters from query parameters (UI, export and API alike).

Parameters: ``org`` (organization id), ``status`` (a status value, or ``all``),
``gender`` (M/F), ``age`` (an age band key), ``edu_level``, ``education``,
``sector``, ``join_year``, ``post`` (npc/cppcc/special), ``q`` (name search),
``sort`` (``stroke`` or ``pinyin``), ``on`` (ISO date: members at that date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tongxin.members.ages import age_bands
from tongxin.members.models import Member, PublicPost
from tongxin.members.selectors import (
    SORT_KEYS,
    MemberFilters,
    personal_field_of,
)
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import org_list

PARAMS = (
    "org",
    "status",
    "gender",
    "age",
    "edu_level",
    "education",
    "sector",
    "join_year",
    "post",
    "q",
    "sort",
    "on",
)
EDUCATION_LEVELS = ("postgraduate", "undergraduate", "college", "secondary", "other")


def filters_from_params(*, user, params: Mapping) -> MemberFilters:
    """Return the filters in ``params`` or raise ``ValidationError`` by parameter."""
    errors: dict[str, str] = {}
    f = MemberFilters()

    def get(name: str) -> str:
        value = params.get(name)
        text = str(value).strip() if value not in (None, "") else ""
        if "\x00" in text:
            # No column holds it; PostgreSQL refuses the query outright.
            errors[name] = _("含有无效的空字符（\\0），请重新输入。")
            return ""
        return text

    if org_id := get("org"):
        try:
            f.org = org_list(user=user, include_closed=True).get(pk=int(org_id))
        except (ValueError, Organization.DoesNotExist):
            errors["org"] = _("组织不存在或您无权查看。")
    status = get("status")
    if status == "all":
        f.status = None
    elif status:
        if status not in Member.Status.values:
            errors["status"] = _("状态取值应为：%s。") % "、".join(Member.Status.values)
        else:
            f.status = status
    if gender := get("gender"):
        if gender not in Member.Gender.values:
            errors["gender"] = _("性别应为 M（男）或 F（女）。")
        f.gender = gender
    if age := get("age"):
        bands = age_bands()
        if age not in [b.key for b in bands]:
            errors["age"] = _("年龄段应为：%s。") % "、".join(
                f"{b.key}（{b.label}）" for b in bands
            )
        f.age_band = age
    if level := get("edu_level"):
        if level not in EDUCATION_LEVELS:
            errors["edu_level"] = _("学历层次应为：%s。") % "、".join(EDUCATION_LEVELS)
        f.education_level = level
    f.education = get("education") or None
    f.sector = get("sector") or None
    if year := get("join_year"):
        try:
            f.join_year = int(year)
            if not 1900 <= f.join_year <= 2100:
                raise ValueError
        except ValueError:
            errors["join_year"] = _("入会年份应为四位数字，如 2013。")
    if post := get("post"):
        if post not in PublicPost.Kind.values:
            errors["post"] = _("社会职务类别应为：%s。") % "、".join(
                PublicPost.Kind.values
            )
        f.public_post = post
    f.q = get("q") or None
    sort = get("sort") or "stroke"
    if sort not in SORT_KEYS:
        errors["sort"] = _("排序方式应为 stroke（姓氏笔画）或 pinyin（拼音）。")
    f.sort = sort
    if on := get("on"):
        try:
            f.on = dt.date.fromisoformat(on)
        except ValueError:
            errors["on"] = _("日期应为 2013-12-31 这样的格式。")
    if f.q and not errors and (field := personal_field_of(f.q)):
        # Checked last, once everything else parsed: a refused or counted
        # search is a reveal attempt of its own.
        from tongxin.members.services import personal_search

        try:
            personal_search(user=user, text=f.q, field=field)
        except ValidationError as e:
            errors.update({k: v[0] for k, v in e.message_dict.items()})
        else:
            f.q_personal = True
    if errors:
        raise ValidationError(errors)
    return f
