"""The member's own check-in code, and staff recording attendance by scanning it.

A member shows a QR code (or reads out the code printed under it); staff who
take an event's attendance scan or type it on the event's scan page.  The
code is one AES block, encrypted with a key derived from ``SECRET_KEY`` and
this module's salt, holding the member's id, the day it was issued and a
keyed tag (``salted_hmac`` with the same salt) over both: without the key
the code reveals nothing and cannot be forged.  A code is valid on the day
it was issued and the next day, so a member's code changes every day.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from tongxin.activities.models import Attendance, Event
from tongxin.activities.policies import policy
from tongxin.activities.services.events import (
    _local,
    attendance_mark,
    attendance_not_open_reason,
)
from tongxin.core.errors import ServiceError
from tongxin.core.policies import require
from tongxin.members.models import Member

MEMBER_CODE_SALT = "tongxin.activities.member_checkin"
#: A code issued on day D is accepted on D and D + 1.
MEMBER_CODE_DAYS = 2
_EPOCH = dt.date(2020, 1, 1)
_TAG_BYTES = 10
#: What staff may type for letters that look alike (base32 has no 0, 1, 8).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _cipher() -> Cipher:
    key = salted_hmac(MEMBER_CODE_SALT, "key", algorithm="sha256").digest()
    return Cipher(algorithms.AES(key), modes.ECB())


def _tag(pk: int, day: int) -> bytes:
    value = f"{pk}:{day}"
    return salted_hmac(MEMBER_CODE_SALT, value, algorithm="sha256").digest()[
        :_TAG_BYTES
    ]


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def member_checkin_code(member: Member, *, on: dt.date | None = None) -> str:
    """Return ``member``'s check-in code for ``on`` (today): 26 letters and digits."""
    day = _day_number(on or timezone.localdate())
    block = struct.pack(">IH", member.pk, day) + _tag(member.pk, day)
    encryptor = _cipher().encryptor()
    raw = encryptor.update(block) + encryptor.finalize()
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def group_code(code: str) -> str:
    """The code in groups of four, for reading out and typing."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(text: str) -> str:
    """The code as typed or scanned: spaces, dashes and case do not matter."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper()).translate(_LOOKALIKES)


def member_from_code(text: str) -> Member:
    """Return the member a check-in code names, or raise ``ServiceError``."""
    invalid = ServiceError(
        _("签到码无效，请核对后重新输入，或请会员打开“我的签到码”重新出示。")
    )
    code = normalize_code(text)
    if len(code) != 26:
        raise invalid
    try:
        raw = base64.b32decode(code + "======")
    except (binascii.Error, ValueError):
        raise invalid from None
    if len(raw) != 16:
        raise invalid
    decryptor = _cipher().decryptor()
    block = decryptor.update(raw) + decryptor.finalize()
    pk, day = struct.unpack(">IH", block[:6])
    if not constant_time_compare(block[6:], _tag(pk, day)):
        raise invalid
    today = _day_number(timezone.localdate())
    if day > today:
        raise invalid
    if day <= today - MEMBER_CODE_DAYS:
        raise ServiceError(
            _("签到码已过期（%s 生成），请会员打开“我的签到码”出示当天的签到码。")
            % (_EPOCH + dt.timedelta(days=day)).strftime("%Y-%m-%d")
        )
    member = Member.objects.select_related("organization").filter(pk=pk).first()
    if member is None:
        raise invalid
    return member


@dataclass
class ScanResult:
    """What a scan did: the member, their attendance, and whether it was there before."""

    member: Member
    attendance: Attendance
    already: bool

    @property
    def message(self) -> str:
        if self.already:
            return _("%(name)s 已于 %(at)s 签到，无需重复签到。") % {
                "name": self.member.name,
                "at": _local(self.attendance.recorded_at),
            }
        if self.attendance.walk_in:
            return _("已为 %s 签到（未报名，记为现场登记）。") % self.member.name
        return _("已为 %s 签到。") % self.member.name


@transaction.atomic
def attendance_scan(*, event: Event, code: str, by) -> ScanResult:
    """Record the member whose check-in code staff scanned or typed as present.

    Refused with a Chinese answer when the user may not take the event's
    attendance, the event is not open for it, the code is invalid or expired,
    or the member is not in the event's reach.  A member already recorded is
    not an error: the result says so.
    """
    event = Event.objects.select_related("organization").get(pk=event.pk)
    require(policy, by, "manage", event)
    closed = attendance_not_open_reason(event)
    if closed:
        raise ServiceError(closed)
    member = member_from_code(code)
    if not member.is_active:
        raise ServiceError(_("%s 不是在册会员，不能签到。") % member.name)
    if not policy.is_open_to(event, member):
        raise ServiceError(
            _(
                "%(name)s 属于“%(member_org)s”，不在本活动范围内（“%(org)s”及其下级组织的会员）。"
            )
            % {
                "name": member.name,
                "member_org": member.organization.name,
                "org": event.organization.name,
            }
        )
    created = attendance_mark(
        event=event, members=[member], by=by, method=Attendance.Method.QR
    )
    if created:
        return ScanResult(member=member, attendance=created[0], already=False)
    existing = Attendance.objects.get(event=event, member=member)
    return ScanResult(member=member, attendance=existing, already=True)
