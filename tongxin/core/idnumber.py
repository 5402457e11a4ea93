"""Resident ID numbers (GB 11643-1999) and phone numbers of mainland China.

An 18-character resident ID number is laid out as::

    210202 19850101 123 4
    region birth    seq check

The sequence number is odd for men and even for women; the check digit is
ISO 7064 MOD 11-2 and may be ``X``. Old 15-digit numbers (issued before
1999) omit the century and the check digit; :func:`parse_id_number` upgrades
them.

ID numbers pasted into Excel are often stored as numbers, which keeps only 15
significant digits (``2.10202198501011E+17``); :func:`normalize_id_number`
recognises those and says how to fix the sheet instead of reporting a
checksum error.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from stdnum.cn import ric

from tongxin.core.text import to_halfwidth

__all__ = [
    "IdInfo",
    "IdNumberError",
    "is_masked",
    "PhoneNumberError",
    "mask_id_number",
    "mask_phone",
    "normalize_id_number",
    "parse_id_number",
    "validate_mobile",
    "validate_phone",
]

# First two digits of the region code: the provinces, autonomous regions and
# municipalities of GB/T 2260 and 71 (Taiwan), plus 81, 82 and 83, which the
# residence permits of Hong Kong, Macao and Taiwan residents use.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    }
)  # fmt: skip

# Whitespace and the invisible characters pasted along with numbers: zero-width
# space, zero-width non-joiner and joiner, word joiner, BOM.
_BLANKS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?E[+-]?\d+$")
_DECIMAL = re.compile(r"^\d+\.\d*$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\-－—–()（）.·]+")
_COUNTRY_CODE = re.compile(r"^(?:\+86|0086|86(?=1[3-9]\d{9}$))")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_DASHES = re.compile(r"[-－—–]")
_SERVICE = re.compile(r"^([48]00)(\d{3})(\d{4})$")
_EARLIEST_BIRTH = datetime.date(1900, 1, 1)


class IdNumberError(ValueError):
    """An ID number that is malformed; the message is shown to the user."""


class PhoneNumberError(ValueError):
    """A phone number that is malformed; the message is shown to the user."""


@dataclass(frozen=True)
class IdInfo:
    """What an 18-character resident ID number tells about its holder."""

    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F"
    region: str  # six-digit administrative division code of registration

    @property
    def region_name(self) -> str:
        """Return the province and county of the region code, or ``''``."""
        try:
            place = ric.get_birth_place(self.number)
        except Exception:  # unknown or retired region code
            return ""
        return place.get("province", "") + place.get("county", "")


def _excel_number_error() -> IdNumberError:
    return IdNumberError(
        _(
            "身份证号被 Excel 转成了数字（科学计数法），后几位已经丢失。"
            "请把该列设为文本后重新填写身份证号。"
        )
    )


def normalize_id_number(raw: object) -> str:
    """Return an ID number as text: no spaces, half-width, ``X`` uppercase.

    ``None`` and blank values give ``''``. Values that Excel has turned into
    numbers raise :class:`IdNumberError` asking for the column to be text:
    every float (an 18-digit number does not fit one), scientific notation
    such as ``2.10202198501011E+17``, decimals like ``…234.0``, integers of
    18 digits ending in ``000`` (Excel keeps 15 significant digits) and
    integers of 16 or 17 digits. A 15-digit integer is an old-style number
    that Excel stores exactly, and is accepted. Nothing else is validated:
    see :func:`parse_id_number`.
    """
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise IdNumberError(_("身份证号格式错误：应为 18 位数字（最后一位可以是 X）"))
    if isinstance(raw, float | Decimal):
        raise _excel_number_error()
    if isinstance(raw, int):
        digits = str(raw)
        if len(digits) in (16, 17) or (len(digits) == 18 and digits.endswith("000")):
            raise _excel_number_error()
        return digits
    text = _BLANKS.sub("", to_halfwidth(str(raw))).upper()
    if _SCIENTIFIC.match(text) or _DECIMAL.match(text):
        raise _excel_number_error()
    return text


def parse_id_number(raw: object) -> IdInfo:
    """Validate a resident ID number and return what it encodes.

    Accept 18-character numbers and old 15-digit ones (upgraded to 18 with
    century 19 and the check digit computed). Check the characters, the
    length, the province code, the birth date (real, from 1900, not in the
    future) and the check digit; raise :class:`IdNumberError` with a Chinese
    message naming what is wrong otherwise.
    """
    number = normalize_id_number(raw)
    if not number:
        raise IdNumberError(_("身份证号为空"))
    if len(number) == 15:
        if not number.isdigit():
            raise IdNumberError(
                _("15 位身份证号只能由数字组成，实际为“%(number)s”")
                % {"number": number}
            )
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    if len(number) != 18:
        raise IdNumberError(
            _("身份证号应为 18 位，实际为 %(length)d 位：“%(number)s”")
            % {"length": len(number), "number": number}
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(
            _("身份证号只能由数字组成，最后一位可以是 X，实际为“%(number)s”")
            % {"number": number}
        )
    if number[:2] not in PROVINCE_CODES:
        raise IdNumberError(
            _("身份证号前两位“%(code)s”不是有效的省级行政区代码") % {"code": number[:2]}
        )
    birth_text = number[6:14]
    try:
        birth_date = datetime.date(
            int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:])
        )
    except ValueError:
        raise IdNumberError(
            _(
                "身份证号中的出生日期“%(date)s”不是有效日期（第 7 至 14 位应为出生年月日）"
            )
            % {"date": birth_text}
        ) from None
    if birth_date > datetime.date.today():
        raise IdNumberError(
            _("身份证号中的出生日期 %(date)s 晚于今天")
            % {"date": birth_date.isoformat()}
        )
    if birth_date < _EARLIEST_BIRTH:
        raise IdNumberError(
            _("身份证号中的出生日期 %(date)s 早于 1900 年")
            % {"date": birth_date.isoformat()}
        )
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise IdNumberError(
            _("身份证号校验位错误：应为 %(expected)s，实际为 %(actual)s，请核对号码")
            % {"expected": expected, "actual": number[17]}
        )
    return IdInfo(
        number=number,
        birth_date=birth_date,
        gender="M" if int(number[16]) % 2 else "F",
        region=number[:6],
    )


def _mask(text: str) -> str:
    """Star out all of ``text`` but its first and last character.

    Nothing more is kept, so that no mask, whatever else is shown beside it
    (a birth date, a region, a gender), lets the value be rebuilt: GB/T 35273
    de-identification.  Text of three characters or fewer is starred out
    whole.
    """
    text = str(text or "")
    if len(text) <= 3:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_id_number(number: str) -> str:
    """Hide an ID number but its first and last character: ``2****************4``.

    The birth date (characters 7-14), the region (1-6) and the sequence
    (15-17) are all hidden, so a mask shown beside the member's birth date,
    native place or gender still leaves the number unknown.  This is the one
    masking rule of ID numbers: pages, API answers, exports, audit details
    and history all use it.
    """
    return _mask(number or "")


def mask_phone(number: str) -> str:
    """Hide a phone number but its first and last digit: ``1*********8``.

    A ``3+4`` mask (``138****5678``) leaves 10,000 candidates, few enough to
    try one by one; first and last digit alone leave a billion.
    """
    return _mask(number or "")


def is_masked(value: object) -> bool:
    """Return True if ``value`` is a mask written by this module (it holds ``*``).

    ID numbers and phone numbers never contain ``*``, so such a value cannot
    be a real one: an import reads it as "unchanged".
    """
    return isinstance(value, str) and "*" in value


def _raw_phone(raw: object) -> str:
    """Return a phone cell as stripped half-width text (Excel floats as ints)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return to_halfwidth(str(raw)).strip()


def _phone_text(raw: object) -> tuple[str, bool]:
    """Return (the number without separators, whether it had a +86 prefix)."""
    text = _SEPARATORS.sub("", _raw_phone(raw))
    stripped = _COUNTRY_CODE.sub("", text)
    return stripped, stripped != text


def validate_mobile(raw: object) -> str:
    """Return a mainland mobile number as 11 digits, or raise.

    Accept full-width digits, spaces, dashes, dots and parentheses, an
    optional ``+86``/``0086``/``86`` prefix and numbers that Excel stored as
    numbers. Raise :class:`PhoneNumberError` for anything else.
    """
    text, _prefixed = _phone_text(raw)
    if not text:
        raise PhoneNumberError(_("手机号为空"))
    if not _MOBILE.match(text):
        raise PhoneNumberError(
            _("手机号“%(number)s”无效：应为 1 开头的 11 位数字，如 13812345678")
            % {"number": text}
        )
    return text


def validate_phone(raw: object) -> str:
    """Return a normalised phone number: mobile, landline or 400/800 number.

    Mobiles give 11 digits; landlines give ``area-number`` (``0411-82345678``)
    with ``-extension`` if one was written (``转``, ``ext``, ``#``); a number
    written without area code gives its 7 or 8 digits; ``400``/``800``
    numbers give ``400-123-4567``. Raise :class:`PhoneNumberError` otherwise.
    """
    original = _raw_phone(raw)
    extension = ""
    if match := _EXTENSION.search(original):
        extension, original = match.group(1), original[: match.start()]
    else:
        parts = _DASHES.split(original)
        if (
            len(parts) == 3
            and parts[0].strip().lstrip("(").startswith("0")
            and len(_SEPARATORS.sub("", parts[1])) in (7, 8)
        ):
            extension, original = parts[2].strip(), parts[0] + parts[1]
    text, prefixed = _phone_text(original)
    if not text:
        raise PhoneNumberError(_("电话号码为空"))
    if _MOBILE.match(text) and not extension:
        return text
    if prefixed and not text.startswith("0"):
        text = "0" + text
    suffix = f"-{extension}" if extension.isdigit() else ""
    if extension and not suffix:
        text = ""  # a non-numeric extension: reject below
    if service := _SERVICE.match(text):
        return "-".join(service.groups()) + suffix
    if text.isdigit():
        if text.startswith("0"):
            # 010 and 02x are the only three-digit area codes.
            area_length = 3 if text.startswith(("010", "02")) else 4
            area, local = text[:area_length], text[area_length:]
            valid_lengths = (8,) if area_length == 3 else (7, 8)
            if len(local) in valid_lengths and local[0] not in "01":
                return f"{area}-{local}{suffix}"
        elif len(text) in (7, 8) and text[0] not in "01":
            return text + suffix
    raise PhoneNumberError(
        _(
            "电话号码“%(number)s”无效：应为手机号（如 13812345678）"
            "或带区号的固定电话（如 0411-82345678）"
        )
        % {"number": _raw_phone(raw)}
    )
