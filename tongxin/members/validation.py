"""Clean and cross-check the fields of a member record.

Shared by the forms, the API and the roster importer so that every face
accepts and refuses the same values with the same Chinese messages.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tongxin.core import codes, idnumber
from tongxin.core.dates import RosterDateError, parse_roster_date
from tongxin.core.text import clean_cell
from tongxin.members.models import Member
from tongxin.members.titles import level_of

TEXT_FIELDS = {
    "name": 50,
    "former_name": 50,
    "native_place": 50,
    "title": 50,
    "work_unit": 100,
    "job": 100,
    "address": 200,
    "introducers": 100,
    "note": 2000,
}
DATE_FIELDS = ("birth_date", "joined_on")
#: The mobile column is encrypted text without a length of its own.
MOBILE_MAX_LENGTH = 20
GENDER_WORDS = {"男": "M", "女": "F", "m": "M", "f": "F", "M": "M", "F": "F"}
TITLE_LEVEL_WORDS = {
    "正高": "senior",
    "副高": "senior",
    "高级": "senior",
    "正高级": "senior",
    "副高级": "senior",
    "中级": "intermediate",
    "初级": "junior",
    "无": "",
}


def clean_member_fields(raw: dict, *, partial: bool = False) -> dict:
    """Return cleaned member fields or raise ``ValidationError`` keyed by field.

    Accepts values as people type them (dates like ``2013.05``, ``汉`` for the
    ethnicity, ``本科`` for education); returns model-ready values.  ID number,
    birth date and gender are cross-checked; a missing birth date or gender is
    taken from the ID number.
    """
    errors: dict[str, list[str]] = {}
    out: dict = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, max_len in TEXT_FIELDS.items():
        if field in raw:
            value = clean_cell(raw[field]) if field != "note" else str(raw[field] or "")
            if len(value) > max_len:
                err(field, _("不能超过 %d 个字符。") % max_len)
            out[field] = value
    if not partial or "name" in raw:
        if not out.get("name"):
            err("name", _("姓名不能为空。"))

    if "gender" in raw:
        g = clean_cell(raw["gender"])
        if g:
            if g not in GENDER_WORDS:
                err("gender", _("性别“%s”无法识别，应为“男”或“女”。") % g)
            else:
                out["gender"] = GENDER_WORDS[g]
        else:
            out["gender"] = ""

    for field in DATE_FIELDS:
        if field in raw:
            try:
                out[field] = parse_roster_date(raw[field])
            except RosterDateError as e:
                err(field, str(e))
            else:
                if out[field] and out[field] > dt.date.today():
                    err(field, _("日期不能晚于今天。"))

    for field, table in (
        ("ethnicity", codes.ETHNICITY),
        ("education", codes.EDUCATION),
        ("degree", codes.DEGREE),
        ("sector", codes.SECTOR),
    ):
        if field in raw:
            text = clean_cell(raw[field])
            if not text:
                out[field] = ""
                continue
            try:
                out[field] = codes.lookup(table, text)
            except codes.CodeLookupError as e:
                err(field, str(e))

    if "title_level" in raw:
        tl = clean_cell(raw["title_level"])
        if tl in Member.TitleLevel.values:
            out["title_level"] = tl
        elif tl in TITLE_LEVEL_WORDS:
            out["title_level"] = TITLE_LEVEL_WORDS[tl]
        else:
            err("title_level", _("职称级别应为 正高级、副高级、中级、初级 或 无。"))
    elif "title" in out and out["title"]:
        # No level given: the grade of the title in the national table.
        out["title_level"] = level_of(out["title"])

    if "mobile" in raw:
        m = clean_cell(raw["mobile"])
        if m:
            try:
                out["mobile"] = idnumber.validate_mobile(m)
            except ValueError:
                try:
                    out["mobile"] = idnumber.validate_phone(m)
                except ValueError as e:
                    err("mobile", str(e))
            if len(out.get("mobile", "")) > MOBILE_MAX_LENGTH:
                err("mobile", _("不能超过 %d 个字符。") % MOBILE_MAX_LENGTH)
        else:
            # No mobile is stored as NULL, as no ID number is, whichever face
            # sent it (a form's empty field, an API's omitted or empty value).
            out["mobile"] = None

    if "email" in raw:
        e_ = clean_cell(raw["email"])
        if e_:
            try:
                validate_email(e_)
                out["email"] = e_.lower()
            except ValidationError:
                err("email", _("电子邮箱“%s”格式不正确。") % e_)
        else:
            out["email"] = ""

    if "certificate_no" in raw:
        out["certificate_no"] = clean_cell(raw["certificate_no"]) or None

    if "id_number" in raw:
        value = raw["id_number"]
        if value in (None, ""):
            out["id_number"] = None
        else:
            try:
                info = idnumber.parse_id_number(value)
            except ValueError as e:
                err("id_number", str(e))
            else:
                out["id_number"] = info.number
                bd = out.get("birth_date")
                if bd is None and "birth_date" not in errors:
                    out["birth_date"] = info.birth_date
                elif bd and bd != info.birth_date:
                    # Rosters often hold only the month of birth.
                    if not (
                        bd.day == 1
                        and bd.replace(day=1) == info.birth_date.replace(day=1)
                    ):
                        err(
                            "birth_date",
                            _("出生日期 %(bd)s 与身份证号中的 %(id)s 不一致。")
                            % {"bd": bd.isoformat(), "id": info.birth_date.isoformat()},
                        )
                    else:
                        out["birth_date"] = info.birth_date
                g = out.get("gender")
                if not g and "gender" not in errors:
                    out["gender"] = info.gender
                elif g and g != info.gender:
                    err(
                        "gender",
                        _("性别“%(g)s”与身份证号（%(id)s）不一致。")
                        % {
                            "g": Member.Gender(g).label,
                            "id": Member.Gender(info.gender).label,
                        },
                    )
    if (
        (not partial or "gender" in raw)
        and not out.get("gender")
        and "gender" not in errors
    ):
        err("gender", _("性别不能为空，应为“男”或“女”。"))

    if "status" in raw and raw["status"]:
        s = clean_cell(raw["status"])
        labels = {str(label): value for value, label in Member.Status.choices}
        if s in Member.Status.values:
            out["status"] = s
        elif s in labels:
            out["status"] = labels[s]
        else:
            err("status", _("状态“%s”无法识别。") % s)

    bd, jd = out.get("birth_date"), out.get("joined_on")
    if bd and jd and jd < bd:
        err("joined_on", _("入会时间不能早于出生日期。"))

    if errors:
        raise ValidationError(errors)
    return out
