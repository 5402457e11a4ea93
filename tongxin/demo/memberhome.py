"""The demo's change requests (会员之家 → 修改我的信息).

The demo member (``huiyuan``) had one request returned by 组织部 and has a
new one pending; the branch head (``zhibu``) asks for a new address.  Both
wait on 组织部's list (``zuzhibu``: 信息修改申请); nothing in the registry
changes until someone confirms.
"""

from __future__ import annotations

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
