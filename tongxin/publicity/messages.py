"""Message templates: placeholders, rendering and the SMS length rule.

Placeholders are ``{姓名}`` (the member's name) and ``{组织}`` (their
organization).  An SMS of Chinese text is sent as UCS-2: one message holds 70
characters; a longer one is split into parts of 67 characters each (the rest
carries the joining header), and at most ``SMS_MAX_PARTS`` parts are allowed,
so a message with its signature may be 5 × 67 = 335 characters long.
"""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = {"姓名": "name", "组织": "organization"}
SMS_SINGLE = 70
SMS_PART = 67
SMS_MAX_PARTS = 5
SMS_MAX_CHARS = SMS_PART * SMS_MAX_PARTS

_FIELD = re.compile(r"\{([^{}]*)\}")


def check_template(body: str) -> None:
    """Refuse an empty body or one naming a placeholder other than ours."""
    if not body.strip():
        raise ValidationError({"body": _("请填写消息内容。")})
    if "\x00" in body:
        raise ValidationError({"body": _("含有无效的空字符（\\0），请重新输入。")})
    unknown = sorted({m for m in _FIELD.findall(body) if m not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            {
                "body": _("未知的占位符：%(unknown)s。可用的占位符：%(known)s。")
                % {
                    "unknown": "、".join("{" + u + "}" for u in unknown),
                    "known": "、".join("{" + k + "}" for k in PLACEHOLDERS),
                }
            }
        )


def render(body: str, *, name: str, organization: str) -> str:
    """Return ``body`` with the placeholders filled in for one member."""
    values = {"name": name, "organization": organization}
    return _FIELD.sub(lambda m: values[PLACEHOLDERS[m.group(1)]], body)


def sms_text(text: str) -> str:
    """Return the SMS as sent: the signature first, as carriers require."""
    return f"{settings.TONGXIN_SMS_SIGNATURE}{text}"


def sms_parts(text: str) -> int:
    """Return how many SMS parts ``text`` (signature included) is sent as."""
    n = len(text)
    return 1 if n <= SMS_SINGLE else math.ceil(n / SMS_PART)


def check_sms_length(text: str) -> None:
    """Refuse an SMS (signature included) longer than the gateway allows."""
    full = sms_text(text)
    if len(full) > SMS_MAX_CHARS:
        raise ValidationError(
            {
                "body": _(
                    "短信过长：含签名共 %(n)d 字，超过上限 %(max)d 字"
                    "（长短信按每条 %(part)d 字拆分，最多 %(parts)d 条）。"
                )
                % {
                    "n": len(full),
                    "max": SMS_MAX_CHARS,
                    "part": SMS_PART,
                    "parts": SMS_MAX_PARTS,
                }
            }
        )
