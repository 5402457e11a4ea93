"""The demo's 会员之家 records: change requests and a micro-suggestion.

The demo member (``huiyuan``) had one change request returned by 组织部 and
has a new one pending; the branch head (``zhibu``) asks for a new address.
Both wait on 组织部's list (``zuzhibu``: 信息修改申请); nothing in the
registry changes until someone confirms.  The demo member also sent a 微建议
with a photo from their phone, waiting in the suggestion workflow.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.members.services_changes import (
    change_request_return,
    change_request_submit,
)


def build_change_requests() -> int:
    """Write the demo's change requests; return how many are pending."""
    users = {
        u.username: u
        for u in User.objects.select_related("member").filter(
            username__in=["huiyuan", "zhibu", "zuzhibu"], is_active=True
        )
    }
    staff = users.get("zuzhibu")
    member = users.get("huiyuan")
    head = users.get("zhibu")
    pending = 0
    if member is not None and member.member_id and staff is not None:
        first = change_request_submit(
            member=member.member,
            by=member,
            email="huiyuan@example.com",
            note=_("换了新邮箱"),
        )
        change_request_return(
            request=first,
            by=staff,
            reason=_("请填写常用的单位邮箱，便于接收会议通知"),
        )
        change_request_submit(
            member=member.member,
            by=member,
            work_unit=_("大连市第二十四中学"),
            job=_("教研组长"),
            title=_("高级教师"),
            note=_("2025年9月调入新单位"),
        )
        pending += 1
    if head is not None and head.member_id:
        change_request_submit(
            member=head.member,
            by=head,
            address=_("大连市沙河口区西安路 88 号 3 单元 502 室"),
        )
        pending += 1
    return pending


def _photo() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (70, 80, 95))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 60, 340, 470), fill=(150, 150, 150))  # the lamp post
    draw.ellipse((270, 30, 370, 90), fill=(40, 40, 40))  # the dark lamp
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("路灯.jpg", out.getvalue(), content_type="image/jpeg")


def build_micro_suggestion() -> None:
    """The demo member's 微建议 with one photo (submitted, awaiting 参政议政部)."""
    from tongxin.participation.services import micro_suggestion_submit

    member = User.objects.filter(username="huiyuan", member__isnull=False).first()
    if member is None:
        return
    micro_suggestion_submit(
        by=member,
        title=_("西安路公交站附近路灯损坏，夜间出行不便"),
        text=_(
            "西安路公交站往东约 50 米的两盏路灯已损坏一个多月，夜间行人和"
            "骑车的学生看不清路面。建议请区城管部门尽快维修，并在站点附近"
            "增设一盏照明灯。"
        ),
        photos=[_photo()],
    )
